package waves

import (
	"bufio"
	"encoding/xml"
	"io"
	"strconv"

	"clusterchain/columns"
	"clusterchain/internal/textsafe"
	"clusterchain/interop"
)

// The dynamic network of several waves, for Gephi's timeline: one GEXF
// 1.2 graph with mode="dynamic" and timeformat="integer", wave i at time
// i (1…n). A node or edge present in waves i…j has the spell [i, j]
// (closed, as GEXF reads start and end); one missing in a wave between
// gets one spell per run of waves. Every column of nodes.csv (after id)
// is a dynamic node attribute, and volume and kinds of edges.csv dynamic
// edge attributes: one attvalue per run of consecutive waves in which the
// value stays the same, none for an empty cell. Attribute types follow
// the column registry (integer, long, double, boolean, string; a column
// the registry does not know is a string). Ids are written as
// interop.EncodeID writes them (XML 1.0, distinct ids stay distinct),
// names and text made visible (textsafe.Visible).

// span is a run of consecutive waves, 1-based and inclusive.
type span struct{ start, end int }

// runs returns the runs of consecutive waves where present is true.
func runs(present []bool) []span {
	var out []span
	for i := 0; i < len(present); i++ {
		if !present[i] {
			continue
		}
		j := i
		for j+1 < len(present) && present[j+1] {
			j++
		}
		out = append(out, span{i + 1, j + 1})
		i = j
	}
	return out
}

// valueRuns returns the runs of consecutive waves holding the same
// non-empty value (vals[i] is wave i+1's, "" for none).
func valueRuns(vals []string) []struct {
	v string
	s span
} {
	var out []struct {
		v string
		s span
	}
	for i := 0; i < len(vals); i++ {
		if vals[i] == "" {
			continue
		}
		j := i
		for j+1 < len(vals) && vals[j+1] == vals[i] {
			j++
		}
		out = append(out, struct {
			v string
			s span
		}{vals[i], span{i + 1, j + 1}})
		i = j
	}
	return out
}

// nodeAttr is one dynamic node attribute: a nodes.csv column.
type nodeAttr struct {
	name, typ string
	kind      columns.Type
}

