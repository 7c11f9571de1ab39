package series

import (
	"encoding/binary"
	"math"
)

// A small hand-rolled encoder of TFRecord files and tensorflow.Event
// messages, written from the format descriptions and independent of the
// decoder (which uses protowire).

func pbVarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

func pbKey(b []byte, field, wire int) []byte { return pbVarint(b, uint64(field<<3|wire)) }

func pbBytes(b []byte, field int, v []byte) []byte {
	b = pbKey(b, field, 2)
	b = pbVarint(b, uint64(len(v)))
	return append(b, v...)
}

func pbFixed32(b []byte, field int, v uint32) []byte {
	return binary.LittleEndian.AppendUint32(pbKey(b, field, 5), v)
}

func pbFixed64(b []byte, field int, v uint64) []byte {
	return binary.LittleEndian.AppendUint64(pbKey(b, field, 1), v)
}

// event encodes a tensorflow.Event with a summary of the given values.
func event(wall float64, step int64, values ...[]byte) []byte {
	var b []byte
	b = pbFixed64(b, 1, math.Float64bits(wall))
	b = pbVarint(pbKey(b, 2, 0), uint64(step))
	if len(values) > 0 {
		var sum []byte
		for _, v := range values {
			sum = pbBytes(sum, 1, v)
		}
		b = pbBytes(b, 5, sum)
	}
	return b
}

// versionEvent is the first event of every file.
func versionEvent() []byte {
	b := pbFixed64(nil, 1, math.Float64bits(1.7e9))
	return pbBytes(b, 3, []byte("brain.Event:2"))
}

// pluginMeta is a SummaryMetadata naming the scalars plugin.
func pluginMeta() []byte {
	return pbBytes(nil, 1, pbBytes(nil, 1, []byte("scalars")))
}

// simpleValue is a Summary.Value with simple_value; metadata only if meta.
func simpleValue(tag string, v float32, meta bool) []byte {
	b := pbBytes(nil, 1, []byte(tag))
	if meta {
		b = pbBytes(b, 9, pluginMeta())
	}
	return pbFixed32(b, 2, math.Float32bits(v))
}

// tensorValue is a Summary.Value holding tensor (a TensorProto).
func tensorValue(tag string, tensor []byte, meta bool) []byte {
	b := pbBytes(nil, 1, []byte(tag))
	b = pbBytes(b, 8, tensor)
	if meta {
		b = pbBytes(b, 9, pluginMeta())
	}
	return b
}

// imageValue is a Summary.Value holding an image.
func imageValue(tag string) []byte {
	return pbBytes(pbBytes(nil, 1, []byte(tag)), 4, pbVarint(pbKey(nil, 1, 0), 8))
}

func tensorDT(dtype int) []byte {
	b := pbVarint(pbKey(nil, 1, 0), uint64(dtype))
	return pbBytes(b, 2, nil) // tensor_shape {} : a scalar
}

func floatPacked(vs ...float32) []byte {
	var p []byte
	for _, v := range vs {
		p = binary.LittleEndian.AppendUint32(p, math.Float32bits(v))
	}
	return pbBytes(tensorDT(1), 5, p)
}

func floatUnpacked(v float32) []byte { return pbFixed32(tensorDT(1), 5, math.Float32bits(v)) }

func floatContent(v float32) []byte {
	return pbBytes(tensorDT(1), 4, binary.LittleEndian.AppendUint32(nil, math.Float32bits(v)))
}

func doublePacked(v float64) []byte {
	return pbBytes(tensorDT(2), 6, binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)))
}

func doubleUnpacked(v float64) []byte { return pbFixed64(tensorDT(2), 6, math.Float64bits(v)) }

func doubleContent(v float64) []byte {
	return pbBytes(tensorDT(2), 4, binary.LittleEndian.AppendUint64(nil, math.Float64bits(v)))
}

func halfVal(bits uint16) []byte { return pbVarint(pbKey(tensorDT(19), 13, 0), uint64(bits)) }

func int64Val(v int64) []byte { return pbVarint(pbKey(tensorDT(9), 10, 0), uint64(v)) }

func stringTensor(s string) []byte { return pbBytes(tensorDT(7), 8, []byte(s)) }

// testMaskedCRC is CRC-32C masked as TFRecord does, computed bit by bit.
func testMaskedCRC(b []byte) uint32 {
	c := ^uint32(0)
	for _, x := range b {
		c ^= uint32(x)
		for range 8 {
			if c&1 != 0 {
				c = c>>1 ^ 0x82f63b78
			} else {
				c >>= 1
			}
		}
	}
	c = ^c
	return (c>>15 | c<<17) + 0xa282ead8
}

// record frames data as one TFRecord.
func record(data []byte) []byte {
	b := binary.LittleEndian.AppendUint64(nil, uint64(len(data)))
	b = binary.LittleEndian.AppendUint32(b, testMaskedCRC(b[:8]))
	b = append(b, data...)
	return binary.LittleEndian.AppendUint32(b, testMaskedCRC(data))
}

// records frames each event and concatenates the records.
func records(events ...[]byte) []byte {
	var b []byte
	for _, e := range events {
		b = append(b, record(e)...)
	}
	return b
}
