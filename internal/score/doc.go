// Package score computes the ML Test Score of Breck et al. (2017), "The ML
// Test Score: A Rubric for ML Production Readiness and Technical Debt
// Reduction": 28 tests, seven in each of four sections (data, model,
// infrastructure, monitoring).
//
// A test automated by an mlgate gate that ran (a result with status pass,
// warn or fail) counts 1 point; a test that the team declares as done by
// hand, with a link to its evidence ([Manual]), counts 0.5; automated wins
// over manual. A section's score is the sum of its tests' points and the
// final score is the lowest section score, interpreted by [Band].
//
// Which tests a result automated is the result's MLTests list; a result
// without one falls back to [DefaultTests] of its gate kind. See
// docs/ml-test-score.md.
package score
