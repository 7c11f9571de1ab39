package gitlab

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeNote is a note stored by the fake GitLab.
type fakeNote struct {
	ID     int64
	Body   string
	Author string
	System bool
}

// fault replaces the next response of a route.
type fault struct {
	status int
	header map[string]string
	body   string
	// apply performs the request before answering with status (a POST that
	// took effect behind a failing proxy).
	apply bool
}

// fakeGitLab is an in-memory GitLab API v4 with the endpoints the publisher
// uses, behaving like the real one: PRIVATE-TOKEN auth, notes newest first,
// offset pagination headers and Link, only authors may edit their notes.
type fakeGitLab struct {
	t       testing.TB
	srv     *httptest.Server
	project string // CI_PROJECT_ID
	mr      int64  // the only merge request IID

	mu         sync.Mutex
	users      map[string]string // token -> username
	readOnly   map[string]bool   // username -> may not write notes
	notes      []*fakeNote       // in creation order
	nextID     int64
	linkOnly   bool // send only Link headers for pagination
	faults     map[string][]fault
	requests   []string // "METHOD path?query"
	authHeader []string // auth headers seen, for the header check
}

func newFakeGitLab(t testing.TB) *fakeGitLab {
	t.Helper()
	f := &fakeGitLab{
		t:        t,
		project:  "42",
		mr:       7,
		users:    map[string]string{},
		readOnly: map[string]bool{},
		nextID:   1000,
		faults:   map[string][]fault{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v4/user", f.route("user", f.getUser))
	mux.HandleFunc("GET /api/v4/projects/{id}/merge_requests/{iid}/notes", f.route("list", f.listNotes))
	mux.HandleFunc("POST /api/v4/projects/{id}/merge_requests/{iid}/notes", f.route("create", f.createNote))
	mux.HandleFunc("PUT /api/v4/projects/{id}/merge_requests/{iid}/notes/{note}", f.route("update", f.updateNote))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		f.t.Errorf("fake GitLab: unexpected request %s %s", r.Method, r.URL)
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "404 Not Found"})
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

// apiURL is the CI_API_V4_URL of the fake.
func (f *fakeGitLab) apiURL() string { return f.srv.URL + "/api/v4" }

// addUser registers a token for username.
func (f *fakeGitLab) addUser(token, username string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.users[token] = username
}

// addNote stores a note and returns its id.
func (f *fakeGitLab) addNote(author, body string, system bool) int64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.nextID++
	f.notes = append(f.notes, &fakeNote{ID: f.nextID, Body: body, Author: author, System: system})
	return f.nextID
}

// inject queues faults for a route: user, list, create or update.
func (f *fakeGitLab) inject(route string, fs ...fault) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.faults[route] = append(f.faults[route], fs...)
}

// snapshot returns copies of the notes, in creation order.
func (f *fakeGitLab) snapshot() []fakeNote {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]fakeNote, len(f.notes))
	for i, n := range f.notes {
		out[i] = *n
	}
	return out
}

// log returns the requests seen so far.
func (f *fakeGitLab) log() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.requests...)
}

// count returns how many requests used method on a path containing part.
func (f *fakeGitLab) count(method, part string) int {
	n := 0
	for _, r := range f.log() {
		if strings.HasPrefix(r, method+" ") && strings.Contains(r, part) {
			n++
		}
	}
	return n
}

// route wraps a handler with request logging, authentication, the project
// and MR lookups and fault injection.
func (f *fakeGitLab) route(name string, h func(w http.ResponseWriter, r *http.Request, user string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		f.mu.Lock()
		defer f.mu.Unlock()
		f.requests = append(f.requests, r.Method+" "+r.URL.RequestURI())
		if r.Header.Get("Authorization") != "" {
			f.authHeader = append(f.authHeader, "Authorization")
		}
		user, ok := f.users[r.Header.Get("PRIVATE-TOKEN")]
		if !ok {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "401 Unauthorized"})
			return
		}
		if id := r.PathValue("id"); id != "" && id != f.project {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "404 Project Not Found"})
			return
		}
		if iid := r.PathValue("iid"); iid != "" && iid != strconv.FormatInt(f.mr, 10) {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "404 Not found"})
			return
		}
		if q := f.faults[name]; len(q) > 0 {
			ft := q[0]
			f.faults[name] = q[1:]
			if ft.apply {
				h(httptest.NewRecorder(), r, user)
			}
			for k, v := range ft.header {
				w.Header().Set(k, v)
			}
			body := ft.body
			if body == "" {
				body = fmt.Sprintf(`{"message":"%d %s"}`, ft.status, http.StatusText(ft.status))
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(ft.status)
			_, _ = w.Write([]byte(body))
			return
		}
		h(w, r, user)
	}
}

