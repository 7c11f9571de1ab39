package series

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestMaskedCRCKnownValues(t *testing.T) {
	t.Parallel()
	// CRC-32C("123456789") = 0xe3069283 (RFC 3720 check value); masked by
	// ((c>>15)|(c<<17)) + 0xa282ead8, computed offline.
	if got := maskedCRC([]byte("123456789")); got != 0xc78ab0e5 {
		t.Errorf("maskedCRC(123456789) = %#x, want 0xc78ab0e5", got)
	}
	if got := testMaskedCRC([]byte("123456789")); got != 0xc78ab0e5 {
		t.Errorf("test encoder CRC = %#x, want 0xc78ab0e5", got)
	}
}

func TestFromTFEventsScalarForms(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	// The first file: simple_value (tensorboardX, PyTorch) with the plugin
	// metadata only on the first value, other tags and an image mixed in.
	writeFile(t, dir, "events.out.tfevents.1700000000.host.1.0", records(
		versionEvent(),
		event(1700000001.5, 0, simpleValue("loss", 2.5, true), simpleValue("lr", 0.1, true)),
		event(1700000002.5, 1, simpleValue("lr", 0.1, false), simpleValue("loss", 1.25, false)),
		event(1700000003.5, 2, imageValue("samples")),
		event(1700000004.5, 2, simpleValue("loss", float32(math.NaN()), false)),
	))
	// The second file (sorted after the first): tensors as TF2 writes them
	// and in every other encoding a writer may choose.
	writeFile(t, dir, "events.out.tfevents.1700000100.host.1.0", records(
		versionEvent(),
		event(10, 3, tensorValue("loss", floatPacked(1.0), true)),
		event(11, 4, tensorValue("loss", floatUnpacked(0.75), false)),
		event(12, 5, tensorValue("loss", floatContent(0.5), false)),
		event(13, 6, tensorValue("loss", doublePacked(0.125), false)),
		event(14, 7, tensorValue("loss", doubleUnpacked(0.0625), false)),
		event(15, 8, tensorValue("loss", doubleContent(math.Inf(1)), false)),
		event(16, 9, tensorValue("loss", halfVal(0x3800), false)), // half 0.5
		event(17, 10, tensorValue("loss", int64Val(-3), false)),
		event(18, 11, tensorValue("other", floatPacked(9), true)),
	))
	writeFile(t, dir, "not-an-event-file.txt", []byte("ignored"))

	s, err := FromTFEvents(dir, "loss")
	if err != nil {
		t.Fatal(err)
	}
	want := []Point{
		{0, 2.5, 1700000001.5}, {1, 1.25, 1700000002.5}, {2, math.NaN(), 1700000004.5},
		{3, 1, 10}, {4, 0.75, 11}, {5, 0.5, 12}, {6, 0.125, 13}, {7, 0.0625, 14},
		{8, math.Inf(1), 15}, {9, 0.5, 16}, {10, -3, 17},
	}
	assertPoints(t, s, "loss", want)
}

func TestFromTFEventsOneFileAndLargeStep(t *testing.T) {
	t.Parallel()
	p := writeFile(t, t.TempDir(), "events.out.tfevents.1.x", records(
		event(1, 1<<40, simpleValue("train/loss", 0.5, true)),
	))
	s, err := FromTFEvents(p, "train/loss")
	if err != nil {
		t.Fatal(err)
	}
	assertPoints(t, s, "train/loss", []Point{{1 << 40, 0.5, 1}})
}

func TestFromTFEventsTruncatedTail(t *testing.T) {
	t.Parallel()
	head := records(versionEvent(), event(1, 0, simpleValue("loss", 3, true)), event(2, 1, simpleValue("loss", 2, false)))
	last := record(event(3, 2, simpleValue("loss", 1, false)))
	dir := t.TempDir()
	// Every cut inside the last record ends the series cleanly after step 1.
	for cut := 1; cut < len(last); cut++ {
		p := writeFile(t, dir, "events.out.tfevents.1.x", append(append([]byte(nil), head...), last[:cut]...))
		s, err := FromTFEvents(p, "loss")
		if err != nil {
			t.Fatalf("cut at %d of %d: %v", cut, len(last), err)
		}
		if len(s.Points) != 2 || s.Points[1].Value != 2 {
			t.Fatalf("cut at %d: got %+v, want the two complete points", cut, s.Points)
		}
	}
	p := writeFile(t, dir, "events.out.tfevents.1.x", append(append([]byte(nil), head...), last...))
	if s, err := FromTFEvents(p, "loss"); err != nil || len(s.Points) != 3 {
		t.Fatalf("whole file: %v, %+v", err, s)
	}
}

