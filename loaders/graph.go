package loaders

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"

	"clusterchain/network"
)

// A graph file (GEXF, GraphML, Pajek .net) is read into graphNodes and
// graphEdges, then declared and checked as the rows of the tables are.

// graphNode is a node of a graph file: its id, label and attributes by
// name, in the file's order, with its line.
type graphNode struct {
	id, label string
	attrs     []network.Attr
	line      int
}

// graphEdge is an edge: its ends, attributes and line; weight is the
// weight the format itself gives (GEXF's weight attribute, Pajek's
// value), "" for none.
type graphEdge struct {
	source, target string
	weight         string
	attrs          []network.Attr
	line           int
	undirected     bool
}

type graphFile struct {
	format string // "GEXF", "GraphML", "Pajek"
	nodes  []graphNode
	edges  []graphEdge
	// weightDefault is what an edge without a weight weighs in the
	// format ("1" in GEXF and Pajek), or "" (unknown).
	weightDefault string
	// hasWeights: some edge has a weight of the format's own.
	hasWeights bool
}

// maxGraphItems bounds the nodes plus edges of a graph file.
const maxGraphItems = 50_000_000

// Node and edge attributes read from a graph file, matched as headers
// are: the node's type, cluster and name, the edge's kind and volume.
var (
	typeNames    = []string{"type", "node type", "类型", "节点类型"}
	edgeKindName = []string{"kind", "kinds", "类型", "关系类型", "联系类型", "relation", "type"}
	weightNames  = []string{"weight", "权重"}
)

// figureColumns are the columns of nodes.csv that the analysis computes:
// clusterchain's own exports carry them as node attributes, which are
// not input and are not read.
var figureColumns = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(`in_degree out_degree in_volume out_volume betweenness closeness harmonic
		pagerank tier depth ring hub authority constraint effective_size core cut coordinator gatekeeper
		representative itinerant liaison customer_hhi top_customer_share community trophic_level
		coordinator_z gatekeeper_z representative_z itinerant_z liaison_z betweenness_se closeness_se harmonic_se`) {
		m[c] = true
	}
	return m
}()

func matches(name string, names []string) bool {
	n := normalize(name)
	for _, x := range names {
		if n == normalize(x) {
			return true
		}
	}
	return false
}

// columnNamed reports whether name is col of table t or one of its
// aliases.
func columnNamed(name, col string, t tableKind) bool {
	n := normalize(name)
	for _, c := range columns {
		if c.Name != col || !tableHas(c, t) {
			continue
		}
		if n == normalize(c.Name) {
			return true
		}
		for _, a := range c.Aliases {
			if n == normalize(a) {
				return true
			}
		}
	}
	return false
}

// LoadGraph reads a dataset that is a graph file (file, in fsys): GEXF
// (Gephi, NetworkX's write_gexf, clusterchain's network.gexf), GraphML
// (NetworkX's write_graphml, Cytoscape, yEd, network.graphml) or Pajek
// .net (NetworkX's write_pajek, network.net), chosen by the file's
// first bytes.
//
// Node attributes type (firm, market or buyer, also 企业, 市场, 买家;
// default firm), cluster and name (default: the label, else the id)
// are read with the names and aliases of headers; other attributes are
// kept as a table's optional columns are, except the figures that
// clusterchain's own exports carry (in_degree, pagerank, …), which the
// analysis computes again. An edge's kind is its attribute kind (or
// kinds, type, relation, …; empty: the SPEC default), its volume its
// attribute volume (or an alias), else its weight; an edge of a file
// with volumes that gives none has an unknown volume, except where the
// format says a missing weight is 1 (GEXF's and Pajek's own weights).
// Errors name the file and line.
func LoadGraph(fsys fs.FS, file string, opt Options) (*Result, error) {
	l := newLoader(fsys, opt)
	l.named = file
	l.errs.rank(file)
	data, ok := l.open(file, true)
	if !ok {
		return l.result()
	}
	b, enc, ok := decode(file, data, opt.Encoding, l.errs)
	if !ok {
		return l.result()
	}
	var g *graphFile
	var err error
	head := bytes.ToLower(b[:min(len(b), 4096)])
	switch {
	case bytes.Contains(head, []byte("<gexf")):
		g, err = readGEXF(file, b)
	case bytes.Contains(head, []byte("<graphml")):
		g, err = readGraphML(file, b)
	case strings.EqualFold(path.Ext(file), ".net") || bytes.Contains(head, []byte("*vertices")):
		g, err = readPajek(file, b)
	default:
		l.errs.errf(file, 1, 0, ErrGraph, "a graph file is GEXF (<gexf …>), GraphML (<graphml …>) or Pajek (*Vertices n)",
			"not a GEXF, GraphML or Pajek file")
		return l.result()
	}
	if err != nil {
		l.errs.add(asError(file, err))
		return l.result()
	}
	l.res.Inputs = append(l.res.Inputs, Input{File: file, Encoding: enc, Delimiter: g.format})
	l.graph(file, g)
	return l.result()
}

