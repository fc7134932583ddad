package loaders

import (
	"errors"
	"strings"
	"testing"

	"clusterchain/network"
)

func TestParseSchemaErrors(t *testing.T) {
	for _, tc := range []struct {
		name, json, want string
	}{
		{"syntax", "{\n  \"tables\": {\"firms\": \"a.csv\",}\n}",
			`s.json:2:32: JSON: invalid character '}' looking for beginning of object key string (hint: the schema is a JSON object; samples/survey/schema.json is an example)`},
		{"not an object", `[1]`,
			`s.json: not a JSON object (hint: the schema is a JSON object; samples/survey/schema.json is an example)`},
		{"every problem", `{"tabels": {}, "tables": {"firm": "x.csv", "links": "../l.csv"},
			"columns": {"links": {"weight": "w", "volume": 3}, "firms": {"name": ["企业名称", ""]}},
			"kinds": {"委托加工": "processing"},
			"survey": {"id": 1, "relations": [{"prefix": "", "target": "shop", "direction": "up", "colour": "red"},
				{"prefix": "market_", "target": "buyer", "direction": "in"},
				{"prefix": "Market-", "target": "market", "volume_suffix": "1v"}]}}`,
			strings.Join([]string{
				`s.json: columns.firms.name: not a header name (hint: a header name or a list of them: "金额" or ["金额", "交易额"])`,
				`s.json: columns.links.volume: not a header name (hint: a header name or a list of them: "金额" or ["金额", "交易额"])`,
				`s.json: columns.links.weight: links has no column "weight" (hint: the columns of links are from, to, kind, volume)`,
				`s.json: kinds.委托加工: "processing" is not a kind (hint: the kinds are subcontract, supply and sale)`,
				`s.json: survey.id: not a header name (hint: a header name or a list of them)`,
				`s.json: survey.relations[0].colour: unknown key (hint: the keys of a relation are prefix, target, kind, direction, volume_suffix, kind_suffix and description)`,
				`s.json: survey.relations[0].prefix: missing or empty (hint: the start of the relation's column names, like "market_" for market_1, market_2)`,
				`s.json: survey.relations[0].target: "shop" is not firm, market or buyer (hint: firm, market or buyer: what the relation's columns name)`,
				`s.json: survey.relations[0].direction: "up" is not out or in (hint: "out": the firm delivers to the partner (the default); "in": the partner delivers to the firm)`,
				`s.json: survey.relations[1]: a buyer cannot sell to a firm (sale buyer→firm) (hint: subcontract is firm→firm; supply is firm→firm or market→firm; sale is firm→market, firm→buyer, market→buyer or market→market)`,
				`s.json: survey.relations[2].volume_suffix: "1v" is not a usable suffix (hint: a suffix like "_volume", not empty and not starting with a digit)`,
				`s.json: tabels: unknown key (hint: the keys are tables, columns, kinds, survey, matrix, matrices and description)`,
				`s.json: tables.firm: unknown table "firm" (hint: the tables are firms, markets, buyers, clusters, links)`,
				`s.json: tables.links: "../l.csv" is not a file name (hint: a file name in the dataset directory, like 企业.csv)`,
			}, "\n")},
		{"survey without relations", `{"survey": {"id": "x"}}`,
			`s.json: survey.relations: missing: a survey needs relation columns (hint: e.g. [{"prefix": "market_", "target": "market", "volume_suffix": "_volume"}])`},
		{"overlapping prefixes", `{"survey": {"relations": [{"prefix": "m_", "target": "market"}, {"prefix": "M", "target": "buyer"}]}}`,
			`s.json: survey.relations[1].prefix: prefix "M" is also the prefix of survey.relations[0] (hint: every relation has its own prefix)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := ParseSchema("s.json", []byte(tc.json))
			if s != nil || !errors.Is(err, ErrSchema) {
				t.Fatalf("got %v, %v", s, err)
			}
			if err.Error() != tc.want {
				t.Errorf("got\n%s\nwant\n%s", err, tc.want)
			}
		})
	}
}

func TestParseSchema(t *testing.T) {
	s, err := ParseSchema("s.json", []byte(`{"description": "x", "tables": {"firms": "企业.csv"},
		"columns": {"links": {"volume": ["交易额（万元）", "金额（万元）"]}}, "kinds": {"委托加工": "Subcontract"},
		"survey": {"name": "企业全称", "relations": [{"prefix": "supplier_", "target": "firm", "kind": "采购", "direction": "in", "kind_suffix": "_kind"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	r := s.Survey.Relations[0]
	if s.Tables["firms"] != "企业.csv" || len(s.Columns["links"]["volume"]) != 2 || s.Kinds["委托加工"] != network.Subcontract ||
		s.Survey.Name[0] != "企业全称" || !r.In || !r.HasKind || r.Kind != network.Supply || r.KindSuffix != "_kind" {
		t.Errorf("schema %+v, relation %+v", s, r)
	}
}

// A schema renames tables, names columns the aliases miss, adds kind
// values; the aliases of a column the schema names no longer apply.
func TestSchemaOnDataset(t *testing.T) {
	s, err := ParseSchema("s.json", []byte(`{"tables": {"firms": "企业.csv", "links": "联系.csv"},
		"columns": {"firms": {"id": "统一社会信用代码"}, "links": {"volume": "交易额（万元）"}},
		"kinds": {"委托加工": "subcontract"}}`))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"企业.csv": "统一社会信用代码,编号,企业名称\n91330001,a,华丰\n91330002,b,美伦\n",
		"联系.csv": "供方,需方,关系类型,金额,交易额（万元）\n91330002,91330001,委托加工,999,12.5\n",
	}
	res, err := Load(fsOf(files), Options{Schema: s})
	if err != nil {
		t.Fatal(err)
	}
	nd := res.Dataset.Nodes[0]
	if nd.ID != "91330001" || nd.Name != "华丰" || len(nd.Attrs) != 1 || nd.Attrs[0] != (network.Attr{Key: "编号", Value: "a"}) {
		t.Errorf("node %+v", nd)
	}
	if l := res.Dataset.Links; len(l) != 1 || l[0].Kind != network.Subcontract || l[0].Volume != 12.5 {
		t.Errorf("links %+v", l)
	}
	// A column the schema names must be there; errors name the schema
	// key, and the missing files the schema's names.
	files["企业.csv"] = "编号,企业名称\na,华丰\n"
	delete(files, "联系.csv")
	_, err = Load(fsOf(files), Options{Schema: s})
	want := `企业.csv:1: no column "统一社会信用代码", which s.json (columns.firms.id) names for "id" (hint: the header has: 编号, 企业名称)` + "\n" +
		`联系.csv: file missing (hint: a dataset needs 企业.csv and 联系.csv)`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func TestDuplicateAliasColumns(t *testing.T) {
	_, err := load(t, map[string]string{"firms.csv": "id,编号,Name,名称,name\na,b,c,d,e\nf,g,h,i,j\n", "links.csv": "from,to\na,f\n"})
	want := `firms.csv:1:2: column "编号" means "id", like column 1 ("id") (hint: remove or rename one of them, or name the right one with --schema)` + "\n" +
		`firms.csv:1:4: column "名称" means "name", like column 3 ("Name") (hint: remove or rename one of them, or name the right one with --schema)` + "\n" +
		`firms.csv:1:5: column "name" appears twice (also column 3)`
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}
