package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"

	"clusterchain/internal/atomicfs"
	"clusterchain/internal/csvsafe"
	"clusterchain/internal/textsafe"
	"clusterchain/interop"
	"clusterchain/loaders"
	"clusterchain/network"
	"clusterchain/report"
	"clusterchain/viz"
	"clusterchain/xlsxout"
)

// fuzzBuyers is the buyers table of most seeds.
const fuzzBuyers = "id,name,country\nw,Walmart,US\nb2,\"<script>alert(1)</script>\",]]>\n"

// fuzzLimit bounds a fuzzed dataset: the run must stay tiny.
const fuzzLimit = 6 << 10

// fuzzDeadline is the time a tiny dataset's whole analyze may take.
const fuzzDeadline = 5 * time.Second

// fuzzSettings turns one fuzzed byte into the settings of the run: every
// format analyze --formats all writes, the language (bit 0), a bootstrap
// (bit 1), the cascades of every node or of the markets (bits 2, 3),
// sampled sources (bit 4) and a folded network.svg (bit 5).
func fuzzSettings(o byte) settings {
	fmts, err := parseFormats("all")
	if err != nil {
		panic(err)
	}
	s := settings{formats: fmts, workers: 1, seed: 1, sizeBy: defaultSizeBy, maxNode: defaultMaxNodes,
		lang: "en", threshold: network.DefaultThreshold, keyPlayers: defaultKeyPlayers}
	if o&1 != 0 {
		s.lang = "zh"
	}
	if o&2 != 0 {
		s.bootstrap = 7
	}
	s.risk = network.RiskScope(o >> 2 & 3 % 3)
	if o&16 != 0 {
		s.sample = 2
	}
	if o&32 != 0 {
		s.maxNode = 2
	}
	return s
}

