package gitlab

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// maxResponseBytes bounds the body read from one successful response. A page
// of 100 notes is normally a few hundred KiB, but a note may hold up to
// NoteLimit characters (mlgate's own reports come close on big pipelines), so
// the bound leaves room for a few dozen full-size notes on one page while
// still stopping a misbehaving server from filling memory.
const maxResponseBytes = 32 << 20

// apiVersionPath is appended to a base URL that does not already end with
// it, as the GitLab client library did (CI_API_V4_URL always ends with it).
const apiVersionPath = "api/v4/"

// client is a minimal GitLab REST API v4 client for the four endpoints the
// publisher uses. It does not retry: Publisher.call decides that.
type client struct {
	http     *http.Client
	base     *url.URL // always ends with "/api/v4/"
	token    string   // sent as PRIVATE-TOKEN, never logged
	maxBytes int64    // bound on a successful response body
}

// response is what the retry logic needs from a finished request: its status
// and headers (Retry-After, RateLimit-Reset, X-Next-Page, Link).
type response struct {
	status int
	header http.Header
}

// newClient returns a client for the API at apiURL (CI_API_V4_URL)
// authenticating with token. A nil hc uses a client on
// http.DefaultTransport. hc is copied, not changed: the copy refuses
// redirects to another host or from https to http, so the token never leaves
// the GitLab instance.
func newClient(apiURL, token string, hc *http.Client) (*client, error) {
	s := strings.TrimSpace(apiURL)
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	base, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("parsing API URL %q: %w", apiURL, err)
	}
	if !strings.HasSuffix(base.Path, "/"+apiVersionPath) {
		base.Path += apiVersionPath
		base.RawPath = ""
	}
	c := &http.Client{}
	if hc != nil {
		*c = *hc
	}
	c.CheckRedirect = sameHostRedirects(c.CheckRedirect)
	return &client{http: c, base: base, token: token, maxBytes: maxResponseBytes}, nil
}

// sameHostRedirects wraps a redirect policy (nil: Go's default of at most 10
// redirects) so that it refuses a redirect to another scheme or host: the
// PRIVATE-TOKEN header would follow it, unlike Authorization.
func sameHostRedirects(next func(*http.Request, []*http.Request) error) func(*http.Request, []*http.Request) error {
	return func(req *http.Request, via []*http.Request) error {
		first := via[0].URL
		if req.URL.Host != first.Host || (req.URL.Scheme != first.Scheme && req.URL.Scheme != "https") {
			return fmt.Errorf("refusing redirect from %s://%s to %s://%s: the token must not leave the GitLab instance",
				first.Scheme, first.Host, req.URL.Scheme, req.URL.Host)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
}

// endpoint is the URL of path below the API root. path is already escaped
// (see pathEscape); query may be nil.
func (c *client) endpoint(path string, query url.Values) (*url.URL, error) {
	unescaped, err := url.PathUnescape(path)
	if err != nil {
		return nil, fmt.Errorf("invalid API path %q: %w", path, err)
	}
	u := *c.base
	u.Path = c.base.Path + unescaped
	u.RawPath = c.base.EscapedPath() + path
	u.RawQuery = query.Encode()
	return &u, nil
}

// pathEscape escapes a path segment such as a project path: "group/sub" is
// "group%2Fsub". Dots are escaped too ("%2E"), as GitLab's API expects, so a
// project named "my.app" is not read as a format suffix.
func pathEscape(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), ".", "%2E")
}

// do sends one request to path (escaped, below the API root) with query and,
// when in is not nil, in as the JSON body; a 2xx response body is decoded
// into out when out is not nil. A non-2xx response is an *httpError. The
// response is returned whenever one arrived, also with an error, so the
// caller can read its status and headers.
func (c *client) do(ctx context.Context, method, path string, query url.Values, in, out any) (*response, error) {
	u, err := c.endpoint(path, query)
	if err != nil {
		return nil, err
	}
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("encoding request body of %s %s: %w", method, displayURL(u), err)
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, fmt.Errorf("building request %s %s: %w", method, displayURL(u), err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "mlgate")
	req.Header.Set("PRIVATE-TOKEN", c.token)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	hr, err := c.http.Do(req)
	if err != nil {
		return nil, err // *url.Error: names the method and URL
	}
	defer func() {
		// Drain a little so the connection can be reused, then close.
		_, _ = io.CopyN(io.Discard, hr.Body, 64<<10)
		_ = hr.Body.Close()
	}()
	resp := &response{status: hr.StatusCode, header: hr.Header}

	if hr.StatusCode < 200 || hr.StatusCode > 299 {
		return resp, newHTTPError(method, displayURL(u), hr.StatusCode, hr.Body, c.token)
	}
	if out == nil {
		return resp, nil
	}
	lr := &limitedReader{r: hr.Body, left: c.maxBytes}
	if err := json.NewDecoder(lr).Decode(out); err != nil {
		if lr.exceeded {
			return resp, fmt.Errorf("%s %s: response body is larger than %d bytes", method, displayURL(u), c.maxBytes)
		}
		return resp, fmt.Errorf("%s %s: decoding response: %w", method, displayURL(u), err)
	}
	return resp, nil
}

// displayURL is u without its query, for messages: scheme, host and the
// escaped path.
func displayURL(u *url.URL) string {
	return u.Scheme + "://" + u.Host + u.EscapedPath()
}

// limitedReader reads at most left bytes from r and records whether r had
// more: unlike io.LimitReader, an oversized body is an error, not a
// truncated (and maybe still valid) document.
type limitedReader struct {
	r        io.Reader
	left     int64
	exceeded bool
}

func (l *limitedReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// Probe one byte to tell a body of exactly the limit from a longer one.
		var b [1]byte
		n, err := l.r.Read(b[:])
		if n > 0 {
			l.exceeded = true
			return 0, errTooLarge
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// errTooLarge is returned by limitedReader past its limit.
var errTooLarge = errors.New("response body too large")
