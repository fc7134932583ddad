package report

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"clusterchain/columns"
	"clusterchain/network"
)

// appendJSONFloat writes what encoding/json writes for every float64.
func FuzzJSONFloat(f *testing.F) {
	for _, x := range []float64{0, math.Copysign(0, -1), 1, -1.5, 1e-7, 1e-6, 9.99e-7, 1e20, 1e21, 1.5e300, 5e-324, 123456789, 0.1} {
		f.Add(math.Float64bits(x))
	}
	f.Fuzz(func(t *testing.T, bits uint64) {
		x := math.Float64frombits(bits)
		want, werr := json.Marshal(x)
		got, gerr := appendJSONFloat(nil, x)
		if (werr != nil) != (gerr != nil) || werr == nil && string(got) != string(want) {
			t.Fatalf("%v: %q (%v), encoding/json %q (%v)", x, got, gerr, want, werr)
		}
	})
}

// appendJSONString writes what encoding/json writes for every string.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "<&>", "\"\\", "\x00\x1f\x7f", "义乌", "\u2028", "\xff", "a\u202Eb"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("%q: %s, encoding/json %s", s, got, want)
		}
	})
}

// indentedOracle is report.json as encoding/json lays it out: the
// compact document (small fields by json.Marshal, tables by the compact
// row writer) indented by json.Indent, as an Encoder with SetIndent does.
func indentedOracle(t *testing.T, r *Run) []byte {
	t.Helper()
	var streamed bytes.Buffer
	if err := WriteJSON(&streamed, r); err != nil {
		t.Fatal(err)
	}
	// Rebuild the compact document from the streamed one's small fields
	// and the compact tables.
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(streamed.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	a := r.Analysis
	tables := map[string]jsonRows{"nodes": {columns.Nodes(), a}, "clusters": {columns.Clusters(), a},
		"linkage": {columns.Linkage(), a}, "reach": {columns.Reach(), a}, "resilience": {columns.Resilience(), a},
		"keyplayers": {columns.KeyPlayers(), a}}
	var c bytes.Buffer
	c.WriteByte('{')
	for i, k := range []string{"format", "version", "dataset", "warnings", "nodes", "clusters", "linkage", "rings",
		"communities", "reach", "resilience", "network", "keyplayers"} {
		if i > 0 {
			c.WriteByte(',')
		}
		fmt.Fprintf(&c, "%q:", k)
		if rows, ok := tables[k]; ok {
			b, err := rows.compact()
			if err != nil {
				t.Fatal(err)
			}
			c.Write(b)
		} else {
			if err := json.Compact(&c, doc[k]); err != nil {
				t.Fatal(err)
			}
		}
	}
	c.WriteByte('}')
	var out bytes.Buffer
	if err := json.Indent(&out, c.Bytes(), "", "  "); err != nil {
		t.Fatalf("compact document: %v", err)
	}
	out.WriteByte('\n')
	if !bytes.Equal(out.Bytes(), streamed.Bytes()) {
		i := 0
		for i < min(out.Len(), streamed.Len()) && out.Bytes()[i] == streamed.Bytes()[i] {
			i++
		}
		t.Fatalf("streamed report.json differs from encoding/json's layout at byte %d:\n%s\nwant\n%s", i,
			streamed.Bytes()[max(0, i-200):min(streamed.Len(), i+200)], out.Bytes()[max(0, i-200):min(out.Len(), i+200)])
	}
	return streamed.Bytes()
}

// The streamed report.json is laid out exactly as encoding/json lays out
// the same document, on networks with input attributes (sorted keys,
// hostile text), rings and clusters without, empty tables, and a
// generated network.
func TestJSONLayout(t *testing.T) {
	attrs := func(kv ...string) []network.Attr {
		var out []network.Attr
		for i := 0; i+1 < len(kv); i += 2 {
			out = append(out, network.Attr{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	nw, err := network.New(network.Dataset{
		Name: "layout <&> \u2028",
		Nodes: []network.Node{
			{ID: "f1", Cluster: "c1", Attrs: attrs("town", "Yiwu", "employees", "12", "<b>", "\"q\"\\")},
			{ID: "f2", Cluster: "c1", Name: "\x01bad\xff"},
			{ID: "f3", Cluster: "c2"},
			{ID: "m1", Type: network.Market, Attrs: attrs("z", "last", "a", "first")},
			{ID: "b1", Type: network.Buyer},
		},
		Clusters: []network.Cluster{{ID: "c1", Attrs: attrs("province", "浙江")}, {ID: "c2"}},
		Links: []network.Link{
			{From: "f1", To: "f2", Kind: network.Subcontract, Volume: 1},
			{From: "f2", To: "f1", Kind: network.Subcontract, Volume: 1e-9},
			{From: "f1", To: "m1", Kind: network.Sale, Volume: 2.5e21},
			{From: "m1", To: "b1", Kind: network.Sale, Volume: 3},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(context.Background(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	empty, err := network.New(network.Dataset{Nodes: []network.Node{{ID: "only"}}})
	if err != nil {
		t.Fatal(err)
	}
	ea, err := network.Analyze(context.Background(), empty, network.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for name, r := range map[string]*Run{
		"attributes": {Analysis: a, Warnings: []string{"w <1>"}, Unit: "万元", Seed: 3},
		"empty":      {Analysis: ea},
		"generated":  generatedRun(t, 300),
	} {
		t.Run(name, func(t *testing.T) {
			b := indentedOracle(t, r)
			if name == "attributes" && !bytes.Contains(b, []byte("\"attributes\": {\n        \"\\u003cb\\u003e\": \"\\\"q\\\"\\\\\",\n")) {
				t.Errorf("attributes not laid out as expected:\n%s", b)
			}
		})
	}
}
