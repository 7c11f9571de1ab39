package gate

import (
	"math"
	"strings"
	"testing"
)

func fp(f float64) *float64 { return &f }

func TestParseRule(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Rule
	}{
		{"accuracy >= 0.90", Rule{Text: "accuracy >= 0.90", Metric: "accuracy", Op: OpGE, Threshold: 0.9, Direction: HigherIsBetter}},
		{"  latency_ms<=50 ", Rule{Text: "latency_ms<=50", Metric: "latency_ms", Op: OpLE, Threshold: 50, Direction: LowerIsBetter}},
		{"eval.loss < 1e-3", Rule{Text: "eval.loss < 1e-3", Metric: "eval.loss", Op: OpLT, Threshold: 0.001, Direction: LowerIsBetter}},
		{"widgets > -2.5", Rule{Text: "widgets > -2.5", Metric: "widgets", Op: OpGT, Threshold: -2.5}},
		{"x <= +Inf", Rule{Text: "x <= +Inf", Metric: "x", Op: OpLE, Threshold: math.Inf(1)}},
		{"f1: max_drop=0.01", Rule{Text: "f1: max_drop=0.01", Metric: "f1", MaxDrop: fp(0.01), Direction: HigherIsBetter}},
		{"f1:max_drop = 0.01 , direction=lower", Rule{Text: "f1:max_drop = 0.01 , direction=lower", Metric: "f1", MaxDrop: fp(0.01), Direction: LowerIsBetter}},
		{"widgets: max_drop_pct=5 direction=Higher", Rule{Text: "widgets: max_drop_pct=5 direction=Higher", Metric: "widgets", MaxDropPct: fp(5), Direction: HigherIsBetter}},
		{"loss: max_drop=0,max_drop_pct=2", Rule{Text: "loss: max_drop=0,max_drop_pct=2", Metric: "loss", MaxDrop: fp(0), MaxDropPct: fp(2), Direction: LowerIsBetter}},
		{"folds.0.auc: max_drop=0.02", Rule{Text: "folds.0.auc: max_drop=0.02", Metric: "folds.0.auc", MaxDrop: fp(0.02), Direction: HigherIsBetter}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			got, err := ParseRule(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !rulesEqual(got, tt.want) {
				t.Errorf("ParseRule(%q) = %+v; want %+v", tt.in, got, tt.want)
			}
			if got.IsChange() != (tt.want.Op == "") {
				t.Errorf("IsChange() = %v", got.IsChange())
			}
		})
	}
}

func rulesEqual(a, b Rule) bool {
	ptrEq := func(x, y *float64) bool { return (x == nil) == (y == nil) && (x == nil || *x == *y) }
	return a.Text == b.Text && a.Metric == b.Metric && a.Op == b.Op && a.Threshold == b.Threshold &&
		ptrEq(a.MaxDrop, b.MaxDrop) && ptrEq(a.MaxDropPct, b.MaxDropPct) && a.Direction == b.Direction
}

