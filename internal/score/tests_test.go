package score

import (
	"fmt"
	"testing"
)

func TestTestsAreThePapers28InOrder(t *testing.T) {
	t.Parallel()
	tests := Tests()
	if len(tests) != 28 {
		t.Fatalf("got %d tests, want 28", len(tests))
	}
	sections := SectionNames()
	if fmt.Sprint(sections) != "[data model infra monitor]" {
		t.Fatalf("sections %v", sections)
	}
	seenTitle := map[string]bool{}
	for i, tc := range tests {
		sec := sections[i/PerSection]
		wantID := fmt.Sprintf("%s-%d", sec, i%PerSection+1)
		if tc.ID != wantID || tc.Section != sec {
			t.Errorf("test %d: got %s in %s, want %s in %s", i, tc.ID, tc.Section, wantID, sec)
		}
		if tc.Title == "" || seenTitle[tc.Title] {
			t.Errorf("%s: empty or repeated title %q", tc.ID, tc.Title)
		}
		seenTitle[tc.Title] = true
		got, ok := Lookup(tc.ID)
		if !ok || got != tc {
			t.Errorf("Lookup(%s) = %+v, %v", tc.ID, got, ok)
		}
	}
	// Spot checks against the paper's tables.
	for id, title := range map[string]string{
		"data-1":    "Feature expectations are captured in a schema",
		"data-5":    "The data pipeline has appropriate privacy controls",
		"model-5":   "A simpler model is not better",
		"infra-1":   "Training is reproducible",
		"infra-6":   "Models are canaried before serving",
		"monitor-3": "Training and serving are not skewed",
		"monitor-7": "Prediction quality has not regressed",
	} {
		if got, _ := Lookup(id); got.Title != title {
			t.Errorf("%s: title %q, want %q", id, got.Title, title)
		}
	}
}

func TestTestsReturnsACopy(t *testing.T) {
	t.Parallel()
	a := Tests()
	a[0].Title = "changed"
	if Tests()[0].Title == "changed" {
		t.Fatal("Tests shares its backing array")
	}
}

func TestLookupRejectsUnknownIDs(t *testing.T) {
	t.Parallel()
	for _, id := range []string{"", "data", "data-0", "data-8", "data-10", "data1", "Data-1", " data-1", "infrastructure-1", "monitor-", "-1"} {
		if _, ok := Lookup(id); ok {
			t.Errorf("Lookup(%q) succeeded", id)
		}
	}
}

func TestSectionTitle(t *testing.T) {
	t.Parallel()
	want := map[string]string{"data": "Data", "model": "Model", "infra": "Infrastructure", "monitor": "Monitoring", "other": "other"}
	for name, title := range want {
		if got := SectionTitle(name); got != title {
			t.Errorf("SectionTitle(%q) = %q, want %q", name, got, title)
		}
	}
}

func TestDefaultTestsAreKnownAndCopied(t *testing.T) {
	t.Parallel()
	for _, kind := range []string{"data", "smoke", "repro", "gate", "canary", "monitor"} {
		ids := DefaultTests(kind)
		if len(ids) == 0 {
			t.Errorf("%s: no default tests", kind)
		}
		for _, id := range ids {
			if _, ok := Lookup(id); !ok {
				t.Errorf("%s: default test %q is unknown", kind, id)
			}
		}
		if len(ids) > 0 {
			ids[0] = "mutated"
			if DefaultTests(kind)[0] == "mutated" {
				t.Errorf("%s: DefaultTests shares its backing array", kind)
			}
		}
	}
	if ids := DefaultTests("unknown-kind"); len(ids) != 0 {
		t.Errorf("unknown kind: %v", ids)
	}
}
