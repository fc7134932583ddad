package viz

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"clusterchain/internal/textsafe"
	"clusterchain/network"
)

// evil is a network whose names hold what XML forbids (U+FFFE, U+FFFF,
// control characters), bidirectional overrides, markup and CDATA ends, and
// distinct nodes whose names are equal or differ only where a label is cut.
func evil(t testing.TB) *network.Analysis {
	t.Helper()
	long := "Zhejiang Province Yiwu City Futian Street Small Commodity Accessories Industrial Trading Company Limited Branch "
	nw, err := network.New(network.Dataset{
		Name: "evil \uFFFE \u202Egnp.exe ]]> <script>",
		Nodes: []network.Node{
			{ID: "f1", Name: "non\uFFFEchar \uFFFF end", Cluster: "c1"},
			{ID: "f2", Name: "ctrl\x01\x02\x1b[31m red \x7f", Cluster: "c1"},
			{ID: "f3", Name: "\u202Etxt.exe", Cluster: "c1"},
			{ID: "f4", Name: "]]> <![CDATA[ x ]]> <script>alert(1)</script>", Cluster: "c2"},
			{ID: "f5", Name: "Same Name Co.", Cluster: "c2"},
			{ID: "f6", Name: "Same Name Co.", Cluster: "c2"},
			{ID: "f7", Name: long + "No. 1", Cluster: "c2"},
			{ID: "f8", Name: long + "No. 2", Cluster: "c2"},
			{ID: "a\x01", Name: "", Cluster: "c1"},
			{ID: "a\x02", Name: "", Cluster: "c1"},
			{ID: "m1", Type: network.Market, Name: "Market \u202E1"},
			{ID: "m2", Type: network.Market, Name: "Market \u202E1"},
			{ID: "b1", Type: network.Buyer, Name: "Buyer\uFFFF"},
		},
		Clusters: []network.Cluster{{ID: "c1", Name: "\u202Ec1 ]]>"}, {ID: "c2", Name: "c2 \uFFFE"}},
		Links: []network.Link{
			{From: "f1", To: "f2", Kind: network.Subcontract, Volume: 3},
			{From: "f3", To: "f2", Kind: network.Subcontract, Volume: 3},
			{From: "a\x01", To: "f1", Kind: network.Subcontract, Volume: 1},
			{From: "a\x02", To: "f1", Kind: network.Subcontract, Volume: 1},
			{From: "f5", To: "f4", Kind: network.Subcontract, Volume: 2},
			{From: "f6", To: "f4", Kind: network.Subcontract, Volume: 2},
			{From: "f7", To: "f4", Kind: network.Subcontract, Volume: 2},
			{From: "f8", To: "f4", Kind: network.Subcontract, Volume: 2},
			{From: "f2", To: "m1", Kind: network.Sale, Volume: 10},
			{From: "f4", To: "m2", Kind: network.Sale, Volume: 10},
			{From: "f4", To: "b1", Kind: network.Sale, Volume: 5},
			{From: "m1", To: "b1", Kind: network.Sale, Volume: 8},
			{From: "m2", To: "m1", Kind: network.Sale, Volume: 2},
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

// Every view of the evil network is well-formed XML with nothing active in
// it, shows bidirectional overrides as visible escapes, and draws distinct
// nodes with distinct labels.
func TestHostileNames(t *testing.T) {
	a := evil(t)
	for _, tc := range []struct {
		view View
		opt  Options
	}{
		{ViewNetwork, Options{}}, {ViewFlows, Options{}}, {ViewClusters, Options{}}, {ViewTiers, Options{}},
		{ViewTiers, Options{Cluster: "c2"}}, {ViewEgo, Options{Node: "f4", Radius: 2}}, {ViewEgo, Options{Node: "m1"}},
		{ViewNetwork, Options{Lang: "zh"}},
	} {
		name := string(tc.view) + tc.opt.Cluster + tc.opt.Node + tc.opt.Lang
		d, err := Build(a, tc.view, tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := d.Render(context.Background(), "svg", &buf); err != nil {
			t.Fatal(name, err)
		}
		svg := buf.Bytes()
		if !utf8.Valid(svg) {
			t.Errorf("%s: not UTF-8", name)
		}
		for _, r := range string(svg) {
			if !textsafe.XMLChar(r) || textsafe.BidiControl(r) {
				t.Errorf("%s: raw %U in the SVG", name, r)
				break
			}
		}
		for _, bad := range []string{"<script", "<![CDATA[", "\x1b"} {
			if bytes.Contains(svg, []byte(bad)) {
				t.Errorf("%s: %q reached the SVG", name, bad)
			}
		}
		g := parseGeometry(t, svg) // strict XML
		checkGeometry(t, name, g)
		text := svgText(t, svg)
		if !strings.Contains(text, `\u202E`) {
			t.Errorf("%s: the override is not shown as \\u202E", name)
		}
		// Distinct nodes, distinct labels: the label lines of each node
		// group, for the nodes that carry a name.
		seen := map[string]string{}
		labels := map[int]string{}
		for _, tx := range g.texts {
			if tx.node >= 0 && (tx.class == "label" || tx.class == "side" || tx.class == "") {
				labels[tx.node] += tx.s + "\n"
			}
		}
		for n, l := range labels {
			if prev, ok := seen[l]; ok {
				t.Errorf("%s: two nodes both read %q (%s / %s)", name, l, prev, g.nodes[n].title)
			}
			seen[l] = g.nodes[n].title
		}
	}
}
