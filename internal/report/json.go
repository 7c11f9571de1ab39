package report

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/mlgate/mlgate/internal/result"
)

// JSONVersion is the version of the JSON report format.
const JSONVersion = 1

// JSON writes the verdict, counts, failed gates and the results in report
// order:
//
//	{"version":1,"verdict":..,"counts":{..},"total":..,"failed_gates":[..],"results":[...]}
//
// The top level is indented; each result is written compactly on one line,
// which keeps large reports fast to write and easy to diff. Counts holds
// every status; NaN and infinities are written as result.Float writes them
// ("NaN", "+Inf", "-Inf").
func JSON(w io.Writer, rs []result.Result) error {
	rs = Sort(rs)
	sum := Summarize(rs)
	bw := bufio.NewWriter(w)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	value := func(v any) error {
		buf.Reset()
		if err := enc.Encode(v); err != nil {
			return err
		}
		_, err := bw.Write(bytes.TrimSuffix(buf.Bytes(), []byte("\n")))
		return err
	}
	bw.WriteString("{\n  \"version\": " + strconv.Itoa(JSONVersion) + ",\n  \"verdict\": ")
	if err := value(sum.Verdict); err != nil {
		return fmt.Errorf("writing JSON report: %w", err)
	}
	bw.WriteString(",\n  \"counts\": ")
	if err := value(sum.Counts); err != nil {
		return fmt.Errorf("writing JSON report: %w", err)
	}
	bw.WriteString(",\n  \"total\": " + strconv.Itoa(sum.Total) + ",\n  \"failed_gates\": ")
	if err := value(sum.FailedGates); err != nil {
		return fmt.Errorf("writing JSON report: %w", err)
	}
	bw.WriteString(",\n  \"results\": [")
	for i, r := range rs {
		if i > 0 {
			bw.WriteString(",")
		}
		bw.WriteString("\n    ")
		if err := value(r); err != nil {
			return fmt.Errorf("writing JSON report: result %s: %w", r.ID, err)
		}
	}
	if len(rs) > 0 {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("writing JSON report: %w", err)
	}
	return nil
}
