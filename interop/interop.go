package interop

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

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
	// The firm's cluster's name and attributes (clusters.csv), so that a
	// file reads back to the same clusters (loaders.LoadGraph).
	clusterKeys := clusterColumns(a.Network)
	for _, k := range clusterKeys {
		cols = append(cols, Column{ClusterPrefix + k, String})
		taken[ClusterPrefix+k] = true
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
	first := len(reg) + len(clusterKeys) // the first input column
	nodes, clusters := a.Network.Nodes(), a.Network.Clusters()
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
		if c := a.Network.ClusterOf(int32(i)); c >= 0 {
			cl := clusters[c]
			row[len(reg)] = textsafe.Visible(cl.Name)
			for _, at := range cl.Attrs {
				if k := slices.Index(clusterKeys, at.Key); k > 0 {
					row[len(reg)+k] = textsafe.Visible(at.Value)
				}
			}
		}
		for _, at := range nodes[i].Attrs {
			if j, ok := extra[at.Key]; ok {
				if numeric[j-first] {
					row[j] = at.Value
				} else {
					row[j] = textsafe.Visible(at.Value)
				}
			}
		}
		rows[i] = row
	}
	for i := len(reg); i < len(cols); i++ {
		cols[i].Name = EncodeID(cols[i].Name)
	}
	return cols, rows
}

// ClusterPrefix starts the names of the node attributes that carry a
// firm's cluster: cluster:name, then cluster:KEY for each optional column
// of clusters.csv. GEXF and GraphML have no place for the clusters
// themselves; on the firms they read back (loaders.LoadGraph) to the same
// clusters.
const ClusterPrefix = "cluster:"

// clusterColumns lists the cluster attributes the exchange files carry:
// "name" when the network has clusters, then every optional column of
// clusters.csv in the order the clusters (by id) first have it.
func clusterColumns(nw *network.Network) []string {
	clusters := nw.Clusters()
	if len(clusters) == 0 {
		return nil
	}
	keys := []string{"name"}
	for _, c := range clusters {
		for _, at := range c.Attrs {
			if !slices.Contains(keys[1:], at.Key) && at.Key != "name" {
				keys = append(keys, at.Key)
			}
		}
	}
	return keys
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

// The exchange files are written by hand, streaming: encoding/xml's
// reflection took seconds on a 20,000-firm network. The layout and the
// escaping are byte for byte what encoding/xml's Encoder with
// Indent("", " ") writes (xmlw.go; xmlref_test.go keeps the encoder-based
// writers and checks that both agree on hostile and generated networks).

// WriteGEXF writes network.gexf (GEXF 1.2, directed, static): every node
// with the attributes of Columns, every edge of G with its weight and
// kinds.
func WriteGEXF(w io.Writer, a *network.Analysis) error {
	cols, rows := Columns(a)
	nodes := a.Network.Nodes()
	es := edges(a)
	x := newXMLW(w)
	x.open("gexf", "xmlns", GEXFNamespace, "version", "1.2")
	x.open("meta")
	x.textElem("creator", "clusterchain")
	if d := textsafe.Visible(a.Network.Name()); d != "" {
		x.textElem("description", d)
	}
	x.close("meta")
	x.open("graph", "defaultedgetype", "directed", "mode", "static")
	x.open("attributes", "class", "node")
	for _, c := range cols {
		x.empty("attribute", "id", c.Name, "title", c.Name, "type", c.Type)
	}
	x.close("attributes")
	x.open("attributes", "class", "edge")
	x.empty("attribute", "id", "kinds", "title", "kinds", "type", String)
	x.close("attributes")
	x.open("nodes", "count", strconv.Itoa(len(nodes)))
	for i, nd := range nodes {
		attrs := []string{"id", EncodeID(nd.ID), "label", textsafe.Visible(nd.Name)}
		if attrs[1] == "" { // encoding/xml's omitempty
			attrs = attrs[2:]
		}
		if attrs[len(attrs)-1] == "" {
			attrs = attrs[:len(attrs)-2]
		}
		values := false
		for _, v := range rows[i] {
			values = values || v != ""
		}
		if !values {
			x.empty("node", attrs...)
			continue
		}
		x.open("node", attrs...)
		x.open("attvalues")
		for j, v := range rows[i] {
			if v != "" {
				x.empty("attvalue", "for", cols[j].Name, "value", v)
			}
		}
		x.close("attvalues")
		x.close("node")
	}
	x.close("nodes")
	x.open("edges", "count", strconv.Itoa(len(es)))
	var num []byte
	for i, e := range es {
		num = strconv.AppendFloat(num[:0], e.weight, 'g', -1, 64)
		attrs := []string{"id", strconv.Itoa(i), "source", EncodeID(nodes[e.from].ID), "target", EncodeID(nodes[e.to].ID), "weight", string(num)}
		if e.kinds == "" {
			x.empty("edge", attrs...)
			continue
		}
		x.open("edge", attrs...)
		x.open("attvalues")
		x.empty("attvalue", "for", "kinds", "value", e.kinds)
		x.close("attvalues")
		x.close("edge")
	}
	x.close("edges")
	x.close("graph")
	x.close("gexf")
	return x.finish()
}

// graphmlTypes maps the GEXF type names to GraphML's attr.type.
var graphmlTypes = map[string]string{Integer: "int", Long: "long", Double: "double", Boolean: "boolean", String: "string"}

// GraphMLNamespace is the namespace of GraphML documents.
const GraphMLNamespace = "http://graphml.graphdrawing.org/xmlns"

// WriteGraphML writes network.graphml: a directed graph whose nodes carry
// the attributes of Columns (keys d0, d1, … named by attr.name) and whose
// edges carry weight and kinds.
func WriteGraphML(w io.Writer, a *network.Analysis) error {
	cols, rows := Columns(a)
	nodes := a.Network.Nodes()
	x := newXMLW(w)
	x.open("graphml", "xmlns", GraphMLNamespace)
	keys := make([]string, len(cols))
	for i, c := range cols {
		keys[i] = "d" + strconv.Itoa(i)
		x.empty("key", "id", keys[i], "for", "node", "attr.name", c.Name, "attr.type", graphmlTypes[c.Type])
	}
	weightKey, kindsKey := "d"+strconv.Itoa(len(cols)), "d"+strconv.Itoa(len(cols)+1)
	x.empty("key", "id", weightKey, "for", "edge", "attr.name", "weight", "attr.type", "double")
	x.empty("key", "id", kindsKey, "for", "edge", "attr.name", "kinds", "attr.type", "string")
	x.open("graph", "id", "G", "edgedefault", "directed")
	for i, nd := range nodes {
		x.open("node", "id", EncodeID(nd.ID))
		for j, v := range rows[i] {
			if v != "" {
				x.textElem("data", v, "key", keys[j])
			}
		}
		x.close("node")
	}
	for _, e := range edges(a) {
		x.open("edge", "source", EncodeID(nodes[e.from].ID), "target", EncodeID(nodes[e.to].ID))
		x.textElem("data", report.Float(e.weight), "key", weightKey)
		if e.kinds != "" {
			x.textElem("data", e.kinds, "key", kindsKey)
		}
		x.close("edge")
	}
	x.close("graph")
	x.close("graphml")
	return x.finish()
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
