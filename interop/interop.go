package interop

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/graph/formats/gexf12"

	"clusterchain/columns"
	"clusterchain/internal/textsafe"
	"clusterchain/network"
	"clusterchain/report"
)

// Attribute types, named as GEXF names them.
const (
	Integer = "integer"
	Long    = "long"
	Double  = "double"
	Boolean = "boolean"
	String  = "string"
)

// exchangeType is the attribute type of a registry column in the
// exchange formats: counts integer (long where they can pass 2³¹),
// figures double, flags boolean, text and ids string.
func exchangeType(t columns.Type) string {
	switch t {
	case columns.Int:
		return Integer
	case columns.Long:
		return Long
	case columns.Float:
		return Double
	case columns.Bool:
		return Boolean
	}
	return String
}

// Column is one node attribute of the exchange files.
type Column struct {
	// Name is the nodes.csv column or input table column.
	Name string
	// Type is Integer, Long, Double, Boolean or String.
	Type string
}

// reserved are names an input column may not take as an attribute: the
// node's id and label in the readers' models.
var reserved = map[string]bool{"id": true, "label": true}

// Columns returns the node attributes that WriteGEXF and WriteGraphML
// declare, in order: the columns of nodes.csv after id, then the optional
// columns of the input tables in byte order of their names (those whose
// names are already taken are left out; a column whose every cell is a
// number is a double, any other a string), and each node's values, aligned
// with Columns and with Network.Nodes(); an empty value is left out of
// the files.
func Columns(a *network.Analysis) ([]Column, [][]string) {
	t := report.NodesTable(a)
	cols := make([]Column, 0, len(t.Header)-1)
	taken := map[string]bool{}
	for k := range reserved {
		taken[k] = true
	}
	for _, c := range columns.Nodes().Columns(a)[1:] {
		cols = append(cols, Column{c.Name, exchangeType(c.Type)})
		taken[c.Name] = true
	}
	extra := map[string]int{}
	var names []string
	for _, nd := range a.Network.Nodes() {
		for _, at := range nd.Attrs {
			if _, ok := extra[at.Key]; !ok && !taken[at.Key] {
				extra[at.Key] = 0
				names = append(names, at.Key)
			}
		}
	}
	sort.Strings(names)
	numeric := make([]bool, len(names))
	for i, n := range names {
		extra[n] = len(cols) + i
		numeric[i] = true
	}
	for _, nd := range a.Network.Nodes() {
		for _, at := range nd.Attrs {
			if j, ok := extra[at.Key]; ok && !isNumber(at.Value) {
				numeric[j-len(cols)] = false
			}
		}
	}
	for i, n := range names {
		typ := String
		if numeric[i] {
			typ = Double
		}
		cols = append(cols, Column{n, typ})
	}
	// Ids in id columns are written as the node ids are (EncodeID), so
	// that a ring or cluster names the node it refers to; other text is
	// for people and made visible (textsafe.Visible); numbers and flags
	// are as in nodes.csv.
	reg := columns.Nodes().Columns(a)[1:]
	rows := make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		row := make([]string, len(cols))
		for j, c := range reg {
			switch v := r[j+1]; c.Type {
			case columns.ID, columns.IDList:
				row[j] = EncodeID(v)
			case columns.Text:
				row[j] = textsafe.Visible(v)
			default:
				row[j] = v
			}
		}
		for _, at := range a.Network.Nodes()[i].Attrs {
			if j, ok := extra[at.Key]; ok {
				if numeric[j-len(reg)] {
					row[j] = at.Value
				} else {
					row[j] = textsafe.Visible(at.Value)
				}
			}
		}
		rows[i] = row
	}
	for i := range names {
		cols[len(reg)+i].Name = EncodeID(cols[len(reg)+i].Name)
	}
	return cols, rows
}

// isNumber reports whether an input cell can be typed double: a decimal
// number (columns.IsDecimal) that Go and Python's float() — what
// NetworkX's read_gexf and read_graphml call — both read, finite, and not
// a code with a leading zero such as "0571" (which would lose the zero).
// Hexadecimal floats (0x1p-2), digit separators, NaN and Inf are text.
func isNumber(s string) bool {
	if !columns.IsDecimal(s) {
		return false
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return false
	}
	d := strings.TrimLeft(s, "+-")
	return !(len(d) > 1 && d[0] == '0' && d[1] >= '0' && d[1] <= '9')
}

// edge is one edge of G with the kinds of its links.
type edge struct {
	from, to int32
	weight   float64
	kinds    string
}

