package gitlab

import (
	"net/http"
	"testing"
)

func TestNextPage(t *testing.T) {
	t.Parallel()
	const base = "https://gitlab.example.com/api/v4/projects/42/merge_requests/7/notes"
	tests := []struct {
		name  string
		xNext string   // X-Next-Page; "-" leaves it out
		links []string // Link header values
		want  int64
	}{
		{"X-Next-Page", "3", nil, 3},
		{"X-Next-Page wins over Link", "3", []string{`<` + base + `?page=9>; rel="next"`}, 3},
		{"empty X-Next-Page on the last page", "", nil, 0},
		{"no headers", "-", nil, 0},
		{"Link only", "-", []string{`<` + base + `?page=2&per_page=100>; rel="next", <` + base + `?page=5>; rel="last"`}, 2},
		{"empty X-Next-Page falls back to Link", "", []string{`<` + base + `?page=4>; rel="next"`}, 4},
		{"garbage X-Next-Page falls back to Link", "soon", []string{`<` + base + `?page=4>; rel="next"`}, 4},
		{"zero X-Next-Page falls back to Link", "0", []string{`<` + base + `?page=4>; rel="next"`}, 4},
		{"next after other relations", "-", []string{`<` + base + `?page=1>; rel="first", <` + base + `?page=2>; rel="prev", <` + base + `?page=4>; rel="next"`}, 4},
		{"unquoted rel", "-", []string{`<` + base + `?page=6>; rel=next`}, 6},
		{"several relation types", "-", []string{`<` + base + `?page=6>; rel="last next"`}, 6},
		{"rel in capitals with other params", "-", []string{`<` + base + `?page=6>; title="x"; REL="Next"`}, 6},
		{"comma and semicolon inside the URL", "-", []string{`<` + base + `?a=1,2;3&page=8>; rel="next"`}, 8},
		{"next in a second Link header", "-", []string{`<` + base + `?page=1>; rel="first"`, `<` + base + `?page=3>; rel="next"`}, 3},
		{"relative URL", "-", []string{`</api/v4/notes?page=5>; rel="next"`}, 5},
		{"only prev and last", "-", []string{`<` + base + `?page=1>; rel="prev", <` + base + `?page=9>; rel="last"`}, 0},
		{"next without page (keyset)", "-", []string{`<` + base + `?cursor=abc>; rel="next"`}, 0},
		{"negative page", "-", []string{`<` + base + `?page=-2>; rel="next"`}, 0},
		{"non-numeric page", "-", []string{`<` + base + `?page=two>; rel="next"`}, 0},
		{"rel without value", "-", []string{`<` + base + `?page=3>; rel`}, 0},
		{"no angle brackets", "-", []string{base + `?page=3; rel="next"`}, 0},
		{"unclosed bracket", "-", []string{`<` + base + `?page=3; rel="next"`}, 0},
		{"bad URL", "-", []string{`<http://[::1:80/?page=3>; rel="next"`}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := http.Header{}
			if tt.xNext != "-" {
				h.Set("X-Next-Page", tt.xNext)
			}
			for _, l := range tt.links {
				h.Add("Link", l)
			}
			if got := nextPage(&response{status: 200, header: h}); got != tt.want {
				t.Errorf("nextPage = %d, want %d", got, tt.want)
			}
		})
	}
	if got := nextPage(nil); got != 0 {
		t.Errorf("nextPage(nil) = %d, want 0", got)
	}
}

// FuzzNextPage checks that no Link or X-Next-Page header makes nextPage
// panic or return a page below 0.
func FuzzNextPage(f *testing.F) {
	f.Add("2", `<https://h/api/v4/x?page=2>; rel="next"`)
	f.Add("", `<a,b>; rel=next, <c>; rel="last"`)
	f.Add("x", `<<>>;;rel=;, <`)
	f.Fuzz(func(t *testing.T, xNext, link string) {
		h := http.Header{}
		h.Set("X-Next-Page", xNext)
		h.Set("Link", link)
		if n := nextPage(&response{header: h}); n < 0 {
			t.Errorf("nextPage = %d, want >= 0", n)
		}
	})
}
