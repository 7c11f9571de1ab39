package repro

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// npyFile is an open .npy file positioned at its data.
type npyFile struct {
	f *os.File
	h *npyHeader
}

// openNPY opens an .npy file of at most limit bytes and reads its header.
func openNPY(path string, limit int64) (*npyFile, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("reading npy %s: %w", path, err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("reading npy %s: %w", path, err)
	}
	if st.Size() > limit {
		f.Close()
		return nil, fmt.Errorf("reading npy %s: %d bytes is more than the %s compared numerically", path, st.Size(), sizeString(limit))
	}
	br := bufio.NewReader(f)
	h, err := readNPYHeader(br, st.Size())
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("reading npy %s: %w", path, err)
	}
	if _, err := f.Seek(h.DataOffset, io.SeekStart); err != nil {
		f.Close()
		return nil, fmt.Errorf("reading npy %s: %w", path, err)
	}
	return &npyFile{f: f, h: h}, nil
}

// compareNPY compares two .npy arrays element by element.
func compareNPY(a, b string, tol Tolerance, d *Diff) error {
	na, err := openNPY(a, MaxNPYBytes)
	if err != nil {
		return err
	}
	defer na.f.Close()
	nb, err := openNPY(b, MaxNPYBytes)
	if err != nil {
		return err
	}
	defer nb.f.Close()
	ha, hb := na.h, nb.h
	switch {
	case !ha.supported || !hb.supported:
		why := ha.unsupportedW
		if why == "" {
			why = hb.unsupportedW
		}
		d.Message = "bytes differ; " + why
		return nil
	case !slices.Equal(ha.Shape, hb.Shape):
		d.Message = fmt.Sprintf("shape %s in run A, %s in run B", shapeString(ha.Shape), shapeString(hb.Shape))
		return nil
	case ha.dtypeKey() != hb.dtypeKey():
		d.Message = fmt.Sprintf("dtype %s in run A, %s in run B", ha.Descr, hb.Descr)
		return nil
	}
	t := tally{tol: tol}
	var worst int64 = -1 // flat C-order index of the worst element
	if ha.Fortran == hb.Fortran {
		worst, err = compareNPYStream(na, nb, &t)
	} else {
		worst, err = compareNPYMixed(na, nb, &t)
	}
	if err != nil {
		return fmt.Errorf("comparing npy %s and %s: %w", a, b, err)
	}
	t.fill(d)
	if worst >= 0 {
		d.Where = elementWhere(ha.Shape, worst)
	}
	d.Same = t.bad == 0
	d.Message = t.summary(d.Where)
	return nil
}

// compareNPYStream compares two arrays of the same memory order in chunks
// and returns the C-order index of the worst element, or -1.
func compareNPYStream(na, nb *npyFile, t *tally) (int64, error) {
	size := na.h.itemSize
	cmp := na.h.elemDiff()
	chunk := (1 << 16) / size * size
	ba, bb := make([]byte, chunk), make([]byte, chunk)
	ra, rb := io.LimitReader(na.f, na.h.dataBytes), io.LimitReader(nb.f, nb.h.dataBytes)
	worstMem := int64(-1)
	var idx int64
	for left := na.h.dataBytes; left > 0; {
		n := int(min(int64(chunk), left))
		if _, err := io.ReadFull(ra, ba[:n]); err != nil {
			return -1, noEOF(err)
		}
		if _, err := io.ReadFull(rb, bb[:n]); err != nil {
			return -1, noEOF(err)
		}
		left -= int64(n)
		for off := 0; off < n; off += size {
			pa, pb := ba[off:off+size], bb[off:off+size]
			if bytes.Equal(pa, pb) {
				t.n++
			} else if t.add(cmp(pa, pb)) {
				worstMem = idx
			}
			idx++
		}
	}
	if worstMem < 0 || !na.h.Fortran {
		return worstMem, nil
	}
	return cIndex(na.h.Shape, fortranCoords(na.h.Shape, worstMem)), nil
}

// compareNPYMixed compares a C-order array with a Fortran-order one by
// logical position, reading both into memory (bounded by MaxNPYBytes).
func compareNPYMixed(na, nb *npyFile, t *tally) (int64, error) {
	da := make([]byte, na.h.dataBytes)
	if _, err := io.ReadFull(na.f, da); err != nil {
		return -1, noEOF(err)
	}
	db := make([]byte, nb.h.dataBytes)
	if _, err := io.ReadFull(nb.f, db); err != nil {
		return -1, noEOF(err)
	}
	shape := na.h.Shape
	size := int64(na.h.itemSize)
	cmp := na.h.elemDiff()
	coords := make([]int, len(shape))
	worst := int64(-1)
	for k := range na.h.count {
		offA, offB := k, fortranIndex(shape, coords)
		if na.h.Fortran {
			offA, offB = offB, k
		}
		pa, pb := da[offA*size:(offA+1)*size], db[offB*size:(offB+1)*size]
		if bytes.Equal(pa, pb) {
			t.n++
		} else if t.add(cmp(pa, pb)) {
			worst = k
		}
		for i := len(coords) - 1; i >= 0; i-- { // next C-order position
			coords[i]++
			if coords[i] < shape[i] {
				break
			}
			coords[i] = 0
		}
	}
	return worst, nil
}

// fortranCoords returns the coordinates of memory index k in Fortran order.
func fortranCoords(shape []int, k int64) []int {
	c := make([]int, len(shape))
	for i, n := range shape {
		c[i] = int(k % int64(n))
		k /= int64(n)
	}
	return c
}

// fortranIndex returns the Fortran-order memory index of coords.
func fortranIndex(shape, coords []int) int64 {
	var k int64
	for i := len(shape) - 1; i >= 0; i-- {
		k = k*int64(shape[i]) + int64(coords[i])
	}
	return k
}

// cIndex returns the C-order flat index of coords.
func cIndex(shape, coords []int) int64 {
	var k int64
	for i, n := range shape {
		k = k*int64(n) + int64(coords[i])
	}
	return k
}

// cCoords returns the coordinates of C-order flat index k.
func cCoords(shape []int, k int64) []int {
	c := make([]int, len(shape))
	for i := len(shape) - 1; i >= 0; i-- {
		c[i] = int(k % int64(shape[i]))
		k /= int64(shape[i])
	}
	return c
}

// elementWhere locates element k (C order) as "element [1, 2] (flat index 5)".
func elementWhere(shape []int, k int64) string {
	if len(shape) == 0 {
		return "the scalar"
	}
	c := cCoords(shape, k)
	parts := make([]string, len(c))
	for i, v := range c {
		parts[i] = strconv.Itoa(v)
	}
	return fmt.Sprintf("element [%s] (flat index %d)", strings.Join(parts, ", "), k)
}

// shapeString formats a shape as Python does: (3,), (2, 3), ().
func shapeString(shape []int) string {
	parts := make([]string, len(shape))
	for i, v := range shape {
		parts[i] = strconv.Itoa(v)
	}
	if len(parts) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// sizeString formats a byte count in GiB, MiB or bytes.
func sizeString(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GiB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
