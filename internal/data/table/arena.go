package table

import "unsafe"

// arenaChunk is the size of one block of a stringArena. A string that a
// consumer keeps pins its whole block, so blocks stay small; the consumers
// in this module that keep values (finding examples, exact value counts)
// copy them.
const arenaChunk = 64 << 10

// stringArena turns the bytes of many records into strings with one
// allocation per block instead of one per record. Bytes are only ever
// appended to a block, never overwritten, so the strings it returns are
// immutable and stay valid for as long as they are referenced, exactly
// like the result of string(b).
type stringArena struct {
	buf []byte
}

// text returns a string holding a copy of b.
func (a *stringArena) text(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if cap(a.buf)-len(a.buf) < len(b) {
		a.buf = make([]byte, 0, max(arenaChunk, len(b)))
	}
	off := len(a.buf)
	a.buf = append(a.buf, b...)
	// The bytes at [off, off+len(b)) are never written again.
	return unsafe.String(&a.buf[off], len(b))
}
