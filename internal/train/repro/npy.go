package repro

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/mlgate/mlgate/internal/train/internal/float16"
)

// npyHeader is the parsed header of a NumPy .npy file.
type npyHeader struct {
	Descr        string // as written, for example "<f8"
	Fortran      bool
	Shape        []int
	DataOffset   int64 // where the array data starts
	itemSize     int
	order        binary.ByteOrder
	kind         byte // 'f', 'i', 'u' or 'b'
	supported    bool
	count        int64 // number of elements
	dataBytes    int64
	unsupportedW string // why the dtype is not supported
}

// npyMagic starts every .npy file.
const npyMagic = "\x93NUMPY"

// maxNPYHeader bounds the header length of format versions 2 and 3.
const maxNPYHeader = 1 << 20

// readNPYHeader reads the header of an .npy file of the given size.
func readNPYHeader(r io.Reader, size int64) (*npyHeader, error) {
	var pre [10]byte
	if _, err := io.ReadFull(r, pre[:8]); err != nil {
		return nil, fmt.Errorf("reading the magic: %w", noEOF(err))
	}
	if string(pre[:6]) != npyMagic {
		return nil, errors.New(`not a NumPy .npy file: the magic "\x93NUMPY" is missing`)
	}
	major, minor := pre[6], pre[7]
	var hlen, off int64
	switch major {
	case 1:
		if _, err := io.ReadFull(r, pre[8:10]); err != nil {
			return nil, fmt.Errorf("reading the header length: %w", noEOF(err))
		}
		hlen, off = int64(binary.LittleEndian.Uint16(pre[8:10])), 10
	case 2, 3:
		var l [4]byte
		if _, err := io.ReadFull(r, l[:]); err != nil {
			return nil, fmt.Errorf("reading the header length: %w", noEOF(err))
		}
		hlen, off = int64(binary.LittleEndian.Uint32(l[:])), 12
		if hlen > maxNPYHeader {
			return nil, fmt.Errorf("header of %d bytes is longer than the %d allowed", hlen, maxNPYHeader)
		}
	default:
		return nil, fmt.Errorf("format version %d.%d is not supported (1.0, 2.0 and 3.0 are)", major, minor)
	}
	if off+hlen > size {
		return nil, fmt.Errorf("header of %d bytes runs past the end of the file (%d bytes)", hlen, size)
	}
	buf := make([]byte, hlen)
	if _, err := io.ReadFull(r, buf); err != nil {
		return nil, fmt.Errorf("reading the header: %w", noEOF(err))
	}
	h, err := parseNPYDict(string(buf))
	if err != nil {
		return nil, fmt.Errorf("header %q: %w", strings.TrimSpace(string(buf)), err)
	}
	h.DataOffset = off + hlen
	if !h.supported {
		return h, nil
	}
	h.count = 1
	for _, n := range h.Shape {
		if n < 0 {
			return nil, fmt.Errorf("negative dimension in shape %v", h.Shape)
		}
		if n > 0 && h.count > MaxNPYBytes/int64(n) {
			return nil, fmt.Errorf("shape %v is larger than %d GiB", h.Shape, MaxNPYBytes>>30)
		}
		h.count *= int64(n)
	}
	h.dataBytes = h.count * int64(h.itemSize)
	if got := size - h.DataOffset; got != h.dataBytes {
		return nil, fmt.Errorf("shape %v of %s needs %d data bytes, the file has %d (truncated or trailing data)",
			h.Shape, h.Descr, h.dataBytes, got)
	}
	return h, nil
}

// noEOF turns a premature EOF into a readable error.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("the file ends too early")
	}
	return err
}