func asError(file string, err error) *Error {
	if e, ok := err.(*Error); ok {
		return e
	}
	return &Error{File: file, Err: &detail{ErrGraph, err.Error()}}
}

func graphErr(file string, line int, format string, a ...any) *Error {
	return &Error{File: file, Line: line, Err: &detail{ErrGraph, fmt.Sprintf(format, a...)}}
}

// graph declares the nodes of g and checks its edges.
func (l *loader) graph(file string, g *graphFile) {
	l.nodesWhere = "the nodes of " + plain(file)
	skipped := map[string]bool{}
	clusterNodes := map[string]bool{}
	// Clusters that a node of type cluster declares; the others take their
	// name and attributes from the cluster:… attributes of their firms
	// (clusterchain's own exports), the first firm that has them.
	isCluster := make([]bool, len(g.nodes))
	declared := map[string]bool{}
	for i, n := range g.nodes {
		for _, a := range n.attrs {
			if matches(a.Key, typeNames) && (normalize(a.Value) == "cluster" || normalize(a.Value) == "集群") {
				isCluster[i] = true
				declared[n.id] = true
			}
		}
	}
	type fromFirm struct {
		c    network.Cluster
		line int
	}
	var onFirms []fromFirm
	seen := map[string]bool{}
	for i, n := range g.nodes {
		nd := network.Node{ID: n.id, Type: network.Firm, Name: n.label}
		named := false
		var cl network.Cluster // from cluster:… attributes
		if isCluster[i] {
			l.graphCluster(file, n)
			clusterNodes[n.id] = true
			continue
		}
		for _, a := range n.attrs {
			switch {
			case strings.HasPrefix(a.Key, clusterAttrPrefix):
				v := strings.TrimSpace(a.Value)
				switch k := strings.TrimPrefix(a.Key, clusterAttrPrefix); {
				case v == "":
				case k == "name":
					cl.Name = v
				default:
					cl.Attrs = append(cl.Attrs, network.Attr{Key: attrKeyOf(k, clustersTable), Value: v})
				}
			case matches(a.Key, typeNames):
				if strings.TrimSpace(a.Value) == "" {
					continue
				}
				t, ok := nodeType(a.Value)
				if !ok {
					l.errs.errf(file, n.line, 0, ErrGraph, "a node's type is firm, market or buyer (企业, 市场, 买家), or cluster for a node that declares a cluster",
						"node %s: type %s is not firm, market, buyer or cluster", echo(n.id), echo(a.Value))
				}
				nd.Type = t
			case columnNamed(a.Key, "cluster", firmsTable):
				nd.Cluster = strings.TrimSpace(a.Value)
			case columnNamed(a.Key, "name", firmsTable) || columnNamed(a.Key, "name", marketsTable) ||
				columnNamed(a.Key, "name", buyersTable):
				if v := strings.TrimSpace(a.Value); v != "" {
					nd.Name, named = v, true
				}
			case figureColumns[normalizeKey(a.Key)]:
				skipped[a.Key] = true
			default:
				if v := strings.TrimSpace(a.Value); v != "" {
					nd.Attrs = append(nd.Attrs, network.Attr{Key: attrKey(a.Key, nd.Type), Value: v})
				}
			}
		}
		if !named && nd.Name == "" {
			nd.Name = n.id
		}
		if nd.Type != network.Firm {
			nd.Cluster = ""
		}
		if id := nd.Cluster; id != "" && !declared[id] && !seen[id] && (cl.Name != "" || len(cl.Attrs) > 0) {
			seen[id] = true
			cl.ID = id
			sortAttrs(cl.Attrs, clustersTable)
			onFirms = append(onFirms, fromFirm{cl, n.line})
		}
		sortAttrs(nd.Attrs, [...]tableKind{network.Firm: firmsTable, network.Market: marketsTable, network.Buyer: buyersTable}[nd.Type])
		l.addNode(file, n.line, n.line, 0, nd)
	}
	for _, f := range onFirms {
		if f.c.Name == "" {
			f.c.Name = f.c.ID
		}
		if err := l.b.AddCluster(f.c); err == nil {
			l.clusters[f.c.ID] = f.line
			l.res.Dataset.Clusters = append(l.res.Dataset.Clusters, f.c)
		}
	}
	if len(skipped) > 0 {
		names := sortedKeys(skipped)
		l.res.Warnings = append(l.res.Warnings, Warning{File: file, Message: fmt.Sprintf(
			"%s (%s): not read, the analysis computes them again",
			plural(len(names), "node attribute is a clusterchain figure", "node attributes are clusterchain figures"), plainList(names))})
	}
	l.finishClusters()
	hasVolume := g.hasWeights
	for _, e := range g.edges {
		for _, a := range e.attrs {
			hasVolume = hasVolume || columnNamed(a.Key, "volume", linksTable) || matches(a.Key, weightNames)
		}
	}
	f := &linkFile{file: file, fromName: "source", toName: "target", hasVolume: hasVolume,
		rules: numberRules{commaGrouping: true}}
	// A link's row for network.Builder is its place in ins.
	ins := make([]linkIn, 0, len(g.edges))
	k := &linkSink{errs: l.errs, batch: l.b.NewBatch(len(g.edges))}
	undirected := 0
	for _, e := range g.edges {
		if clusterNodes[e.source] || clusterNodes[e.target] {
			l.errs.errf(file, e.line, 0, ErrGraph, "a node of type cluster declares a cluster (its name and attributes); firms name it in their attribute cluster",
				"edge %s → %s: an end is a cluster", echo(e.source), echo(e.target))
			continue
		}
		in := linkIn{from: e.source, to: e.target, line: e.line, fromLine: e.line, toLine: e.line,
			kindLine: e.line, volLine: e.line, dirLine: e.line}
		vol, weight := "", e.weight
		hasVol := false
		for _, a := range e.attrs {
			switch {
			case columnNamed(a.Key, "volume", linksTable):
				vol, hasVol = strings.TrimSpace(a.Value), true
			case matches(a.Key, weightNames):
				weight = strings.TrimSpace(a.Value)
			case matches(a.Key, edgeKindName):
				in.kind = strings.TrimSpace(a.Value)
			}
		}
		if !hasVol {
			vol = weight
			if vol == "" && g.hasWeights {
				vol = g.weightDefault
			}
		}
		in.vol = vol
		if strings.Contains(in.kind, ";") {
			kinds := strings.Split(in.kind, ";")
			if len(slices.Compact(kinds)) > 1 {
				l.errs.errf(file, e.line, 0, ErrGraph, "an edge of several kinds has one weight, which cannot be split by kind: give each kind its own edge",
					"edge %s → %s has the kinds %s", echo(e.source), echo(e.target), echo(in.kind))
				continue
			}
			in.kind = kinds[0]
		}
		if e.undirected {
			undirected++
		}
		in.row = int32(len(ins))
		ins = append(ins, in)
		l.addLink(f, &ins[len(ins)-1], k)
	}
	if undirected > 0 {
		l.res.Warnings = append(l.res.Warnings, Warning{File: file, Message: fmt.Sprintf(
			"%s undirected: read as delivering from source to target, as written", plural(undirected, "edge is", "edges are"))})
	}
	if len(g.edges) == 0 {
		l.errs.errf(file, 0, 0, ErrNoRows, "a dataset needs at least one firm and one link", "no edges")
	}
	if len(g.nodes) == 0 {
		l.errs.errf(file, 0, 0, ErrNoRows, "a dataset needs at least one firm and one link", "no nodes")
	}
	l.res.hasVolume = hasVolume
	l.res.UnknownVolumes = k.unknown
	l.unknownAt = k.unknownAt
	l.res.Rows = k.rows
	l.finishLinks(file, func(row int32) (string, *linkIn) { return file, &ins[row] }, k.batch)
}

