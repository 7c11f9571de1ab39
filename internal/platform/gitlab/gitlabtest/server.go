// Package gitlabtest is an in-memory fake of the GitLab API v4 endpoints
// that mlgate's GitLab publisher uses (GET /user and the merge request notes),
// for the publisher's own tests and for end-to-end tests of the mlgate binary.
//
// It behaves like GitLab where the publisher depends on it: tokens are read
// from the PRIVATE-TOKEN header (401 otherwise), notes are listed newest
// first with offset pagination headers (X-Page, X-Total-Pages, ...) and Link,
// only a note's author may edit it, a read-only user gets 403, and any
// response can be replaced by an injected [Fault].
//
// The fake serves one project ([ProjectID]) with one merge request ([MRIID]);
// other projects and merge requests are 404.
package gitlabtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// The project and merge request the fake serves: CI_PROJECT_ID and
// CI_MERGE_REQUEST_IID.
const (
	ProjectID = "42"
	MRIID     = 7
)

// Routes that [Server.Inject] can fault.
const (
	RouteUser   = "user"   // GET /user
	RouteList   = "list"   // GET .../merge_requests/:iid/notes
	RouteCreate = "create" // POST .../merge_requests/:iid/notes
	RouteUpdate = "update" // PUT .../merge_requests/:iid/notes/:id
)

// Note is a merge request note held by the fake.
type Note struct {
	ID     int64
	Body   string
	Author string
	System bool
}

// Fault replaces the next response of a route.
type Fault struct {
	Status int
	Header map[string]string
	// Body is the response body; "" means {"message":"<status> <text>"}.
	Body string
	// Apply performs the request before answering with Status (a POST that
	// took effect behind a failing proxy).
	Apply bool
}

// Server is a running fake GitLab. Create it with [New]; it is closed when
// the test ends. Its methods are safe for concurrent use.
type Server struct {
	t   testing.TB
	srv *httptest.Server

	mu         sync.Mutex
	users      map[string]string // token -> username
	readOnly   map[string]bool   // username -> may not write notes
	notes      []*Note           // in creation order
	nextID     int64
	linkOnly   bool // send only Link headers for pagination
	faults     map[string][]Fault
	requests   []string // "METHOD path?query"
	authHeader int      // requests with an Authorization header
}

// New starts a fake GitLab that is closed when t ends. It knows no token
// until [Server.AddUser]. An unexpected request (a path the fake does not
// serve) fails t.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{
		t:        t,
		users:    map[string]string{},
		readOnly: map[string]bool{},
		nextID:   1000,
		faults:   map[string][]Fault{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v4/user", s.route(RouteUser, s.getUser))
	mux.HandleFunc("GET /api/v4/projects/{id}/merge_requests/{iid}/notes", s.route(RouteList, s.listNotes))
	mux.HandleFunc("POST /api/v4/projects/{id}/merge_requests/{iid}/notes", s.route(RouteCreate, s.createNote))
	mux.HandleFunc("PUT /api/v4/projects/{id}/merge_requests/{iid}/notes/{note}", s.route(RouteUpdate, s.updateNote))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.t.Errorf("fake GitLab: unexpected request %s %s", r.Method, r.URL)
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "404 Not Found"})
	})
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the root URL of the server.
func (s *Server) URL() string { return s.srv.URL }

// APIURL is the CI_API_V4_URL of the fake.
func (s *Server) APIURL() string { return s.srv.URL + "/api/v4" }

// Client returns an HTTP client that talks to the fake.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// AddUser registers a token for username.
func (s *Server) AddUser(token, username string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[token] = username
}

// SetUsers replaces every known token: users maps a token to its username.
func (s *Server) SetUsers(users map[string]string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users = make(map[string]string, len(users))
	for k, v := range users {
		s.users[k] = v
	}
}

// SetReadOnly says whether username may not write notes (403 on POST and PUT).
func (s *Server) SetReadOnly(username string, readOnly bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.readOnly[username] = readOnly
}

// SetLinkOnly makes note lists carry only Link headers, without X-Page and
// the other offset pagination headers.
func (s *Server) SetLinkOnly(linkOnly bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.linkOnly = linkOnly
}

// AddNote stores a note and returns its id.
func (s *Server) AddNote(author, body string, system bool) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	s.notes = append(s.notes, &Note{ID: s.nextID, Body: body, Author: author, System: system})
	return s.nextID
}

// Inject queues faults for a route ([RouteUser], [RouteList], [RouteCreate]
// or [RouteUpdate]), served in turn after authentication and the project and
// merge request checks.
func (s *Server) Inject(route string, fs ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[route] = append(s.faults[route], fs...)
}

// Notes returns copies of the notes, in creation order.
func (s *Server) Notes() []Note {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Note, len(s.notes))
	for i, n := range s.notes {
		out[i] = *n
	}
	return out
}

// Log returns the requests seen so far, as "METHOD path?query".
func (s *Server) Log() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// Count returns how many requests used method on a path containing part.
func (s *Server) Count(method, part string) int {
	n := 0
	for _, r := range s.Log() {
		if strings.HasPrefix(r, method+" ") && strings.Contains(r, part) {
			n++
		}
	}
	return n
}

// AuthorizationHeaders returns how many requests carried an Authorization
// header (access tokens belong in PRIVATE-TOKEN).
func (s *Server) AuthorizationHeaders() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.authHeader
}

// route wraps a handler with request logging, authentication, the project
// and MR lookups and fault injection.
func (s *Server) route(name string, h func(w http.ResponseWriter, r *http.Request, user string)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.requests = append(s.requests, r.Method+" "+r.URL.RequestURI())
		if r.Header.Get("Authorization") != "" {
			s.authHeader++
		}
		user, ok := s.users[r.Header.Get("PRIVATE-TOKEN")]
		if !ok {
			writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "401 Unauthorized"})
			return
		}
		if id := r.PathValue("id"); id != "" && id != ProjectID {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "404 Project Not Found"})
			return
		}
		if iid := r.PathValue("iid"); iid != "" && iid != strconv.Itoa(MRIID) {
			writeJSON(w, http.StatusNotFound, map[string]string{"message": "404 Not found"})
			return
		}
		if q := s.faults[name]; len(q) > 0 {
			ft := q[0]
			s.faults[name] = q[1:]
			if ft.Apply {
				h(httptest.NewRecorder(), r, user)
			}
			for k, v := range ft.Header {
				w.Header().Set(k, v)
			}
			body := ft.Body
			if body == "" {
				body = fmt.Sprintf(`{"message":"%d %s"}`, ft.Status, http.StatusText(ft.Status))
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(ft.Status)
			_, _ = w.Write([]byte(body))
			return
		}
		h(w, r, user)
	}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
