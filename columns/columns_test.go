package columns

import (
	"context"
	"slices"
	"strings"
	"testing"

	"clusterchain/network"
)

// The headers are SPEC §3's, followed by the §4 and §5 columns, in order.
func TestHeadersAreSpecs(t *testing.T) {
	for name, want := range map[string]string{
		"nodes.csv": "id,type,name,cluster,in_degree,out_degree,in_volume,out_volume,betweenness,closeness,harmonic,pagerank,tier,depth,ring," +
			"hub,authority,constraint,effective_size,core,cut,coordinator,gatekeeper,representative,itinerant,liaison," +
			"customer_hhi,top_customer_share,community," +
			"trophic_level,coordinator_z,gatekeeper_z,representative_z,itinerant_z,liaison_z",
		"clusters.csv":   "id,name,firms,internal_links,out_volume,market_share,buyer_share,firm_share,max_depth,rings,customer_hhi,top_customer,top_customer_share,buyer_reach,ei_index",
		"linkage.csv":    "cluster,market,volume,share,reach,dependence",
		"reach.csv":      "cluster,buyer,direct,via_markets,share,chokepoints,channels",
		"resilience.csv": "id,type,volume_at_risk,clusters_affected,worst_cluster,worst_share",
		"keyplayers.csv": "rank,id,type,volume_at_risk,share_at_risk",
		"risk.csv":       "id,type,firms_failed,volume_failed,share_failed,nodes_failed,rounds",
	} {
		tab, ok := Lookup(name)
		if !ok {
			t.Fatalf("no table %s", name)
		}
		if got := strings.Join(tab.Header(nil), ","); got != want {
			t.Errorf("%s header\n%s\nwant\n%s", name, got, want)
		}
	}
	if got := strings.Join(Names(), ","); got != "nodes.csv,clusters.csv,linkage.csv,reach.csv,resilience.csv,keyplayers.csv,risk.csv" {
		t.Errorf("tables %s", got)
	}
}

// Every column is described; keys lead their table; names are unique;
// every figure of SPEC §2, §4 and §5 has a formula; volume columns are
// numbers.
func TestEveryColumnIsDocumented(t *testing.T) {
	for _, tab := range Tables() {
		if tab.Object == "" || !strings.HasSuffix(tab.Description, ".") {
			t.Errorf("%s: object %q, description %q", tab.Name, tab.Object, tab.Description)
		}
		seen := map[string]bool{}
		keys := true
		for i, c := range tab.All() {
			if seen[c.Name] {
				t.Errorf("%s: column %s twice", tab.Name, c.Name)
			}
			seen[c.Name] = true
			if c.Key && !keys {
				t.Errorf("%s: key column %s after a non-key column", tab.Name, c.Name)
			}
			keys = keys && c.Key
			if c.Key && (c.Nullable || c.Type.Numeric()) {
				t.Errorf("%s: key column %s is nullable or numeric", tab.Name, c.Name)
			}
			d := c.Description
			if d == "" || !strings.HasSuffix(d, ".") || strings.Contains(d, "\n") {
				t.Errorf("%s.%s: description %q is not one sentence", tab.Name, c.Name, d)
			}
			if c.Type.Numeric() && !c.Key && c.Formula == "" && (c.Spec == "§2" || c.Spec == "§4" || c.Spec == "§5") {
				t.Errorf("%s.%s: a SPEC %s figure without a formula", tab.Name, c.Name, c.Spec)
			}
			if c.Volume && c.Type != Float {
				t.Errorf("%s.%s: volume column of type %v", tab.Name, c.Name, c.Type)
			}
			if c.Spec == "" || !c.hasGetter() {
				t.Errorf("%s.%s: spec %q, getter %v", tab.Name, c.Name, c.Spec, c.hasGetter())
			}
			if i == 0 && !c.Key {
				t.Errorf("%s: first column %s is not a key", tab.Name, c.Name)
			}
		}
		if tab.Keys() == 0 {
			t.Errorf("%s: no key", tab.Name)
		}
	}
}

