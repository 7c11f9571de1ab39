package canary

import (
	"strings"
	"testing"
)

func TestParseHeader(t *testing.T) {
	t.Parallel()
	env := map[string]string{"MODEL_TOKEN": "s3cret"}
	getenv := func(k string) string { return env[k] }
	cases := []struct {
		in, name, value string
		secret          bool
		err             string
	}{
		{"Authorization: env:MODEL_TOKEN", "Authorization", "s3cret", true, ""},
		{"X-Tenant: blue", "X-Tenant", "blue", false, ""},
		{"Authorization: env:MISSING", "", "", false, "MISSING"},
		{"no colon", "", "", false, "Name: value"},
		{": value", "", "", false, "Name: value"},
	}
	for _, c := range cases {
		name, value, secret, err := ParseHeader(c.in, getenv)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || strings.Contains(err.Error(), "s3cret") {
				t.Errorf("%q: err %v, want one mentioning %q and no secret", c.in, err, c.err)
			}
			continue
		}
		if err != nil || name != c.name || value != c.value || secret != c.secret {
			t.Errorf("%q: %q %q %v %v", c.in, name, value, secret, err)
		}
	}
}
