// Package repro is the library behind the repro gate: it compares the
// artifacts of two training runs (bytes first, then numerically for JSON,
// CSV and NumPy .npy files within a tolerance), names the likely causes
// when runs differ, and builds and compares reproducibility manifests
// (input hashes, git state, lock files, interpreter and library versions,
// reproducibility-relevant environment variables).
//
// The package runs no training command itself and produces no
// result.Result; the CLI turns its values into findings.
package repro