// WriteDynamicGEXF writes the waves, in order, as one dynamic GEXF 1.2
// document; title names it in the meta description.
func WriteDynamicGEXF(w io.Writer, title string, ws []*Wave) error {
	n := len(ws)
	// The node attributes: every column of nodes.csv after id, in the
	// order they first appear.
	var attrs []nodeAttr
	attrAt := map[string]int{}
	for _, wv := range ws {
		for i, h := range wv.Nodes.Header {
			if i == 0 || h == "id" {
				continue
			}
			if _, ok := attrAt[h]; ok {
				continue
			}
			kind := columns.Text
			if c, ok := columns.Nodes().Column(h); ok {
				kind = c.Type
			}
			attrAt[h] = len(attrs)
			attrs = append(attrs, nodeAttr{name: h, typ: exchangeType(kind), kind: kind})
		}
	}
	// Nodes in the order they first appear; per node and wave its cells.
	var ids []string
	cells := map[string][][]string{} // id → attribute → wave → value
	present := map[string][]bool{}
	label := map[string]string{}
	for k, wv := range ws {
		idCol := column(wv.Nodes, "id")
		nameCol := column(wv.Nodes, "name")
		for _, r := range wv.Nodes.Rows {
			id := cellAt(r, idCol)
			if _, ok := present[id]; !ok {
				ids = append(ids, id)
				present[id] = make([]bool, n)
				cs := make([][]string, len(attrs))
				for a := range cs {
					cs[a] = make([]string, n)
				}
				cells[id] = cs
			}
			present[id][k] = true
			if nameCol >= 0 {
				label[id] = cellAt(r, nameCol)
			}
			for i, h := range wv.Nodes.Header {
				if a, ok := attrAt[h]; ok && i != idCol {
					cells[id][a][k] = cellValue(attrs[a].kind, cellAt(r, i))
				}
			}
		}
	}
	// Edges likewise.
	type edgeKey [2]string
	var edges []edgeKey
	epresent := map[edgeKey][]bool{}
	evol := map[edgeKey][]string{}
	ekinds := map[edgeKey][]string{}
	for k, wv := range ws {
		for _, e := range wv.Edges {
			key := edgeKey{e.From, e.To}
			if _, ok := epresent[key]; !ok {
				edges = append(edges, key)
				epresent[key] = make([]bool, n)
				evol[key] = make([]string, n)
				ekinds[key] = make([]string, n)
			}
			epresent[key][k] = true
			evol[key][k] = e.Volume
			ekinds[key][k] = textsafe.Visible(e.Kinds)
		}
	}

	x := &xw{bw: bufio.NewWriter(w)}
	x.bw.WriteString(xml.Header)
	x.enc = xml.NewEncoder(x.bw)
	x.enc.Indent("", " ")
	root := el("gexf", "version", "1.2")
	root.Name.Space = interop.GEXFNamespace
	x.start(root)
	meta := el("meta")
	x.start(meta)
	x.text(el("creator"), "clusterchain")
	x.text(el("description"), textsafe.Visible(title))
	x.end(meta)
	graph := el("graph", "defaultedgetype", "directed", "mode", "dynamic", "timeformat", "integer",
		"start", "1", "end", strconv.Itoa(n))
	x.start(graph)
	na := el("attributes", "class", "node", "mode", "dynamic")
	x.start(na)
	for i, a := range attrs {
		x.empty(el("attribute", "id", strconv.Itoa(i), "title", a.name, "type", a.typ))
	}
	x.end(na)
	ea := el("attributes", "class", "edge", "mode", "dynamic")
	x.start(ea)
	x.empty(el("attribute", "id", "volume", "title", "volume", "type", interop.Double))
	x.empty(el("attribute", "id", "kinds", "title", "kinds", "type", interop.String))
	x.end(ea)
	spells := func(p []bool) {
		s := el("spells")
		x.start(s)
		for _, r := range runs(p) {
			x.empty(el("spell", "start", strconv.Itoa(r.start), "end", strconv.Itoa(r.end)))
		}
		x.end(s)
	}
	attvalue := func(id string, vals []string) {
		for _, r := range valueRuns(vals) {
			x.empty(el("attvalue", "for", id, "value", r.v, "start", strconv.Itoa(r.s.start), "end", strconv.Itoa(r.s.end)))
		}
	}
	ns := el("nodes", "count", strconv.Itoa(len(ids)))
	x.start(ns)
	for _, id := range ids {
		nd := el("node", "id", interop.EncodeID(id), "label", textsafe.Visible(label[id]))
		x.start(nd)
		av := el("attvalues")
		x.start(av)
		for a := range attrs {
			attvalue(strconv.Itoa(a), cells[id][a])
		}
		x.end(av)
		spells(present[id])
		x.end(nd)
	}
	x.end(ns)
	es := el("edges", "count", strconv.Itoa(len(edges)))
	x.start(es)
	for i, e := range edges {
		ed := el("edge", "id", strconv.Itoa(i), "source", interop.EncodeID(e[0]), "target", interop.EncodeID(e[1]))
		x.start(ed)
		av := el("attvalues")
		x.start(av)
		attvalue("volume", evol[e])
		attvalue("kinds", ekinds[e])
		x.end(av)
		spells(epresent[e])
		x.end(ed)
	}
	x.end(es)
	x.end(graph)
	x.end(root)
	return x.close()
}

// cellValue is a nodes.csv cell as a GEXF value: ids encoded as the node
// ids are, other text made visible, numbers and flags as written.
func cellValue(kind columns.Type, v string) string {
	switch kind {
	case columns.ID, columns.IDList:
		return interop.EncodeID(v)
	case columns.Text, columns.Attrs:
		return textsafe.Visible(v)
	}
	return v
}

// exchangeType is the GEXF type of a registry column type.
func exchangeType(t columns.Type) string {
	switch t {
	case columns.Int:
		return interop.Integer
	case columns.Long:
		return interop.Long
	case columns.Float:
		return interop.Double
	case columns.Bool:
		return interop.Boolean
	}
	return interop.String
}

// xw streams an XML document, keeping the first error.
type xw struct {
	bw  *bufio.Writer
	enc *xml.Encoder
	err error
}

func el(name string, attrs ...string) xml.StartElement {
	s := xml.StartElement{Name: xml.Name{Local: name}}
	for i := 0; i+1 < len(attrs); i += 2 {
		s.Attr = append(s.Attr, xml.Attr{Name: xml.Name{Local: attrs[i]}, Value: attrs[i+1]})
	}
	return s
}

func (x *xw) token(t xml.Token) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(t)
	}
}

func (x *xw) start(s xml.StartElement) { x.token(s) }
func (x *xw) end(s xml.StartElement)   { x.token(s.End()) }
func (x *xw) empty(s xml.StartElement) { x.token(s); x.token(s.End()) }
func (x *xw) text(s xml.StartElement, t string) {
	x.token(s)
	x.token(xml.CharData(t))
	x.token(s.End())
}

func (x *xw) close() error {
	if x.err != nil {
		return x.err
	}
	if err := x.enc.Close(); err != nil {
		return err
	}
	x.bw.WriteString("\n")
	return x.bw.Flush()
}