// clusterAttrPrefix starts the node attributes that carry a firm's
// cluster in clusterchain's own exports (interop.ClusterPrefix):
// cluster:name and cluster:KEY for the optional columns of clusters.csv.
const clusterAttrPrefix = "cluster:"

// graphCluster declares a cluster from a node of type cluster: its id,
// name (or label) and attributes.
func (l *loader) graphCluster(file string, n graphNode) {
	c := network.Cluster{ID: n.id, Name: n.label}
	for _, a := range n.attrs {
		v := strings.TrimSpace(a.Value)
		switch {
		case matches(a.Key, typeNames) || v == "":
		case columnNamed(a.Key, "name", clustersTable):
			c.Name = v
		case figureColumns[normalizeKey(a.Key)]:
		default:
			c.Attrs = append(c.Attrs, network.Attr{Key: attrKeyOf(a.Key, clustersTable), Value: v})
		}
	}
	if c.Name == "" {
		c.Name = c.ID
	}
	sortAttrs(c.Attrs, clustersTable)
	if err := l.b.AddCluster(c); errors.Is(err, network.ErrEmptyID) {
		l.errs.errc(file, n.line, 0, ErrEmptyID, err, "", "empty id")
		return
	} else if err != nil {
		l.errs.errc(file, n.line, 0, ErrDuplicateID, err, "", "duplicate cluster id %s (first at line %d)", echo(c.ID), l.clusters[c.ID])
		return
	}
	l.clusters[c.ID] = n.line
	l.res.Dataset.Clusters = append(l.res.Dataset.Clusters, c)
}

