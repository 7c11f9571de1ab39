package protocol

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
)

// snippetBytes is how much of a body an error shows.
const snippetBytes = 200

// ErrTooLarge is wrapped by errors for responses over [MaxResponseBytes].
var ErrTooLarge = errors.New("response over the 4 MiB limit")

// HTTPError is a response with a status other than 2xx.
type HTTPError struct {
	// Method is the request method, GET or POST.
	Method string
	// URL is the request URL with any password removed.
	URL string
	// Status is the HTTP status code.
	Status int
	// Body is the first 200 bytes of the response body, quoted.
	Body string
}

// Error implements error: method, URL, status and quoted body excerpt.
func (e *HTTPError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d %s: body %s", e.Method, e.URL, e.Status, http.StatusText(e.Status), e.Body)
}

// ResponseError is a 2xx response whose body could not be used: malformed
// JSON, or JSON without the expected content.
type ResponseError struct {
	// Method and URL (password removed) name the request.
	Method, URL string
	// Body is the first 200 bytes of the response body, quoted.
	Body string
	// Err is the problem with the body.
	Err error
}

// Error implements error: method, URL, problem and quoted body excerpt.
func (e *ResponseError) Error() string {
	return fmt.Sprintf("%s %s: %v; body %s", e.Method, e.URL, e.Err, e.Body)
}

// Unwrap returns the underlying problem, a *JSONError, a *SchemaError or a
// content error.
func (e *ResponseError) Unwrap() error { return e.Err }

// IsTimeout reports whether err is a timeout: a context deadline or a
// network or client timeout.
func IsTimeout(err error) bool {
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// snippet quotes the first 200 bytes of body.
func snippet(body []byte) string {
	if len(body) > snippetBytes {
		return strconv.Quote(string(body[:snippetBytes])) + fmt.Sprintf(" (%d bytes in all)", len(body))
	}
	return strconv.Quote(string(body))
}

// redact returns u without any password, for errors.
func redact(u *url.URL) string { return u.Redacted() }

// call sends a request and returns the body of a 2xx response, read with
// the [MaxResponseBytes] cap. Other statuses give an *HTTPError.
func call(ctx context.Context, c *http.Client, method string, u *url.URL, header http.Header, body []byte) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, redact(u), err)
	}
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c == nil {
		return nil, fmt.Errorf("%s %s: no HTTP client", method, redact(u))
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, redact(u), unwrapURLError(err))
	}
	defer resp.Body.Close()
	data, err := readCapped(resp)
	if err != nil {
		return nil, fmt.Errorf("%s %s: HTTP %d: %w", method, redact(u), resp.StatusCode, err)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &HTTPError{Method: method, URL: redact(u), Status: resp.StatusCode, Body: snippet(data)}
	}
	return data, nil
}

// unwrapURLError drops the *url.Error layer, whose message repeats the
// method and the unredacted URL.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// readCapped reads a response body of at most MaxResponseBytes, telling a
// truncated body (shorter than its Content-Length) from other failures.
func readCapped(resp *http.Response) ([]byte, error) {
	if resp.ContentLength > MaxResponseBytes {
		return nil, fmt.Errorf("%w (Content-Length %d)", ErrTooLarge, resp.ContentLength)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBytes+1))
	if err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) && resp.ContentLength > 0 {
			return nil, fmt.Errorf("response truncated: got %d of %d bytes (Content-Length): %w", len(data), resp.ContentLength, err)
		}
		return nil, fmt.Errorf("reading response after %d bytes: %w", len(data), err)
	}
	if len(data) > MaxResponseBytes {
		return nil, ErrTooLarge
	}
	return data, nil
}
