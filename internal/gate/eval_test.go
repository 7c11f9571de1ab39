package gate

import (
	"math"
	"testing"

	"github.com/mlgate/mlgate/internal/result"
)

func TestJudgeChange(t *testing.T) {
	t.Parallel()
	inf := math.Inf(1)
	tests := []struct {
		name       string
		rule       string
		cand, base float64
		status     result.Status
		msg        string
	}{
		// Absolute, higher is better.
		{"abs higher within rounding", "acc: max_drop=0.01", 0.89, 0.90, result.Pass, "dropped 0.01 from 0.9 (-1.11%)"},
		{"abs higher over", "acc: max_drop=0.01", 0.879, 0.90, result.Fail, "dropped 0.021 from 0.9 (-2.33%); over max_drop=0.01"},
		{"abs higher improved", "acc: max_drop=0", 0.95, 0.90, result.Pass, "improved by 0.05 from 0.9 (+5.56%)"},
		{"abs higher unchanged", "acc: max_drop=0", 0.9, 0.9, result.Pass, "unchanged at 0.9"},
		// Absolute, lower is better: worse is an increase.
		{"abs lower over", "latency_ms: max_drop=1", 42, 40, result.Fail, "rose 2 from 40 (+5%); over max_drop=1"},
		{"abs lower within", "latency_ms: max_drop=2", 42, 40, result.Pass, "rose 2 from 40 (+5%)"},
		{"abs lower improved", "latency_ms: max_drop=0", 30, 40, result.Pass, "improved by 10 from 40 (-25%)"},
		{"abs direction override", "latency_ms: max_drop=1, direction=higher", 30, 40, result.Fail, "dropped 10 from 40 (-25%); over max_drop=1"},
		// Relative, both directions.
		{"pct higher over", "acc: max_drop_pct=1", 0.79, 0.80, result.Fail, "dropped 0.01 from 0.8 (-1.25%); over max_drop_pct=1"},
		{"pct higher within", "acc: max_drop_pct=2", 0.79, 0.80, result.Pass, "dropped 0.01 from 0.8 (-1.25%)"},
		{"pct higher at limit", "acc: max_drop_pct=1", 0.891, 0.90, result.Pass, "dropped 0.009 from 0.9 (-1%)"},
		{"pct lower at limit", "latency_ms: max_drop_pct=5", 42, 40, result.Pass, "rose 2 from 40 (+5%)"},
		{"pct lower over", "latency_ms: max_drop_pct=4", 42, 40, result.Fail, "rose 2 from 40 (+5%); over max_drop_pct=4"},
		{"pct negative baseline", "score: max_drop_pct=10", -1.2, -1, result.Fail, "dropped 0.2 from -1 (-20%); over max_drop_pct=10"},
		{"both limits, one over", "acc: max_drop=0.1, max_drop_pct=1", 0.88, 0.90, result.Fail, "dropped 0.02 from 0.9 (-2.22%); over max_drop_pct=1"},
		{"both limits, both over", "acc: max_drop=0.01 max_drop_pct=1", 0.88, 0.90, result.Fail, "dropped 0.02 from 0.9 (-2.22%); over max_drop=0.01 and max_drop_pct=1"},
		// A negative limit demands an improvement (MLflow's min_absolute_change).
		{"must improve, did", "acc: max_drop=-0.02", 0.93, 0.90, result.Pass, "improved by 0.03 from 0.9 (+3.33%)"},
		{"must improve, too little", "acc: max_drop=-0.05", 0.93, 0.90, result.Fail, "improved by 0.03 from 0.9 (+3.33%); over max_drop=-0.05 (want an improvement of at least 0.05)"},
		{"must improve pct, too little", "latency_ms: max_drop_pct=-10", 38, 40, result.Fail, "improved by 2 from 40 (-5%); over max_drop_pct=-10 (want an improvement of at least 10%)"},
		{"must improve pct, did", "latency_ms: max_drop_pct=-10", 30, 40, result.Pass, "improved by 10 from 40 (-25%)"},
		// Zero baseline: never divide by zero.
		{"zero base worse", "loss: max_drop_pct=50", 0.5, 0, result.Fail, "rose 0.5 from 0; over max_drop_pct=50 (any worsening from a zero baseline fails)"},
		{"zero base unchanged", "loss: max_drop_pct=50", 0, 0, result.Pass, "unchanged at 0"},
		{"zero base improved", "loss: max_drop_pct=0", -0.1, 0, result.Pass, "improved by 0.1 from 0"},
		{"zero base higher worse", "acc: max_drop_pct=100", -1, 0, result.Fail, "dropped 1 from 0; over max_drop_pct=100 (any worsening from a zero baseline fails)"},
		// Infinities compare normally.
		{"inf unchanged", "loss: max_drop=0", inf, inf, result.Pass, "unchanged at +Inf"},
		{"to -inf", "acc: max_drop=0.1", -inf, 0.9, result.Fail, "dropped +Inf from 0.9 (-Inf%); over max_drop=0.1"},
		{"to +inf pct", "loss: max_drop_pct=10", inf, 2, result.Fail, "rose +Inf from 2 (+Inf%); over max_drop_pct=10"},
		{"from +inf", "loss: max_drop=0", 3, inf, result.Pass, "improved by +Inf from +Inf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := ParseRule(tt.rule)
			if err != nil {
				t.Fatal(err)
			}
			m := evaluate(r, observation{cand: &tt.cand, base: &tt.base, state: baselineLoaded, basePath: "base.json"})
			if m.Status != tt.status || m.Message != tt.msg {
				t.Errorf("got %s %q; want %s %q", m.Status, m.Message, tt.status, tt.msg)
			}
			wantDelta := tt.cand - tt.base
			if tt.cand == tt.base {
				wantDelta = 0
			}
			if m.Delta == nil || float64(*m.Delta) != wantDelta {
				t.Errorf("delta = %v; want %v", m.Delta, wantDelta)
			}
			if m.Value == nil || float64(*m.Value) != tt.cand || m.Baseline == nil || float64(*m.Baseline) != tt.base {
				t.Errorf("value/baseline = %v/%v; want %v/%v", m.Value, m.Baseline, tt.cand, tt.base)
			}
			if m.Rule != r.Text || m.Name != r.Metric {
				t.Errorf("rule/name = %q/%q", m.Rule, m.Name)
			}
		})
	}
}