// FuzzAnalyze runs what analyze --formats all runs on a tiny dataset whose
// firms, links, clusters and markets tables are fuzzed: the loaders, the
// analysis with a bootstrap and the cascades, every diagram and every
// writer, into a staging directory that is committed. A dataset the
// loaders refuse is fine; one they accept must give, within the deadline,
// outputs that parse (every XML and SVG file with encoding/xml and no
// character XML forbids, report.json as JSON, every CSV with
// encoding/csv and no cell a spreadsheet would run, the workbook and the
// Parquet files by their readers), with nothing active in report.html or
// the SVGs, and each node's id distinct in every file that lists nodes.
func FuzzAnalyze(f *testing.F) {
	add := func(firms, links, clusters, markets, name string, o byte) {
		f.Add([]byte(firms), []byte(links), []byte(clusters), []byte(markets), []byte(fuzzBuyers), name, o)
	}
	const markets = "id,name,city\nm1,Yiwu market,Yiwu\nm2,\"中国轻纺城 (Keqiao)\",Shaoxing\n"
	const clusters = "id,name,town\nc1,Yiwu smallware,Yiwu\nc2,Wenzhou shoes,Wenzhou\n"
	add("id,name,cluster,employees,export_share\na1,华丰,c1,29,0.3\na2,美伦,c1,52,0.2\na3,Shunfa,c2,31,0.7\n",
		"from,to,kind,volume\na2,a1,subcontract,47.8\na1,m1,sale,300\na3,m2,sale,10\nm1,w,,200\na3,w,,5\n",
		clusters, markets, "tiny", 0)
	add("id,name,cluster\na1,x,c1\na2,y,c1\na3,z,c2\n", "from,to\na1,a2\na2,m1\na3,m1\nm1,w\n", clusters, markets, "no volume", 2|4)
	// The hostile ids and names of issues 12 and 13.
	add("id,name,cluster\n=x,\"=HYPERLINK(\"\"http://e\"\")\",c1\n''=x,@SUM(A1),c1\n\"a\x01\",\t=1,c2\n\"a\x02\",\r=1,c2\n-5,+x,c1\n",
		"from,to,volume\n=x,''=x,1\n''=x,m1,2\n\"a\x01\",m1,3\n\"a\x02\",w,4\n-5,w,1\n",
		clusters, markets, "formulas", 1|8)
	add("id,name,cluster,note\n\"q\"\"\",\"</script><script>alert(1)</script>\",c1,]]>\nq',\"<!-- --!> -->\",c1,0x1p-2\n"+
		"p\\,\uFFFE\uFFFF,c2,-Inf\np/,\u202Eexe.txt,c2,1e400\n",
		"from,to,volume\n\"q\"\"\",q',1\nq',m1,2\np\\,m2,1\np/,w,2\nm1,b2,1\n",
		"id,name\nc1,\"<svg onload=alert(1)>\"\nc2,\u2028\u2029\n", markets, "</title><script>x</script>", 2|16)
	add("id,name,cluster\n\"a\nb\",\"two\nlines\",c1\n\"x\x7fy\",nul,c1\n\u2028x,nbsp,c2\n",
		"from,to,交易额（万元）\n\"a\nb\",\"x\x7fy\",12.5万\n\"x\x7fy\",m1,\"1,000\"\n\u2028x,w,3\n",
		clusters, "id,name\nm1,\"javascript:alert(1)\"\n", "dollars$'\"", 32|1)
	add("编号,企业名称,所属集群\na1,华丰,c1\na2,美伦,c1\n", "供方,需方,关系类型,金额\na1,a2,外协,12.5万\na2,m1,销售,3\n",
		"id,name\nc1,义乌\n", markets, "义乌", 1)
	add("id\na1\n", "from,to\n", "", "", "", 0)
	// A sample-sized but small dataset: the first rows of each table.
	sample := sampleHead(f, 16)
	f.Add(sample["firms.csv"], sample["links.csv"], sample["clusters.csv"], sample["markets.csv"], sample["buyers.csv"], "zhejiang", byte(2|4|32))
	warmGraphviz(f)

	f.Fuzz(func(t *testing.T, firms, links, clusters, markets, buyers []byte, name string, o byte) {
		if len(firms)+len(links)+len(clusters)+len(markets)+len(buyers)+len(name) > fuzzLimit {
			t.Skip("not a tiny dataset")
		}
		fsys := fstest.MapFS{
			"firms.csv": {Data: firms},
			"links.csv": {Data: links},
		}
		if len(buyers) > 0 {
			fsys["buyers.csv"] = &fstest.MapFile{Data: buyers}
		}
		if len(clusters) > 0 {
			fsys["clusters.csv"] = &fstest.MapFile{Data: clusters}
		}
		if len(markets) > 0 {
			fsys["markets.csv"] = &fstest.MapFile{Data: markets}
		}
		if name == "" {
			name = "fuzz"
		}
		res, err := loaders.Load(fsys, loaders.Options{Name: name})
		if err != nil {
			t.Logf("refused: %.300s", err)
			return
		}
		nw, err := network.New(res.Dataset)
		if err != nil {
			t.Fatalf("network.New refuses a loaded dataset: %v", err)
		}
		ds := &dataset{result: res, network: nw, unit: res.VolumeUnit}
		s := fuzzSettings(o)
		s.prov = &report.Provenance{Version: "clusterchain fuzz", Command: "clusterchain analyze " + name,
			Inputs: []report.InputFile{{Name: "firms.csv", Size: int64(len(firms))}, {Name: "links.csv", Size: int64(len(links))}}}
		dir := filepath.Join(t.TempDir(), "out")
		st, err := atomicfs.Stage(dir, atomicfs.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer st.Abort()
		ctx, cancel := context.WithTimeout(t.Context(), 2*fuzzDeadline)
		defer cancel()
		start := time.Now()
		_, files, err := analyzeTo(ctx, ds, st, s)
		if took := time.Since(start); took > fuzzDeadline {
			t.Fatalf("analyze of %d nodes, %d links took %v", len(res.Dataset.Nodes), len(res.Dataset.Links), took)
		}
		if err != nil {
			t.Fatalf("analyze fails on a dataset that loaded: %v", err)
		}
		checkOutputs(t, dir, files, res.Dataset, s)
	})
}

// sampleHead is the sample dataset cut to its first n firms: the tables,
// with the links between the firms kept and every market and buyer.
func sampleHead(f *testing.F, n int) map[string][]byte {
	out := map[string][]byte{}
	known := map[string]bool{}
	for _, table := range []string{"clusters.csv", "markets.csv", "buyers.csv", "firms.csv", "links.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "samples", "zhejiang", table))
		if err != nil {
			f.Fatal(err)
		}
		lines := strings.SplitAfter(string(b), "\n")
		if table == "firms.csv" {
			lines = lines[:n+1]
		}
		var keep []string
		for i, l := range lines {
			cells := strings.Split(l, ",")
			switch {
			case i == 0:
			case len(cells) < 2:
				continue
			case table == "links.csv":
				if !known[cells[0]] || !known[cells[1]] {
					continue
				}
			default:
				known[cells[0]] = true
			}
			keep = append(keep, l)
		}
		out[table] = []byte(strings.Join(keep, ""))
	}
	return out
}

// warmGraphviz compiles Graphviz once before the fuzzing starts, so that
// the deadline measures the run and not the compilation.
func warmGraphviz(f *testing.F) {
	ds, err := (*input)(nil).open("", 0)
	if err != nil {
		f.Fatal(err)
	}
	a, err := network.Analyze(f.Context(), ds.network, network.Options{Workers: 1, Seed: 1})
	if err != nil {
		f.Fatal(err)
	}
	d, err := viz.Build(a, viz.ViewClusters, viz.Options{})
	if err != nil {
		f.Fatal(err)
	}
	if err := d.Render(f.Context(), "svg", io.Discard); err != nil {
		f.Fatal(err)
	}
}

// checkOutputs checks every file of an analyze run in dir.
func checkOutputs(t *testing.T, dir string, files []string, d network.Dataset, s settings) {
	t.Helper()
	var ids []string
	for _, nd := range d.Nodes {
		ids = append(ids, nd.ID)
	}
	slices.Sort(ids)
	got, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range got {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, files) {
		t.Fatalf("wrote %q, reported %q", names, files)
	}
	for _, want := range []string{"nodes.csv", "report.json", "report.html", "network.svg", "network.gexf",
		"network.graphml", "network.net", xlsxout.File, "nodes.parquet", "links.parquet"} {
		if !slices.Contains(names, want) {
			t.Fatalf("no %s among %q", want, names)
		}
	}
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		switch filepath.Ext(name) {
		case ".csv":
			checkCSV(t, name, b, ids)
		case ".json":
			if !json.Valid(b) {
				t.Fatalf("%s is not JSON", name)
			}
			var v struct {
				Nodes []struct {
					ID *string `json:"id"`
				} `json:"nodes"`
			}
			if err := json.Unmarshal(b, &v); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var got []string
			for _, nd := range v.Nodes {
				if nd.ID == nil {
					t.Fatalf("%s: a node without an id", name)
				}
				got = append(got, *nd.ID)
			}
			sameIDs(t, name, got, ids)
		case ".svg":
			checkActive(t, name, checkXML(t, name, b), false, files)
		case ".html":
			checkActive(t, name, checkXML(t, name, b), true, files)
		case ".gexf", ".graphml":
			el := map[string]string{".gexf": "node", ".graphml": "node"}[filepath.Ext(name)]
			var got []string
			for _, e := range checkXML(t, name, b) {
				if e.Name.Local == el {
					got = append(got, interop.DecodeID(attrOf(e, "id")))
				}
			}
			sameIDs(t, name, got, ids)
		case ".net":
			sameIDs(t, name, pajekIDs(t, b), ids)
		case ".xlsx":
			checkWorkbook(t, name, b)
		case ".parquet":
			checkParquet(t, name, b, ids)
		default:
			t.Fatalf("unexpected file %s", name)
		}
	}
}

