package github

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// fakeComment is an issue comment held by the fake API.
type fakeComment struct {
	ID   int64
	Body string
	User string
}

// fakePull is an open or closed pull request held by the fake API.
type fakePull struct {
	Number int
	State  string
	Label  string // head label, "owner:branch"
	SHA    string
}

// canned is a response injected in front of the normal handler.
type canned struct {
	status int
	header map[string]string
	body   string
}

// fakeGitHub behaves like the parts of the GitHub REST and GraphQL APIs that
// the publisher uses: Link-header pagination, 403 for read-only tokens, 422
// for oversized bodies, rate-limit responses on demand.
type fakeGitHub struct {
	t      *testing.T
	srv    *httptest.Server
	token  string
	prefix string // "/api/v3" for GHES

	mu sync.Mutex
	// login is who the token acts as: comments it creates are by this user.
	login string
	// viewer is the GraphQL viewer login; "" answers as for an installation token.
	viewer string
	// user is the GET /user login; "" answers 403 as for an installation token.
	user     string
	readOnly bool
	comments map[int][]*fakeComment
	pulls    []fakePull
	nextID   int64
	inject   map[string][]canned // "METHOD path" -> responses served first
	hits     []string            // "METHOD path?query"
	bodies   map[string][]string // "METHOD path" -> request bodies
	tooLong  int                 // 422s served for oversized bodies
	badAuth  int                 // requests without the right Authorization
}

// newFake starts a fake API; prefix "" serves github.com paths, "/api/v3"
// serves GHES paths (REST under /api/v3, GraphQL at /api/graphql).
func newFake(t *testing.T, prefix string) *fakeGitHub {
	t.Helper()
	f := &fakeGitHub{
		t:        t,
		token:    "ghs_fakeTOKEN0123456789abcdef",
		prefix:   prefix,
		login:    "github-actions[bot]",
		comments: map[int][]*fakeComment{},
		nextID:   1000,
		inject:   map[string][]canned{},
		bodies:   map[string][]string{},
	}
	api := http.NewServeMux()
	api.HandleFunc("GET /repos/{owner}/{repo}/issues/{number}/comments", f.listComments)
	api.HandleFunc("POST /repos/{owner}/{repo}/issues/{number}/comments", f.createComment)
	api.HandleFunc("PATCH /repos/{owner}/{repo}/issues/comments/{id}", f.editComment)
	api.HandleFunc("GET /repos/{owner}/{repo}/pulls", f.listPulls)
	api.HandleFunc("GET /user", f.getUser)
	root := http.NewServeMux()
	if prefix == "" {
		api.HandleFunc("POST /graphql", f.graphql)
		root.Handle("/", api)
	} else {
		root.Handle(prefix+"/", http.StripPrefix(prefix, api))
		root.HandleFunc("POST /api/graphql", f.graphql)
	}
	f.srv = httptest.NewServer(f.middleware(root))
	t.Cleanup(f.srv.Close)
	return f
}

// apiURL is the value of GITHUB_API_URL for this fake.
func (f *fakeGitHub) apiURL() string { return f.srv.URL + f.prefix }

// middleware checks the token, records the request and serves injected responses.
func (f *fakeGitHub) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		key := r.Method + " " + r.URL.Path
		f.mu.Lock()
		f.hits = append(f.hits, key+"?"+r.URL.RawQuery)
		f.bodies[key] = append(f.bodies[key], string(body))
		if r.Header.Get("Authorization") != "Bearer "+f.token {
			f.badAuth++
			f.mu.Unlock()
			writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})
			return
		}
		var c *canned
		if q := f.inject[key]; len(q) > 0 {
			c, f.inject[key] = &q[0], q[1:]
		}
		f.mu.Unlock()
		if c != nil {
			for k, v := range c.header {
				w.Header().Set(k, v)
			}
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(c.status)
			_, _ = io.WriteString(w, c.body)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func notFound(w http.ResponseWriter) {
	writeJSON(w, http.StatusNotFound, map[string]string{"message": "Not Found", "documentation_url": "https://docs.github.com/rest"})
}

func forbidden(w http.ResponseWriter) {
	writeJSON(w, http.StatusForbidden, map[string]string{
		"message":           "Resource not accessible by integration",
		"documentation_url": "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
		"status":            "403",
	})
}

func (f *fakeGitHub) repoOK(w http.ResponseWriter, r *http.Request) bool {
	if r.PathValue("owner") != "o" || r.PathValue("repo") != "r" {
		notFound(w)
		return false
	}
	return true
}

func (f *fakeGitHub) commentJSON(c *fakeComment, issue int) map[string]any {
	return map[string]any{
		"id":       c.ID,
		"body":     c.Body,
		"user":     map[string]any{"login": c.User, "type": "Bot"},
		"html_url": fmt.Sprintf("https://github.com/o/r/pull/%d#issuecomment-%d", issue, c.ID),
	}
}

// addComment seeds a comment.
func (f *fakeGitHub) addComment(issue int, user, body string) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	f.comments[issue] = append(f.comments[issue], &fakeComment{ID: f.nextID, Body: body, User: user})
	return f.nextID
}

