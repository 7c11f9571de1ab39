package score

// defaultTests maps a gate kind to the tests that every run of that gate
// performs, whatever its flags. Tests that depend on how a gate is
// configured (a golden set, a slice rule, serving data) are not here: the
// gate declares them in its result's MLTests. docs/ml-test-score.md explains
// each choice.
var defaultTests = map[string][]string{
	// validate checks every row and the dataset against the schema learned
	// from training data.
	"data": {"data-1"},
	// A few training steps must make the loss go down (the paper's
	// algorithmic-correctness unit test), and NaN or Inf losses fail.
	"smoke": {"infra-2", "monitor-5"},
	// Training twice on the same data must give the same artifacts.
	"repro": {"infra-1"},
	// Thresholds and baseline comparisons before the model ships.
	"gate": {"infra-4"},
	// The new model version loads and answers in the serving stack before
	// it takes all the traffic.
	"canary": {"infra-6"},
	// Serving inputs checked against the training schema and distribution.
	"monitor": {"monitor-2", "monitor-3"},
}

// DefaultTests returns the ids of the tests that a result of the given gate
// kind ("data", "smoke", "repro", "gate", "canary", "monitor") automates when
// it does not list its own MLTests. An unknown kind automates none. Gate
// authors can start a result's MLTests from it and add the tests that their
// options turned on.
func DefaultTests(kind string) []string {
	return append([]string(nil), defaultTests[kind]...)
}