// edges lists the edges of G by (from, to) index, each with the sorted
// kinds of its links.
func edges(a *network.Analysis) []edge {
	nw := a.Network
	links := nw.Links() // sorted by (from, to, kind)
	g := nw.G()
	out := make([]edge, 0, g.Size())
	k := 0
	for u := int32(0); int(u) < g.Order(); u++ {
		adj, w := g.Out(u)
		for i, v := range adj {
			for k < len(links) && (links[k].From < u || links[k].From == u && links[k].To < v) {
				k++
			}
			var kinds []string
			for ; k < len(links) && links[k].From == u && links[k].To == v; k++ {
				kinds = append(kinds, links[k].Kind.String())
			}
			sort.Strings(kinds)
			out = append(out, edge{u, v, w[i], strings.Join(slices.Compact(kinds), ";")})
		}
	}
	return out
}

// GEXFNamespace is the namespace of GEXF 1.2 documents.
const GEXFNamespace = "http://www.gexf.net/1.2draft"

// gexfEdge is gexf12.Edge with the weight always written: gexf12 omits
// a weight of 0, which GEXF readers would take as 1.
type gexfEdge struct {
	ID        string            `xml:"id,attr"`
	Source    string            `xml:"source,attr"`
	Target    string            `xml:"target,attr"`
	Weight    float64           `xml:"weight,attr"`
	AttValues *gexf12.AttValues `xml:"attvalues"`
}

// xmlWriter streams one XML document, keeping the first error.
type xmlWriter struct {
	bw  *bufio.Writer
	enc *xml.Encoder
	err error
}

func newXMLWriter(w io.Writer) *xmlWriter {
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", " ")
	return &xmlWriter{bw: bw, enc: enc}
}

func elem(name string, attrs ...string) xml.StartElement {
	s := xml.StartElement{Name: xml.Name{Local: name}}
	for i := 0; i+1 < len(attrs); i += 2 {
		s.Attr = append(s.Attr, xml.Attr{Name: xml.Name{Local: attrs[i]}, Value: attrs[i+1]})
	}
	return s
}

func (x *xmlWriter) start(s xml.StartElement) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(s)
	}
}

func (x *xmlWriter) end(s xml.StartElement) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(s.End())
	}
}

func (x *xmlWriter) element(v any, s xml.StartElement) {
	if x.err == nil {
		x.err = x.enc.EncodeElement(v, s)
	}
}

func (x *xmlWriter) close() error {
	if x.err != nil {
		return x.err
	}
	if err := x.enc.Close(); err != nil {
		return err
	}
	x.bw.WriteString("\n")
	return x.bw.Flush()
}

// WriteGEXF writes network.gexf (GEXF 1.2, directed, static): every node
// with the attributes of Columns, every edge of G with its weight and
// kinds.
func WriteGEXF(w io.Writer, a *network.Analysis) error {
	cols, rows := Columns(a)
	nodes := a.Network.Nodes()
	es := edges(a)
	x := newXMLWriter(w)
	root := elem("gexf", "version", "1.2")
	root.Name.Space = GEXFNamespace
	x.start(root)
	x.element(&gexf12.Meta{Creator: "clusterchain", Description: textsafe.Visible(a.Network.Name())}, elem("meta"))
	graph := elem("graph", "defaultedgetype", "directed", "mode", "static")
	x.start(graph)
	nodeAttrs := gexf12.Attributes{Class: "node"}
	for _, c := range cols {
		nodeAttrs.Attributes = append(nodeAttrs.Attributes, gexf12.Attribute{ID: c.Name, Title: c.Name, Type: c.Type})
	}
	x.element(nodeAttrs, elem("attributes"))
	x.element(gexf12.Attributes{Class: "edge", Attributes: []gexf12.Attribute{{ID: "kinds", Title: "kinds", Type: String}}},
		elem("attributes"))
	ns := elem("nodes", "count", strconv.Itoa(len(nodes)))
	x.start(ns)
	for i, nd := range nodes {
		n := gexf12.Node{ID: EncodeID(nd.ID), Label: textsafe.Visible(nd.Name)}
		var vs []gexf12.AttValue
		for j, v := range rows[i] {
			if v != "" {
				vs = append(vs, gexf12.AttValue{For: cols[j].Name, Value: v})
			}
		}
		if len(vs) > 0 {
			n.AttValues = &gexf12.AttValues{AttValues: vs}
		}
		x.element(n, elem("node"))
	}
	x.end(ns)
	edgesElem := elem("edges", "count", strconv.Itoa(len(es)))
	x.start(edgesElem)
	for i, e := range es {
		ge := gexfEdge{ID: strconv.Itoa(i), Source: EncodeID(nodes[e.from].ID), Target: EncodeID(nodes[e.to].ID), Weight: e.weight}
		if e.kinds != "" {
			ge.AttValues = &gexf12.AttValues{AttValues: []gexf12.AttValue{{For: "kinds", Value: e.kinds}}}
		}
		x.element(ge, elem("edge"))
	}
	x.end(edgesElem)
	x.end(graph)
	x.end(root)
	return x.close()
}

