package report

import (
	"slices"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

func res(id string, s result.Status) result.Result {
	return result.Result{Version: 1, ID: id, Gate: "gate", Status: s}
}

func TestSummarize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		rs      []result.Result
		verdict result.Status
		failed  []string
		counts  map[result.Status]int
	}{
		{"no results", nil, result.Error, []string{}, map[result.Status]int{}},
		{"all skip", []result.Result{res("a", result.Skip), res("b", result.Skip)}, result.Skip, []string{},
			map[result.Status]int{result.Skip: 2}},
		{"skip does not hide a pass", []result.Result{res("a", result.Skip), res("b", result.Pass)}, result.Pass, []string{},
			map[result.Status]int{result.Skip: 1, result.Pass: 1}},
		{"warn", []result.Result{res("a", result.Pass), res("b", result.Warn)}, result.Warn, []string{},
			map[result.Status]int{result.Pass: 1, result.Warn: 1}},
		{"fail and error in report order", []result.Result{res("z", result.Fail), res("a", result.Pass), res("m", result.Error), res("b", result.Fail)},
			result.Error, []string{"m", "b", "z"}, map[result.Status]int{result.Fail: 2, result.Pass: 1, result.Error: 1}},
		{"unknown status counts as error", []result.Result{res("a", "bogus"), res("b", result.Pass)}, result.Error, []string{"a"},
			map[result.Status]int{result.Error: 1, result.Pass: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := Summarize(tt.rs)
			if s.Verdict != tt.verdict {
				t.Errorf("verdict = %q, want %q", s.Verdict, tt.verdict)
			}
			if s.Total != len(tt.rs) {
				t.Errorf("total = %d, want %d", s.Total, len(tt.rs))
			}
			if !slices.Equal(s.FailedGates, tt.failed) || s.FailedGates == nil {
				t.Errorf("failed gates = %#v, want %#v", s.FailedGates, tt.failed)
			}
			for _, st := range result.Statuses {
				got, ok := s.Counts[st]
				if !ok || got != tt.counts[st] {
					t.Errorf("counts[%s] = %d (present %v), want %d", st, got, ok, tt.counts[st])
				}
			}
		})
	}
}

func TestSort(t *testing.T) {
	t.Parallel()
	in := []result.Result{
		res("b-pass", result.Pass), res("a-skip", result.Skip), res("c-fail", result.Fail),
		res("a-warn", result.Warn), res("z-error", result.Error), res("a-fail", result.Fail), res("weird", "bogus"),
	}
	orig := slices.Clone(in)
	got := Sort(in)
	var ids []string
	for _, r := range got {
		ids = append(ids, r.ID)
	}
	want := []string{"weird", "z-error", "a-fail", "c-fail", "a-warn", "b-pass", "a-skip"}
	if !slices.Equal(ids, want) {
		t.Errorf("Sort order = %v, want %v", ids, want)
	}
	for i := range in {
		if in[i].ID != orig[i].ID {
			t.Fatalf("Sort modified its input")
		}
	}
}

func TestSortStableForEqualIDs(t *testing.T) {
	t.Parallel()
	a, b := res("same", result.Pass), res("same", result.Pass)
	a.Title, b.Title = "first", "second"
	got := Sort([]result.Result{a, b})
	if got[0].Title != "first" || got[1].Title != "second" {
		t.Errorf("equal results reordered: %q, %q", got[0].Title, got[1].Title)
	}
}
