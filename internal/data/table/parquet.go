package table

import (
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/deprecated"
	"github.com/parquet-go/parquet-go/format"
)

// parquetBatch is the number of rows read from Parquet at a time.
const parquetBatch = 512

// conv says how a Parquet leaf column becomes a Value.
type conv uint8

const (
	convBool conv = iota
	convInt
	convUint
	convFloat32
	convFloat64
	convDecimal
	convDate
	convTimestamp
	convInt96Time
	convString
	convJSON
	convBytes
	convUUID
)

type parquetColumn struct {
	name  string
	conv  conv
	unit  time.Duration // convTimestamp
	scale int32         // convDecimal
}

// parquetSource reads a flat Parquet file, row group by row group, in
// batches.
type parquetSource struct {
	file   string
	pf     *parquet.File
	cols   []parquetColumn
	names  []string
	groups []parquet.RowGroup
	rows   parquet.Rows
	buf    []parquet.Row
	n, i   int   // rows in buf, next row in buf
	rowNum int64 // rows returned so far

	arena []byte
	spans []span
}

// span is where a column's text lies in the row's arena.
type span struct{ col, start, end int }

func newParquetSource(r io.ReaderAt, size int64, file string) (*parquetSource, error) {
	pf, err := openParquet(r, size)
	if err != nil {
		return nil, &Error{File: file, Msg: fmt.Sprintf("not a readable Parquet file: %v", err), Err: err}
	}
	s := &parquetSource{file: file, pf: pf, groups: pf.RowGroups(), buf: make([]parquet.Row, parquetBatch)}
	for _, f := range pf.Schema().Fields() {
		if !f.Leaf() {
			return nil, &Error{File: file, Field: f.Name(), Msg: fmt.Sprintf("unsupported nested column %q (only flat Parquet schemas are supported)", f.Name())}
		}
		if f.Repeated() {
			return nil, &Error{File: file, Field: f.Name(), Msg: fmt.Sprintf("unsupported repeated column %q (only flat Parquet schemas are supported)", f.Name())}
		}
		c, err := parquetConv(f)
		if err != nil {
			return nil, &Error{File: file, Field: f.Name(), Msg: err.Error()}
		}
		s.cols = append(s.cols, c)
		s.names = append(s.names, f.Name())
	}
	if len(s.cols) == 0 {
		return nil, &Error{File: file, Msg: "Parquet file has no columns"}
	}
	return s, nil
}

// openParquet opens the file, turning a panic of the decoder on corrupt
// metadata into an error.
func openParquet(r io.ReaderAt, size int64) (pf *parquet.File, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("corrupt file: %v", p)
		}
	}()
	return parquet.OpenFile(r, size, parquet.SkipBloomFilters(true))
}

func parquetConv(f parquet.Field) (parquetColumn, error) {
	c := parquetColumn{name: f.Name()}
	t := f.Type()
	var lt format.LogicalTypeValue
	if l := t.LogicalType(); l != nil {
		lt = l.Value
	}
	var ct deprecated.ConvertedType = -1
	if p := t.ConvertedType(); p != nil {
		ct = *p
	}
	switch t.Kind() {
	case parquet.Boolean:
		c.conv = convBool
	case parquet.Int32, parquet.Int64:
		c.conv = convInt
		switch l := lt.(type) {
		case *format.DateType:
			c.conv = convDate
		case *format.TimestampType:
			c.conv, c.unit = convTimestamp, l.Unit.Value.Duration()
		case *format.DecimalType:
			c.conv, c.scale = convDecimal, l.Scale
		case *format.IntType:
			if !l.IsSigned {
				c.conv = convUint
			}
		case nil:
			switch ct {
			case deprecated.Date:
				c.conv = convDate
			case deprecated.TimestampMillis:
				c.conv, c.unit = convTimestamp, time.Millisecond
			case deprecated.TimestampMicros:
				c.conv, c.unit = convTimestamp, time.Microsecond
			case deprecated.Uint8, deprecated.Uint16, deprecated.Uint32, deprecated.Uint64:
				c.conv = convUint
			}
		}
	case parquet.Int96:
		c.conv = convInt96Time
	case parquet.Float:
		c.conv = convFloat32
	case parquet.Double:
		c.conv = convFloat64
	case parquet.ByteArray, parquet.FixedLenByteArray:
		c.conv = convBytes
		switch l := lt.(type) {
		case *format.StringType, *format.EnumType:
			c.conv = convString
		case *format.JsonType:
			c.conv = convJSON
		case *format.UUIDType:
			c.conv = convUUID
		case *format.DecimalType:
			c.conv, c.scale = convDecimal, l.Scale
		case nil:
			switch ct {
			case deprecated.UTF8, deprecated.Enum:
				c.conv = convString
			case deprecated.Json:
				c.conv = convJSON
			}
		}
	default:
		return c, fmt.Errorf("column %q has unsupported Parquet type %s", f.Name(), t)
	}
	return c, nil
}