func (f *fakeGitLab) getUser(w http.ResponseWriter, _ *http.Request, user string) {
	writeJSON(w, http.StatusOK, map[string]any{"id": 1, "username": user, "name": user, "bot": true})
}

func (f *fakeGitLab) noteJSON(n *fakeNote) map[string]any {
	return map[string]any{
		"id":            n.ID,
		"body":          n.Body,
		"system":        n.System,
		"author":        map[string]any{"id": 1, "username": n.Author},
		"noteable_type": "MergeRequest",
		"noteable_iid":  f.mr,
		"created_at":    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
	}
}

// listNotes serves one page, newest first (GitLab's default order).
func (f *fakeGitLab) listNotes(w http.ResponseWriter, r *http.Request, _ string) {
	q := r.URL.Query()
	page, perPage := atoiDefault(q.Get("page"), 1), atoiDefault(q.Get("per_page"), 20)
	perPage = min(max(perPage, 1), 100)
	total := len(f.notes)
	totalPages := max(1, (total+perPage-1)/perPage)

	items := []map[string]any{}
	for i := (page - 1) * perPage; i < min(page*perPage, total); i++ {
		items = append(items, f.noteJSON(f.notes[total-1-i]))
	}

	link := func(p int) string {
		lq := r.URL.Query()
		lq.Set("page", strconv.Itoa(p))
		lq.Set("per_page", strconv.Itoa(perPage))
		return "http://" + r.Host + r.URL.Path + "?" + lq.Encode()
	}
	var links []string
	h := w.Header()
	if page > 1 {
		links = append(links, fmt.Sprintf(`<%s>; rel="prev"`, link(page-1)))
	}
	if page < totalPages {
		links = append(links, fmt.Sprintf(`<%s>; rel="next"`, link(page+1)))
	}
	links = append(links, fmt.Sprintf(`<%s>; rel="first"`, link(1)), fmt.Sprintf(`<%s>; rel="last"`, link(totalPages)))
	h.Set("Link", strings.Join(links, ", "))
	if !f.linkOnly {
		h.Set("X-Page", strconv.Itoa(page))
		h.Set("X-Per-Page", strconv.Itoa(perPage))
		h.Set("X-Total", strconv.Itoa(total))
		h.Set("X-Total-Pages", strconv.Itoa(totalPages))
		h.Set("X-Next-Page", "")
		if page < totalPages {
			h.Set("X-Next-Page", strconv.Itoa(page+1))
		}
		h.Set("X-Prev-Page", "")
		if page > 1 {
			h.Set("X-Prev-Page", strconv.Itoa(page-1))
		}
	}
	writeJSON(w, http.StatusOK, items)
}

func (f *fakeGitLab) readBody(w http.ResponseWriter, r *http.Request) (string, bool) {
	var in struct {
		Body *string `json:"body"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == nil || *in.Body == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body is missing"})
		return "", false
	}
	return *in.Body, true
}

func (f *fakeGitLab) createNote(w http.ResponseWriter, r *http.Request, user string) {
	if f.readOnly[user] {
		writeJSON(w, http.StatusForbidden, map[string]string{"message": "403 Forbidden"})
		return
	}
	body, ok := f.readBody(w, r)
	if !ok {
		return
	}
	f.nextID++
	n := &fakeNote{ID: f.nextID, Body: body, Author: user}
	f.notes = append(f.notes, n)
	writeJSON(w, http.StatusCreated, f.noteJSON(n))
}

func (f *fakeGitLab) updateNote(w http.ResponseWriter, r *http.Request, user string) {
	id, _ := strconv.ParseInt(r.PathValue("note"), 10, 64)
	for _, n := range f.notes {
		if n.ID != id {
			continue
		}
		if n.Author != user || n.System || f.readOnly[user] {
			writeJSON(w, http.StatusForbidden, map[string]string{"message": "403 Forbidden"})
			return
		}
		body, ok := f.readBody(w, r)
		if !ok {
			return
		}
		n.Body = body
		writeJSON(w, http.StatusOK, f.noteJSON(n))
		return
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"message": "404 Note Not Found"})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func atoiDefault(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return def
	}
	return n
}
