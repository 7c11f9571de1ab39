package gitlab

import (
	"net/url"
	"strconv"
	"strings"
)

// nextPage is the next page number from X-Next-Page, else from the page
// parameter of the Link rel="next" URL, else 0 (last page). GitLab sends an
// empty X-Next-Page on the last page, and may send only Link (keyset
// pagination, some proxies).
func nextPage(resp *response) int64 {
	if resp == nil || resp.header == nil {
		return 0
	}
	if n, err := strconv.ParseInt(strings.TrimSpace(resp.header.Get("X-Next-Page")), 10, 64); err == nil && n > 0 {
		return n
	}
	next := linkNext(resp.header.Values("Link"))
	if next == "" {
		return 0
	}
	u, err := url.Parse(next)
	if err != nil {
		return 0
	}
	n, err := strconv.ParseInt(u.Query().Get("page"), 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// linkNext returns the target of the first rel="next" link in Link header
// values (RFC 8288), or "". It never fails: malformed parts are skipped.
// A URL may contain commas and semicolons; they are inside <...>.
func linkNext(values []string) string {
	for _, v := range values {
		for v != "" {
			start := strings.IndexByte(v, '<')
			if start < 0 {
				break
			}
			end := strings.IndexByte(v[start:], '>')
			if end < 0 {
				break
			}
			target := v[start+1 : start+end]
			rest := v[start+end+1:]
			params := rest
			if i := strings.IndexByte(rest, ','); i >= 0 {
				params, rest = rest[:i], rest[i+1:]
			} else {
				rest = ""
			}
			if hasRel(params, "next") {
				return strings.TrimSpace(target)
			}
			v = rest
		}
	}
	return ""
}

// hasRel reports whether link parameters (`; rel="next last"; title=x`)
// carry the relation type rel; the value may be quoted and may list several
// types separated by spaces.
func hasRel(params, rel string) bool {
	for p := range strings.SplitSeq(params, ";") {
		name, value, ok := strings.Cut(p, "=")
		if !ok || !strings.EqualFold(strings.TrimSpace(name), "rel") {
			continue
		}
		for t := range strings.FieldsSeq(strings.Trim(strings.TrimSpace(value), `"`)) {
			if strings.EqualFold(t, rel) {
				return true
			}
		}
	}
	return false
}