func TestJudgeThresholdAndSpecialValues(t *testing.T) {
	t.Parallel()
	nan, inf := math.NaN(), math.Inf(1)
	base := 0.9
	tests := []struct {
		name   string
		rule   string
		obs    observation
		status result.Status
		msg    string
	}{
		{"ge pass", "accuracy >= 0.90", observation{cand: fp(0.93)}, result.Pass, "0.93 >= 0.9"},
		{"ge equal", "accuracy >= 0.90", observation{cand: fp(0.9)}, result.Pass, "0.9 >= 0.9"},
		{"ge fail", "accuracy >= 0.90", observation{cand: fp(0.87)}, result.Fail, "0.87 < 0.9 (want >= 0.9)"},
		{"gt fail at equal", "accuracy > 0.9", observation{cand: fp(0.9)}, result.Fail, "0.9 <= 0.9 (want > 0.9)"},
		{"le fail", "latency_ms <= 50", observation{cand: fp(51)}, result.Fail, "51 > 50 (want <= 50)"},
		{"lt pass", "latency_ms < 50", observation{cand: fp(49.5)}, result.Pass, "49.5 < 50"},
		{"inf compares", "latency_ms <= 50", observation{cand: &inf}, result.Fail, "+Inf > 50 (want <= 50)"},
		{"nan threshold", "accuracy >= 0", observation{cand: &nan}, result.Fail, "value is NaN"},
		{"nan le", "loss <= 100", observation{cand: &nan}, result.Fail, "value is NaN"},
		{"nan change", "loss: max_drop=100", observation{cand: &nan, base: &base, state: baselineLoaded}, result.Fail, "value is NaN"},
		{"nan baseline", "loss: max_drop=1", observation{cand: fp(1), base: &nan, state: baselineLoaded, basePath: "b.json"}, result.Warn, "baseline is NaN in b.json: nothing to compare with"},
		{"no baseline set", "f1: max_drop=0.01", observation{cand: fp(0.8)}, result.Warn, "no baseline: first run (--baseline not set)"},
		{"baseline absent", "f1: max_drop=0.01", observation{cand: fp(0.8), state: baselineAbsent, basePath: "b.json"}, result.Warn, "no baseline: first run (b.json does not exist)"},
		{"missing from baseline", "f1: max_drop=0.01", observation{cand: fp(0.8), state: baselineLoaded, basePath: "b.json"}, result.Fail, "missing from baseline b.json"},
		{"missing from candidate", "f1 >= 0.5", observation{base: &base, state: baselineLoaded, basePath: "b.json"}, result.Fail, "missing from candidate (baseline b.json has 0.9)"},
		{"threshold ignores missing baseline", "f1 >= 0.5", observation{cand: fp(0.8), state: baselineLoaded}, result.Pass, "0.8 >= 0.5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r, err := ParseRule(tt.rule)
			if err != nil {
				t.Fatal(err)
			}
			m := evaluate(r, tt.obs)
			if m.Status != tt.status || m.Message != tt.msg {
				t.Errorf("got %s %q; want %s %q", m.Status, m.Message, tt.status, tt.msg)
			}
			if (m.Value == nil) != (tt.obs.cand == nil) {
				t.Errorf("value = %v; want presence %v", m.Value, tt.obs.cand != nil)
			}
		})
	}
}
