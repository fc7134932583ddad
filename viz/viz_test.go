package viz

import (
	"bytes"
	"context"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"clusterchain/network"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// hostile is a small network whose names try to break DOT, SVG and HTML.
func hostile(t testing.TB) *network.Analysis {
	t.Helper()
	nw, err := network.New(network.Dataset{
		Name: `Survey "2024" \N <b>`,
		Nodes: []network.Node{
			{ID: "f1", Name: "<script>alert(1)</script>", Cluster: "c1"},
			{ID: "f2", Name: `Stitch & "Sons" <Ltd>`, Cluster: "c1"},
			{ID: "f3", Name: "=HYPERLINK(\"http://x\")", Cluster: "c2"},
			{ID: "f4", Name: "义乌市华丰饰品有限公司", Cluster: "c2"},
			{ID: "f5", Name: "a\nb \\N \\n end", Cluster: "c2"},
			{ID: "m1", Type: network.Market, Name: "义乌中国小商品城 (Yiwu China Commodity City)"},
			{ID: "b1", Type: network.Buyer, Name: "Walmart"},
		},
		Clusters: []network.Cluster{{ID: "c1", Name: "Cluster <one> & \"two\""}, {ID: "c2", Name: "大唐袜业"}},
		Links: []network.Link{
			{From: "f2", To: "f1", Kind: network.Subcontract, Volume: 5},
			{From: "f1", To: "f2", Kind: network.Subcontract, Volume: 4},
			{From: "f4", To: "f3", Kind: network.Subcontract, Volume: 3},
			{From: "f5", To: "f4", Kind: network.Subcontract, Volume: 2},
			{From: "f1", To: "m1", Kind: network.Sale, Volume: 100},
			{From: "f3", To: "m1", Kind: network.Sale, Volume: 50},
			{From: "f3", To: "b1", Kind: network.Sale, Volume: 20},
			{From: "m1", To: "b1", Kind: network.Sale, Volume: 150},
			{From: "f2", To: "f4", Kind: network.Supply, Volume: 7},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestGoldenDOT(t *testing.T) {
	a := hostile(t)
	for _, tc := range []struct {
		view View
		opt  Options
	}{
		{ViewNetwork, Options{}},
		{ViewClusters, Options{}},
		{ViewTiers, Options{}},
		{ViewEgo, Options{Node: "m1", Radius: 1}},
		{ViewNetwork, Options{MaxNodes: 4}}, // folded
	} {
		name := fmt.Sprintf("%s-%d.dot", tc.view, tc.opt.MaxNodes)
		t.Run(name, func(t *testing.T) {
			d, err := Build(a, tc.view, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			d2, _ := Build(a, tc.view, tc.opt)
			dot, err := d.dotText()
			if err != nil {
				t.Fatal(err)
			}
			dot2, _ := d2.dotText()
			if !bytes.Equal(dot, dot2) {
				t.Fatal("two builds differ")
			}
			path := filepath.Join("testdata", name+".golden")
			if *update {
				os.WriteFile(path, dot, 0o644)
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(dot, want) {
				t.Errorf("DOT differs from %s:\n%s", path, dot)
			}
		})
	}
}

// User text reaches DOT only inside quoted strings with quotes and
// backslashes escaped, and never as raw markup.
func TestDOTEscaping(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:               `"plain"`,
		`Stitch & "Sons"`:     `"Stitch & \"Sons\""`,
		`\N and \n`:           `"\\N and \\n"`,
		"line\nbreak\ttab":    `"line break tab"`,
		`<script>x</script>`:  `"<script>x</script>"`,
		`trailing backslash\`: `"trailing backslash\\"`,
	} {
		if got := quote(in); got != want {
			t.Errorf("quote(%q) = %s, want %s", in, got, want)
		}
	}
}

// svgText collects every text node of an SVG document, failing on
// malformed XML.
func svgText(t *testing.T, svg []byte) string {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	dec.Strict = true
	dec.Entity = xml.HTMLEntity
	var b strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		if cd, ok := tok.(xml.CharData); ok {
			b.Write(cd)
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Rendered SVG is well-formed and carries every label, hostile ones
// included, as text — never as markup.
func TestSVGCarriesEveryLabel(t *testing.T) {
	a := hostile(t)
	for _, view := range []View{ViewNetwork, ViewClusters, ViewTiers} {
		d, err := Build(a, view, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := d.Render(context.Background(), "svg", &buf); err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(buf.Bytes(), []byte("<script")) || bytes.Contains(buf.Bytes(), []byte("<Ltd>")) {
			t.Errorf("%s: hostile markup reached the SVG", view)
		}
		text := svgText(t, buf.Bytes())
		want := []string{"Walmart"}
		switch view {
		case ViewNetwork:
			// Names longer than a line wrap: check what fits on the first.
			want = append(want, "<script>alert(1)</scri", `Stitch & "Sons" <Ltd>`, `=HYPERLINK("http://x")`, "义乌市华丰饰品有限公司", `a b \N \n end`, "义乌中国小商品城")
		case ViewClusters:
			want = append(want, `Cluster <one> & "two"`, "大唐袜业")
		case ViewTiers:
			want = []string{"<script>alert(1)</scri", "pooling ring f1", "义乌市华丰饰品有限公司"}
		}
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s.svg lacks the label %q", view, w)
			}
		}
	}
}

// An 11-character Chinese label gets a box wide enough for it, in viz's
// own figures and in Graphviz's (which, in WebAssembly, estimates CJK
// widths from Latin metrics: our minimum width must win).
func TestCJKLabelFits(t *testing.T) {
	a := hostile(t)
	for _, tc := range []struct {
		view View
		opt  Options
	}{{ViewTiers, Options{}}, {ViewEgo, Options{Node: "f4"}}, {ViewNetwork, Options{}}} {
		d, _ := Build(a, tc.view, tc.opt)
		var buf bytes.Buffer
		if err := d.Render(context.Background(), "svg", &buf); err != nil {
			t.Fatal(err)
		}
		g := parseGeometry(t, buf.Bytes())
		found := false
		for _, tx := range g.texts {
			if tx.node < 0 || !strings.Contains(g.nodes[tx.node].title, "f4") || !strings.ContainsAny(tx.s, "义华") {
				continue
			}
			found = true
			sh := g.nodes[tx.node].shapes[0].bounds()
			if tx.class == "label" || tx.class == "" {
				if tx.b.x0 < sh.x0 || tx.b.x1 > sh.x1 {
					t.Errorf("%s: box %v for the label %q %v", tc.view, sh, tx.s, tx.b)
				}
			}
		}
		if !found {
			t.Errorf("%s: no label of f4", tc.view)
		}
	}
}

// go-graphviz is not safe for concurrent use; renders from many
// goroutines must still all succeed (the package serialises them).
func TestConcurrentRenders(t *testing.T) {
	a := hostile(t)
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := Build(a, []View{ViewNetwork, ViewClusters, ViewTiers, ViewFlows, ViewEgo}[i%5], Options{Node: "f3", Lang: []string{"en", "zh"}[i%2]})
			if err == nil {
				err = d.Render(context.Background(), "svg", io.Discard)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
}

func TestBuildErrors(t *testing.T) {
	a := hostile(t)
	if _, err := Build(a, "pie", Options{}); err == nil {
		t.Error("unknown view accepted")
	}
	if _, err := Build(a, ViewNetwork, Options{SizeBy: "charm"}); err == nil {
		t.Error("unknown size column accepted")
	}
	if _, err := Build(a, ViewEgo, Options{Node: "nobody"}); err == nil {
		t.Error("unknown ego node accepted")
	}
}

func ExampleBuild() {
	nw, _ := network.New(network.Dataset{
		Nodes: []network.Node{{ID: "f1", Name: "Datang Socks No. 1"}, {ID: "m1", Type: network.Market, Name: "Socks City"}},
		Links: []network.Link{{From: "f1", To: "m1", Kind: network.Sale, Volume: 10}},
	})
	a, _ := network.Analyze(context.Background(), nw, network.Options{})
	d, _ := Build(a, ViewNetwork, Options{Title: "demo"})
	var dot bytes.Buffer
	d.Render(context.Background(), "dot", &dot)
	for _, line := range strings.Split(dot.String(), "\n") {
		if regexp.MustCompile(`^n[0-9]`).MatchString(strings.TrimSpace(line)) {
			fmt.Println(strings.TrimSpace(line)[:40])
		}
	}
	// Output:
	// n0 [label="Datang Socks No. 1", tooltip=
	// n1 [label="Socks City", tooltip="Socks C
	// n0 -> n1 [penwidth=3.00, style=solid, co
}

// Golden SVG of every view viz draws itself (and of the ego view's frame
// around Graphviz), for the hostile network and the sample.
func TestGoldenSVG(t *testing.T) {
	for _, tc := range []struct {
		name string
		ds   string
		view View
		opt  Options
	}{
		{"hostile-network", "hostile", ViewNetwork, Options{}},
		{"hostile-flows", "hostile", ViewFlows, Options{}},
		{"hostile-clusters", "hostile", ViewClusters, Options{}},
		{"hostile-tiers", "hostile", ViewTiers, Options{}},
		{"hostile-tiers-c2", "hostile", ViewTiers, Options{Cluster: "c2"}},
		{"hostile-ego", "hostile", ViewEgo, Options{Node: "f4", Radius: 2}},
		{"hostile-network-zh", "hostile", ViewNetwork, Options{Lang: "zh"}},
		{"sample-flows", "sample", ViewFlows, Options{}},
		{"sample-clusters", "sample", ViewClusters, Options{}},
		{"sample-tiers-datang", "sample", ViewTiers, Options{Cluster: "datang-hosiery"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var a *network.Analysis
			if tc.ds == "hostile" {
				a = hostile(t)
			} else {
				a = loadAnalysis(t, tc.ds)
			}
			d, err := Build(a, tc.view, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := d.Render(context.Background(), "svg", &buf); err != nil {
				t.Fatal(err)
			}
			checkGeometry(t, tc.name, parseGeometry(t, buf.Bytes()))
			path := filepath.Join("testdata", tc.name+".svg.golden")
			if *update {
				os.WriteFile(path, buf.Bytes(), 0o644)
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("SVG differs from %s (go test -update rewrites it)", path)
			}
		})
	}
}