// graphmlTypes maps the GEXF type names to GraphML's attr.type.
var graphmlTypes = map[string]string{Integer: "int", Long: "long", Double: "double", Boolean: "boolean", String: "string"}

// GraphMLNamespace is the namespace of GraphML documents.
const GraphMLNamespace = "http://graphml.graphdrawing.org/xmlns"

type graphmlKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type graphmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type graphmlNode struct {
	ID   string        `xml:"id,attr"`
	Data []graphmlData `xml:"data"`
}

type graphmlEdge struct {
	Source string        `xml:"source,attr"`
	Target string        `xml:"target,attr"`
	Data   []graphmlData `xml:"data"`
}

// WriteGraphML writes network.graphml: a directed graph whose nodes carry
// the attributes of Columns (keys d0, d1, … named by attr.name) and whose
// edges carry weight and kinds.
func WriteGraphML(w io.Writer, a *network.Analysis) error {
	cols, rows := Columns(a)
	nodes := a.Network.Nodes()
	x := newXMLWriter(w)
	root := elem("graphml")
	root.Name.Space = GraphMLNamespace
	x.start(root)
	for i, c := range cols {
		x.element(graphmlKey{ID: "d" + strconv.Itoa(i), For: "node", Name: c.Name, Type: graphmlTypes[c.Type]}, elem("key"))
	}
	weightKey, kindsKey := "d"+strconv.Itoa(len(cols)), "d"+strconv.Itoa(len(cols)+1)
	x.element(graphmlKey{ID: weightKey, For: "edge", Name: "weight", Type: "double"}, elem("key"))
	x.element(graphmlKey{ID: kindsKey, For: "edge", Name: "kinds", Type: "string"}, elem("key"))
	graph := elem("graph", "id", "G", "edgedefault", "directed")
	x.start(graph)
	for i, nd := range nodes {
		n := graphmlNode{ID: EncodeID(nd.ID)}
		for j, v := range rows[i] {
			if v != "" {
				n.Data = append(n.Data, graphmlData{Key: "d" + strconv.Itoa(j), Value: v})
			}
		}
		x.element(n, elem("node"))
	}
	for _, e := range edges(a) {
		ge := graphmlEdge{Source: EncodeID(nodes[e.from].ID), Target: EncodeID(nodes[e.to].ID),
			Data: []graphmlData{{Key: weightKey, Value: report.Float(e.weight)}}}
		if e.kinds != "" {
			ge.Data = append(ge.Data, graphmlData{Key: kindsKey, Value: e.kinds})
		}
		x.element(ge, elem("edge"))
	}
	x.end(graph)
	x.end(root)
	return x.close()
}

// PajekLabel quotes an id for a Pajek vertex label: EncodeID(id) in
// double quotes, with a double quote written \" and a backslash \\, the
// shell-like quoting of the readers that split vertex lines with shlex
// (NetworkX's read_pajek), which read it back as EncodeID(id). Distinct
// ids give distinct labels (q" and q', p\ and p/ stay four vertices), and
// no label ends its line. Pajek itself has no escape inside quotes: an id
// with a double quote or a backslash shows its escape there.
func PajekLabel(id string) string {
	e := EncodeID(id)
	var b strings.Builder
	b.Grow(len(e) + 2)
	b.WriteByte('"')
	for i := 0; i < len(e); i++ {
		if c := e[i]; c == '"' || c == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(e[i])
	}
	b.WriteByte('"')
	return b.String()
}

// WritePajek writes network.net: vertices numbered 1…n in nodes.csv
// order, each labelled with its id (PajekLabel), and one arc per edge of
// G weighted by its volume.
func WritePajek(w io.Writer, a *network.Analysis) error {
	bw := bufio.NewWriter(w)
	nodes := a.Network.Nodes()
	fmt.Fprintf(bw, "*Vertices %d\n", len(nodes))
	for i, nd := range nodes {
		fmt.Fprintf(bw, "%d %s\n", i+1, PajekLabel(nd.ID))
	}
	bw.WriteString("*Arcs\n")
	for _, e := range edges(a) {
		fmt.Fprintf(bw, "%d %d %s\n", e.from+1, e.to+1, report.Float(e.weight))
	}
	return bw.Flush()
}