// The text columns are the ids, names, kinds, lists and flags of each
// table (what diff refuses numeric thresholds on).
func TestTextColumns(t *testing.T) {
	want := map[string][]string{
		"nodes.csv":      {"id", "type", "name", "cluster", "ring", "cut"},
		"clusters.csv":   {"id", "name", "rings", "top_customer"},
		"linkage.csv":    {"cluster", "market"},
		"reach.csv":      {"cluster", "buyer", "chokepoints"},
		"resilience.csv": {"id", "type", "worst_cluster"},
		"keyplayers.csv": {"rank", "id", "type"},
		"risk.csv":       {"id", "type"},
	}
	for _, tab := range Tables() {
		var got []string
		for _, h := range tab.Header(nil) {
			if IsText(tab.Name, h) {
				got = append(got, h)
			}
		}
		if !slices.Equal(got, want[tab.Name]) {
			t.Errorf("%s: text columns %v, want %v", tab.Name, got, want[tab.Name])
		}
	}
	for _, c := range [][2]string{{"nodes.csv", "pagerank"}, {"nodes.csv", "attributes"}, {"nodes.csv", "nosuch"}, {"nosuch.csv", "id"}} {
		if IsText(c[0], c[1]) {
			t.Errorf("IsText(%s, %s)", c[0], c[1])
		}
	}
}

// What the accessors return is a copy: changing it changes nothing.
func TestRegistryIsReadOnly(t *testing.T) {
	ts := Tables()
	ts[0].Name = "changed"
	cols := Nodes().All()
	cols[0].Name = "changed"
	h := Nodes().Header(nil)
	h[0] = "changed"
	if Nodes().Name != "nodes.csv" || Nodes().All()[0].Name != "id" || Nodes().Header(nil)[0] != "id" {
		t.Error("the registry changed through a returned value")
	}
}

// A column that only some runs have (a standard error of an estimated
// figure) is in the header, the CSV and the JSON columns of those runs
// only; All lists it always.
func TestColumnsOfSomeRuns(t *testing.T) {
	estimated := func(a *network.Analysis) bool { return a.SampledSources > 0 }
	tab := Table{Name: "t.csv", rows: func(a *network.Analysis) int { return len(a.Nodes) }, cols: []Column{
		{Name: "id", Type: ID, Key: true},
		{Name: "betweenness", Type: Float},
		{Name: "betweenness_se", Type: Float, when: estimated},
		{Name: "attributes", Type: Attrs, JSONOnly: true},
	}}
	exact, sampled := &network.Analysis{}, &network.Analysis{SampledSources: 10}
	names := func(cs []Column) string {
		var s []string
		for _, c := range cs {
			s = append(s, c.Name)
		}
		return strings.Join(s, ",")
	}
	for _, c := range []struct{ got, want string }{
		{strings.Join(tab.Header(nil), ","), "id,betweenness"},
		{strings.Join(tab.Header(exact), ","), "id,betweenness"},
		{strings.Join(tab.Header(sampled), ","), "id,betweenness,betweenness_se"},
		{names(tab.Columns(exact)), "id,betweenness"},
		{names(tab.Columns(sampled)), "id,betweenness,betweenness_se"},
		{names(tab.JSONColumns(exact)), "id,betweenness,attributes"},
		{names(tab.JSONColumns(sampled)), "id,betweenness,betweenness_se,attributes"},
		{names(tab.All()), "id,betweenness,betweenness_se,attributes"},
	} {
		if c.got != c.want {
			t.Errorf("got %s, want %s", c.got, c.want)
		}
	}
}

