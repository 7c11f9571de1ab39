package protocol

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// newServer starts a loopback server with one handler per "METHOD /path"
// pattern.
func newServer(t testing.TB, routes map[string]http.HandlerFunc) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	for pattern, h := range routes {
		mux.HandleFunc(pattern, h)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// reply answers with a fixed status and body.
func reply(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

// recorder captures request bodies and headers, answering with body.
type recorder struct {
	mu      sync.Mutex
	bodies  []map[string]any
	headers []http.Header
	body    string
}

func (rec *recorder) handle(w http.ResponseWriter, r *http.Request) {
	var m map[string]any
	data, _ := io.ReadAll(r.Body)
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		// Keep the raw text for bodies encoding/json refuses (bare NaN).
		m = map[string]any{"raw": string(data)}
	}
	rec.mu.Lock()
	rec.bodies = append(rec.bodies, m)
	rec.headers = append(rec.headers, r.Header.Clone())
	rec.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, rec.body)
}

func (rec *recorder) last(t *testing.T) (map[string]any, http.Header) {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.bodies) == 0 {
		t.Fatal("the server got no request")
	}
	return rec.bodies[len(rec.bodies)-1], rec.headers[len(rec.headers)-1]
}

// truncated answers with a Content-Length larger than the body, then
// closes the connection.
func truncated(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			panic(err)
		}
		defer conn.Close()
		_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n" + body)
		_ = buf.Flush()
	}
}

// oversized streams a body one byte over the limit, without a
// Content-Length.
func oversized(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	chunk := strings.Repeat(" ", 64<<10)
	for n := 0; n <= MaxResponseBytes; n += len(chunk) {
		_, _ = io.WriteString(w, chunk)
	}
}

// slow answers only when the request is cancelled (or after 10s). It reads
// the request body first: the server notices a closed connection only then.
func slow(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, r.Body)
	select {
	case <-r.Context().Done():
	case <-time.After(10 * time.Second):
	}
}

func shortCtx(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	t.Cleanup(cancel)
	return ctx
}

func sp(s string) *string { return &s }

func labelOf(p Prediction) string {
	if p.Label == nil {
		return "<nil>"
	}
	return *p.Label
}

func mustContain(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("err = nil, want an error containing %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not contain %q", err, p)
		}
	}
}
