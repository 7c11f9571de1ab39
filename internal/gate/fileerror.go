package gate

import (
	"sort"
	"unicode/utf8"

	"github.com/mlgate/mlgate/internal/fileerr"
)

// FileError is a problem at a place in an input file ("file:line:col: msg").
type FileError = fileerr.Error

// lineIndex maps byte offsets of a document to lines and columns.
type lineIndex struct {
	data   []byte
	starts []int // byte offset where each line starts
}

func newLineIndex(data []byte) *lineIndex {
	starts := []int{0}
	for i, b := range data {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{data: data, starts: starts}
}

// position returns the 1-based line and column (in characters) of the byte
// at offset off, clamped to the document.
func (x *lineIndex) position(off int) (line, col int) {
	off = max(0, min(off, len(x.data)))
	i := sort.Search(len(x.starts), func(i int) bool { return x.starts[i] > off }) - 1
	return i + 1, utf8.RuneCount(x.data[x.starts[i]:off]) + 1
}

// line returns the 1-based line of the byte at offset off.
func (x *lineIndex) line(off int) int {
	l, _ := x.position(off)
	return l
}
