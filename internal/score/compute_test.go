package score

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

func res(id, gate string, status result.Status, tests ...string) result.Result {
	return result.Result{Version: result.Version, ID: id, Gate: gate, Status: status, MLTests: tests}
}

// find returns the score of one test.
func find(t *testing.T, s Score, id string) TestScore {
	t.Helper()
	for _, sec := range s.Sections {
		for _, ts := range sec.Tests {
			if ts.ID == id {
				return ts
			}
		}
	}
	t.Fatalf("test %s not in the score", id)
	return TestScore{}
}

func sums(s Score) string {
	var out []string
	for _, sec := range s.Sections {
		out = append(out, sec.Name+"="+num(sec.Sum))
	}
	return strings.Join(out, " ")
}

func TestComputePointsAndMinimum(t *testing.T) {
	t.Parallel()
	results := []result.Result{
		res("train-data", "data", result.Pass),                    // default: data-1
		res("smoke", "smoke", result.Warn),                        // default: infra-2, monitor-5
		res("quality", "gate", result.Fail, "infra-4", "model-6"), // explicit list replaces the default
		res("canary", "canary", result.Error),                     // did not run
		res("repro", "repro", result.Skip),                        // did not run
	}
	manual := []Manual{
		{Test: "model-1", Evidence: "docs/model-review.md"},
		{Test: "infra-4", Evidence: "https://wiki.example/validation"}, // automated wins
		{Test: "monitor-1", Evidence: "https://status.example/deps"},
	}
	s, err := Compute(results, manual)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := sums(s), "data=1 model=1.5 infra=2 monitor=1.5"; got != want {
		t.Errorf("sums %s, want %s", got, want)
	}
	if s.Final != 1 || s.Band != "minimal testing, high risk" || fmt.Sprint(s.Lowest) != "[data]" {
		t.Errorf("final %v band %q lowest %v", s.Final, s.Band, s.Lowest)
	}
	if ts := find(t, s, "infra-4"); ts.How != Automated || ts.Points != 1 || ts.Evidence != "" || fmt.Sprint(ts.By) != "[quality]" {
		t.Errorf("infra-4: %+v", ts)
	}
	if ts := find(t, s, "model-1"); ts.How != ByHand || ts.Points != 0.5 || ts.Evidence != "docs/model-review.md" {
		t.Errorf("model-1: %+v", ts)
	}
	// The gate listed its own tests, so its kind's default does not apply
	// beyond them; the errored canary and the skipped repro count nothing.
	for _, id := range []string{"infra-6", "infra-1", "model-5"} {
		if ts := find(t, s, id); ts.How != Missing || ts.Points != 0 {
			t.Errorf("%s: %+v, want missing", id, ts)
		}
	}
	if len(s.Missing) != 28-7 { // 5 automated, 2 by hand
		t.Errorf("%d missing, want 21", len(s.Missing))
	}
	joined := strings.Join(s.Warnings, "\n")
	for _, want := range []string{"result canary (canary) has status error", "result repro (repro) has status skip"} {
		if !strings.Contains(joined, want) {
			t.Errorf("warnings lack %q:\n%s", want, joined)
		}
	}
}

