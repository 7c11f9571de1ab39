package schema

import (
	"errors"
	"runtime"
	"slices"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/mlgate/mlgate/internal/data/table"
)

// RowJSON converts a row to the JSON object the reference validates, typing
// each cell as the fast path does. Absent cells and NaN/Inf cells (which JSON
// cannot hold) are left out; the column indexes of the NaN/Inf cells are
// returned.
func (b *Bound) RowJSON(row *table.Row) (obj map[string]any, nanCols []int) {
	obj = make(map[string]any, len(b.cols))
	for j, name := range b.cols {
		if j >= len(row.Values) {
			break
		}
		ts := tAll
		if c := b.v.byName[name]; c != nil {
			ts = c.types
		}
		var t typed
		typeCell(&row.Values[j], ts, &t)
		if t.kind == jNaN {
			nanCols = append(nanCols, j)
			continue
		}
		if val, ok := toJSON(t); ok {
			obj[name] = val
		}
	}
	return obj, nanCols
}

// validateReference validates a row with jsonschema/v6.
func (b *Bound) validateReference(row *table.Row, dst []Violation) []Violation {
	maxLen := b.v.opt.MaxValueLen
	obj, nanCols := b.RowJSON(row)
	var exempt []string // NaN/Inf columns are present: exempt from "required"
	for _, j := range nanCols {
		name := b.cols[j]
		exempt = append(exempt, name)
		if c := b.v.byName[name]; c != nil && c.allowNaN {
			continue
		}
		dst = append(dst, Violation{Column: name, ColIndex: j, Keyword: KeywordNaN,
			Message: "NaN/Inf is not allowed", Value: cellText(&row.Values[j], maxLen)})
	}
	err := b.v.ref.Validate(obj)
	if err == nil {
		return dst
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return append(dst, Violation{ColIndex: -1, Keyword: "schema", Message: err.Error()})
	}
	p := message.NewPrinter(language.English)
	for _, leaf := range leaves(ve, nil) {
		dst = b.appendReference(dst, leaf, row, exempt, p)
	}
	return dst
}

func leaves(e *jsonschema.ValidationError, out []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return append(out, e)
	}
	for _, c := range e.Causes {
		out = leaves(c, out)
	}
	return out
}

func (b *Bound) appendReference(dst []Violation, e *jsonschema.ValidationError, row *table.Row, exempt []string, p *message.Printer) []Violation {
	maxLen := b.v.opt.MaxValueLen
	keyword := "false"
	if kp := e.ErrorKind.KeywordPath(); len(kp) > 0 {
		keyword = kp[len(kp)-1]
	}
	msg := e.ErrorKind.LocalizedString(p)
	at := func(name string) Violation {
		j := slices.Index(b.cols, name)
		v := Violation{Column: name, ColIndex: j, Keyword: keyword, Message: msg}
		if j >= 0 && j < len(row.Values) {
			v.Value = cellText(&row.Values[j], maxLen)
		}
		return v
	}
	if len(e.InstanceLocation) > 0 {
		return append(dst, at(e.InstanceLocation[0]))
	}
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		for _, name := range k.Missing {
			if !slices.Contains(exempt, name) {
				dst = append(dst, at(name))
			}
		}
		return dst
	case *kind.AdditionalProperties:
		for _, name := range k.Properties {
			dst = append(dst, at(name))
		}
		return dst
	}
	return append(dst, Violation{ColIndex: -1, Keyword: keyword, Message: msg})
}

// ValidateBatch validates rows and calls emit for each row, in order, with
// its violations (nil for a valid row; emit must not keep the slice). Rows
// are split among Options.Workers goroutines (on either path) when the batch
// is large enough to be worth it; emit is called from the calling goroutine.
func (b *Bound) ValidateBatch(rows []table.Row, emit func(i int, vs []Violation)) {
	workers := b.v.opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	minRows := 2 // the reference path is slow: any batch is worth splitting
	if b.v.fast {
		minRows = 512
	}
	if workers == 1 || len(rows) < minRows {
		var buf []Violation
		for i := range rows {
			buf = b.ValidateRow(&rows[i], buf[:0])
			if len(buf) == 0 {
				emit(i, nil)
			} else {
				emit(i, buf)
			}
		}
		return
	}
	results := make([][]Violation, len(rows))
	chunk := (len(rows) + workers - 1) / workers
	var wg sync.WaitGroup
	for start := 0; start < len(rows); start += chunk {
		end := min(start+chunk, len(rows))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := start; i < end; i++ {
				results[i] = b.ValidateRow(&rows[i], nil)
			}
		}()
	}
	wg.Wait()
	for i, vs := range results {
		emit(i, vs)
	}
}