// sortAttrs orders attributes as a table's columns are: the SPEC columns
// of table t in their order, then the others as they came.
func sortAttrs(attrs []network.Attr, t tableKind) {
	rank := func(a network.Attr) int {
		for i, c := range columns {
			if c.Name == a.Key && tableHas(c, t) {
				return i
			}
		}
		return len(columns)
	}
	slices.SortStableFunc(attrs, func(a, b network.Attr) int { return rank(a) - rank(b) })
}

// normalizeKey is a node attribute's name as nodes.csv writes it.
func normalizeKey(s string) string {
	return strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), " ", "_")
}

// attrKey is an attribute's key: the SPEC name of an optional column of
// the node's table (town, province, …), else the name as written.
func attrKey(name string, t network.NodeType) string {
	return attrKeyOf(name, [...]tableKind{network.Firm: firmsTable, network.Market: marketsTable, network.Buyer: buyersTable}[t])
}

func attrKeyOf(name string, table tableKind) string {
	n := normalize(name)
	for _, c := range columns {
		if !tableHas(c, table) || isLoaderColumn(c.Name, table) {
			continue
		}
		if n == normalize(c.Name) {
			return c.Name
		}
	}
	return name
}

// xmlReader is a decoder over a graph file's XML that reports lines.
type xmlReader struct {
	file  string
	d     *xml.Decoder
	data  []byte
	items int
}

func newXMLReader(file string, data []byte) *xmlReader {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	// Only UTF-8 (decoded already): a declared encoding other than UTF-8
	// is accepted as the text has been decoded.
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) { return r, nil }
	return &xmlReader{file: file, d: d, data: data}
}

func (x *xmlReader) line() int {
	l, _ := x.d.InputPos()
	return l
}

func (x *xmlReader) token() (xml.Token, error) {
	tok, err := x.d.Token()
	if err != nil && err != io.EOF {
		return nil, graphErr(x.file, x.line(), "XML: %v", err)
	}
	return tok, err
}

func (x *xmlReader) count() error {
	if x.items++; x.items > maxGraphItems {
		return graphErr(x.file, x.line(), "more than %s nodes and edges", thousands(maxGraphItems))
	}
	return nil
}

// text reads the character data of the element just opened, up to its
// end; child elements are skipped.
func (x *xmlReader) text() (string, bool, error) {
	var b strings.Builder
	children := false
	for {
		tok, err := x.token()
		if err != nil {
			if err == io.EOF {
				return "", false, graphErr(x.file, x.line(), "the file ends inside an element")
			}
			return "", false, err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			children = true
			if err := x.d.Skip(); err != nil {
				return "", false, graphErr(x.file, x.line(), "XML: %v", err)
			}
		case xml.EndElement:
			return b.String(), children, nil
		}
	}
}

// attrDecl is a declared attribute (GEXF <attribute>, GraphML <key>).
type attrDecl struct {
	name, def string
	hasDef    bool
}

