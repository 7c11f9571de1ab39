package series

import (
	"math"
	"os/exec"
	"testing"
)

// TestFromTFEventsTensorBoardWriter reads a file written by TensorBoard's
// own writer, when python3 has the tensorboard package (skipped otherwise).
func TestFromTFEventsTensorBoardWriter(t *testing.T) {
	t.Parallel()
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found")
	}
	if exec.Command(py, "-c", "import tensorboard").Run() != nil {
		t.Skip("python3 has no tensorboard package")
	}
	dir := t.TempDir()
	script := `import sys
from tensorboard.summary.writer.event_file_writer import EventFileWriter
from tensorboard.compat.proto.event_pb2 import Event
from tensorboard.compat.proto.summary_pb2 import Summary
from tensorboard.compat.proto.tensor_pb2 import TensorProto
w = EventFileWriter(sys.argv[1])
for step, v in enumerate([2.0, 1.0, float("nan")]):
    w.add_event(Event(wall_time=100.0 + step, step=step, summary=Summary(value=[Summary.Value(tag="loss", simple_value=v)])))
for step, v in [(3, 0.5), (4, 0.25)]:
    w.add_event(Event(wall_time=100.0 + step, step=step, summary=Summary(value=[Summary.Value(tag="loss", tensor=TensorProto(dtype=1, float_val=[v]))])))
w.close()
`
	if out, err := exec.Command(py, "-c", script, dir).CombinedOutput(); err != nil {
		t.Fatalf("python3: %v\n%s", err, out)
	}
	s, err := FromTFEvents(dir, "loss")
	if err != nil {
		t.Fatal(err)
	}
	assertPoints(t, s, "loss", []Point{{0, 2, 100}, {1, 1, 101}, {2, math.NaN(), 102}, {3, 0.5, 103}, {4, 0.25, 104}})
}
