package series

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"

	"google.golang.org/protobuf/encoding/protowire"

	"github.com/mlgate/mlgate/internal/train/internal/float16"
)

// Field numbers of the TensorFlow protobuf messages read here
// (tensorflow/core/util/event.proto, framework/summary.proto, tensor.proto).
const (
	eventWallTime = 1 // double
	eventStep     = 2 // int64
	eventSummary  = 5 // Summary

	summaryValue = 1 // repeated Summary.Value

	valueTag    = 1 // string
	valueSimple = 2 // float
	valueTensor = 8 // TensorProto

	tensorDtype   = 1  // DataType
	tensorContent = 4  // bytes, little-endian
	tensorFloat   = 5  // repeated float
	tensorDouble  = 6  // repeated double
	tensorInt     = 7  // repeated int32
	tensorInt64   = 10 // repeated int64
	tensorHalf    = 13 // repeated int32 holding half or bfloat16 bits
)

// TensorFlow DataType values of the numeric scalars read here.
const (
	dtFloat    = 1
	dtDouble   = 2
	dtInt32    = 3
	dtInt64    = 9
	dtBfloat16 = 14
	dtHalf     = 19
)

// decodeEvent appends the values of tag in one serialized tensorflow.Event
// to s; when s has no points yet it records the scalar tags it sees.
func decodeEvent(b []byte, tag string, s *Series, seen *seenSet) error {
	var wall float64
	var step int64
	var summaries [][]byte
	err := eachField(b, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
		switch {
		case num == eventWallTime && typ == protowire.Fixed64Type:
			wall = math.Float64frombits(x)
		case num == eventStep && typ == protowire.VarintType:
			step = int64(x)
		case num == eventSummary && typ == protowire.BytesType:
			summaries = append(summaries, v)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("decoding event: %w", err)
	}
	for _, sum := range summaries {
		err := eachField(sum, func(num protowire.Number, typ protowire.Type, v []byte, _ uint64) error {
			if num != summaryValue || typ != protowire.BytesType {
				return nil
			}
			val, ok, name, err := decodeValue(v, tag)
			if err != nil && name == "" {
				return fmt.Errorf("summary value at step %d: %w", step, err)
			}
			if err != nil {
				return fmt.Errorf("tag %q at step %d: %w", name, step, err)
			}
			if ok {
				s.Points = append(s.Points, Point{Step: step, Value: val, Wall: wall})
			} else if name != "" && len(s.Points) == 0 {
				seen.add(name)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("decoding event summary: %w", err)
		}
	}
	return nil
}

// decodeValue reads one Summary.Value. ok is set when its tag is tag; name
// is its tag when it holds a scalar candidate (simple_value or a tensor).
func decodeValue(b []byte, tag string) (val float64, ok bool, name string, err error) {
	var gotTag, hasSimple bool
	var tagName string
	var simple float32
	var tensor []byte
	err = eachField(b, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
		switch {
		case num == valueTag && typ == protowire.BytesType:
			tagName, gotTag = string(v), true
		case num == valueSimple && typ == protowire.Fixed32Type:
			simple, hasSimple = math.Float32frombits(uint32(x)), true
		case num == valueTensor && typ == protowire.BytesType:
			tensor = v
		}
		return nil
	})
	if err != nil {
		return 0, false, tagName, err
	}
	if !hasSimple && tensor == nil {
		return 0, false, "", nil // an image, histogram, audio: never a loss
	}
	if !gotTag || tagName != tag {
		return 0, false, tagName, nil
	}
	if hasSimple {
		return float64(simple), true, tagName, nil
	}
	val, err = decodeScalarTensor(tensor)
	return val, err == nil, tagName, err
}

// decodeScalarTensor reads the one value of a numeric TensorProto.
func decodeScalarTensor(b []byte) (float64, error) {
	var dtype uint64
	var content []byte
	var vals []float64
	var halves []uint64
	err := eachField(b, func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error {
		var err error
		switch num {
		case tensorDtype:
			dtype = x
		case tensorContent:
			content = v
		case tensorFloat:
			vals, err = appendRepeated(vals, typ, v, x, protowire.Fixed32Type, func(u uint64) float64 { return float64(math.Float32frombits(uint32(u))) })
		case tensorDouble:
			vals, err = appendRepeated(vals, typ, v, x, protowire.Fixed64Type, math.Float64frombits)
		case tensorInt:
			vals, err = appendRepeated(vals, typ, v, x, protowire.VarintType, func(u uint64) float64 { return float64(int32(u)) })
		case tensorInt64:
			vals, err = appendRepeated(vals, typ, v, x, protowire.VarintType, func(u uint64) float64 { return float64(int64(u)) })
		case tensorHalf:
			halves, err = appendRepeatedRaw(halves, typ, v, x, protowire.VarintType)
		}
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("decoding tensor: %w", err)
	}
	var width int
	var fromBits func(uint64) float64
	switch dtype {
	case dtFloat:
		width, fromBits = 4, func(u uint64) float64 { return float64(math.Float32frombits(uint32(u))) }
	case dtDouble:
		width, fromBits = 8, math.Float64frombits
	case dtInt32:
		width, fromBits = 4, func(u uint64) float64 { return float64(int32(u)) }
	case dtInt64:
		width, fromBits = 8, func(u uint64) float64 { return float64(int64(u)) }
	case dtHalf:
		width, fromBits = 2, func(u uint64) float64 { return float16.ToFloat64(uint16(u)) }
	case dtBfloat16:
		width, fromBits = 2, func(u uint64) float64 { return float64(math.Float32frombits(uint32(uint16(u)) << 16)) }
	default:
		return 0, fmt.Errorf("a tensor of data type %d is not a numeric scalar", dtype)
	}
	if dtype == dtHalf || dtype == dtBfloat16 {
		for _, h := range halves {
			vals = append(vals, fromBits(h))
		}
	}
	if len(content) > 0 {
		if len(content)%width != 0 {
			return 0, fmt.Errorf("tensor content of %d bytes is not a whole number of %d-byte values", len(content), width)
		}
		for i := 0; i < len(content); i += width {
			var u uint64
			switch width {
			case 2:
				u = uint64(binary.LittleEndian.Uint16(content[i:]))
			case 4:
				u = uint64(binary.LittleEndian.Uint32(content[i:]))
			default:
				u = binary.LittleEndian.Uint64(content[i:])
			}
			vals = append(vals, fromBits(u))
		}
	}
	switch len(vals) {
	case 1:
		return vals[0], nil
	case 0:
		return 0, errors.New("the tensor holds no value")
	}
	return 0, fmt.Errorf("not a scalar: the tensor holds %d values", len(vals))
}

// appendRepeated appends the elements of a repeated scalar field, packed
// (typ BytesType) or not (typ elem).
func appendRepeated(dst []float64, typ protowire.Type, v []byte, x uint64, elem protowire.Type, conv func(uint64) float64) ([]float64, error) {
	raw, err := appendRepeatedRaw(nil, typ, v, x, elem)
	for _, u := range raw {
		dst = append(dst, conv(u))
	}
	return dst, err
}

// appendRepeatedRaw appends the raw bits of a repeated scalar field.
func appendRepeatedRaw(dst []uint64, typ protowire.Type, v []byte, x uint64, elem protowire.Type) ([]uint64, error) {
	if typ == elem {
		return append(dst, x), nil
	}
	if typ != protowire.BytesType {
		return dst, fmt.Errorf("unexpected wire type %d for a repeated field", typ)
	}
	for len(v) > 0 {
		var u uint64
		var n int
		switch elem {
		case protowire.Fixed32Type:
			var u32 uint32
			u32, n = protowire.ConsumeFixed32(v)
			u = uint64(u32)
		case protowire.Fixed64Type:
			u, n = protowire.ConsumeFixed64(v)
		default:
			u, n = protowire.ConsumeVarint(v)
		}
		if n < 0 {
			return dst, protowire.ParseError(n)
		}
		dst = append(dst, u)
		v = v[n:]
	}
	return dst, nil
}

// eachField calls fn for each field of a serialized message: v holds the
// bytes of a length-delimited field, x the value of a varint or fixed one.
// Groups are skipped.
func eachField(b []byte, fn func(num protowire.Number, typ protowire.Type, v []byte, x uint64) error) error {
	for len(b) > 0 {
		num, typ, n := protowire.ConsumeTag(b)
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		var v []byte
		var x uint64
		switch typ {
		case protowire.VarintType:
			x, n = protowire.ConsumeVarint(b)
		case protowire.Fixed32Type:
			var u uint32
			u, n = protowire.ConsumeFixed32(b)
			x = uint64(u)
		case protowire.Fixed64Type:
			x, n = protowire.ConsumeFixed64(b)
		case protowire.BytesType:
			v, n = protowire.ConsumeBytes(b)
		default:
			n = protowire.ConsumeFieldValue(num, typ, b)
		}
		if n < 0 {
			return protowire.ParseError(n)
		}
		b = b[n:]
		if err := fn(num, typ, v, x); err != nil {
			return err
		}
	}
	return nil
}