// withDefault gives attrs d's default value when d has one and attrs has
// no value for d.
func withDefault(attrs []network.Attr, d attrDecl) []network.Attr {
	if !d.hasDef {
		return attrs
	}
	for _, a := range attrs {
		if a.Key == d.name {
			return attrs
		}
	}
	return append(attrs, network.Attr{Key: d.name, Value: d.def})
}

// readGEXF reads a GEXF document (1.1, 1.2, 1.3).
func readGEXF(file string, data []byte) (*graphFile, error) {
	x := newXMLReader(file, data)
	g := &graphFile{format: "GEXF", weightDefault: "1"}
	decls := map[string]map[string]attrDecl{"node": {}, "edge": {}}
	var order = map[string][]string{}
	class := ""
	undirected := false
	var cur *graphNode
	var edge *graphEdge
	var seenGEXF bool
	applyDefaults := func(cls string, attrs []network.Attr) []network.Attr {
		for _, id := range order[cls] {
			attrs = withDefault(attrs, decls[cls][id])
		}
		return attrs
	}
	for {
		tok, err := x.token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "gexf":
				seenGEXF = true
			case "graph":
				undirected = strings.EqualFold(attr(t, "defaultedgetype"), "undirected")
			case "attributes":
				class = attr(t, "class")
				if class != "node" && class != "edge" {
					class = ""
				}
			case "attribute":
				if class == "" {
					continue
				}
				id := attr(t, "id")
				d := attrDecl{name: attr(t, "title")}
				if d.name == "" {
					d.name = id
				}
				if _, dup := decls[class][id]; !dup {
					order[class] = append(order[class], id)
				}
				decls[class][id] = d
			case "default":
				if class == "" || len(order[class]) == 0 {
					continue
				}
				v, _, err := x.text()
				if err != nil {
					return nil, err
				}
				id := order[class][len(order[class])-1]
				d := decls[class][id]
				d.def, d.hasDef = v, true
				decls[class][id] = d
			case "node":
				if err := x.count(); err != nil {
					return nil, err
				}
				if cur != nil {
					// A node inside a node (a hierarchy): the outer one is
					// complete as far as it goes.
					cur.attrs = applyDefaults("node", cur.attrs)
					g.nodes = append(g.nodes, *cur)
				}
				cur = &graphNode{id: attr(t, "id"), label: attr(t, "label"), line: x.line()}
				if cur.id == "" {
					return nil, graphErr(file, cur.line, "a node without an id")
				}
			case "edge":
				if err := x.count(); err != nil {
					return nil, err
				}
				edge = &graphEdge{source: attr(t, "source"), target: attr(t, "target"), weight: attr(t, "weight"), line: x.line()}
				edge.undirected = undirected
				if typ := attr(t, "type"); typ != "" {
					edge.undirected = strings.EqualFold(typ, "undirected")
				}
				if k := attr(t, "kind"); k != "" { // GEXF 1.3's edge kind
					edge.attrs = append(edge.attrs, network.Attr{Key: "kind", Value: k})
				}
				if edge.weight != "" {
					g.hasWeights = true
				}
			case "attvalue":
				id := attr(t, "for")
				if id == "" {
					id = attr(t, "id") // GEXF 1.0
				}
				switch {
				case edge != nil:
					if d, ok := decls["edge"][id]; ok {
						edge.attrs = append(edge.attrs, network.Attr{Key: d.name, Value: attr(t, "value")})
					}
				case cur != nil:
					if d, ok := decls["node"][id]; ok {
						cur.attrs = append(cur.attrs, network.Attr{Key: d.name, Value: attr(t, "value")})
					}
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "attributes":
				class = ""
			case "node":
				if cur != nil {
					cur.attrs = applyDefaults("node", cur.attrs)
					g.nodes = append(g.nodes, *cur)
					cur = nil
				}
			case "edge":
				if edge != nil {
					edge.attrs = applyDefaults("edge", edge.attrs)
					g.edges = append(g.edges, *edge)
					edge = nil
				}
			}
		}
	}
	if !seenGEXF {
		return nil, graphErr(file, 1, "no <gexf> element")
	}
	return g, nil
}

