package score

import (
	"encoding/json"
	"io"
)

// JSON writes the score as indented JSON: the [Score] fields with their
// json names (sections with every test, final, band, lowest, missing,
// warnings).
func JSON(w io.Writer, s Score) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(s)
}