func TestFromTFEventsCorrupt(t *testing.T) {
	t.Parallel()
	good := records(versionEvent(), event(1, 0, simpleValue("loss", 3, true)))
	bad := record(event(2, 1, simpleValue("loss", 2, false)))
	tests := []struct {
		name   string
		flip   int // byte of bad to flip
		substr string
	}{
		{"length", 0, "length checksum mismatch"},
		{"length crc", 9, "length checksum mismatch"},
		{"data", 14, "data checksum mismatch"},
		{"data crc", len(bad) - 1, "data checksum mismatch"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := append(append([]byte(nil), good...), bad...)
			b[len(good)+tc.flip] ^= 0x40
			b = append(b, record(event(3, 2, simpleValue("loss", 1, false)))...)
			p := writeFile(t, t.TempDir(), "events.out.tfevents.9.x", b)
			_, err := FromTFEvents(filepath.Dir(p), "loss")
			var re *RecordError
			if !errors.As(err, &re) {
				t.Fatalf("got %v, want a RecordError", err)
			}
			if re.File != p || re.Offset != int64(len(good)) || !strings.Contains(err.Error(), tc.substr) {
				t.Errorf("got %v (file %s, offset %d), want %s at byte %d", err, re.File, re.Offset, tc.substr, len(good))
			}
		})
	}
}

func TestFromTFEventsBadValues(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		value  []byte
		substr string
	}{
		{"vector", tensorValue("loss", floatPacked(1, 2, 3), true), "not a scalar: the tensor holds 3 values"},
		{"string", tensorValue("loss", stringTensor("hi"), true), "data type 7 is not a numeric scalar"},
		{"empty", tensorValue("loss", tensorDT(1), true), "holds no value"},
		{"ragged content", tensorValue("loss", pbBytes(tensorDT(1), 4, []byte{1, 2, 3}), true), "not a whole number"},
		{"bad protobuf", append(pbBytes(nil, 1, []byte("loss")), 0x42, 0xff), "decoding"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			head := records(versionEvent())
			p := writeFile(t, t.TempDir(), "events.out.tfevents.1.x", append(head, record(event(1, 7, tc.value))...))
			_, err := FromTFEvents(p, "loss")
			var re *RecordError
			if !errors.As(err, &re) || re.Offset != int64(len(head)) || !strings.Contains(err.Error(), tc.substr) {
				t.Fatalf("got %v, want a RecordError at byte %d containing %q", err, len(head), tc.substr)
			}
		})
	}
}

func TestFromTFEventsMissingTag(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writeFile(t, dir, "events.out.tfevents.1.x", records(
		versionEvent(),
		event(1, 0, simpleValue("train/loss", 1, true), imageValue("img"), tensorValue("acc", floatPacked(0.5), true)),
	))
	s, err := FromTFEvents(dir, "loss")
	var me *MissingError
	if !errors.As(err, &me) {
		t.Fatalf("got %v, want a MissingError", err)
	}
	if s == nil || len(s.Points) != 0 || strings.Join(me.Seen, ",") != "train/loss,acc" {
		t.Errorf("seen %q, series %+v; want train/loss,acc and an empty series", me.Seen, s)
	}
	if !strings.Contains(err.Error(), `tag "loss" not found; tags found: train/loss, acc`) {
		t.Errorf("message %q", err)
	}
}

func TestFromTFEventsNoFiles(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if _, err := FromTFEvents(dir, "loss"); err == nil || !strings.Contains(err.Error(), "no events.out.tfevents.* files in "+dir) {
		t.Errorf("empty dir: %v", err)
	}
	if _, err := FromTFEvents(filepath.Join(dir, "nope"), "loss"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing dir: %v", err)
	}
	if _, err := FromTFEvents(dir, ""); err == nil {
		t.Error("no tag: want an error")
	}
}

func FuzzDecodeEvent(f *testing.F) {
	f.Add(event(1, 2, simpleValue("loss", 1, true)))
	f.Add(event(1, 2, tensorValue("loss", floatPacked(1), true)))
	f.Add(event(1, 2, tensorValue("loss", halfVal(0x3c00), false)))
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Series
		var seen seenSet
		_ = decodeEvent(b, "loss", &s, &seen) // must not panic
	})
}

// assertPoints compares a series with want, NaN equal to NaN.
func assertPoints(t *testing.T, s *Series, name string, want []Point) {
	t.Helper()
	if s.Name != name {
		t.Errorf("name %q, want %q", s.Name, name)
	}
	if len(s.Points) != len(want) {
		t.Fatalf("got %d points %+v, want %d %+v", len(s.Points), s.Points, len(want), want)
	}
	for i, p := range s.Points {
		w := want[i]
		same := p.Value == w.Value || math.IsNaN(p.Value) && math.IsNaN(w.Value)
		if p.Step != w.Step || !same || p.Wall != w.Wall {
			t.Errorf("point %d = %+v, want %+v", i, p, w)
		}
	}
}
