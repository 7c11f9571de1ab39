package main

import (
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
)

// Options control the generated dataset.
type Options struct {
	// Rows is the number of data rows (the CSV header is not counted).
	Rows int
	// BadRate is the fraction of rows carrying one injected violation.
	BadRate float64
	// Seed makes the output deterministic.
	Seed uint64
}

func (o Options) validate() error {
	if o.Rows < 0 {
		return fmt.Errorf("-rows must be >= 0, got %d", o.Rows)
	}
	if !(o.BadRate >= 0 && o.BadRate <= 1) {
		return fmt.Errorf("-bad-rate must be in [0,1], got %v", o.BadRate)
	}
	return nil
}

// Stats summarise what was generated.
type Stats struct {
	Rows int `json:"rows"`
	// BadRows is the number of rows with an injected violation; each such
	// row has exactly one, so it is the number of invalid rows a validator
	// must report.
	BadRows   int `json:"bad_rows"`
	BadAge    int `json:"bad_age"`
	BadCity   int `json:"bad_city"`
	BadEmail  int `json:"bad_email"`
	CSVBytes  int `json:"csv_bytes"`
	JSONBytes int `json:"jsonl_bytes"`
}

// Columns are the column names, in file order.
var Columns = [...]string{"age", "income", "city", "score", "label", "email", "g1", "g2", "g3", "g4"}

// Cities are the allowed values of the city column.
var Cities = [...]string{"Berlin", "Lagos", "Lima", "New York", "Tokyo"}

var domains = [...]string{"example.com", "mail.example.org", "corp.example.net"}

// row is one generated row. Numbers are kept as their text so that the CSV
// and JSONL files carry exactly the same values.
type row struct {
	age, income, city, score, label, email []byte
	g                                      [4][]byte
}

// Generate writes opts.Rows rows to csvW (with a header) and, when jsonW is
// not nil, the same rows as JSON objects, one per line, to jsonW.
func Generate(csvW, jsonW io.Writer, opts Options) (Stats, error) {
	if err := opts.validate(); err != nil {
		return Stats{}, err
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x6d6c67617465)) // "mlgate"
	st := Stats{Rows: opts.Rows}

	header := []byte{}
	for i, c := range Columns {
		if i > 0 {
			header = append(header, ',')
		}
		header = append(header, c...)
	}
	header = append(header, '\n')
	n, err := csvW.Write(header)
	st.CSVBytes += n
	if err != nil {
		return st, fmt.Errorf("writing csv header: %w", err)
	}

	var r row
	var fields [10][]byte
	var scratch [6][64]byte
	var gScratch [4][32]byte
	csvLine := make([]byte, 0, 512)
	jsonLine := make([]byte, 0, 1024)
	for i := 0; i < opts.Rows; i++ {
		r.age = strconv.AppendInt(scratch[0][:0], int64(clamp(math.Round(38+16*rng.NormFloat64()), 0, 120)), 10)
		r.income = strconv.AppendFloat(scratch[1][:0], math.Exp(10.5+0.8*rng.NormFloat64()), 'f', 2, 64)
		r.city = append(scratch[2][:0], Cities[rng.IntN(len(Cities))]...)
		r.score = strconv.AppendFloat(scratch[3][:0], rng.Float64(), 'f', 4, 64)
		r.label = strconv.AppendInt(scratch[4][:0], int64(rng.IntN(2)), 10)
		e := append(scratch[5][:0], "user"...)
		e = strconv.AppendInt(e, int64(rng.IntN(10_000_000)), 10)
		e = append(e, '@')
		r.email = append(e, domains[rng.IntN(len(domains))]...)
		for k := range r.g {
			r.g[k] = strconv.AppendFloat(gScratch[k][:0], float64(k)+(1+float64(k)*0.5)*rng.NormFloat64(), 'f', 6, 64)
		}
		if opts.BadRate > 0 && rng.Float64() < opts.BadRate {
			st.BadRows++
			switch rng.IntN(3) {
			case 0:
				st.BadAge++
				if rng.IntN(2) == 0 {
					r.age = strconv.AppendInt(r.age[:0], int64(121+rng.IntN(80)), 10)
				} else {
					r.age = strconv.AppendInt(r.age[:0], int64(-1-rng.IntN(5)), 10)
				}
			case 1:
				st.BadCity++
				r.city = append(r.city[:0], "Atlantis"...)
			default:
				st.BadEmail++
				r.email = append(r.email[:0], "user"...)
				r.email = strconv.AppendInt(r.email, int64(rng.IntN(10_000_000)), 10)
				r.email = append(r.email, ".example.com"...)
			}
		}

		fields = [10][]byte{r.age, r.income, r.city, r.score, r.label, r.email, r.g[0], r.g[1], r.g[2], r.g[3]}
		csvLine = csvLine[:0]
		for k, f := range fields {
			if k > 0 {
				csvLine = append(csvLine, ',')
			}
			csvLine = append(csvLine, f...)
		}
		csvLine = append(csvLine, '\n')
		n, err := csvW.Write(csvLine)
		st.CSVBytes += n
		if err != nil {
			return st, fmt.Errorf("writing csv row %d: %w", i+1, err)
		}
		if jsonW == nil {
			continue
		}
		jsonLine = append(jsonLine[:0], '{')
		for k, f := range fields {
			if k > 0 {
				jsonLine = append(jsonLine, ',')
			}
			jsonLine = append(jsonLine, '"')
			jsonLine = append(jsonLine, Columns[k]...)
			jsonLine = append(jsonLine, '"', ':')
			if k == 2 || k == 5 { // city, email: plain ASCII without quotes or backslashes
				jsonLine = append(jsonLine, '"')
				jsonLine = append(jsonLine, f...)
				jsonLine = append(jsonLine, '"')
			} else {
				jsonLine = append(jsonLine, f...)
			}
		}
		jsonLine = append(jsonLine, '}', '\n')
		n, err = jsonW.Write(jsonLine)
		st.JSONBytes += n
		if err != nil {
			return st, fmt.Errorf("writing jsonl row %d: %w", i+1, err)
		}
	}
	return st, nil
}

func clamp(x, lo, hi float64) float64 {
	return math.Max(lo, math.Min(hi, x))
}
