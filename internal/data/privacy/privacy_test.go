package privacy

import "testing"

func TestScan(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in   string
		want Kind // "" for none
	}{
		// emails
		{"jane.doe@example.com", Email},
		{"contact: Jane <jane+ml@mail.example.co.uk>", Email},
		{"ceo@company.io.", Email},
		{"user@localhost", ""},
		{"@handle", ""},
		{"a@b.c", ""},
		{"price 3@4.50", ""},
		// cards (test numbers from card networks' documentation)
		{"4111111111111111", Card},
		{"4111 1111 1111 1111", Card},
		{"card: 5500-0000-0000-0004 exp 12/29", Card},
		{"378282246310005", Card},
		{"4111111111111112", ""}, // fails Luhn
		{"id 41111111111111110000", ""},
		{"x4111111111111111", ""},
		// phones
		{"+1 415 555 2671", Phone},
		{"+442071838750", Phone},
		{"(415) 555-2671", Phone},
		{"415-555-2671", Phone},
		{"415.555.2671", Phone},
		{"call 020 7183 8750 today", Phone},
		{"4155552671", ""},       // a bare run of digits: an id as often as a phone
		{"3.14159265358979", ""}, // a decimal
		{"2026-11-26", ""},       // a date
		{"2026-11-26T10:00:00Z", ""},
		{"12345", ""},
		{"", ""},
		{"ordinary text, no personal data", ""},
	}
	for _, c := range cases {
		got, ok := Scan(c.in)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("Scan(%q) = %q, %v; want %q", c.in, got, ok, c.want)
		}
	}
}

func TestLuhn(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"79927398713", "4111111111111111", "0"} {
		if !luhn([]byte(s)) {
			t.Errorf("luhn(%s) = false", s)
		}
	}
	for _, s := range []string{"79927398710", "4111111111111112"} {
		if luhn([]byte(s)) {
			t.Errorf("luhn(%s) = true", s)
		}
	}
}

func FuzzScan(f *testing.F) {
	for _, s := range []string{"jane@example.com", "+1 415 555 2671", "4111 1111 1111 1111", "((((", "----", "@@@."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, ok := Scan(s) // must not panic
		if ok != (k != "") {
			t.Fatalf("Scan(%q) = %q, %v", s, k, ok)
		}
	})
}

func BenchmarkScan(b *testing.B) {
	values := []string{"Berlin", "0.7312", "jane.doe@example.com", "42", "+1 415 555 2671", "an ordinary sentence of text"}
	for b.Loop() {
		for _, v := range values {
			Scan(v)
		}
	}
}
