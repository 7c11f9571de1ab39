package series

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// eventFilePrefix starts the name of every TensorBoard event file.
const eventFilePrefix = "events.out.tfevents."

// FromTFEvents reads the scalar series tag from the TensorBoard event files
// events.out.tfevents.* in dir (not its subdirectories), in name order,
// which is creation order for one writer. dir may also name one event file.
//
// Scalars are read whether written as simple_value (tensorboardX, PyTorch)
// or as a scalar tensor (TF2's tf.summary.scalar): float, double, half,
// bfloat16, int32 or int64. Values are matched by tag alone, since the
// plugin metadata comes only with a tag's first value. Steps and wall times
// come from the events; a restarted run's steps may repeat. When no event
// holds tag, FromTFEvents returns an empty series and a [*MissingError].
func FromTFEvents(dir, tag string) (*Series, error) {
	if tag == "" {
		return nil, fmt.Errorf("reading TensorBoard events in %s: no tag given", dir)
	}
	files, err := eventFiles(dir)
	if err != nil {
		return nil, err
	}
	s := &Series{Name: tag}
	var seen seenSet
	for _, path := range files {
		err := readRecords(path, func(_ int64, data []byte) error {
			return decodeEvent(data, tag, s, &seen)
		})
		if err != nil {
			return nil, err
		}
	}
	if len(s.Points) == 0 {
		return s, seen.missing(dir, "tag", tag)
	}
	return s, nil
}

// eventFiles lists the event files of dir, sorted by name.
func eventFiles(dir string) ([]string, error) {
	st, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("reading TensorBoard events: %w", err)
	}
	if !st.IsDir() {
		return []string{dir}, nil
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading TensorBoard events: %w", err)
	}
	var files []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), eventFilePrefix) && e.Type().IsRegular() {
			files = append(files, filepath.Join(dir, e.Name()))
		}
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("reading TensorBoard events: no %s* files in %s", eventFilePrefix, dir)
	}
	sort.Strings(files)
	return files, nil
}
