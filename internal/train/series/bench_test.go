package series

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func BenchmarkFromFileJSONL(b *testing.B) {
	var sb strings.Builder
	for i := range 10000 {
		fmt.Fprintf(&sb, `{"step": %d, "epoch": 1, "train": {"loss": %g, "acc": 0.5}, "lr": 0.001}`+"\n", i, 1/float64(i+1))
	}
	p := filepath.Join(b.TempDir(), "m.jsonl")
	writeBench(b, p, sb.String())
	b.SetBytes(int64(sb.Len()))
	for b.Loop() {
		if _, err := FromFile(p, "train.loss", ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFromFileCSV(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("epoch,step,train_loss,val_loss\n")
	for i := range 10000 {
		fmt.Fprintf(&sb, "1,%d,%g,\n", i, 1/float64(i+1))
	}
	p := filepath.Join(b.TempDir(), "m.csv")
	writeBench(b, p, sb.String())
	b.SetBytes(int64(sb.Len()))
	for b.Loop() {
		if _, err := FromFile(p, "train_loss", ""); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFromTFEvents(b *testing.B) {
	evs := [][]byte{versionEvent()}
	for i := range 10000 {
		evs = append(evs, event(float64(i), int64(i), simpleValue("lr", 0.1, i == 0), tensorValue("loss", floatPacked(float32(i)), i == 0)))
	}
	data := records(evs...)
	p := filepath.Join(b.TempDir(), "events.out.tfevents.1.x")
	writeBench(b, p, string(data))
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := FromTFEvents(p, "loss"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRegexParserLine(b *testing.B) {
	p, err := NewRegexParser(`step (?P<step>\d+) .*loss=(?P<loss>\S+)`)
	if err != nil {
		b.Fatal(err)
	}
	line := "2024-01-01 12:00:00 INFO step 1234 lr=0.001 loss=0.123456 grad_norm=1.5"
	for b.Loop() {
		p.Line(line)
	}
}

func writeBench(b *testing.B, path, data string) {
	b.Helper()
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		b.Fatal(err)
	}
}