func TestComputeMergesResultsPerTest(t *testing.T) {
	t.Parallel()
	s, err := Compute([]result.Result{
		res("z-data", "data", result.Pass),
		res("a-data", "data", result.Pass, "data-1", "data-1", "monitor-2"),
		res("other", "custom-tool", result.Pass), // unknown kind: no default
		res("typo", "data", result.Pass, "data-9", "Monitor-2"),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ts := find(t, s, "data-1"); fmt.Sprint(ts.By) != "[a-data z-data]" || ts.Points != 1 {
		t.Errorf("data-1: %+v", ts)
	}
	if ts := find(t, s, "monitor-2"); fmt.Sprint(ts.By) != "[a-data]" {
		t.Errorf("monitor-2: %+v", ts)
	}
	if got, want := sums(s), "data=1 model=0 infra=0 monitor=1"; got != want {
		t.Errorf("sums %s, want %s", got, want)
	}
	if s.Final != 0 || s.Band != "a research project" || fmt.Sprint(s.Lowest) != "[model infra]" {
		t.Errorf("final %v band %q lowest %v", s.Final, s.Band, s.Lowest)
	}
	if len(s.Warnings) != 2 || !strings.Contains(s.Warnings[0], `unknown ML test "data-9"`) {
		t.Errorf("warnings %q", s.Warnings)
	}
}

func TestComputeRejectsBadManual(t *testing.T) {
	t.Parallel()
	cases := map[string][]Manual{
		`unknown ML test "infra-8"`: {{Test: "infra-8", Evidence: "x.md"}},
		"evidence is empty":         {{Test: "infra-3", Evidence: ""}},
		"declared twice":            {{Test: "infra-3", Evidence: "a.md"}, {Test: "infra-3", Evidence: "b.md"}},
	}
	for want, manual := range cases {
		if _, err := Compute(nil, manual); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%v: error %v, want %q", manual, err, want)
		}
	}
	// The same declaration twice (from config and flags) is harmless.
	m := Manual{Test: "infra-3", Evidence: "a.md"}
	if s, err := Compute(nil, []Manual{m, m}); err != nil || find(t, s, "infra-3").Points != 0.5 {
		t.Errorf("repeated identical declaration: %v", err)
	}
}

func TestBand(t *testing.T) {
	t.Parallel()
	cases := []struct {
		final float64
		band  string
	}{
		{0, "a research project"},
		{0.5, "minimal testing, high risk"},
		{1, "minimal testing, high risk"},
		{1.5, "basic readiness"},
		{2, "basic readiness"},
		{2.5, "reasonably tested"},
		{3, "reasonably tested"},
		{3.5, "strong automation"},
		{5, "strong automation"},
		{5.5, "exceptional"},
		{7, "exceptional"},
	}
	for _, c := range cases {
		if got := Band(c.final); got != c.band {
			t.Errorf("Band(%v) = %q, want %q", c.final, got, c.band)
		}
	}
}

func TestComputeFullMarks(t *testing.T) {
	t.Parallel()
	var ids []string
	for _, tc := range Tests() {
		ids = append(ids, tc.ID)
	}
	s, err := Compute([]result.Result{res("all", "custom", result.Pass, ids...)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.Final != 7 || s.Band != "exceptional" || len(s.Missing) != 0 || len(s.Lowest) != 4 {
		t.Errorf("final %v band %q missing %d lowest %v", s.Final, s.Band, len(s.Missing), s.Lowest)
	}
}

// TestComputeInvariants checks the scoring rules on random inputs against
// an independent count: per test, automated by a result that ran beats
// manual beats nothing; sums add up; the final score is the minimum.
func TestComputeInvariants(t *testing.T) {
	t.Parallel()
	all := Tests()
	statuses := []result.Status{result.Pass, result.Warn, result.Fail, result.Error, result.Skip}
	pos := map[string]int{}
	for i, tc := range all {
		pos[tc.ID] = i
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := range 500 {
		var results []result.Result
		ranTests := map[string]bool{}
		for i := range rng.IntN(6) {
			st := statuses[rng.IntN(len(statuses))]
			var ids []string
			for range rng.IntN(5) {
				ids = append(ids, all[rng.IntN(len(all))].ID)
			}
			results = append(results, res(fmt.Sprintf("r%d", i), "custom", st, ids...))
			if ran(st) {
				for _, id := range ids {
					ranTests[id] = true
				}
			}
		}
		manualTests := map[string]bool{}
		var manual []Manual
		for _, tc := range all {
			if rng.IntN(4) == 0 {
				manual = append(manual, Manual{Test: tc.ID, Evidence: "docs/" + tc.ID + ".md"})
				manualTests[tc.ID] = true
			}
		}
		s, err := Compute(results, manual)
		if err != nil {
			t.Fatal(err)
		}
		lowest := 100.0
		missing := 0
		for i, sec := range s.Sections {
			want := 0.0
			for _, tc := range all[i*PerSection : (i+1)*PerSection] {
				switch {
				case ranTests[tc.ID]:
					want++
				case manualTests[tc.ID]:
					want += 0.5
				default:
					missing++
				}
			}
			if sec.Sum != want {
				t.Fatalf("iteration %d: section %s sum %v, want %v", iter, sec.Name, sec.Sum, want)
			}
			lowest = min(lowest, want)
		}
		if s.Final != lowest || len(s.Missing) != missing || s.Band != Band(lowest) {
			t.Fatalf("iteration %d: final %v (want %v), missing %d (want %d)", iter, s.Final, lowest, len(s.Missing), missing)
		}
		if !slices.IsSortedFunc(s.Missing, func(a, b Test) int { return pos[a.ID] - pos[b.ID] }) {
			t.Fatalf("iteration %d: missing tests out of order", iter)
		}
	}
}
