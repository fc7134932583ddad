package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"

	"clusterchain/columns"
	"clusterchain/network"
)

// jsonRows is one table of report.json: an array with one object per
// row, its fields the table's JSON columns (package columns) in order. It
// writes the bytes that encoding/json's Encoder with SetIndent("", "  ")
// writes for a struct with those fields at the top level of the document:
// numbers as encoding/json formats float64 and integers, strings escaped
// by encoding/json, null for an undefined value, an empty attributes
// object left out. Rows are streamed: memory does not grow with the table.
type jsonRows struct {
	t columns.Table
	a *network.Analysis
}

// jsonIndent is the indentation of one level.
const jsonIndent = "  "

// write writes the array, its opening bracket where the cursor is and
// its rows at depth 2 (inside the document and the array).
func (r jsonRows) write(w io.Writer) error {
	n := r.t.Rows(r.a)
	if n == 0 {
		_, err := io.WriteString(w, "[]")
		return err
	}
	cols := r.t.JSONColumns(r.a)
	keys := jsonKeys(cols, true)
	b := make([]byte, 0, 4096)
	b = append(b, '[')
	for row := range n {
		if row > 0 {
			b = append(b, ',')
		}
		b = append(b, '\n')
		b = append(b, jsonIndent+jsonIndent...)
		var err error
		if b, err = r.appendRow(b, cols, keys, row, jsonIndent+jsonIndent); err != nil {
			return err
		}
		if len(b) > 32<<10 {
			if _, err := w.Write(b); err != nil {
				return err
			}
			b = b[:0]
		}
	}
	b = append(b, '\n')
	b = append(b, jsonIndent...)
	b = append(b, ']')
	_, err := w.Write(b)
	return err
}

// compact returns the array without any whitespace (what json.Compact of
// write's output gives): the form the tests hold against encoding/json.
func (r jsonRows) compact() ([]byte, error) {
	cols := r.t.JSONColumns(r.a)
	keys := jsonKeys(cols, false)
	b := []byte{'['}
	for row := range r.t.Rows(r.a) {
		if row > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = r.appendRow(b, cols, keys, row, ""); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

// jsonKeys are the quoted field names followed by ":" (and a space when
// indented).
func jsonKeys(cols []columns.Column, indented bool) [][]byte {
	keys := make([][]byte, len(cols))
	for i, c := range cols {
		keys[i] = append(appendJSONString(nil, c.Name), ':')
		if indented {
			keys[i] = append(keys[i], ' ')
		}
	}
	return keys
}

// appendRow appends the object of one row. ind is the indentation of the
// object's braces; empty means compact.
func (r jsonRows) appendRow(b []byte, cols []columns.Column, keys [][]byte, row int, ind string) ([]byte, error) {
	pretty := ind != ""
	inner := ind + jsonIndent
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
		if pretty {
			b = append(b, '\n')
			b = append(b, inner...)
		}
		b = append(b, keys[i]...)
		var err error
		if b, err = appendJSONValue(b, c, v, inner, pretty); err != nil {
			return nil, fmt.Errorf("%s row %d, %s: %w", r.t.Name, row+1, c.Name, err)
		}
	}
	if pretty && !first {
		b = append(b, '\n')
		b = append(b, ind...)
	}
	return append(b, '}'), nil
}

// appendJSONValue appends v, a value of column c, as JSON; a list or an
// object is laid out one element a line below ind when pretty.
func appendJSONValue(b []byte, c *columns.Column, v columns.Value, ind string, pretty bool) ([]byte, error) {
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
			if pretty {
				b = append(append(append(b, '\n'), ind...), jsonIndent...)
			}
			b = appendJSONString(b, s)
		}
		if pretty && len(v.List) > 0 {
			b = append(append(b, '\n'), ind...)
		}
		return append(b, ']'), nil
	case columns.Bool:
		return strconv.AppendBool(b, v.Int != 0), nil
	case columns.Int, columns.Long:
		return strconv.AppendInt(b, v.Int, 10), nil
	case columns.Float:
		return appendJSONFloat(b, v.Float)
	case columns.Attrs:
		return appendJSONAttrs(b, v.Attrs, ind, pretty), nil
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
func appendJSONAttrs(b []byte, attrs []network.Attr, ind string, pretty bool) []byte {
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
		if pretty {
			b = append(append(append(b, '\n'), ind...), jsonIndent...)
		}
		b = appendJSONString(b, attrs[i].Key)
		b = append(b, ':')
		if pretty {
			b = append(b, ' ')
		}
		b = appendJSONString(b, attrs[i].Value)
	}
	if pretty && !first {
		b = append(append(b, '\n'), ind...)
	}
	return append(b, '}')
}