func TestParseRuleErrors(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"", `rule "": empty rule`},
		{"   ", `rule "": empty rule`},
		{"accuracy 0.9", `rule "accuracy 0.9": missing operator`},
		{"f1 max_drop=0.01", `missing ':' between the metric name and max_drop`},
		{"f1 max_drop_pct = 1", `missing ':' between the metric name and max_drop_pct`},
		{"accuracy = 0.9", `rule "accuracy = 0.9": unsupported operator "="`},
		{"accuracy == 0.9", `unsupported operator "=="`},
		{"accuracy != 0.9", `unsupported operator "!="`},
		{"accuracy => 0.9", `unsupported operator "=>"`},
		{">= 0.9", `rule ">= 0.9": missing metric name`},
		{"accuracy >=", `rule "accuracy >=": missing number after ">="`},
		{"accuracy >= high", `rule "accuracy >= high": threshold "high": not a number`},
		{"accuracy >= 0.9, direction=higher", `threshold "0.9, direction=higher": not a number`},
		{"accuracy >= NaN", `threshold "NaN": NaN is not a threshold`},
		{"accuracy >> 0.9", `threshold "> 0.9": not a number`},
		{"eval accuracy >= 0.9", `metric name "eval accuracy" contains a space`},
		{"accuracy: >= 0.9", `a threshold takes no ':'; write NAME >= X`},
		{"f1: max_drop=0.1 <", `a threshold takes no ':'`},
		{"acc:uracy >= 0.9", `a threshold takes no ':'`},
		{"a,b: max_drop=0.1", `unexpected "," in metric name "a,b"`},
		{": max_drop=0.1", `rule ": max_drop=0.1": missing metric name`},
		{"f1:", `rule "f1:": no options after ':'`},
		{"f1: max_drop", `option "max_drop": want KEY=VALUE`},
		{"f1: =0.1", `option "=0.1": want KEY=VALUE`},
		{"f1: max_drop=", `option "max_drop" has no value`},
		{"f1: max_drop=abc", `max_drop=abc: not a number`},
		{"f1: slice=a, max_gap=-0.1", `max_gap=-0.1: want a finite number >= 0`},
		{"f1: max_drop_pct=inf", `max_drop_pct=inf: want a finite number`},
		{"f1: max_drop=0.1 max_drop=0.2", `option "max_drop" is given twice`},
		{"f1: max_dorp=0.1", `unknown option "max_dorp"; did you mean max_drop?`},
		{"f1: max_drop=0.1, direction=up", `direction=up: want direction=higher or direction=lower`},
		{"f1: direction=higher", `nothing to check; add min=X, max=X or max_drop=X`},
		{"widgets: max_drop=0.1", `rule "widgets: max_drop=0.1": cannot tell whether higher or lower is better for widgets; add direction=higher or direction=lower`},
		{"time_to_accuracy: max_drop=1", `cannot tell whether higher or lower is better for time_to_accuracy`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			t.Parallel()
			_, err := ParseRule(tt.in)
			if err == nil {
				t.Fatalf("ParseRule(%q) succeeded; want error containing %q", tt.in, tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ParseRule(%q) error = %q; want it to contain %q", tt.in, err, tt.want)
			}
			if quoted := `rule "` + strings.TrimSpace(tt.in) + `"`; !strings.HasPrefix(err.Error(), quoted) {
				t.Errorf("error %q does not start by quoting the rule", err)
			}
		})
	}
}

func TestInferDirection(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		want Direction
	}{
		{"accuracy", HigherIsBetter},
		{"val_acc", HigherIsBetter},
		{"eval.f1", HigherIsBetter},
		{"macro-f1", HigherIsBetter},
		{"test/auc", HigherIsBetter},
		{"ROUGE1", HigherIsBetter},
		{"ndcg@10", HigherIsBetter},
		{"r2_score", HigherIsBetter},
		{"val_loss", LowerIsBetter},
		{"error_rate", LowerIsBetter},
		{"latency_ms", LowerIsBetter},
		{"p99_latency", LowerIsBetter},
		{"train_time_s", LowerIsBetter},
		{"peak_memory_mb", LowerIsBetter},
		{"rmse", LowerIsBetter},
		{"eval.mse", LowerIsBetter},
		{"logloss", LowerIsBetter},
		{"neg_mean_squared_error", HigherIsBetter}, // scikit-learn negates errors
		{"neg_log_loss", HigherIsBetter},
		{"mse_msec", LowerIsBetter},
		{"msec", LowerIsBetter},
		{"mseloss", DirectionUnknown}, // tokens, not substrings
		{"accurate", DirectionUnknown},
		{"scores_per_s", DirectionUnknown}, // a rate
		{"time_to_accuracy", DirectionUnknown},
		{"widgets", DirectionUnknown},
		{"", DirectionUnknown},
	}
	for _, tt := range tests {
		if got := InferDirection(tt.name); got != tt.want {
			t.Errorf("InferDirection(%q) = %v; want %v", tt.name, got, tt.want)
		}
	}
}

func TestDirectionString(t *testing.T) {
	t.Parallel()
	for d, want := range map[Direction]string{HigherIsBetter: "higher", LowerIsBetter: "lower", DirectionUnknown: "unknown"} {
		if got := d.String(); got != want {
			t.Errorf("%d.String() = %q; want %q", d, got, want)
		}
	}
}
