package gitlab

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mlgate/mlgate/internal/platform"
)

// seen is one request as the server received it.
type seen struct {
	method, uri string
	header      http.Header
	body        string
}

// recorder is an httptest server that records requests and answers with
// handler (200 {} when nil).
type recorder struct {
	srv     *httptest.Server
	mu      sync.Mutex
	reqs    []seen
	handler http.HandlerFunc
}

func newRecorder(t *testing.T, handler http.HandlerFunc) *recorder {
	t.Helper()
	rec := &recorder{handler: handler}
	rec.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, seen{method: r.Method, uri: r.RequestURI, header: r.Header.Clone(), body: string(b)})
		rec.mu.Unlock()
		if rec.handler == nil {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{}`)
			return
		}
		rec.handler(w, r)
	}))
	t.Cleanup(rec.srv.Close)
	return rec
}

func (rec *recorder) requests() []seen {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]seen(nil), rec.reqs...)
}

// testSession is a session against apiURL for project, MR 7, with retries
// disabled and no sleeping.
func testSession(t *testing.T, apiURL, project string, hc *http.Client) *session {
	t.Helper()
	env := map[string]string{"CI_API_V4_URL": apiURL, "CI_PROJECT_PATH": project, "CI_MERGE_REQUEST_IID": "7"}
	p, err := New(Options{
		Getenv:     func(k string) string { return env[k] },
		Token:      botToken,
		HTTPClient: hc,
		MaxRetries: -1,
		Sleep:      func(context.Context, time.Duration) error { return nil },
	})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	c, err := newClient(p.cfg.apiURL, p.cfg.token, p.httpClient)
	if err != nil {
		t.Fatalf("newClient: %v", err)
	}
	return &session{p: p, client: c, mr: p.cfg.mr}
}

func TestClientEscapesProjectPath(t *testing.T) {
	t.Parallel()
	tests := []struct{ project, want string }{
		{"42", "/api/v4/projects/42/merge_requests/7/notes"},
		{"group/project", "/api/v4/projects/group%2Fproject/merge_requests/7/notes"},
		{"group/sub/project", "/api/v4/projects/group%2Fsub%2Fproject/merge_requests/7/notes"},
		{"my.group/app.v2", "/api/v4/projects/my%2Egroup%2Fapp%2Ev2/merge_requests/7/notes"},
		{"group/with space?#%", "/api/v4/projects/group%2Fwith%20space%3F%23%25/merge_requests/7/notes"},
	}
	for _, tt := range tests {
		t.Run(tt.project, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method == http.MethodGet {
					_, _ = io.WriteString(w, `[]`)
					return
				}
				_, _ = io.WriteString(w, `{"id":1}`)
			})
			s := testSession(t, rec.srv.URL+"/api/v4", tt.project, rec.srv.Client())
			ctx := context.Background()
			if _, err := s.findNote(ctx, botUser, DefaultKey); err != nil {
				t.Fatalf("findNote: %v", err)
			}
			if _, err := s.createNote(ctx, "x"); err != nil {
				t.Fatalf("createNote: %v", err)
			}
			if _, err := s.updateNote(ctx, 1234, "x"); err != nil {
				t.Fatalf("updateNote: %v", err)
			}
			want := []string{
				"GET " + tt.want + "?page=1&per_page=100",
				"POST " + tt.want,
				"PUT " + tt.want + "/1234",
			}
			got := rec.requests()
			if len(got) != len(want) {
				t.Fatalf("requests = %d, want %d: %+v", len(got), len(want), got)
			}
			for i, w := range want {
				if g := got[i].method + " " + got[i].uri; g != w {
					t.Errorf("request %d = %q, want %q", i, g, w)
				}
			}
		})
	}
}

func TestClientBaseURL(t *testing.T) {
	t.Parallel()
	tests := []struct{ suffix, want string }{
		{"/api/v4", "/api/v4/user"},
		{"/api/v4/", "/api/v4/user"},
		{"", "/api/v4/user"},
		{"/gitlab/api/v4", "/gitlab/api/v4/user"},
		{"/gitlab", "/gitlab/api/v4/user"},
	}
	for _, tt := range tests {
		t.Run(tt.suffix, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
				_, _ = io.WriteString(w, `{"username":"bot"}`)
			})
			s := testSession(t, rec.srv.URL+tt.suffix, "42", rec.srv.Client())
			name, err := s.identity(context.Background())
			if err != nil || name != "bot" {
				t.Fatalf("identity = %q, %v; want bot", name, err)
			}
			if got := rec.requests()[0].uri; got != tt.want {
				t.Errorf("request URI = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestClientHeadersAndBody(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, `{"id":55,"body":"echo","author":{"username":"bot"}}`)
	})
	s := testSession(t, rec.srv.URL+"/api/v4", "42", rec.srv.Client())
	body := platform.Marker(DefaultKey) + "\n| a | \"b\" & <c> \u2028 ✓ |"
	n, err := s.createNote(context.Background(), body)
	if err != nil {
		t.Fatalf("createNote: %v", err)
	}
	if n == nil || n.ID != 55 || n.Body != "echo" || n.Author.Username != "bot" {
		t.Errorf("created note = %+v, want id 55 decoded", n)
	}
	if _, err := s.identity(context.Background()); err == nil {
		t.Errorf("identity of a user without username succeeded")
	}
	reqs := rec.requests()
	post, get := reqs[0], reqs[1]
	for _, r := range reqs {
		if got := r.header.Get("PRIVATE-TOKEN"); got != botToken {
			t.Errorf("%s PRIVATE-TOKEN = %q, want the token", r.method, got)
		}
		if r.header.Get("Authorization") != "" || r.header.Get("JOB-TOKEN") != "" {
			t.Errorf("%s sent Authorization or JOB-TOKEN: %v", r.method, r.header)
		}
		if got := r.header.Get("User-Agent"); got != "mlgate" {
			t.Errorf("%s User-Agent = %q, want mlgate", r.method, got)
		}
		if got := r.header.Get("Accept"); got != "application/json" {
			t.Errorf("%s Accept = %q, want application/json", r.method, got)
		}
	}
	if got := post.header.Get("Content-Type"); got != "application/json" {
		t.Errorf("POST Content-Type = %q, want application/json", got)
	}
	if got := get.header.Get("Content-Type"); got != "" || get.body != "" {
		t.Errorf("GET has Content-Type %q and body %q, want neither", got, get.body)
	}
	var sent map[string]string
	if err := json.Unmarshal([]byte(post.body), &sent); err != nil {
		t.Fatalf("POST body %q is not JSON: %v", post.body, err)
	}
	if len(sent) != 1 || sent["body"] != body {
		t.Errorf("POST body = %v, want exactly {\"body\": %q}", sent, body)
	}
}

func TestClientErrorBodies(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("x", 200<<10)
	tests := []struct {
		name    string
		status  int
		body    string
		want    string // the whole message after "GET <url>: "
		wantLen int    // when > 0, the message is at most this long instead
	}{
		{"message string", 404, `{"message":"404 Project Not Found"}`, "404 {message: 404 Project Not Found}", 0},
		{"error string", 401, `{"error":"invalid_token","error_description":"Token was revoked."}`,
			"401 {error: invalid_token}, {error_description: Token was revoked.}", 0},
		{"validation messages", 422, `{"message":{"note":["is too long","is empty"],"base":["x"]}}`,
			"422 {message: {base: [x]}, {note: [is too long, is empty]}}", 0},
		{"HTML from a proxy", 502, "<html>\n<body>\n  <h1>502 Bad Gateway</h1>\n</body>\n</html>\n",
			"502 failed to parse unknown error format: <html> <body> <h1>502 Bad Gateway</h1> </body> </html>", 0},
		{"empty body", 500, "", "500", 0},
		{"whitespace body", 503, " \n", "503", 0},
		{"null and numbers", 400, `{"message":null,"code":12}`, "400 {code: 12}, {message: null}", 0},
		{"huge body", 500, long, "", maxErrorMessageBytes + 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Retry-After", "9")
				w.WriteHeader(tt.status)
				_, _ = io.WriteString(w, tt.body)
			})
			c, err := newClient(rec.srv.URL+"/api/v4", botToken, rec.srv.Client())
			if err != nil {
				t.Fatal(err)
			}
			resp, err := c.do(context.Background(), http.MethodGet, "user", nil, nil, new(user))
			var he *httpError
			if !errors.As(err, &he) {
				t.Fatalf("error = %v (%T), want *httpError", err, err)
			}
			if resp == nil || resp.status != tt.status || resp.header.Get("Retry-After") != "9" {
				t.Fatalf("response = %+v, want status %d with its Retry-After", resp, tt.status)
			}
			prefix := "GET " + rec.srv.URL + "/api/v4/user: "
			if !strings.HasPrefix(err.Error(), prefix) {
				t.Fatalf("error = %q, want it to start with %q", err, prefix)
			}
			msg := strings.TrimPrefix(err.Error(), prefix)
			if tt.wantLen > 0 {
				if len(msg) > tt.wantLen || !strings.HasSuffix(msg, "…") {
					t.Errorf("message of %d bytes = %.80q…, want at most %d bytes ending in …", len(msg), msg, tt.wantLen)
				}
				return
			}
			if msg != tt.want {
				t.Errorf("message = %q, want %q", msg, tt.want)
			}
		})
	}
}

func TestErrorMessageRedactsBeforeTruncating(t *testing.T) {
	t.Parallel()
	// The token straddles the cut: redacting after cutting would leave its head.
	for shift := range len(botToken) {
		body := strings.Repeat("a", maxErrorMessageBytes-len("failed to parse unknown error format: ")-shift) + botToken + " tail"
		msg := errorMessage([]byte(body), botToken)
		if strings.Contains(msg, botToken[:6]) {
			t.Fatalf("shift %d: message keeps part of the token: ...%s", shift, msg[len(msg)-40:])
		}
		if len(msg) > maxErrorMessageBytes+len("…") {
			t.Fatalf("shift %d: message is %d bytes, want at most %d", shift, len(msg), maxErrorMessageBytes)
		}
	}
	if got := truncate("ééé", 3); got != "é…" {
		t.Errorf("truncate cut inside a UTF-8 sequence: %q", got)
	}
}

func TestClientBoundsResponseBody(t *testing.T) {
	t.Parallel()
	const limit = 1024
	// A valid JSON array of exactly n bytes.
	array := func(n int) string { return `["` + strings.Repeat("x", n-4) + `"]` }
	tests := []struct {
		name    string
		body    string
		wantErr string
	}{
		{"exactly the limit", array(limit), ""},
		{"one byte over", array(limit + 1), "larger than 1024 bytes"},
		{"far over", array(1 << 20), "larger than 1024 bytes"},
		{"valid JSON then padding past the limit", `[]` + strings.Repeat(" ", 4*limit), ""},
		{"not JSON", `<html>`, "decoding response"},
		{"empty", ``, "decoding response"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rec := newRecorder(t, func(w http.ResponseWriter, _ *http.Request) {
				_, _ = io.WriteString(w, tt.body)
			})
			c, err := newClient(rec.srv.URL+"/api/v4", botToken, rec.srv.Client())
			if err != nil {
				t.Fatal(err)
			}
			c.maxBytes = limit
			var out []string
			resp, err := c.do(context.Background(), http.MethodGet, "x", nil, nil, &out)
			if resp == nil || resp.status != http.StatusOK {
				t.Fatalf("response = %+v, want status 200 kept with the error", resp)
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("do: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error = %v, want it to mention %q", err, tt.wantErr)
			}
			if retryable(resp.status, true) {
				t.Errorf("a bad 200 response would be retried")
			}
		})
	}
	if c, _ := newClient("http://h/api/v4", "", nil); c.maxBytes != maxResponseBytes {
		t.Errorf("default limit = %d, want %d", c.maxBytes, maxResponseBytes)
	}
}

func TestClientRefusesRedirectsElsewhere(t *testing.T) {
	t.Parallel()
	other := newRecorder(t, nil)
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v4/user" {
			http.Redirect(w, r, "/api/v4/moved", http.StatusFound)
			return
		}
		http.Redirect(w, r, other.srv.URL+"/steal", http.StatusFound)
	})
	c, err := newClient(rec.srv.URL+"/api/v4", botToken, rec.srv.Client())
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.do(context.Background(), http.MethodGet, "user", nil, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "refusing redirect") {
		t.Fatalf("error = %v, want a refused redirect", err)
	}
	if strings.Contains(err.Error(), botToken) {
		t.Errorf("error shows the token: %v", err)
	}
	if n := len(other.requests()); n != 0 {
		t.Errorf("the other host got %d requests (with the token)", n)
	}
	got := rec.requests()
	if len(got) != 2 || got[1].uri != "/api/v4/moved" || got[1].header.Get("PRIVATE-TOKEN") != botToken {
		t.Errorf("requests = %+v, want the same-host redirect followed with the token", got)
	}
}

func TestClientTransportError(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, nil)
	url := rec.srv.URL
	rec.srv.Close()
	c, err := newClient(url+"/api/v4", botToken, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := c.do(context.Background(), http.MethodGet, "user", nil, nil, nil)
	if err == nil || resp != nil {
		t.Fatalf("do = %+v, %v; want no response and an error", resp, err)
	}
	if !strings.Contains(err.Error(), url+"/api/v4/user") || strings.Contains(err.Error(), botToken) {
		t.Errorf("error = %v, want the URL and no token", err)
	}
}

func TestFindNoteRejectsBackwardPage(t *testing.T) {
	t.Parallel()
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Next-Page", r.URL.Query().Get("page"))
		_, _ = io.WriteString(w, `[{"id":1,"body":"hi","author":{"username":"someone"}}]`)
	})
	s := testSession(t, rec.srv.URL+"/api/v4", "42", rec.srv.Client())
	_, err := s.findNote(context.Background(), botUser, DefaultKey)
	if err == nil || !strings.Contains(err.Error(), "server sent next page 1 after page 1") {
		t.Fatalf("findNote error = %v, want a backward page error", err)
	}
	if n := len(rec.requests()); n != 1 {
		t.Errorf("requests = %d, want 1", n)
	}
}

func TestFindNoteSkipsNullAndForeignNotes(t *testing.T) {
	t.Parallel()
	body, err := json.Marshal(platform.Marker(DefaultKey) + "\nreport")
	if err != nil {
		t.Fatal(err)
	}
	page1 := `[null,{"id":1,"body":` + string(body) + `,"author":{"username":"mallory"}},` +
		`{"id":2,"body":` + string(body) + `,"system":true,"author":{"username":"` + botUser + `"}}]`
	page2 := `[{"id":3,"body":` + string(body) + `,"author":{"username":"` + botUser + `"}}]`
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("page") == "1" {
			w.Header().Set("X-Next-Page", "2")
			_, _ = io.WriteString(w, page1)
			return
		}
		_, _ = io.WriteString(w, page2)
	})
	s := testSession(t, rec.srv.URL+"/api/v4", "42", rec.srv.Client())
	n, err := s.findNote(context.Background(), botUser, DefaultKey)
	if err != nil {
		t.Fatalf("findNote: %v", err)
	}
	if n == nil || n.ID != 3 {
		t.Fatalf("found %+v, want note 3 (not another user's, not a system note)", n)
	}
}

func TestSameHostRedirects(t *testing.T) {
	t.Parallel()
	req := func(u string) *http.Request {
		r, err := http.NewRequest(http.MethodGet, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	first := []*http.Request{req("http://gitlab.example.com/api/v4/user")}
	firstTLS := []*http.Request{req("https://gitlab.example.com/api/v4/user")}
	tests := []struct {
		name string
		to   string
		via  []*http.Request
		ok   bool
	}{
		{"same host", "http://gitlab.example.com/api/v4/users/me", first, true},
		{"upgrade to https", "https://gitlab.example.com/api/v4/user", first, true},
		{"downgrade to http", "http://gitlab.example.com/api/v4/user", firstTLS, false},
		{"other host", "https://evil.example.com/api/v4/user", firstTLS, false},
		{"other port", "https://gitlab.example.com:8443/api/v4/user", firstTLS, false},
		{"too many", "https://gitlab.example.com/api/v4/user", append(firstTLS, make([]*http.Request, 9)...), false},
	}
	for _, tt := range tests {
		if err := sameHostRedirects(nil)(req(tt.to), tt.via); (err == nil) != tt.ok {
			t.Errorf("%s: redirect error = %v, want allowed %v", tt.name, err, tt.ok)
		}
	}
	called := false
	policy := sameHostRedirects(func(*http.Request, []*http.Request) error { called = true; return http.ErrUseLastResponse })
	if err := policy(req("https://gitlab.example.com/x"), firstTLS); !errors.Is(err, http.ErrUseLastResponse) || !called {
		t.Errorf("wrapped policy not consulted: err %v, called %v", err, called)
	}
}