func (s *parquetSource) header() []string { return s.names }
func (s *parquetSource) line() int        { return int(s.rowNum) }

func (s *parquetSource) close() error {
	if s.rows != nil {
		err := s.rows.Close()
		s.rows = nil
		return err
	}
	return nil
}

func (s *parquetSource) fill() (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("corrupt data: %v", p)
		}
	}()
	for {
		if s.rows == nil {
			if len(s.groups) == 0 {
				return io.EOF
			}
			s.rows = s.groups[0].Rows()
			s.groups = s.groups[1:]
		}
		n, err := s.rows.ReadRows(s.buf)
		if n > 0 {
			s.n, s.i = n, 0
			return nil
		}
		if err == nil {
			continue
		}
		cerr := s.rows.Close()
		s.rows = nil
		if !errors.Is(err, io.EOF) {
			return err
		}
		if cerr != nil {
			return cerr
		}
	}
}

func (s *parquetSource) next(row *Row) error {
	if s.i >= s.n {
		if err := s.fill(); err == io.EOF {
			return io.EOF
		} else if err != nil {
			return &Error{File: s.file, Line: int(s.rowNum) + 1, Msg: fmt.Sprintf("reading Parquet row %d: %v", s.rowNum+1, err), Err: err}
		}
	}
	pr := s.buf[s.i]
	s.i++
	s.rowNum++
	row.Line = int(s.rowNum)
	if cap(row.Values) < len(s.cols) {
		row.Values = make([]Value, len(s.cols))
	}
	vals := row.Values[:len(s.cols)]
	row.Values = vals
	for i := range vals {
		vals[i] = Value{}
	}
	s.arena = s.arena[:0]
	s.spans = s.spans[:0]
	for _, v := range pr {
		ci := v.Column()
		if ci < 0 || ci >= len(s.cols) {
			continue
		}
		if v.IsNull() {
			vals[ci] = Value{Kind: Null}
			continue
		}
		s.convert(ci, v, &vals[ci])
	}
	if len(s.spans) > 0 {
		str := string(s.arena)
		for _, sp := range s.spans {
			vals[sp.col].Str = str[sp.start:sp.end]
		}
	}
	return nil
}

// text appends the text of column ci to the arena, to become its Str.
func (s *parquetSource) text(ci int, b []byte) {
	start := len(s.arena)
	s.arena = append(s.arena, b...)
	s.spans = append(s.spans, span{ci, start, len(s.arena)})
}

func (s *parquetSource) mark(ci, start int) {
	s.spans = append(s.spans, span{ci, start, len(s.arena)})
}

// unixEpochJulianDay is the Julian day of 1970-01-01 (for INT96 timestamps).
const unixEpochJulianDay = 2440588