func (f *fakeGitHub) listComments(w http.ResponseWriter, r *http.Request) {
	if !f.repoOK(w, r) {
		return
	}
	issue, err := strconv.Atoi(r.PathValue("number"))
	if err != nil {
		notFound(w)
		return
	}
	page, perPage := 1, 30
	if v, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && v > 0 {
		page = v
	}
	if v, err := strconv.Atoi(r.URL.Query().Get("per_page")); err == nil && v > 0 {
		perPage = min(v, 100)
	}
	f.mu.Lock()
	all := f.comments[issue]
	last := max(1, (len(all)+perPage-1)/perPage)
	lo, hi := min((page-1)*perPage, len(all)), min(page*perPage, len(all))
	out := make([]map[string]any, 0, hi-lo)
	for _, c := range all[lo:hi] {
		out = append(out, f.commentJSON(c, issue))
	}
	f.mu.Unlock()
	link := func(p int, rel string) string {
		return fmt.Sprintf(`<%s%s%s?page=%d&per_page=%d>; rel="%s"`, f.srv.URL, f.prefix, r.URL.Path, p, perPage, rel)
	}
	var links []string
	if page > 1 {
		links = append(links, link(page-1, "prev"))
	}
	if page < last {
		links = append(links, link(page+1, "next"), link(last, "last"))
	}
	if page > 1 {
		links = append(links, link(1, "first"))
	}
	if len(links) > 0 {
		w.Header().Set("Link", strings.Join(links, ", "))
	}
	writeJSON(w, http.StatusOK, out)
}

// checkBody decodes a comment body and rejects what GitHub rejects.
func (f *fakeGitHub) checkBody(w http.ResponseWriter, r *http.Request) (string, bool) {
	var in struct {
		Body *string `json:"body"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "Invalid request.\n\nNo subschema in \"anyOf\" matched."})
		return "", false
	}
	if utf8.RuneCountInString(*in.Body) > 65536 {
		f.mu.Lock()
		f.tooLong++
		f.mu.Unlock()
		writeJSON(w, http.StatusUnprocessableEntity, map[string]any{
			"message": "Validation Failed",
			"errors": []map[string]string{{
				"resource": "IssueComment", "code": "custom", "field": "body",
				"message": "body is too long (maximum is 65536 characters)",
			}},
			"documentation_url": "https://docs.github.com/rest/issues/comments#create-an-issue-comment",
		})
		return "", false
	}
	return *in.Body, true
}

func (f *fakeGitHub) createComment(w http.ResponseWriter, r *http.Request) {
	if !f.repoOK(w, r) {
		return
	}
	issue, err := strconv.Atoi(r.PathValue("number"))
	if err != nil {
		notFound(w)
		return
	}
	f.mu.Lock()
	readOnly := f.readOnly
	f.mu.Unlock()
	if readOnly {
		forbidden(w)
		return
	}
	body, ok := f.checkBody(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	f.nextID++
	c := &fakeComment{ID: f.nextID, Body: body, User: f.login}
	f.comments[issue] = append(f.comments[issue], c)
	out := f.commentJSON(c, issue)
	f.mu.Unlock()
	writeJSON(w, http.StatusCreated, out)
}

func (f *fakeGitHub) editComment(w http.ResponseWriter, r *http.Request) {
	if !f.repoOK(w, r) {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		notFound(w)
		return
	}
	f.mu.Lock()
	readOnly := f.readOnly
	f.mu.Unlock()
	if readOnly {
		forbidden(w)
		return
	}
	body, ok := f.checkBody(w, r)
	if !ok {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	for issue, list := range f.comments {
		for _, c := range list {
			if c.ID == id {
				c.Body = body
				out := f.commentJSON(c, issue)
				writeJSON(w, http.StatusOK, out)
				return
			}
		}
	}
	notFound(w)
}

func (f *fakeGitHub) listPulls(w http.ResponseWriter, r *http.Request) {
	if !f.repoOK(w, r) {
		return
	}
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	f.mu.Lock()
	var out []map[string]any
	for _, p := range f.pulls {
		if (state != "all" && p.State != state) || (q.Get("head") != "" && q.Get("head") != p.Label) {
			continue
		}
		_, ref, _ := strings.Cut(p.Label, ":")
		out = append(out, map[string]any{
			"number": p.Number,
			"state":  p.State,
			"head":   map[string]any{"label": p.Label, "ref": ref, "sha": p.SHA},
		})
	}
	f.mu.Unlock()
	if out == nil {
		out = []map[string]any{}
	}
	writeJSON(w, http.StatusOK, out)
}

func (f *fakeGitHub) getUser(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	user := f.user
	f.mu.Unlock()
	if user == "" {
		writeJSON(w, http.StatusForbidden, map[string]string{
			"message":           "Resource not accessible by integration",
			"documentation_url": "https://docs.github.com/rest/users/users#get-the-authenticated-user",
			"status":            "403",
		})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"login": user, "type": "User"})
}

func (f *fakeGitHub) graphql(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Query string `json:"query"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || !strings.Contains(in.Query, "viewer") {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "Problems parsing JSON"})
		return
	}
	f.mu.Lock()
	viewer := f.viewer
	f.mu.Unlock()
	if viewer == "" {
		writeJSON(w, http.StatusOK, map[string]any{
			"data": nil,
			"errors": []map[string]any{{
				"type": "FORBIDDEN", "path": []string{"viewer"},
				"message": "Resource not accessible by integration",
			}},
		})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"viewer": map[string]string{"login": viewer}}})
}

// count returns how many requests matched "METHOD path" (query ignored).
func (f *fakeGitHub) count(methodPath string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, h := range f.hits {
		if p, _, _ := strings.Cut(h, "?"); p == methodPath {
			n++
		}
	}
	return n
}

// queries returns the query strings of requests matching "METHOD path".
func (f *fakeGitHub) queries(methodPath string) []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, h := range f.hits {
		if p, q, _ := strings.Cut(h, "?"); p == methodPath {
			out = append(out, q)
		}
	}
	return out
}

// withMarker returns the comments on issue that start with the marker of key, by author.
func (f *fakeGitHub) withMarker(issue int, marker string) []fakeComment {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []fakeComment
	for _, c := range f.comments[issue] {
		if first, _, _ := strings.Cut(c.Body, "\n"); first == marker {
			out = append(out, *c)
		}
	}
	return out
}