// readGraphML reads a GraphML document: keys with attr.name and
// defaults, nodes and edges with their data.
func readGraphML(file string, data []byte) (*graphFile, error) {
	x := newXMLReader(file, data)
	g := &graphFile{format: "GraphML"}
	type key struct {
		decl attrDecl
		for_ string
	}
	keys := map[string]*key{}
	var keyOrder []string
	var curKey *key
	undirected := false
	var node *graphNode
	var edge *graphEdge
	seen := false
	defaults := func(forWhat string, attrs []network.Attr) []network.Attr {
		for _, id := range keyOrder {
			if k := keys[id]; k.for_ == forWhat || k.for_ == "all" {
				attrs = withDefault(attrs, k.decl)
			}
		}
		return attrs
	}
	for {
		tok, err := x.token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "graphml":
				seen = true
			case "key":
				id := attr(t, "id")
				k := &key{decl: attrDecl{name: attr(t, "attr.name")}, for_: attr(t, "for")}
				if k.decl.name == "" {
					k.decl.name = id
				}
				if _, dup := keys[id]; !dup {
					keyOrder = append(keyOrder, id)
				}
				keys[id] = k
				curKey = k
			case "default":
				if curKey == nil {
					continue
				}
				v, _, err := x.text()
				if err != nil {
					return nil, err
				}
				curKey.decl.def, curKey.decl.hasDef = v, true
			case "graph":
				undirected = strings.EqualFold(attr(t, "edgedefault"), "undirected")
			case "node":
				if err := x.count(); err != nil {
					return nil, err
				}
				if node != nil {
					node.attrs = defaults("node", node.attrs)
					g.nodes = append(g.nodes, *node)
				}
				node = &graphNode{id: attr(t, "id"), line: x.line()}
				if node.id == "" {
					return nil, graphErr(file, node.line, "a node without an id")
				}
			case "edge":
				if err := x.count(); err != nil {
					return nil, err
				}
				edge = &graphEdge{source: attr(t, "source"), target: attr(t, "target"), line: x.line(), undirected: undirected}
				if d := attr(t, "directed"); d != "" {
					edge.undirected = d == "false"
				}
			case "hyperedge":
				return nil, graphErr(file, x.line(), "a hyperedge, which has no source and target: not read")
			case "data":
				id := attr(t, "key")
				v, children, err := x.text()
				if err != nil {
					return nil, err
				}
				k, ok := keys[id]
				if !ok || children {
					continue // yEd's graphics, or data of an undeclared key
				}
				a := network.Attr{Key: k.decl.name, Value: v}
				switch {
				case edge != nil:
					edge.attrs = append(edge.attrs, a)
				case node != nil:
					node.attrs = append(node.attrs, a)
				}
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "key":
				curKey = nil
			case "node":
				if node != nil {
					node.attrs = defaults("node", node.attrs)
					g.nodes = append(g.nodes, *node)
					node = nil
				}
			case "edge":
				if edge != nil {
					edge.attrs = defaults("edge", edge.attrs)
					g.edges = append(g.edges, *edge)
					edge = nil
				}
			}
		}
	}
	if !seen {
		return nil, graphErr(file, 1, "no <graphml> element")
	}
	return g, nil
}

// pajekFields splits a Pajek line into fields: words, and text in
// double quotes (without escapes, as Pajek has none).
func pajekFields(s string) []string {
	var out []string
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == '\t' || c == '\r' {
			i++
			continue
		}
		if c == '"' {
			j := strings.IndexByte(s[i+1:], '"')
			if j < 0 {
				out = append(out, s[i+1:])
				return out
			}
			out = append(out, s[i+1:i+1+j])
			i += j + 2
			continue
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '\r' {
			j++
		}
		out = append(out, s[i:j])
		i = j
	}
	return out
}

// pajekShapes are the vertex shapes of Pajek, after the coordinates.
var pajekShapes = map[string]bool{"ellipse": true, "box": true, "diamond": true, "triangle": true, "cross": true, "empty": true}

