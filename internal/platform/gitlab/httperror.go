package gitlab

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// maxErrorBodyBytes bounds the body read from an error response.
const maxErrorBodyBytes = 64 << 10

// maxErrorMessageBytes bounds the server's text kept in an error message, so
// an HTML error page from a proxy does not flood the job log.
const maxErrorMessageBytes = 1024

// httpError is a response with a status other than 2xx. Its message reads
// "METHOD URL: STATUS MESSAGE", MESSAGE being GitLab's {"message": ...} or
// {"error": ...} text, as the GitLab client library wrote it.
type httpError struct {
	method  string
	url     string // without the query
	status  int
	message string // flattened error body; "" when the body was empty
}

func (e *httpError) Error() string {
	if e.message == "" {
		return fmt.Sprintf("%s %s: %d", e.method, e.url, e.status)
	}
	return fmt.Sprintf("%s %s: %d %s", e.method, e.url, e.status, e.message)
}

// newHTTPError reads at most maxErrorBodyBytes of body and builds the error.
// The token is redacted from the server's text before it is shortened, so no
// part of it can survive a cut.
func newHTTPError(method, url string, status int, body io.Reader, token string) *httpError {
	data, _ := io.ReadAll(io.LimitReader(body, maxErrorBodyBytes))
	return &httpError{method: method, url: url, status: status, message: errorMessage(data, token)}
}

// errorMessage flattens a GitLab error body: {"message": "..."},
// {"message": {"field": ["...", ...]}}, {"error": "..."}; a body that is not
// JSON is quoted as text with its whitespace collapsed.
func errorMessage(data []byte, token string) string {
	if strings.TrimSpace(string(data)) == "" {
		return ""
	}
	var raw any
	var msg string
	if err := json.Unmarshal(data, &raw); err != nil {
		msg = "failed to parse unknown error format: " + strings.Join(strings.Fields(string(data)), " ")
	} else {
		msg = flattenError(raw)
	}
	return truncate(redact(msg, token), maxErrorMessageBytes)
}

// flattenError renders a decoded JSON error: strings as they are, arrays as
// "[a, b]", objects as "{key: value}" pairs sorted by key.
func flattenError(raw any) string {
	switch v := raw.(type) {
	case string:
		return v
	case []any:
		parts := make([]string, 0, len(v))
		for _, e := range v {
			parts = append(parts, flattenError(e))
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		parts := make([]string, 0, len(v))
		for k, e := range v {
			parts = append(parts, fmt.Sprintf("{%s: %s}", k, flattenError(e)))
		}
		sort.Strings(parts)
		return strings.Join(parts, ", ")
	case nil:
		return "null"
	default:
		return fmt.Sprint(v)
	}
}

// truncate shortens s to at most n bytes plus an ellipsis, on a UTF-8
// boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8Start(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// utf8Start reports whether b begins a UTF-8 sequence.
func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
