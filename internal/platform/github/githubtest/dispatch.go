package githubtest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"unicode/utf8"
)

// GitHub's documented limits on a repository_dispatch event.
const (
	// MaxEventTypeChars bounds event_type.
	MaxEventTypeChars = 100
	// MaxPayloadProperties bounds the top-level properties of client_payload.
	MaxPayloadProperties = 10
	// MaxPayloadChars bounds the encoded client_payload.
	MaxPayloadChars = 65535
)

// Dispatch is a repository_dispatch event the fake accepted.
type Dispatch struct {
	EventType string
	// ClientPayload is the client_payload as sent; "{}" when absent.
	ClientPayload json.RawMessage
}

// Dispatches returns the repository_dispatch events accepted so far, in order.
func (s *Server) Dispatches() []Dispatch {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Dispatch(nil), s.dispatches...)
}

// dispatch serves POST /repos/{owner}/{repo}/dispatches as GitHub does: 404
// for another repository, 403 for a read-only token, 400 for a body that is
// not JSON, 422 for a body GitHub
// rejects (no event_type, event_type over 100 characters, client_payload
// not an object, with more than 10 top-level properties or over 65,535
// characters), 204 with no body otherwise.
func (s *Server) dispatch(w http.ResponseWriter, r *http.Request) {
	if !s.repoOK(w, r) {
		return
	}
	if s.isReadOnly() {
		writeJSON(w, http.StatusForbidden, map[string]string{
			"message":           "Resource not accessible by integration",
			"documentation_url": "https://docs.github.com/rest/repos/repos#create-a-repository-dispatch-event",
			"status":            "403",
		})
		return
	}
	var in struct {
		EventType     *string         `json:"event_type"`
		ClientPayload json.RawMessage `json:"client_payload"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"message": "Problems parsing JSON"})
		return
	}
	switch {
	case in.EventType == nil || *in.EventType == "":
		invalid(w, "Invalid request.\n\n\"event_type\" wasn't supplied.")
		return
	case utf8.RuneCountInString(*in.EventType) > MaxEventTypeChars:
		invalid(w, "Invalid request.\n\nevent_type is too long (maximum is 100 characters).")
		return
	}
	payload := in.ClientPayload
	if len(payload) == 0 || bytes.Equal(payload, []byte("null")) {
		payload = json.RawMessage("{}")
	}
	var props map[string]json.RawMessage
	if err := json.Unmarshal(payload, &props); err != nil {
		invalid(w, "Invalid request.\n\nFor 'properties/client_payload', "+string(payload)+" is not an object.")
		return
	}
	if len(props) > MaxPayloadProperties {
		invalid(w, "Invalid request.\n\nNo more than 10 properties are allowed; "+strconv.Itoa(len(props))+" were supplied.")
		return
	}
	if utf8.RuneCount(payload) > MaxPayloadChars {
		invalid(w, "Invalid request.\n\nclient_payload is too large (maximum is 65535 characters).")
		return
	}
	s.mu.Lock()
	s.dispatches = append(s.dispatches, Dispatch{EventType: *in.EventType, ClientPayload: append(json.RawMessage(nil), payload...)})
	s.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func invalid(w http.ResponseWriter, msg string) {
	writeJSON(w, http.StatusUnprocessableEntity, map[string]string{
		"message":           msg,
		"documentation_url": "https://docs.github.com/rest/repos/repos#create-a-repository-dispatch-event",
		"status":            "422",
	})
}