// readPajek reads a Pajek .net file: *Vertices (labels, coordinates, a
// shape and key–value pairs such as NetworkX writes: type market),
// *Arcs and *Edges (with a value and pairs: kind sale), *Arcslist and
// *Edgeslist.
func readPajek(file string, data []byte) (*graphFile, error) {
	g := &graphFile{format: "Pajek", weightDefault: "1"}
	lines := strings.Split(string(data), "\n")
	section := ""
	n := -1
	byNum := map[int]int{} // vertex number → index in g.nodes
	label := func(v string, line int) (string, error) {
		num, err := strconv.Atoi(v)
		if err != nil || num < 1 || num > n {
			return "", graphErr(file, line, "vertex %s: not a vertex number from 1 to %d", echo(v), n)
		}
		if i, ok := byNum[num]; ok {
			return g.nodes[i].id, nil
		}
		return strconv.Itoa(num), nil
	}
	for i, raw := range lines {
		ln := strings.TrimSpace(raw)
		if ln == "" || ln[0] == '%' {
			continue
		}
		line := i + 1
		if ln[0] == '*' {
			f := strings.Fields(strings.ToLower(ln))
			section = f[0]
			switch section {
			case "*network":
			case "*vertices":
				if len(f) < 2 {
					return nil, graphErr(file, line, "*Vertices without a count")
				}
				v, err := strconv.Atoi(f[1])
				if err != nil || v < 0 || v > maxGraphItems {
					return nil, graphErr(file, line, "*Vertices %s: not a count", echo(f[1]))
				}
				n = v
			case "*arcs", "*edges", "*arcslist", "*edgeslist":
				if n < 0 {
					return nil, graphErr(file, line, "%s before *Vertices", section)
				}
				// A relation number and label (*Arcs :2 "sale") after the
				// section name is allowed and not read.
			default:
				return nil, graphErr(file, line, "%s is not read (only *Vertices, *Arcs, *Edges, *Arcslist, *Edgeslist)", echo(f[0]))
			}
			continue
		}
		fs := pajekFields(ln)
		switch section {
		case "*vertices":
			num, err := strconv.Atoi(fs[0])
			if err != nil || num < 1 || num > n {
				return nil, graphErr(file, line, "vertex %s: not a number from 1 to %d", echo(fs[0]), n)
			}
			if _, dup := byNum[num]; dup {
				return nil, graphErr(file, line, "vertex %d twice", num)
			}
			nd := graphNode{id: strconv.Itoa(num), line: line}
			rest := fs[1:]
			if len(rest) > 0 {
				nd.id, rest = rest[0], rest[1:]
			}
			for c := 0; c < 3 && len(rest) > 0; c++ {
				if _, err := strconv.ParseFloat(rest[0], 64); err != nil {
					break
				}
				rest = rest[1:]
			}
			if len(rest) > 0 && pajekShapes[strings.ToLower(rest[0])] {
				rest = rest[1:]
			}
			for len(rest) >= 2 {
				nd.attrs = append(nd.attrs, network.Attr{Key: rest[0], Value: rest[1]})
				rest = rest[2:]
			}
			byNum[num] = len(g.nodes)
			g.nodes = append(g.nodes, nd)
			if len(g.nodes) > maxGraphItems {
				return nil, graphErr(file, line, "too many vertices")
			}
		case "*arcs", "*edges":
			if len(fs) < 2 {
				return nil, graphErr(file, line, "an arc needs two vertex numbers")
			}
			src, err := label(fs[0], line)
			if err != nil {
				return nil, err
			}
			dst, err := label(fs[1], line)
			if err != nil {
				return nil, err
			}
			e := graphEdge{source: src, target: dst, line: line, undirected: section == "*edges"}
			rest := fs[2:]
			if len(rest) > 0 {
				if _, err := strconv.ParseFloat(rest[0], 64); err == nil {
					e.weight, rest = rest[0], rest[1:]
					g.hasWeights = true
				}
			}
			for len(rest) >= 2 {
				e.attrs = append(e.attrs, network.Attr{Key: rest[0], Value: rest[1]})
				rest = rest[2:]
			}
			g.edges = append(g.edges, e)
		case "*arcslist", "*edgeslist":
			src, err := label(fs[0], line)
			if err != nil {
				return nil, err
			}
			for _, v := range fs[1:] {
				dst, err := label(v, line)
				if err != nil {
					return nil, err
				}
				g.edges = append(g.edges, graphEdge{source: src, target: dst, line: line, undirected: section == "*edgeslist"})
			}
		default:
			return nil, graphErr(file, line, "a line before *Vertices")
		}
		if len(g.edges) > maxGraphItems {
			return nil, graphErr(file, line, "too many arcs")
		}
	}
	if n < 0 {
		return nil, graphErr(file, 1, "no *Vertices line")
	}
	// Vertices without a line of their own are named by their number.
	if len(g.nodes) < n {
		for num := 1; num <= n; num++ {
			if _, ok := byNum[num]; !ok {
				byNum[num] = len(g.nodes)
				g.nodes = append(g.nodes, graphNode{id: strconv.Itoa(num)})
			}
		}
	}
	return g, nil
}
