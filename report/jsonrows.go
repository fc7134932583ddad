package report

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"

	"clusterchain/columns"
	"clusterchain/network"
)

// jsonRows is one table of report.json: an array with one object per
// row, its fields the table's JSON columns (package columns) in order. It
// writes the bytes encoding/json writes for a struct with those fields:
// numbers as encoding/json formats float64 and integers, strings escaped
// by encoding/json, null for an undefined value, an empty attributes
// object left out.
type jsonRows struct {
	t columns.Table
	a *network.Analysis
}

// MarshalJSON writes the array compactly; the encoder indents it.
func (r jsonRows) MarshalJSON() ([]byte, error) {
	cols := r.t.JSONColumns(r.a)
	keys := make([][]byte, len(cols))
	for i, c := range cols {
		k, err := json.Marshal(c.Name)
		if err != nil {
			return nil, err
		}
		keys[i] = append(k, ':')
	}
	n := r.t.Rows(r.a)
	b := make([]byte, 0, 64+n*len(cols)*24)
	b = append(b, '[')
	for row := range n {
		if row > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		first := true
		for i := range cols {
			c := &cols[i]
			v := c.Value(r.a, row)
			if c.Type == columns.Attrs && len(v.Attrs) == 0 {
				continue // omitempty
			}
			if !first {
				b = append(b, ',')
			}
			first = false
			b = append(b, keys[i]...)
			var err error
			if b, err = appendJSONValue(b, c, v); err != nil {
				return nil, fmt.Errorf("%s row %d, %s: %w", r.t.Name, row+1, c.Name, err)
			}
		}
		b = append(b, '}')
	}
	return append(b, ']'), nil
}

// appendJSONValue appends v, a value of column c, as JSON.
func appendJSONValue(b []byte, c *columns.Column, v columns.Value) ([]byte, error) {
	if v.Null {
		return append(b, "null"...), nil
	}
	switch c.Type {
	case columns.Text, columns.ID:
		return appendJSONString(b, v.Text), nil
	case columns.IDList:
		b = append(b, '[')
		for i, s := range v.List {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, s)
		}
		return append(b, ']'), nil
	case columns.Bool:
		return strconv.AppendBool(b, v.Int != 0), nil
	case columns.Int, columns.Long:
		return strconv.AppendInt(b, v.Int, 10), nil
	case columns.Float:
		return appendJSONFloat(b, v.Float)
	case columns.Attrs:
		return appendJSONAttrs(b, v.Attrs), nil
	}
	return nil, fmt.Errorf("column type %v has no JSON form", c.Type)
}

// appendJSONString appends s as encoding/json writes it (HTML-safe).
// Plain printable ASCII is copied; anything else goes through
// encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			plain = false
			break
		}
	}
	if plain {
		b = append(b, '"')
		b = append(b, s...)
		return append(b, '"')
	}
	q, _ := json.Marshal(s) // a string always marshals
	return append(b, q...)
}

// appendJSONFloat appends x as encoding/json writes a float64: the
// shortest decimal that reads back to x, in exponent form below 1e-6 and
// from 1e21 on, with a one-digit negative exponent written without its
// leading zero (1e-07 → 1e-7). NaN and ±Inf have no JSON form.
func appendJSONFloat(b []byte, x float64) ([]byte, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil, fmt.Errorf("json: unsupported value: %s", strconv.FormatFloat(x, 'g', -1, 64))
	}
	format := byte('f')
	if abs := math.Abs(x); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, x, format, -1, 64)
	if format == 'e' {
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, nil
}

// appendJSONAttrs appends attributes as an object of strings, keys in
// byte order, the last value of a repeated key winning (as a Go map
// marshalled by encoding/json would hold them).
func appendJSONAttrs(b []byte, attrs []network.Attr) []byte {
	idx := make([]int, 0, len(attrs))
	for i := range attrs {
		idx = append(idx, i)
	}
	sort.SliceStable(idx, func(x, y int) bool { return attrs[idx[x]].Key < attrs[idx[y]].Key })
	b = append(b, '{')
	first := true
	for k, i := range idx {
		if k+1 < len(idx) && attrs[idx[k+1]].Key == attrs[i].Key {
			continue // a later value of the same key wins
		}
		if !first {
			b = append(b, ',')
		}
		first = false
		b = appendJSONString(b, attrs[i].Key)
		b = append(b, ':')
		b = appendJSONString(b, attrs[i].Value)
	}
	return append(b, '}')
}
