package interop

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"io"
	"math/rand/v2"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/graph/formats/gexf12"

	"clusterchain/internal/textsafe"
	"clusterchain/network"
	"clusterchain/report"
)

// The writers as they were, on encoding/xml's Encoder: the reference the
// streaming writers (xmlw.go) must match byte for byte.

// refGexfEdge is gexf12.Edge with the weight always written: gexf12 omits
// a weight of 0, which GEXF readers would take as 1.
type refGexfEdge struct {
	ID        string            `xml:"id,attr"`
	Source    string            `xml:"source,attr"`
	Target    string            `xml:"target,attr"`
	Weight    float64           `xml:"weight,attr"`
	AttValues *gexf12.AttValues `xml:"attvalues"`
}

// refXMLWriter streams one XML document, keeping the first error.
type refXMLWriter struct {
	bw  *bufio.Writer
	enc *xml.Encoder
	err error
}

func refNewXMLWriter(w io.Writer) *refXMLWriter {
	bw := bufio.NewWriter(w)
	bw.WriteString(xml.Header)
	enc := xml.NewEncoder(bw)
	enc.Indent("", " ")
	return &refXMLWriter{bw: bw, enc: enc}
}

func refElem(name string, attrs ...string) xml.StartElement {
	s := xml.StartElement{Name: xml.Name{Local: name}}
	for i := 0; i+1 < len(attrs); i += 2 {
		s.Attr = append(s.Attr, xml.Attr{Name: xml.Name{Local: attrs[i]}, Value: attrs[i+1]})
	}
	return s
}

func (x *refXMLWriter) start(s xml.StartElement) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(s)
	}
}

func (x *refXMLWriter) end(s xml.StartElement) {
	if x.err == nil {
		x.err = x.enc.EncodeToken(s.End())
	}
}

func (x *refXMLWriter) element(v any, s xml.StartElement) {
	if x.err == nil {
		x.err = x.enc.EncodeElement(v, s)
	}
}

func (x *refXMLWriter) close() error {
	if x.err != nil {
		return x.err
	}
	if err := x.enc.Close(); err != nil {
		return err
	}
	x.bw.WriteString("\n")
	return x.bw.Flush()
}

// refWriteGEXF writes network.gexf (GEXF 1.2, directed, static): every node
// with the attributes of Columns, every edge of G with its weight and
// kinds.
func refWriteGEXF(w io.Writer, a *network.Analysis) error {
	cols, rows := Columns(a)
	nodes := a.Network.Nodes()
	es := edges(a)
	x := refNewXMLWriter(w)
	root := refElem("gexf", "version", "1.2")
	root.Name.Space = GEXFNamespace
	x.start(root)
	x.element(&gexf12.Meta{Creator: "clusterchain", Description: textsafe.Visible(a.Network.Name())}, refElem("meta"))
	graph := refElem("graph", "defaultedgetype", "directed", "mode", "static")
	x.start(graph)
	nodeAttrs := gexf12.Attributes{Class: "node"}
	for _, c := range cols {
		nodeAttrs.Attributes = append(nodeAttrs.Attributes, gexf12.Attribute{ID: c.Name, Title: c.Name, Type: c.Type})
	}
	x.element(nodeAttrs, refElem("attributes"))
	x.element(gexf12.Attributes{Class: "edge", Attributes: []gexf12.Attribute{{ID: "kinds", Title: "kinds", Type: String}}},
		refElem("attributes"))
	ns := refElem("nodes", "count", strconv.Itoa(len(nodes)))
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
		x.element(n, refElem("node"))
	}
	x.end(ns)
	edgesElem := refElem("edges", "count", strconv.Itoa(len(es)))
	x.start(edgesElem)
	for i, e := range es {
		ge := refGexfEdge{ID: strconv.Itoa(i), Source: EncodeID(nodes[e.from].ID), Target: EncodeID(nodes[e.to].ID), Weight: e.weight}
		if e.kinds != "" {
			ge.AttValues = &gexf12.AttValues{AttValues: []gexf12.AttValue{{For: "kinds", Value: e.kinds}}}
		}
		x.element(ge, refElem("edge"))
	}
	x.end(edgesElem)
	x.end(graph)
	x.end(root)
	return x.close()
}

// refGraphmlTypes maps the GEXF type names to GraphML's attr.type.
var refGraphmlTypes = map[string]string{Integer: "int", Long: "long", Double: "double", Boolean: "boolean", String: "string"}

type refGraphmlKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type refGraphmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

type refGraphmlNode struct {
	ID   string           `xml:"id,attr"`
	Data []refGraphmlData `xml:"data"`
}

type refGraphmlEdge struct {
	Source string           `xml:"source,attr"`
	Target string           `xml:"target,attr"`
	Data   []refGraphmlData `xml:"data"`
}

