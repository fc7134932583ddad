package parquetout

import (
	"fmt"
	"io"
	"reflect"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"

	"clusterchain/columns"
	"clusterchain/network"
)

// rowGroup is the most rows of one row group.
const rowGroup = 1 << 20

// createdBy sets the file's created_by to the name alone: parquet-go's
// CreatedBy option adds a version and a build, which would change the
// bytes with every build.
type createdBy string

func (c createdBy) ConfigureWriter(cfg *parquet.WriterConfig) { cfg.CreatedBy = string(c) }

func options(schema *parquet.Schema) []parquet.WriterOption {
	return []parquet.WriterOption{schema, createdBy("clusterchain"),
		parquet.Compression(&snappy.Codec{}), parquet.MaxRowsPerRowGroup(rowGroup)}
}

// field is one Parquet column of a table: its registry column and how a
// cell is set in the row struct.
type field struct {
	col columns.Column
	set func(v reflect.Value, a *network.Analysis, row int)
}

// goType is the Go type of a column's cells in the row struct: a pointer
// (null when nil) for text, which is null when empty, and for a figure
// that may be undefined.
func goType(c columns.Column) reflect.Type {
	var t reflect.Type
	switch c.Type {
	case columns.Int:
		t = reflect.TypeFor[int32]()
	case columns.Long:
		t = reflect.TypeFor[int64]()
	case columns.Float:
		t = reflect.TypeFor[float64]()
	case columns.Bool:
		t = reflect.TypeFor[bool]()
	default: // Text, ID, IDList (joined by ";", as in nodes.csv)
		if c.Key {
			return reflect.TypeFor[string]() // the id: never empty
		}
		return reflect.TypeFor[*string]()
	}
	if c.Nullable {
		t = reflect.PointerTo(t)
	}
	return t
}

// setter fills a row struct's field from the column's value.
func setter(c columns.Column, i int) func(v reflect.Value, a *network.Analysis, row int) {
	return func(v reflect.Value, a *network.Analysis, row int) {
		f := v.Field(i)
		val := c.Value(a, row)
		if val.Null {
			f.SetZero()
			return
		}
		var x reflect.Value
		switch c.Type {
		case columns.Int:
			x = reflect.ValueOf(int32(val.Int))
		case columns.Long:
			x = reflect.ValueOf(val.Int)
		case columns.Float:
			x = reflect.ValueOf(val.Float)
		case columns.Bool:
			x = reflect.ValueOf(val.Int != 0)
		default:
			s := c.Cell(a, row)
			if f.Kind() == reflect.String {
				f.SetString(s)
				return
			}
			if s == "" {
				f.SetZero()
				return
			}
			f.Set(reflect.ValueOf(&s))
			return
		}
		if f.Kind() == reflect.Pointer {
			p := reflect.New(x.Type())
			p.Elem().Set(x)
			f.Set(p)
			return
		}
		f.Set(x)
	}
}

// WriteNodes writes nodes.parquet: the rows and columns of nodes.csv.
func WriteNodes(w io.Writer, a *network.Analysis) error {
	t := columns.Nodes()
	cols := t.Columns(a)
	sf := make([]reflect.StructField, len(cols))
	fields := make([]field, len(cols))
	for i, c := range cols {
		sf[i] = reflect.StructField{Name: fmt.Sprintf("F%d", i), Type: goType(c),
			Tag: reflect.StructTag(fmt.Sprintf(`parquet:%q`, c.Name+",snappy"))}
		fields[i] = field{col: c, set: setter(c, i)}
	}
	typ := reflect.StructOf(sf)
	schema := parquet.SchemaOf(reflect.New(typ).Interface())
	pw := parquet.NewWriter(w, options(schema)...)
	row := reflect.New(typ).Elem()
	for r := range t.Rows(a) {
		for _, f := range fields {
			f.set(row, a, r)
		}
		if err := pw.Write(row.Addr().Interface()); err != nil {
			return err
		}
	}
	return pw.Close()
}

// link is a row of links.parquet.
type link struct {
	Src    string  `parquet:"src,snappy,dict"`
	Dst    string  `parquet:"dst,snappy,dict"`
	Kind   string  `parquet:"kind,snappy,dict"`
	Volume float64 `parquet:"volume,snappy"`
}

// WriteLinks writes links.parquet: one row per link of the network
// (the rows of links.csv with the same from, to and kind summed), in the
// network's order (from, to, kind), with its summed known volume.
func WriteLinks(w io.Writer, a *network.Analysis) error {
	nodes := a.Network.Nodes()
	pw := parquet.NewGenericWriter[link](w, options(parquet.SchemaOf(link{}))...)
	links := a.Network.Links()
	buf := make([]link, 0, 4096)
	for i, l := range links {
		buf = append(buf, link{Src: nodes[l.From].ID, Dst: nodes[l.To].ID, Kind: l.Kind.String(), Volume: l.Volume})
		if len(buf) == cap(buf) || i == len(links)-1 {
			if _, err := pw.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	return pw.Close()
}
