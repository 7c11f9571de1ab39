// Package actions holds the GitHub Actions of mlgate: one composite action
// per gate (data/, smoke/, repro/, eval/, gate/, canary/, monitor/), report/,
// and run/ for the root action.yml, which runs the whole pipeline of
// mlgate.yaml. install.sh installs the binary for all of them and lib.sh holds
// the helpers their scripts share.
//
// It has no Go API. Its tests check every action.yml and workflow of the
// repository against the GitHub schemas, the docs pages in docs/actions
// against the action.yml files, the flags the scripts pass against the
// mlgate CLI, and run the scripts against a stand-in mlgate. The example
// workflows of the docs live in testdata/workflows; see docs/actions/README.md.
package actions