// parseNPYDict parses the header dictionary, a Python literal like
// {'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }.
func parseNPYDict(s string) (*npyHeader, error) {
	p := &pyLit{s: s}
	v, err := p.value()
	if err != nil {
		return nil, err
	}
	p.ws()
	if p.i < len(p.s) {
		return nil, fmt.Errorf("unexpected %q after the dictionary", p.s[p.i:])
	}
	d, ok := v.(map[string]any)
	if !ok {
		return nil, errors.New("not a dictionary")
	}
	h := &npyHeader{}
	switch fo := d["fortran_order"].(type) {
	case bool:
		h.Fortran = fo
	default:
		return nil, errors.New("fortran_order is missing or not True/False")
	}
	shape, ok := d["shape"].([]any)
	if !ok {
		return nil, errors.New("shape is missing or not a tuple")
	}
	for _, n := range shape {
		i, ok := n.(int)
		if !ok {
			return nil, fmt.Errorf("shape %v holds a non-integer", shape)
		}
		h.Shape = append(h.Shape, i)
	}
	switch descr := d["descr"].(type) {
	case string:
		h.Descr = descr
		parseDescr(h)
	case []any:
		h.Descr = "structured"
		h.unsupportedW = "structured dtypes are not compared numerically"
	default:
		return nil, errors.New("descr is missing")
	}
	return h, nil
}

// parseDescr fills the dtype fields of h from h.Descr.
func parseDescr(h *npyHeader) {
	d := h.Descr
	if len(d) < 3 {
		h.unsupportedW = fmt.Sprintf("dtype %q is not supported", d)
		return
	}
	switch d[0] {
	case '<', '|', '=': // '=' is native order; every platform Go runs this on is little-endian
		h.order = binary.LittleEndian
	case '>':
		h.order = binary.BigEndian
	default:
		h.unsupportedW = fmt.Sprintf("dtype %q has no byte order", d)
		return
	}
	size, err := strconv.Atoi(d[2:])
	if err != nil {
		h.unsupportedW = fmt.Sprintf("dtype %q is not supported", d)
		return
	}
	h.kind, h.itemSize = d[1], size
	ok := false
	switch h.kind {
	case 'f':
		ok = size == 2 || size == 4 || size == 8
	case 'i', 'u':
		ok = size == 1 || size == 2 || size == 4 || size == 8
	case 'b':
		ok = size == 1
	}
	if !ok {
		h.unsupportedW = fmt.Sprintf("dtype %q is not compared numerically (supported: float 2/4/8, int and uint 1/2/4/8, bool)", d)
		return
	}
	h.supported = true
}

// dtypeKey normalises a supported dtype for comparison: byte order matters
// only for items wider than one byte.
func (h *npyHeader) dtypeKey() string {
	if h.itemSize == 1 {
		return h.Descr[1:]
	}
	if h.order == binary.BigEndian {
		return ">" + h.Descr[1:]
	}
	return "<" + h.Descr[1:]
}

// pyLit parses the Python literals found in .npy headers: dicts, tuples,
// lists, strings, integers, True, False and None.
type pyLit struct {
	s     string
	i     int
	depth int
}

func (p *pyLit) ws() {
	for p.i < len(p.s) && strings.ContainsRune(" \t\r\n", rune(p.s[p.i])) {
		p.i++
	}
}

func (p *pyLit) value() (any, error) {
	p.ws()
	if p.i >= len(p.s) {
		return nil, errors.New("unexpected end of the header")
	}
	if p.depth > 64 {
		return nil, errors.New("header nests too deeply")
	}
	switch c := p.s[p.i]; {
	case c == '{':
		return p.seq('}', true)
	case c == '(':
		return p.seq(')', false)
	case c == '[':
		return p.seq(']', false)
	case c == '\'' || c == '"':
		j := strings.IndexByte(p.s[p.i+1:], c)
		if j < 0 {
			return nil, errors.New("unterminated string")
		}
		v := p.s[p.i+1 : p.i+1+j]
		p.i += j + 2
		return v, nil
	case c == '-' || (c >= '0' && c <= '9'):
		j := p.i + 1
		for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
			j++
		}
		n, err := strconv.Atoi(p.s[p.i:j])
		if err != nil {
			return nil, fmt.Errorf("bad integer %q", p.s[p.i:j])
		}
		p.i = j
		return n, nil
	}
	for _, w := range []struct {
		word string
		v    any
	}{{"True", true}, {"False", false}, {"None", nil}} {
		if strings.HasPrefix(p.s[p.i:], w.word) {
			p.i += len(w.word)
			return w.v, nil
		}
	}
	return nil, fmt.Errorf("unexpected %q", p.s[p.i:min(len(p.s), p.i+10)])
}

