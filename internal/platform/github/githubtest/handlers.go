package githubtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

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

func (s *Server) repoOK(w http.ResponseWriter, r *http.Request) bool {
	if r.PathValue("owner") != Owner || r.PathValue("repo") != Repo {
		notFound(w)
		return false
	}
	return true
}

func (s *Server) commentJSON(c *Comment, issue int) map[string]any {
	return map[string]any{
		"id":       c.ID,
		"body":     c.Body,
		"user":     map[string]any{"login": c.User, "type": "Bot"},
		"html_url": fmt.Sprintf("https://github.com/%s/pull/%d#issuecomment-%d", Repository, issue, c.ID),
	}
}

func (s *Server) listComments(w http.ResponseWriter, r *http.Request) {
	if !s.repoOK(w, r) {
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
	s.mu.Lock()
	all := s.comments[issue]
	last := max(1, (len(all)+perPage-1)/perPage)
	lo, hi := min((page-1)*perPage, len(all)), min(page*perPage, len(all))
	out := make([]map[string]any, 0, hi-lo)
	for _, c := range all[lo:hi] {
		out = append(out, s.commentJSON(c, issue))
	}
	s.mu.Unlock()
	link := func(p int, rel string) string {
		return fmt.Sprintf(`<%s%s%s?page=%d&per_page=%d>; rel="%s"`, s.srv.URL, s.prefix, r.URL.Path, p, perPage, rel)
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
func (s *Server) checkBody(w http.ResponseWriter, r *http.Request) (string, bool) {
	var in struct {
		Body *string `json:"body"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == nil {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"message": "Invalid request.\n\nNo subschema in \"anyOf\" matched."})
		return "", false
	}
	if utf8.RuneCountInString(*in.Body) > MaxCommentChars {
		s.mu.Lock()
		s.tooLong++
		s.mu.Unlock()
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

func (s *Server) isReadOnly() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.readOnly
}

// checkWrite makes GitHub's checks of a comment write, in its order: the
// repository, the number in the path parameter param, write access, then
// the body. On failure it has answered the request and returns ok false.
func (s *Server) checkWrite(w http.ResponseWriter, r *http.Request, param string) (n int64, body string, ok bool) {
	if !s.repoOK(w, r) {
		return 0, "", false
	}
	n, err := strconv.ParseInt(r.PathValue(param), 10, 64)
	if err != nil {
		notFound(w)
		return 0, "", false
	}
	if s.isReadOnly() {
		forbidden(w)
		return 0, "", false
	}
	body, ok = s.checkBody(w, r)
	return n, body, ok
}

func (s *Server) createComment(w http.ResponseWriter, r *http.Request) {
	number, body, ok := s.checkWrite(w, r, "number")
	if !ok {
		return
	}
	issue := int(number)
	s.mu.Lock()
	s.nextID++
	c := &Comment{ID: s.nextID, Body: body, User: s.login}
	s.comments[issue] = append(s.comments[issue], c)
	out := s.commentJSON(c, issue)
	s.mu.Unlock()
	writeJSON(w, http.StatusCreated, out)
}

func (s *Server) editComment(w http.ResponseWriter, r *http.Request) {
	id, body, ok := s.checkWrite(w, r, "id")
	if !ok {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for issue, list := range s.comments {
		for _, c := range list {
			if c.ID == id {
				c.Body = body
				writeJSON(w, http.StatusOK, s.commentJSON(c, issue))
				return
			}
		}
	}
	notFound(w)
}

func (s *Server) listPulls(w http.ResponseWriter, r *http.Request) {
	if !s.repoOK(w, r) {
		return
	}
	q := r.URL.Query()
	state := q.Get("state")
	if state == "" {
		state = "open"
	}
	s.mu.Lock()
	var out []map[string]any
	for _, p := range s.pulls {
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
	s.mu.Unlock()
	if out == nil {
		out = []map[string]any{}
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) getUser(w http.ResponseWriter, _ *http.Request) {
	s.mu.Lock()
	user := s.user
	s.mu.Unlock()
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

func (s *Server) graphql(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Query string `json:"query"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || !strings.Contains(in.Query, "viewer") {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "Problems parsing JSON"})
		return
	}
	s.mu.Lock()
	viewer := s.viewer
	s.mu.Unlock()
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
