// Package githubtest is an in-memory fake of the parts of the GitHub REST and
// GraphQL APIs that mlgate's GitHub publisher uses, for the publisher's own
// tests and for end-to-end tests of the mlgate binary.
//
// It behaves like GitHub where the publisher depends on it: every request
// must carry "Authorization: Bearer <token>" (401 otherwise), issue comments
// are paginated with Link headers, a read-only token gets 403 on writes, a
// comment body over 65,536 characters gets 422, a repository_dispatch
// event is 204 when valid and 422 when not, and any response can be
// replaced by an injected one (rate limits with Retry-After, 5xx).
//
// The fake serves one repository, [Owner]/[Repo]; other repositories are 404.
package githubtest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// The repository the fake serves; GITHUB_REPOSITORY is [Repository].
const (
	Owner      = "o"
	Repo       = "r"
	Repository = Owner + "/" + Repo
)

// DefaultToken is the token a [Server] accepts unless [WithToken] says otherwise.
const DefaultToken = "ghs_fakeTOKEN0123456789abcdef"

// DefaultLogin is who the token acts as by default: comments it creates are
// by this user, as with the default GITHUB_TOKEN.
const DefaultLogin = "github-actions[bot]"

// MaxCommentChars is GitHub's limit on a comment body, in characters.
const MaxCommentChars = 65536

// Comment is an issue comment held by the fake.
type Comment struct {
	ID   int64
	Body string
	User string
}

// Pull is a pull request held by the fake, listed by GET /repos/o/r/pulls.
type Pull struct {
	Number int
	State  string // "open" or "closed"
	Label  string // head label, "owner:branch"
	SHA    string // head SHA
}

// Response is a canned response served instead of the normal handler; see
// [Server.Inject].
type Response struct {
	Status int
	Header map[string]string
	Body   string
}

// Option configures a [Server].
type Option func(*Server)

// WithPrefix serves the API under a path prefix: "/api/v3" serves GitHub
// Enterprise Server paths (REST under /api/v3, GraphQL at /api/graphql);
// "" (the default) serves github.com paths (GraphQL at /graphql).
func WithPrefix(prefix string) Option {
	return func(s *Server) { s.prefix = prefix }
}

// WithToken sets the only token the fake accepts.
func WithToken(token string) Option {
	return func(s *Server) { s.token = token }
}

// Server is a running fake GitHub API. Create it with [New]; it is closed
// when the test ends. Its methods are safe for concurrent use.
type Server struct {
	srv    *httptest.Server
	token  string
	prefix string

	mu sync.Mutex
	// login is who the token acts as: comments it creates are by this user.
	login string
	// viewer is the GraphQL viewer login; "" answers as for an installation token.
	viewer string
	// user is the GET /user login; "" answers 403 as for an installation token.
	user       string
	readOnly   bool
	comments   map[int][]*Comment
	pulls      []Pull
	nextID     int64
	inject     map[string][]Response // "METHOD path" -> responses served first
	hits       []string              // "METHOD path?query"
	bodies     map[string][]string   // "METHOD path" -> request bodies
	tooLong    int                   // 422s served for oversized bodies
	dispatches []Dispatch            // accepted repository_dispatch events
	badAuth    int                   // requests without the right Authorization
}

// New starts a fake API that is closed when t ends. By default it accepts
// [DefaultToken], acts as [DefaultLogin], answers the GraphQL viewer query
// and GET /user as for the default GITHUB_TOKEN (not allowed), and may write.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{
		token:    DefaultToken,
		login:    DefaultLogin,
		comments: map[int][]*Comment{},
		nextID:   1000,
		inject:   map[string][]Response{},
		bodies:   map[string][]string{},
	}
	for _, o := range opts {
		o(s)
	}
	api := http.NewServeMux()
	api.HandleFunc("GET /repos/{owner}/{repo}/issues/{number}/comments", s.listComments)
	api.HandleFunc("POST /repos/{owner}/{repo}/issues/{number}/comments", s.createComment)
	api.HandleFunc("PATCH /repos/{owner}/{repo}/issues/comments/{id}", s.editComment)
	api.HandleFunc("GET /repos/{owner}/{repo}/pulls", s.listPulls)
	api.HandleFunc("GET /user", s.getUser)
	api.HandleFunc("POST /repos/{owner}/{repo}/dispatches", s.dispatch)
	root := http.NewServeMux()
	if s.prefix == "" {
		api.HandleFunc("POST /graphql", s.graphql)
		root.Handle("/", api)
	} else {
		root.Handle(s.prefix+"/", http.StripPrefix(s.prefix, api))
		root.HandleFunc("POST /api/graphql", s.graphql)
	}
	s.srv = httptest.NewServer(s.middleware(root))
	t.Cleanup(s.srv.Close)
	return s
}