// number is a decimal number: what a CSV cell may start with - or + for.
var number = regexp.MustCompile(`^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$`)

// checkCSV parses a table, checks that no cell would run as a formula,
// and that the id column of nodes.csv reads back to the node ids.
func checkCSV(t *testing.T, name string, b []byte, ids []string) {
	t.Helper()
	if !utf8.Valid(b) {
		t.Fatalf("%s is not UTF-8", name)
	}
	r := csv.NewReader(bytes.NewReader(b))
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s does not parse: %v", name, err)
	}
	if len(recs) == 0 {
		t.Fatalf("%s has no header", name)
	}
	for _, rec := range recs {
		for _, c := range rec {
			if csvsafe.Risky(c) && !number.MatchString(c) {
				t.Fatalf("%s: cell %q runs as a formula", name, c)
			}
		}
	}
	if name != "nodes.csv" {
		return
	}
	col := slices.Index(recs[0], "id")
	if col < 0 {
		t.Fatalf("nodes.csv has no id column: %q", recs[0])
	}
	var got []string
	for _, rec := range recs[1:] {
		got = append(got, csvsafe.Unescape(rec[col]))
	}
	sameIDs(t, name, got, ids)
}

// sameIDs checks that a file lists exactly the node ids, each once.
func sameIDs(t *testing.T, name string, got, ids []string) {
	t.Helper()
	got = slices.Clone(got)
	slices.Sort(got)
	if !slices.Equal(got, ids) {
		t.Fatalf("%s lists the nodes %q, want %q", name, got, ids)
	}
}

// checkXML parses an XML file strictly, checks that every character of
// it is one XML 1.0 allows (also through character references: the
// decoder checks those), and returns its elements.
func checkXML(t *testing.T, name string, b []byte) []xml.StartElement {
	t.Helper()
	if !utf8.Valid(b) {
		t.Fatalf("%s is not UTF-8", name)
	}
	for i, r := range string(b) {
		if !textsafe.XMLChar(r) {
			t.Fatalf("%s: %U at byte %d is not an XML character", name, r, i)
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	var els []xml.StartElement
	depth, roots := 0, 0
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed: %v", name, err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
			els = append(els, e.Copy())
		case xml.EndElement:
			depth--
		case xml.CharData:
			for _, r := range string(e) {
				if !textsafe.XMLChar(r) {
					t.Fatalf("%s: text holds %U", name, r)
				}
			}
		}
	}
	if roots != 1 || depth != 0 {
		t.Fatalf("%s: %d root elements", name, roots)
	}
	for _, e := range els {
		for _, a := range e.Attr {
			for _, r := range a.Value {
				if !textsafe.XMLChar(r) {
					t.Fatalf("%s: attribute %s holds %U", name, a.Name.Local, r)
				}
			}
		}
	}
	return els
}