func (s *parquetSource) convert(ci int, v parquet.Value, out *Value) {
	c := &s.cols[ci]
	start := len(s.arena)
	switch c.conv {
	case convBool:
		*out = Value{Kind: Bool, Bool: v.Boolean()}
	case convInt:
		i := v.Int64()
		*out = Value{Kind: Number, Num: float64(i)}
		s.arena = strconv.AppendInt(s.arena, i, 10)
		s.mark(ci, start)
	case convUint:
		u := uint64(v.Int64())
		if v.Kind() == parquet.Int32 {
			u = uint64(uint32(v.Int32()))
		}
		*out = Value{Kind: Number, Num: float64(u)}
		s.arena = strconv.AppendUint(s.arena, u, 10)
		s.mark(ci, start)
	case convFloat32:
		// Str stays empty for floats: formatting them would double the
		// cost of reading, and Num is exact.
		*out = Value{Kind: Number, Num: float64(v.Float())}
	case convFloat64:
		*out = Value{Kind: Number, Num: v.Double()}
	case convDecimal:
		var unscaled *big.Int
		switch v.Kind() {
		case parquet.Int32, parquet.Int64:
			unscaled = big.NewInt(v.Int64())
		default:
			unscaled = signedBigEndian(v.ByteArray())
		}
		lit := decimalString(unscaled, int(c.scale))
		f, _ := strconv.ParseFloat(lit, 64)
		*out = Value{Kind: Number, Num: f}
		s.arena = append(s.arena, lit...)
		s.mark(ci, start)
	case convDate:
		*out = Value{Kind: String}
		t := time.Unix(int64(v.Int32())*86400, 0).UTC()
		s.arena = t.AppendFormat(s.arena, time.DateOnly)
		s.mark(ci, start)
	case convTimestamp:
		*out = Value{Kind: String}
		var t time.Time
		switch c.unit {
		case time.Millisecond:
			t = time.UnixMilli(v.Int64()).UTC()
		case time.Microsecond:
			t = time.UnixMicro(v.Int64()).UTC()
		default:
			t = time.Unix(0, v.Int64()).UTC()
		}
		s.arena = t.AppendFormat(s.arena, time.RFC3339Nano)
		s.mark(ci, start)
	case convInt96Time:
		i96 := v.Int96()
		nanos := int64(i96[1])<<32 | int64(i96[0])
		days := int64(i96[2]) - int64(unixEpochJulianDay)
		t := time.Unix(days*86400, nanos).UTC()
		*out = Value{Kind: String}
		s.arena = t.AppendFormat(s.arena, time.RFC3339Nano)
		s.mark(ci, start)
	case convString:
		*out = Value{Kind: String}
		s.text(ci, v.ByteArray())
	case convJSON:
		*out = Value{Kind: Nested}
		s.text(ci, v.ByteArray())
	case convUUID:
		*out = Value{Kind: String}
		b := v.ByteArray()
		if len(b) == 16 {
			s.arena = hex.AppendEncode(s.arena, b[0:4])
			for _, r := range [][2]int{{4, 6}, {6, 8}, {8, 10}, {10, 16}} {
				s.arena = append(s.arena, '-')
				s.arena = hex.AppendEncode(s.arena, b[r[0]:r[1]])
			}
		} else {
			s.arena = hex.AppendEncode(s.arena, b)
		}
		s.mark(ci, start)
	case convBytes:
		*out = Value{Kind: String}
		b := v.ByteArray()
		if utf8.Valid(b) {
			s.text(ci, b)
		} else {
			s.arena = append(s.arena, "base64:"...)
			s.arena = base64.StdEncoding.AppendEncode(s.arena, b)
			s.mark(ci, start)
		}
	}
}

func signedBigEndian(b []byte) *big.Int {
	x := new(big.Int).SetBytes(b)
	if len(b) > 0 && b[0]&0x80 != 0 {
		x.Sub(x, new(big.Int).Lsh(big.NewInt(1), uint(len(b))*8))
	}
	return x
}

func decimalString(unscaled *big.Int, scale int) string {
	s := unscaled.String()
	if scale <= 0 {
		return s
	}
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	for len(s) <= scale {
		s = "0" + s
	}
	s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	if neg {
		s = "-" + s
	}
	return s
}
