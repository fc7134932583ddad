package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"clusterchain/columns"
	"clusterchain/network"
	"clusterchain/synth"
)

// compileSchemas compiles every schema of Schemas, by $id.
func compileSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	entries, err := fs.ReadDir(Schemas(), ".")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range entries {
		b, err := fs.ReadFile(Schemas(), e.Name())
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: %v", e.Name(), err)
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		name, version, _ := strings.Cut(strings.TrimSuffix(e.Name(), ".schema.json"), "-")
		if want := "urn:clusterchain:schema:" + name + ":" + version; id != want {
			t.Errorf("%s: $id %q, want %q", e.Name(), id, want)
		}
		if err := c.AddResource(id, doc); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	out := map[string]*jsonschema.Schema{}
	for _, id := range ids {
		s, err := c.Compile(id)
		if err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		out[id] = s
	}
	return out
}

func validate(t *testing.T, s *jsonschema.Schema, doc []byte) error {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	return s.Validate(v)
}

func generatedRun(t *testing.T, firms int) *Run {
	t.Helper()
	ds, err := synth.Generate(synth.Config{Firms: firms, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	nw, err := network.New(*ds)
	if err != nil {
		t.Fatal(err)
	}
	a, err := network.Analyze(t.Context(), nw, network.Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return &Run{Analysis: a, Seed: 1}
}

// report.json, the golden copy and one of a generated dataset, is exactly
// what schema/report-v1.schema.json describes, and the schema is strict
// enough to notice a missing, added, renamed or mistyped field.
func TestReportSchema(t *testing.T) {
	schemas := compileSchemas(t)
	s := schemas[fmt.Sprintf("urn:clusterchain:schema:report:v%d", SchemaVersion)]
	if s == nil {
		t.Fatalf("no schema for report.json version %d", SchemaVersion)
	}
	small := &Run{Analysis: small(t), Warnings: []string{"links.csv: 1 link has an unknown volume"}}
	shocks := generatedRun(t, 300)
	an, err := network.Analyze(t.Context(), shocks.Analysis.Network, network.Options{Seed: 1, Bootstrap: 50, Risk: network.RiskAll, Threshold: 0.4})
	if err != nil {
		t.Fatal(err)
	}
	shocks.Analysis = an
	for name, r := range map[string]*Run{"small": small, "generated": generatedRun(t, 600), "bootstrap and risk": shocks} {
		var b bytes.Buffer
		if err := WriteJSON(&b, r); err != nil {
			t.Fatal(err)
		}
		if err := validate(t, s, b.Bytes()); err != nil {
			t.Errorf("%s: report.json does not validate: %v", name, err)
		}
	}
	var sb bytes.Buffer
	if err := WriteJSON(&sb, shocks); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"market_share_lo": `, `"buyer_reach_hi": `, `"share_hi": `, `"bootstrap": {`, `"replicates": 50`, `"risk_threshold": 0.4`, `"risk": [`, `"nodes_failed": `} {
		if !bytes.Contains(sb.Bytes(), []byte(key)) {
			t.Errorf("report.json with --bootstrap and --risk lacks %s", key)
		}
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, small); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{`"market_share_lo"`, `"bootstrap"`, `"risk"`} {
		if bytes.Contains(b.Bytes(), []byte(key)) {
			t.Errorf("report.json without --bootstrap and --risk has %s", key)
		}
	}
	for _, tc := range []struct {
		name   string
		mutate func(doc map[string]any)
	}{
		{"version 2", func(d map[string]any) { d["version"] = 2 }},
		{"missing dataset", func(d map[string]any) { delete(d, "dataset") }},
		{"unknown top field", func(d map[string]any) { d["extra"] = true }},
		{"renamed node field", func(d map[string]any) {
			n := d["nodes"].([]any)[0].(map[string]any)
			n["page_rank"] = n["pagerank"]
			delete(n, "pagerank")
		}},
		{"string for a number", func(d map[string]any) { d["clusters"].([]any)[0].(map[string]any)["market_share"] = "0.5" }},
		{"null for a number", func(d map[string]any) { d["linkage"].([]any)[0].(map[string]any)["share"] = nil }},
		{"unknown node type", func(d map[string]any) { d["nodes"].([]any)[0].(map[string]any)["type"] = "bank" }},
		{"fractional degree", func(d map[string]any) { d["nodes"].([]any)[0].(map[string]any)["in_degree"] = 1.5 }},
		{"number attribute", func(d map[string]any) {
			d["nodes"].([]any)[0].(map[string]any)["attributes"] = map[string]any{"employees": 12}
		}},
	} {
		var doc map[string]any
		if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		tc.mutate(doc)
		bad, _ := json.Marshal(doc)
		if err := validate(t, s, bad); err == nil {
			t.Errorf("%s: validates", tc.name)
		}
	}
}

// The golden report.json validates too: the schema and the golden file
// are kept in step.
func TestGoldenReportValidates(t *testing.T) {
	s := compileSchemas(t)["urn:clusterchain:schema:report:v1"]
	b, err := fs.ReadFile(os.DirFS("testdata"), "report.json.golden")
	if err != nil {
		t.Fatal(err)
	}
	if err := validate(t, s, b); err != nil {
		t.Error(err)
	}
}

// analyze --json documents validate (diff --json: package waves).
func TestSummaryAndDiffSchemas(t *testing.T) {
	schemas := compileSchemas(t)
	r := generatedRun(t, 400)
	var b bytes.Buffer
	if err := WriteSummaryJSON(&b, r, "out", []string{"nodes.csv", "report.json"}); err != nil {
		t.Fatal(err)
	}
	if err := validate(t, schemas["urn:clusterchain:schema:summary:v1"], b.Bytes()); err != nil {
		t.Errorf("summary: %v\n%s", err, b.Bytes())
	}
}

// orderedKeys returns the keys of a JSON object in document order.
func orderedKeys(t *testing.T, raw json.RawMessage) []string {
	t.Helper()
	d := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := d.Token(); err != nil || tok != json.Delim('{') {
		t.Fatalf("not an object: %v %v", tok, err)
	}
	var keys []string
	for d.More() {
		tok, err := d.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, tok.(string))
		var skip json.RawMessage
		if err := d.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// jsonTypes returns the JSON types a property schema allows, following
// one $ref into $defs; an enum of strings allows "string".
func jsonTypes(t *testing.T, defs map[string]json.RawMessage, raw json.RawMessage) []string {
	t.Helper()
	var p struct {
		Ref   string            `json:"$ref"`
		Type  json.RawMessage   `json:"type"`
		Enum  []json.RawMessage `json:"enum"`
		Items *struct {
			Type string `json:"type"`
		} `json:"items"`
	}
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	if p.Ref != "" {
		return jsonTypes(t, defs, defs[strings.TrimPrefix(p.Ref, "#/$defs/")])
	}
	if len(p.Enum) > 0 {
		return []string{"string"}
	}
	var one string
	if json.Unmarshal(p.Type, &one) == nil {
		if one == "array" && (p.Items == nil || p.Items.Type != "string") {
			return []string{"array of non-strings"}
		}
		return []string{one}
	}
	var many []string
	if err := json.Unmarshal(p.Type, &many); err != nil {
		t.Fatalf("type %s", p.Type)
	}
	sort.Strings(many)
	return many
}

// The object schemas of report.json's tables list exactly the registry's
// columns, in its order, with the JSON type of each column's Type (null
// allowed exactly for nullable columns), and require every column that
// every run has.
func TestSchemaMatchesRegistry(t *testing.T) {
	b, err := fs.ReadFile(Schemas(), "report-v1.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Defs map[string]json.RawMessage `json:"$defs"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	defs := map[string]string{"nodes.csv": "node", "clusters.csv": "cluster", "linkage.csv": "linkage",
		"reach.csv": "reach", "resilience.csv": "resilience", "keyplayers.csv": "keyplayer", "risk.csv": "risk"}
	for _, tab := range columns.Tables() {
		def, ok := defs[tab.Name]
		if !ok {
			t.Errorf("%s: no object schema named for it in this test", tab.Name)
			continue
		}
		var obj struct {
			Properties json.RawMessage            `json:"properties"`
			Required   []string                   `json:"required"`
			Additional *bool                      `json:"additionalProperties"`
			Props      map[string]json.RawMessage `json:"-"`
		}
		if err := json.Unmarshal(doc.Defs[def], &obj); err != nil {
			t.Fatal(err)
		}
		if obj.Additional == nil || *obj.Additional {
			t.Errorf("%s: additional properties allowed", def)
		}
		if err := json.Unmarshal(obj.Properties, &obj.Props); err != nil {
			t.Fatal(err)
		}
		var names, required []string
		for _, c := range tab.All() {
			names = append(names, c.Name)
			if c.Always() && c.Type != columns.Attrs {
				required = append(required, c.Name)
			}
			want := map[columns.Type]string{columns.Text: "string", columns.ID: "string", columns.IDList: "array",
				columns.Bool: "boolean", columns.Int: "integer", columns.Long: "integer", columns.Float: "number",
				columns.Attrs: "object"}[c.Type]
			wantTypes := []string{want}
			if c.Nullable {
				wantTypes = []string{want, "null"}
				sort.Strings(wantTypes)
			}
			if got := jsonTypes(t, doc.Defs, obj.Props[c.Name]); !slices.Equal(got, wantTypes) {
				t.Errorf("%s.%s: schema types %v, registry %v (%v)", def, c.Name, got, wantTypes, c.Type)
			}
		}
		if got := orderedKeys(t, obj.Properties); !slices.Equal(got, names) {
			t.Errorf("%s: schema properties\n%v\nregistry columns\n%v", def, got, names)
		}
		if !slices.Equal(obj.Required, required) {
			t.Errorf("%s: schema requires\n%v\nregistry always has\n%v", def, obj.Required, required)
		}
	}
}
