package gate

import (
	"strings"
	"unicode"
)

// Direction says whether higher or lower values of a metric are better.
type Direction int

// Directions.
const (
	// DirectionUnknown means the direction was neither given nor inferred.
	DirectionUnknown Direction = iota
	// HigherIsBetter is for metrics such as accuracy or AUC.
	HigherIsBetter
	// LowerIsBetter is for metrics such as loss, error or latency.
	LowerIsBetter
)

// String returns "higher", "lower" or "unknown", the spelling of the
// direction= rule option.
func (d Direction) String() string {
	switch d {
	case HigherIsBetter:
		return "higher"
	case LowerIsBetter:
		return "lower"
	}
	return "unknown"
}

// lowerTokens are name tokens of metrics where lower is better.
var lowerTokens = tokenSet(`loss error errors err latency time duration ms msec us usec ns sec secs s seconds
	memory mem rss size bytes kb mb gb kib mib gib rmse mse mae mape smape rmsle msle perplexity ppl
	logloss nll brier cost wer cer ter fpr fnr far frr eer divergence kl distance`)

// higherTokens are name tokens of metrics where higher is better.
var higherTokens = tokenSet(`accuracy acc f1 fbeta f2 auc auroc roc aupr auprc pr precision recall r2 map
	ndcg mrr iou miou dice bleu rouge rougel meteor chrf score throughput qps rps tpr tnr
	specificity sensitivity hit hits hitrate top1 top5 top10 kappa mcc coverage ap bertscore`)

func tokenSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, t := range strings.Fields(s) {
		m[t] = true
	}
	return m
}

// nameTokens splits a metric name into lower-case tokens on . _ - / and spaces.
func nameTokens(name string) []string {
	return strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return r == '.' || r == '_' || r == '-' || r == '/' || unicode.IsSpace(r)
	})
}

// InferDirection guesses from the tokens of name whether higher or lower is
// better. Tokens are the parts of the name split on . _ - / (so "mse" does
// not match "msec"); a token with a numeric suffix such as "rouge1" or
// "top5" also matches without it. It returns DirectionUnknown when no token
// is known, tokens disagree ("time_to_accuracy") or the name is a rate
// ("tokens_per_s"). A leading "neg" token,
// as in scikit-learn's "neg_mean_squared_error", flips the result.
func InferDirection(name string) Direction {
	toks := nameTokens(name)
	var higher, lower bool
	for _, t := range toks {
		if t == "per" { // a rate: tokens_per_s is higher-better, errors_per_s lower-better
			return DirectionUnknown
		}
		for _, c := range []string{t, strings.TrimRight(t, "0123456789@")} {
			higher = higher || higherTokens[c]
			lower = lower || lowerTokens[c]
		}
	}
	d := DirectionUnknown
	switch {
	case higher && !lower:
		d = HigherIsBetter
	case lower && !higher:
		d = LowerIsBetter
	}
	if len(toks) > 0 && (toks[0] == "neg" || toks[0] == "negative") {
		switch d {
		case HigherIsBetter:
			d = LowerIsBetter
		case LowerIsBetter:
			d = HigherIsBetter
		}
	}
	return d
}
