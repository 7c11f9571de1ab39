package repro

import (
	"bytes"
	"testing"
)

func FuzzParseJSON(f *testing.F) {
	for _, s := range []string{`{"a": [1, 2.5e3, NaN, -Infinity, "x\u00e9"]}`, `[`, `{"a":}`, `-0.0`, `"\ud800"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		v, err := parseJSON(data)
		if err == nil && v == nil {
			t.Fatal("nil value without an error")
		}
	})
}

func FuzzReadNPYHeader(f *testing.F) {
	f.Add(encodeNPY(f, npySpec{descr: "<f8", shape: []int{2, 3}, values: make([]float64, 6)}))
	f.Add(encodeNPY(f, npySpec{version: 3, descr: "|b1", fortran: true, shape: []int{1}, values: []float64{1}}))
	f.Add([]byte("\x93NUMPY\x01\x00\x05\x00{'a':"))
	f.Fuzz(func(t *testing.T, data []byte) {
		h, err := readNPYHeader(bytes.NewReader(data), int64(len(data)))
		if err != nil || !h.supported {
			return
		}
		if h.DataOffset+h.dataBytes != int64(len(data)) {
			t.Fatalf("accepted a header whose data (%d at %d) does not fill the %d-byte file", h.dataBytes, h.DataOffset, len(data))
		}
	})
}
