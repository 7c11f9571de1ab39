package series

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

func TestRegexParser(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, expr string
		lines      []string
		want       []Point
	}{
		{
			name: "first group, no step: points numbered from 0", expr: `loss=(\S+)`,
			lines: []string{"starting", "epoch 1 loss=0.9 acc=0.1", "loss=nan", "epoch 3 loss=inf", "done"},
			want:  []Point{{Step: 0, Value: 0.9}, {Step: 1, Value: nan}, {Step: 2, Value: inf}},
		},
		{
			name: "named loss and step groups", expr: `step (?P<step>\d+)/\d+ .*loss: (?P<loss>[-+0-9.eE]+|nan)`,
			lines: []string{"step 10/100 lr: 0.1 loss: 2.5", "step 20/100 lr: 0.1 loss: 1.5e-1", "eval loss: 9"},
			want:  []Point{{Step: 10, Value: 2.5}, {Step: 20, Value: 0.15}},
		},
		{
			name: "unnamed loss group after the step group", expr: `it=(?P<step>\d+) (\S+)`,
			lines: []string{"it=5 0.5", "it=6 0.25"},
			want:  []Point{{Step: 5, Value: 0.5}, {Step: 6, Value: 0.25}},
		},
		{
			name: "carriage-return progress bars and ANSI colors", expr: `loss=([0-9.]+)`,
			lines: []string{"\r 10%|# | loss=0.8\r 20%|## | loss=0.7\r", "\x1b[32mloss=\x1b[0m0.6"},
			want:  []Point{{Step: 0, Value: 0.8}, {Step: 1, Value: 0.7}, {Step: 2, Value: 0.6}},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p, err := NewRegexParser(tc.expr)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := p.Last(); ok {
				t.Error("Last before any line: want none")
			}
			for _, l := range tc.lines {
				p.Line(l)
			}
			assertPoints(t, p.Series(), "loss", tc.want)
			if last, ok := p.Last(); !ok || last.Step != tc.want[len(tc.want)-1].Step {
				t.Errorf("Last = %+v, %v", last, ok)
			}
			if err := p.Err(); err != nil {
				t.Errorf("Err = %v, want nil", err)
			}
		})
	}
}

func TestRegexParserBadMatches(t *testing.T) {
	t.Parallel()
	p, err := NewRegexParser(`loss=(\S+)(?: step=(?P<step>\S+))?`)
	if err != nil {
		t.Fatal(err)
	}
	p.Line("loss=1")
	p.Line("loss=abc")
	p.Line("loss=0.5 step=x")
	for range 10 {
		p.Line("loss=?")
	}
	p.Line("loss=0.25")
	assertPoints(t, p.Series(), "loss", []Point{{Step: 0, Value: 1}, {Step: 1, Value: 0.25}})
	err = p.Err()
	if err == nil {
		t.Fatal("Err = nil, want the skipped matches")
	}
	for _, want := range []string{"12 matches of the loss regex skipped", `output line 2: loss "abc" is not a number`, `output line 3: step: "x" is not an integer`, "and 7 more"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Err = %v, want it to contain %q", err, want)
		}
	}
}

func TestNewRegexParserErrors(t *testing.T) {
	t.Parallel()
	for expr, want := range map[string]string{
		`loss=\S+`:         "needs a capture group",
		`(?P<step>\d+)`:    "needs a capture group",
		`loss=(`:           "loss regex: error parsing regexp",
		`(?:loss)=(?:\S+)`: "needs a capture group",
	} {
		if _, err := NewRegexParser(expr); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("NewRegexParser(%q) = %v, want %q", expr, err, want)
		}
	}
}

func TestRegexParserConcurrent(t *testing.T) {
	t.Parallel()
	p, err := NewRegexParser(`loss=(\S+)`)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 250 {
				p.Line(fmt.Sprintf("g%d loss=%d", g, i))
				_, _ = p.Last()
			}
		})
	}
	wg.Wait()
	s := p.Series()
	if len(s.Points) != 1000 {
		t.Fatalf("got %d points, want 1000", len(s.Points))
	}
	for i, pt := range s.Points {
		if pt.Step != int64(i) {
			t.Fatalf("point %d has step %d", i, pt.Step)
		}
	}
}