// URL is the root URL of the server, without the API prefix.
func (s *Server) URL() string { return s.srv.URL }

// APIURL is the value of GITHUB_API_URL for this fake.
func (s *Server) APIURL() string { return s.srv.URL + s.prefix }

// GraphQLURL is the value of GITHUB_GRAPHQL_URL for this fake.
func (s *Server) GraphQLURL() string {
	if s.prefix == "" {
		return s.srv.URL + "/graphql"
	}
	return s.srv.URL + "/api/graphql"
}

// Token is the only token the fake accepts.
func (s *Server) Token() string { return s.token }

// Client returns an HTTP client that talks to the fake.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// SetReadOnly makes comment writes (POST, PATCH) and repository_dispatch
// events answer 403 "Resource not accessible by integration", as for the
// token of a fork PR or a GITHUB_TOKEN without contents: write.
func (s *Server) SetReadOnly(readOnly bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.readOnly = readOnly
}

// SetIdentity says who the token is. login authors the comments the token
// creates; viewer answers the GraphQL viewer query ("" answers FORBIDDEN as
// for an installation token); user answers GET /user ("" answers 403).
func (s *Server) SetIdentity(login, viewer, user string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.login, s.viewer, s.user = login, viewer, user
}

// AddComment seeds a comment on issue by user and returns its id.
func (s *Server) AddComment(issue int, user, body string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	s.comments[issue] = append(s.comments[issue], &Comment{ID: s.nextID, Body: body, User: user})
	return s.nextID
}

// AddPulls seeds pull requests, listed by GET /repos/o/r/pulls.
func (s *Server) AddPulls(pulls ...Pull) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pulls = append(s.pulls, pulls...)
}

// Comments returns copies of the comments on issue, oldest first.
func (s *Server) Comments(issue int) []Comment {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Comment, 0, len(s.comments[issue]))
	for _, c := range s.comments[issue] {
		out = append(out, *c)
	}
	return out
}

// WithMarker returns the comments on issue whose first line is marker, by
// any author, oldest first.
func (s *Server) WithMarker(issue int, marker string) []Comment {
	var out []Comment
	for _, c := range s.Comments(issue) {
		if first, _, _ := strings.Cut(c.Body, "\n"); first == marker {
			out = append(out, c)
		}
	}
	return out
}

// Inject queues responses served, in turn, to the next requests matching
// methodPath ("POST /repos/o/r/issues/7/comments", with the API prefix if
// any), after the authorization check and instead of the normal handler.
func (s *Server) Inject(methodPath string, rs ...Response) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inject[methodPath] = append(s.inject[methodPath], rs...)
}

// Hits returns every request seen, as "METHOD path?query", in order.
func (s *Server) Hits() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.hits...)
}

// Count returns how many requests matched methodPath ("METHOD path", query ignored).
func (s *Server) Count(methodPath string) int {
	return len(s.Queries(methodPath))
}

// Queries returns the query strings of the requests matching methodPath, in order.
func (s *Server) Queries(methodPath string) []string {
	var out []string
	for _, h := range s.Hits() {
		if p, q, _ := strings.Cut(h, "?"); p == methodPath {
			out = append(out, q)
		}
	}
	return out
}

// Bodies returns the request bodies of the requests matching methodPath, in order.
func (s *Server) Bodies(methodPath string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.bodies[methodPath]...)
}

// TooLong returns how many 422 "body is too long" responses were served.
func (s *Server) TooLong() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.tooLong
}

// BadAuth returns how many requests lacked "Authorization: Bearer <token>".
func (s *Server) BadAuth() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.badAuth
}

// middleware checks the token, records the request and serves injected responses.
func (s *Server) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		key := r.Method + " " + r.URL.Path
		s.mu.Lock()
		s.hits = append(s.hits, key+"?"+r.URL.RawQuery)
		s.bodies[key] = append(s.bodies[key], string(body))
		if r.Header.Get("Authorization") != "Bearer "+s.token {
			s.badAuth++
			s.mu.Unlock()
			writeJSON(w, http.StatusUnauthorized, map[string]string{"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"})
			return
		}
		var c *Response
		if q := s.inject[key]; len(q) > 0 {
			c, s.inject[key] = &q[0], q[1:]
		}
		s.mu.Unlock()
		if c != nil {
			for k, v := range c.Header {
				w.Header().Set(k, v)
			}
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			w.WriteHeader(c.Status)
			_, _ = io.WriteString(w, c.Body)
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