// refWriteGraphML writes network.graphml: a directed graph whose nodes carry
// the attributes of Columns (keys d0, d1, … named by attr.name) and whose
// edges carry weight and kinds.
func refWriteGraphML(w io.Writer, a *network.Analysis) error {
	cols, rows := Columns(a)
	nodes := a.Network.Nodes()
	x := refNewXMLWriter(w)
	root := refElem("graphml")
	root.Name.Space = GraphMLNamespace
	x.start(root)
	for i, c := range cols {
		x.element(refGraphmlKey{ID: "d" + strconv.Itoa(i), For: "node", Name: c.Name, Type: refGraphmlTypes[c.Type]}, refElem("key"))
	}
	weightKey, kindsKey := "d"+strconv.Itoa(len(cols)), "d"+strconv.Itoa(len(cols)+1)
	x.element(refGraphmlKey{ID: weightKey, For: "edge", Name: "weight", Type: "double"}, refElem("key"))
	x.element(refGraphmlKey{ID: kindsKey, For: "edge", Name: "kinds", Type: "string"}, refElem("key"))
	graph := refElem("graph", "id", "G", "edgedefault", "directed")
	x.start(graph)
	for i, nd := range nodes {
		n := refGraphmlNode{ID: EncodeID(nd.ID)}
		for j, v := range rows[i] {
			if v != "" {
				n.Data = append(n.Data, refGraphmlData{Key: "d" + strconv.Itoa(j), Value: v})
			}
		}
		x.element(n, refElem("node"))
	}
	for _, e := range edges(a) {
		ge := refGraphmlEdge{Source: EncodeID(nodes[e.from].ID), Target: EncodeID(nodes[e.to].ID),
			Data: []refGraphmlData{{Key: weightKey, Value: report.Float(e.weight)}}}
		if e.kinds != "" {
			ge.Data = append(ge.Data, refGraphmlData{Key: kindsKey, Value: e.kinds})
		}
		x.element(ge, refElem("edge"))
	}
	x.end(graph)
	x.end(root)
	return x.close()
}

// hostileText is a name or id of every kind of character the escaping
// handles: XML specials, tab, newline, carriage return, other controls,
// characters XML 1.0 forbids (U+FFFE), invalid UTF-8, a literal U+FFFD,
// bidirectional overrides and Chinese.
func hostileText(r *rand.Rand) string {
	parts := []string{"a", "<", ">", "&", `"`, "'", "\t", "\n", "\r", "\x01", "\x7f", "\uFFFE", "\uFFFF",
		"\xff", "\xe4\xb8", "\uFFFD", "\u202E", "义乌", "=", " ", "\\", "𝔘", "\U0010FFFF", "\ud7ff", "\ue000"}
	var b []byte
	for range 1 + r.IntN(8) {
		b = append(b, parts[r.IntN(len(parts))]...)
	}
	return string(b)
}

// randomHostile is a small network whose names, ids, attribute keys and
// values are hostile text.
func randomHostile(t *testing.T, seed uint64) *network.Analysis {
	r := rand.New(rand.NewPCG(seed, 1))
	var ds network.Dataset
	ds.Name = hostileText(r)
	ids := map[string]bool{}
	for i := range 12 {
		id := hostileText(r) + strconv.Itoa(i)
		if ids[id] {
			continue
		}
		ids[id] = true
		nd := network.Node{ID: id, Name: hostileText(r)}
		switch i % 4 {
		case 2:
			nd.Type = network.Market
		case 3:
			nd.Type = network.Buyer
		default:
			nd.Cluster = []string{"c1", "c<2>"}[i%2]
		}
		if r.IntN(2) == 0 {
			nd.Attrs = []network.Attr{{Key: "town", Value: hostileText(r)}, {Key: hostileText(r) + "k", Value: strconv.Itoa(r.IntN(100))}}
		}
		if r.IntN(5) == 0 {
			nd.Name = ""
		}
		ds.Nodes = append(ds.Nodes, nd)
	}
	for i, from := range ds.Nodes {
		for j, to := range ds.Nodes {
			if i == j || from.Type == network.Buyer || r.IntN(3) != 0 {
				continue
			}
			var kind network.Kind
			switch {
			case to.Type == network.Market || to.Type == network.Buyer:
				kind = network.Sale
			case from.Type == network.Firm && r.IntN(2) == 0:
				kind = network.Subcontract
			default:
				kind = network.Supply
			}
			ds.Links = append(ds.Links, network.Link{From: from.ID, To: to.ID, Kind: kind, Volume: float64(r.IntN(5)) * 0.7})
		}
	}
	nw, err := network.New(ds)
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(t.Context(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// The streaming writers write what the encoding/xml writers wrote, byte
// for byte, on hostile, colliding, random hostile and generated networks.
func TestStreamingXMLMatchesEncoder(t *testing.T) {
	cases := map[string]*network.Analysis{"hostile": hostile(t), "colliding": colliding(t), "generated": generated(t)}
	for seed := range uint64(40) {
		cases["random"+strconv.FormatUint(seed, 10)] = randomHostile(t, seed)
	}
	for name, a := range cases {
		for _, f := range []struct {
			format   string
			got, ref func(io.Writer, *network.Analysis) error
		}{{"gexf", WriteGEXF, refWriteGEXF}, {"graphml", WriteGraphML, refWriteGraphML}} {
			var got, want bytes.Buffer
			if err := f.got(&got, a); err != nil {
				t.Fatal(err)
			}
			if err := f.ref(&want, a); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Bytes(), want.Bytes()) {
				g, w := got.Bytes(), want.Bytes()
				i := 0
				for i < len(g) && i < len(w) && g[i] == w[i] {
					i++
				}
				t.Errorf("%s %s: differs at byte %d:\n got %q\nwant %q", name, f.format, i,
					g[max(0, i-80):min(len(g), i+80)], w[max(0, i-80):min(len(w), i+80)])
			}
		}
	}
}
