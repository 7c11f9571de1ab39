package gitlabtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The handlers below run with s.mu held (see route).

func (s *Server) getUser(w http.ResponseWriter, _ *http.Request, user string) {
	writeJSON(w, http.StatusOK, map[string]any{"id": 1, "username": user, "name": user, "bot": true})
}

func (s *Server) noteJSON(n *Note) map[string]any {
	return map[string]any{
		"id":            n.ID,
		"body":          n.Body,
		"system":        n.System,
		"author":        map[string]any{"id": 1, "username": n.Author},
		"noteable_type": "MergeRequest",
		"noteable_iid":  MRIID,
		"created_at":    time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC),
	}
}

// listNotes serves one page, newest first (GitLab's default order).
func (s *Server) listNotes(w http.ResponseWriter, r *http.Request, _ string) {
	q := r.URL.Query()
	page, perPage := atoiDefault(q.Get("page"), 1), atoiDefault(q.Get("per_page"), 20)
	perPage = min(max(perPage, 1), 100)
	total := len(s.notes)
	totalPages := max(1, (total+perPage-1)/perPage)

	items := []map[string]any{}
	for i := (page - 1) * perPage; i < min(page*perPage, total); i++ {
		items = append(items, s.noteJSON(s.notes[total-1-i]))
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
	if !s.linkOnly {
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

func readBody(w http.ResponseWriter, r *http.Request) (string, bool) {
	var in struct {
		Body *string `json:"body"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Body == nil || *in.Body == "" {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "body is missing"})
		return "", false
	}
	return *in.Body, true
}

func (s *Server) createNote(w http.ResponseWriter, r *http.Request, user string) {
	if s.readOnly[user] {
		writeJSON(w, http.StatusForbidden, map[string]string{"message": "403 Forbidden"})
		return
	}
	body, ok := readBody(w, r)
	if !ok {
		return
	}
	s.nextID++
	n := &Note{ID: s.nextID, Body: body, Author: user}
	s.notes = append(s.notes, n)
	writeJSON(w, http.StatusCreated, s.noteJSON(n))
}

func (s *Server) updateNote(w http.ResponseWriter, r *http.Request, user string) {
	id, _ := strconv.ParseInt(r.PathValue("note"), 10, 64)
	for _, n := range s.notes {
		if n.ID != id {
			continue
		}
		if n.Author != user || n.System || s.readOnly[user] {
			writeJSON(w, http.StatusForbidden, map[string]string{"message": "403 Forbidden"})
			return
		}
		body, ok := readBody(w, r)
		if !ok {
			return
		}
		n.Body = body
		writeJSON(w, http.StatusOK, s.noteJSON(n))
		return
	}
	writeJSON(w, http.StatusNotFound, map[string]string{"message": "404 Note Not Found"})
}

func atoiDefault(s string, def int) int {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return def
	}
	return n
}
