// Package actions holds the GitHub Actions of mlgate: gate/ and report/
// (composite actions), install.sh that installs the binary for them, and the
// tests that check every action.yml and workflow file of the repository
// against the GitHub schemas. It has no Go API; see docs/github.md.
package actions