// The cells of a small network are its figures, computed here by hand:
// f2 subcontracts to f1 (a ring of two with f1 → f2), f1 sells 3 to the
// market, the market 3 to the buyer.
func TestCells(t *testing.T) {
	nw, err := network.New(network.Dataset{
		Nodes: []network.Node{
			{ID: "f1", Cluster: "c", Attrs: []network.Attr{{Key: "town", Value: "Yiwu"}}},
			{ID: "f2", Cluster: "c"},
			{ID: "m", Type: network.Market, Name: "Market"},
			{ID: "b", Type: network.Buyer},
		},
		Links: []network.Link{
			{From: "f2", To: "f1", Kind: network.Subcontract, Volume: 1},
			{From: "f1", To: "f2", Kind: network.Subcontract, Volume: 1},
			{From: "f1", To: "m", Kind: network.Sale, Volume: 3},
			{From: "m", To: "b", Kind: network.Sale, Volume: 3},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1, KeyPlayers: 2})
	if err != nil {
		t.Fatal(err)
	}
	cell := func(tab Table, row int, col string) string {
		c, ok := tab.Column(col)
		if !ok {
			t.Fatalf("%s has no %s", tab.Name, col)
		}
		return c.Cell(a, row)
	}
	for _, c := range []struct {
		tab       Table
		row       int
		col, want string
	}{
		{Nodes(), 0, "id", "f1"}, {Nodes(), 0, "name", "f1"}, {Nodes(), 0, "cluster", "c"},
		{Nodes(), 0, "in_degree", "1"}, {Nodes(), 0, "out_degree", "2"}, {Nodes(), 0, "out_volume", "4"},
		{Nodes(), 0, "ring", "f1"}, {Nodes(), 1, "ring", "f1"}, {Nodes(), 2, "ring", ""},
		{Nodes(), 0, "tier", "0"}, {Nodes(), 2, "tier", ""},
		{Nodes(), 2, "type", "market"}, {Nodes(), 2, "name", "Market"}, {Nodes(), 2, "cluster", ""},
		{Nodes(), 3, "constraint", ""}, {Nodes(), 3, "customer_hhi", ""},
		{Nodes(), 0, "customer_hhi", "0.625"}, {Nodes(), 0, "top_customer_share", "0.75"},
		{Nodes(), 2, "cut", "true"}, {Nodes(), 3, "cut", "false"},
		{Clusters(), 0, "id", "c"}, {Clusters(), 0, "firms", "2"}, {Clusters(), 0, "internal_links", "2"},
		{Clusters(), 0, "out_volume", "3"}, {Clusters(), 0, "market_share", "1"}, {Clusters(), 0, "rings", "f1"},
		{Clusters(), 0, "top_customer", "m"}, {Clusters(), 0, "buyer_reach", "1"},
		{Linkage(), 0, "market", "m"}, {Linkage(), 0, "reach", "0.5"}, {Linkage(), 0, "dependence", "1"},
		{Reach(), 0, "buyer", "b"}, {Reach(), 0, "via_markets", "3"}, {Reach(), 0, "direct", "0"},
		{Resilience(), 0, "id", "b"}, {Resilience(), 1, "id", "m"}, {Resilience(), 1, "volume_at_risk", "3"},
		{Resilience(), 1, "worst_cluster", "c"}, {Resilience(), 1, "worst_share", "1"}, {Resilience(), 1, "type", "market"},
		// §5: the chain f2 ⇄ f1 → m → b has levels f1 = f2 = 0 (a balanced
		// pair), m = 1, b = 2; the cluster's ties are the two inside and
		// f1 → m (E = 1, I = 2: −1/3); every sale passes f1 and m (one
		// channel); removing the buyer or the market costs all 3, and the
		// tie goes to the smaller id, b; then nothing is left to lose.
		{Nodes(), 0, "trophic_level", "0"}, {Nodes(), 2, "trophic_level", "1"}, {Nodes(), 3, "trophic_level", "2"},
		{Clusters(), 0, "ei_index", "-0.3333333333333333"},
		{Reach(), 0, "chokepoints", "f1;m"}, {Reach(), 0, "channels", "1"},
		{KeyPlayers(), 0, "rank", "1"}, {KeyPlayers(), 0, "id", "b"}, {KeyPlayers(), 0, "type", "buyer"},
		{KeyPlayers(), 0, "volume_at_risk", "3"}, {KeyPlayers(), 0, "share_at_risk", "1"},
		{KeyPlayers(), 1, "rank", "2"}, {KeyPlayers(), 1, "volume_at_risk", "3"},
	} {
		if got := cell(c.tab, c.row, c.col); got != c.want {
			t.Errorf("%s row %d %s = %q, want %q", c.tab.Name, c.row, c.col, got, c.want)
		}
	}
	if v := Nodes().All()[4].Value(a, 0); len(v.Attrs) != 1 || v.Attrs[0].Value != "Yiwu" {
		t.Errorf("attributes %v", v.Attrs)
	}
	if h := strings.Join(Clusters().Header(a), ","); strings.Contains(h, "_lo") || Risk().Rows(a) != 0 {
		t.Errorf("bounds or risk without --bootstrap, --risk: %s", h)
	}
	// SPEC §6. Without m, f1 loses 3 of its 4 of sales and fails, then
	// f2, whose only customer f1 was: 2 firms with out-volume 4 + 1 = 5,
	// all of it, in 2 rounds; without b, m fails first (3 rounds). The
	// cluster's bootstrap draws f1 f1, f1 f2 or f2 f1 (market_share 1)
	// or f2 f2 (nothing leaves the cluster: 0), so the interval is [0, 1].
	ab, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1, Bootstrap: 200, Risk: network.RiskMarkets, KeyPlayers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(Clusters().Header(ab), ","); !strings.HasSuffix(got, ",buyer_reach,ei_index,market_share_lo,market_share_hi,buyer_share_lo,buyer_share_hi,buyer_reach_lo,buyer_reach_hi") {
		t.Errorf("clusters.csv header with --bootstrap: %s", got)
	}
	if got := strings.Join(Linkage().Header(ab), ","); got != "cluster,market,volume,share,reach,dependence,share_lo,share_hi" {
		t.Errorf("linkage.csv header with --bootstrap: %s", got)
	}
	cellB := func(tab Table, row int, col string) string {
		c, _ := tab.Column(col)
		return c.Cell(ab, row)
	}
	for _, c := range []struct {
		tab       Table
		row       int
		col, want string
	}{
		{Risk(), 0, "id", "m"}, {Risk(), 0, "type", "market"}, {Risk(), 0, "firms_failed", "2"}, {Risk(), 0, "volume_failed", "5"},
		{Risk(), 0, "share_failed", "1"}, {Risk(), 0, "nodes_failed", "2"}, {Risk(), 0, "rounds", "2"},
		{Risk(), 1, "id", "b"}, {Risk(), 1, "nodes_failed", "3"}, {Risk(), 1, "rounds", "3"}, {Risk(), 1, "firms_failed", "2"},
		{Clusters(), 0, "market_share_lo", "0"}, {Clusters(), 0, "market_share_hi", "1"},
		{Clusters(), 0, "buyer_share_lo", "0"}, {Clusters(), 0, "buyer_share_hi", "0"},
		{Clusters(), 0, "buyer_reach_lo", "0"}, {Clusters(), 0, "buyer_reach_hi", "1"},
		{Linkage(), 0, "share_lo", "0"}, {Linkage(), 0, "share_hi", "1"},
	} {
		if got := cellB(c.tab, c.row, c.col); got != c.want {
			t.Errorf("%s row %d %s = %q, want %q", c.tab.Name, c.row, c.col, got, c.want)
		}
	}
	for _, tab := range Tables() {
		if n := tab.Rows(ab); n == 0 {
			t.Errorf("%s: no rows", tab.Name)
		}
	}
}