// seq parses a dict (when dict) or a tuple/list up to the closing byte.
func (p *pyLit) seq(closing byte, dict bool) (any, error) {
	p.i++
	p.depth++
	defer func() { p.depth-- }()
	m := map[string]any{}
	var list []any
	for {
		p.ws()
		if p.i < len(p.s) && p.s[p.i] == closing {
			p.i++
			if dict {
				return m, nil
			}
			return list, nil
		}
		v, err := p.value()
		if err != nil {
			return nil, err
		}
		if dict {
			k, ok := v.(string)
			if !ok {
				return nil, errors.New("dictionary key is not a string")
			}
			p.ws()
			if p.i >= len(p.s) || p.s[p.i] != ':' {
				return nil, fmt.Errorf("expected ':' after key %q", k)
			}
			p.i++
			if v, err = p.value(); err != nil {
				return nil, err
			}
			m[k] = v
		} else {
			list = append(list, v)
		}
		p.ws()
		if p.i >= len(p.s) {
			return nil, errors.New("unexpected end of the header")
		}
		switch p.s[p.i] {
		case ',':
			p.i++
		case closing:
		default:
			return nil, fmt.Errorf("expected ',' or %q, got %q", closing, p.s[p.i])
		}
	}
}

// elemDiff returns the comparison function for one element of dtype h:
// |a-b| and |b| under the rules of [absDiff]. Integers of 8 bytes are
// compared exactly before any rounding to float64.
func (h *npyHeader) elemDiff() func(pa, pb []byte) (float64, float64) {
	o := h.order
	switch h.kind {
	case 'f':
		switch h.itemSize {
		case 2:
			return func(pa, pb []byte) (float64, float64) {
				return absDiff(float16.ToFloat64(o.Uint16(pa)), float16.ToFloat64(o.Uint16(pb)))
			}
		case 4:
			return func(pa, pb []byte) (float64, float64) {
				return absDiff(float64(math.Float32frombits(o.Uint32(pa))), float64(math.Float32frombits(o.Uint32(pb))))
			}
		default:
			return func(pa, pb []byte) (float64, float64) {
				return absDiff(math.Float64frombits(o.Uint64(pa)), math.Float64frombits(o.Uint64(pb)))
			}
		}
	case 'i':
		switch h.itemSize {
		case 1:
			return func(pa, pb []byte) (float64, float64) { return absDiff(float64(int8(pa[0])), float64(int8(pb[0]))) }
		case 2:
			return func(pa, pb []byte) (float64, float64) {
				return absDiff(float64(int16(o.Uint16(pa))), float64(int16(o.Uint16(pb))))
			}
		case 4:
			return func(pa, pb []byte) (float64, float64) {
				return absDiff(float64(int32(o.Uint32(pa))), float64(int32(o.Uint32(pb))))
			}
		default:
			return func(pa, pb []byte) (float64, float64) {
				a, b := int64(o.Uint64(pa)), int64(o.Uint64(pb))
				ref := math.Abs(float64(b))
				switch {
				case a == b:
					return 0, ref
				case a > b:
					return float64(uint64(a) - uint64(b)), ref
				}
				return float64(uint64(b) - uint64(a)), ref
			}
		}
	case 'u':
		switch h.itemSize {
		case 1:
			return func(pa, pb []byte) (float64, float64) { return absDiff(float64(pa[0]), float64(pb[0])) }
		case 2:
			return func(pa, pb []byte) (float64, float64) { return absDiff(float64(o.Uint16(pa)), float64(o.Uint16(pb))) }
		case 4:
			return func(pa, pb []byte) (float64, float64) { return absDiff(float64(o.Uint32(pa)), float64(o.Uint32(pb))) }
		default:
			return func(pa, pb []byte) (float64, float64) {
				a, b := o.Uint64(pa), o.Uint64(pb)
				if a >= b {
					return float64(a - b), float64(b)
				}
				return float64(b - a), float64(b)
			}
		}
	}
	// bool: any non-zero byte is true
	return func(pa, pb []byte) (float64, float64) {
		a, b := 0.0, 0.0
		if pa[0] != 0 {
			a = 1
		}
		if pb[0] != 0 {
			b = 1
		}
		return absDiff(a, b)
	}
}