// checkActive checks that nothing in a page or a diagram can run: no
// script but report.html's own one, no event handler, no link out of the
// file but to the run's other files, no foreign object; and that ids
// are unique.
func checkActive(t *testing.T, name string, els []xml.StartElement, page bool, files []string) {
	t.Helper()
	scripts := 0
	ids := map[string]bool{}
	for _, e := range els {
		switch strings.ToLower(e.Name.Local) {
		case "script":
			scripts++
		case "foreignobject", "iframe", "object", "embed", "img", "image":
			t.Fatalf("%s: a <%s> element", name, e.Name.Local)
		}
		for _, a := range e.Attr {
			k := strings.ToLower(a.Name.Local)
			if strings.HasPrefix(k, "on") {
				t.Fatalf("%s: <%s %s=%q>", name, e.Name.Local, a.Name.Local, a.Value)
			}
			if k == "id" {
				if ids[a.Value] {
					t.Fatalf("%s: id %q twice", name, a.Value)
				}
				ids[a.Value] = true
			}
			if (k == "href" || k == "src" || k == "action" || k == "formaction") &&
				!strings.HasPrefix(a.Value, "#") && !slices.Contains(files, a.Value) {
				t.Fatalf("%s: <%s %s=%q> points out of the file", name, e.Name.Local, a.Name.Local, a.Value)
			}
		}
	}
	if want := map[bool]int{false: 0, true: 1}[page]; scripts != want {
		t.Fatalf("%s: %d script elements, want %d", name, scripts, want)
	}
}

// attrOf is the value of e's attribute named local.
func attrOf(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// pajekIDs reads the vertex labels of network.net back to ids, as
// NetworkX's read_pajek does (shell-like quoting), then DecodeID.
func pajekIDs(t *testing.T, b []byte) []string {
	t.Helper()
	lines := strings.Split(string(b), "\n")
	var n int
	if _, err := fmt.Sscanf(lines[0], "*Vertices %d", &n); err != nil || len(lines) < n+2 {
		t.Fatalf("network.net: bad vertices line %q", lines[0])
	}
	var out []string
	for i, l := range lines[1 : n+1] {
		num, label, ok := strings.Cut(l, " ")
		if !ok || num != fmt.Sprint(i+1) || len(label) < 2 || label[0] != '"' || label[len(label)-1] != '"' {
			t.Fatalf("network.net: vertex line %q", l)
		}
		var id strings.Builder
		body := label[1 : len(label)-1]
		for j := 0; j < len(body); j++ {
			c := body[j]
			if c == '"' {
				t.Fatalf("network.net: unescaped quote in %q", l)
			}
			if c == '\\' {
				j++
				if j == len(body) {
					t.Fatalf("network.net: label ends in a backslash: %q", l)
				}
				c = body[j]
			}
			id.WriteByte(c)
		}
		out = append(out, interop.DecodeID(id.String()))
	}
	if lines[n+1] != "*Arcs" {
		t.Fatalf("network.net: %q after the vertices", lines[n+1])
	}
	return out
}

// checkWorkbook opens the workbook as a zip and parses each XML part.
func checkWorkbook(t *testing.T, name string, b []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatalf("%s: %s: %v", name, zf.Name, err)
		}
		part, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %s: %v", name, zf.Name, err)
		}
		if strings.HasSuffix(zf.Name, ".xml") || strings.HasSuffix(zf.Name, ".rels") {
			for _, e := range checkXML(t, name+":"+zf.Name, part) {
				if e.Name.Local == "f" {
					t.Fatalf("%s: %s holds a formula", name, zf.Name)
				}
			}
		}
	}
}

// checkParquet reads a Parquet file back; nodes.parquet must hold the
// node ids.
func checkParquet(t *testing.T, name string, b []byte, ids []string) {
	t.Helper()
	pf, err := parquet.OpenFile(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	col, ok := pf.Schema().Lookup("id")
	if name == "nodes.parquet" && !ok {
		t.Fatalf("%s has no id column", name)
	}
	r := parquet.NewReader(pf)
	defer r.Close()
	var got []string
	buf := make([]parquet.Row, 16)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			if ok {
				for _, v := range row {
					if v.Column() == col.ColumnIndex {
						got = append(got, v.String())
					}
				}
			}
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if int64(len(got)) != pf.NumRows() && ok {
		t.Fatalf("%s: %d ids read, %d rows in the footer", name, len(got), pf.NumRows())
	}
	if name != "nodes.parquet" {
		return
	}
	sameIDs(t, name, got, ids)
}
