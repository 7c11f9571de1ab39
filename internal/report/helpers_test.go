package report

import "fmt"

// fmtSscanf reads the numbers of a truncation note.
func fmtSscanf(note string, omitted, total *int) (int, error) {
	return fmt.Sscanf(note, "Report truncated: %d of %d bytes", omitted, total)
}
