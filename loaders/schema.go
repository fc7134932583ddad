package loaders

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"

	"clusterchain/network"
)

// Schema is a column mapping file (--schema): what the built-in aliases
// do not cover. Every key is optional:
//
//	{
//	  "tables":  {"firms": "企业.csv", "links": "联系.csv"},
//	  "columns": {"firms": {"id": "统一社会信用代码"}, "links": {"volume": ["交易额（万元）", "金额（万元）"]}},
//	  "kinds":   {"委托加工": "subcontract"},
//	  "survey":  {
//	    "id": "企业编号", "name": "企业名称", "cluster": "所属集群",
//	    "relations": [
//	      {"prefix": "market_", "target": "market", "kind": "sale", "volume_suffix": "_volume"},
//	      {"prefix": "supplier_", "target": "firm", "kind": "supply", "direction": "in"}
//	    ]
//	  }
//	}
//
// "tables" renames the files of a dataset directory; "columns" gives, per
// table, the header names of SPEC columns (they replace the built-in
// aliases of that column); "kinds" adds link kind values; "survey"
// describes a wide survey table (see LoadSurvey). A "description" key is
// allowed anywhere, for the reader of the file.
type Schema struct {
	// File is the schema's file name, for messages.
	File    string
	Tables  map[string]string
	Columns map[string]map[string][]string
	Kinds   map[string]network.Kind
	Survey  *Survey
	// Matrix describes the dataset file as a link matrix ("matrix");
	// Matrices lists the matrix files of a dataset directory
	// ("matrices"), which then are its links.
	Matrix   *Matrix
	Matrices []Matrix
}

// Survey describes a wide survey table: one row per responding firm, with
// repeated groups of relation columns.
type Survey struct {
	// ID, Name, Cluster are the header names of the firm's id, name and
	// cluster; empty means the built-in aliases.
	ID, Name, Cluster []string
	Relations         []Relation
}

// Relation is a group of numbered columns: Prefix+N names a partner of
// the responding firm (N = 1, 2, …), Prefix+N+VolumeSuffix the volume of
// that tie and Prefix+N+KindSuffix its kind.
type Relation struct {
	Prefix string
	// Target is the partners' type.
	Target network.NodeType
	// Kind of the links; when HasKind is false the kind follows from the
	// direction (SPEC §1 defaults) or from the KindSuffix column.
	Kind    network.Kind
	HasKind bool
	// In: the partner delivers to the firm (a supplier); otherwise the
	// firm delivers to the partner (a market it sells through, a buyer,
	// a contractor it works for).
	In           bool
	VolumeSuffix string
	KindSuffix   string
	// key is where the relation is in the schema file, for messages.
	key string
}

func (s *Schema) where(path ...string) string {
	file := "the schema"
	if s != nil && s.File != "" {
		file = s.File
	}
	return fmt.Sprintf("%s (%s)", file, strings.Join(path, "."))
}

// ParseSchema reads a schema file. Every problem is reported, each naming
// the file and the key: schema.json: survey.relations[1].target: …
func ParseSchema(file string, data []byte) (*Schema, error) {
	errs := &collector{max: 100}
	s := &Schema{File: file}
	bad := func(key, hint, format string, a ...any) {
		msg := fmt.Sprintf(format, a...)
		if key != "" {
			msg = key + ": " + msg
		}
		errs.add(&Error{File: file, Err: &detail{ErrSchema, msg}, Hint: hint})
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			line, col := offsetPos(data, int(se.Offset))
			errs.add(&Error{File: file, Line: line, Column: col, Err: &detail{ErrSchema, "JSON: " + se.Error()},
				Hint: "the schema is a JSON object; samples/survey/schema.json is an example"})
		} else {
			bad("", "the schema is a JSON object; samples/survey/schema.json is an example", "not a JSON object")
		}
		return nil, errs.list
	}
	for _, k := range sortedKeys(top) {
		v := top[k]
		switch k {
		case "description":
		case "tables":
			var m map[string]string
			if json.Unmarshal(v, &m) != nil {
				bad(k, `e.g. {"firms": "企业.csv"}`, "not an object of file names")
				continue
			}
			s.Tables = map[string]string{}
			for _, t := range sortedKeys(m) {
				if !isTable(t, false) {
					bad(k+"."+t, "the tables are firms, markets, buyers, clusters, links", "unknown table %s", echo(t))
					continue
				}
				if !fs.ValidPath(m[t]) || m[t] == "." {
					bad(k+"."+t, "a file name in the dataset directory, like 企业.csv", "%s is not a file name", echo(m[t]))
					continue
				}
				s.Tables[t] = m[t]
			}
		case "columns":
			var m map[string]map[string]json.RawMessage
			if json.Unmarshal(v, &m) != nil {
				bad(k, `e.g. {"links": {"volume": "交易额（万元）"}}`, "not an object of tables")
				continue
			}
			s.Columns = map[string]map[string][]string{}
			for _, t := range sortedKeys(m) {
				if !isTable(t, false) {
					bad(k+"."+t, "the tables are firms, markets, buyers, clusters, links", "unknown table %s", echo(t))
					continue
				}
				tk := tableOf(t)
				for _, c := range sortedKeys(m[t]) {
					key := k + "." + t + "." + c
					if !hasColumn(tk, c) {
						bad(key, "the columns of "+t+" are "+strings.Join(columnNames(tk), ", "), "%s has no column %s", t, echo(c))
						continue
					}
					names, ok := stringList(m[t][c])
					if !ok {
						bad(key, `a header name or a list of them: "金额" or ["金额", "交易额"]`, "not a header name")
						continue
					}
					if s.Columns[t] == nil {
						s.Columns[t] = map[string][]string{}
					}
					s.Columns[t][c] = names
				}
			}
		case "kinds":
			var m map[string]string
			if json.Unmarshal(v, &m) != nil {
				bad(k, `e.g. {"委托加工": "subcontract"}`, "not an object of kind values")
				continue
			}
			s.Kinds = map[string]network.Kind{}
			for _, val := range sortedKeys(m) {
				kind, ok := network.ParseKind(m[val])
				if !ok || normalize(val) == "" {
					bad(k+"."+val, "the kinds are subcontract, supply and sale", "%s is not a kind", echo(m[val]))
					continue
				}
				s.Kinds[val] = kind
			}
		case "survey":
			s.Survey = parseSurvey(v, s, bad)
		case "matrix", "matrices":
			// Read after "kinds", which they may use.
		default:
			bad(k, "the keys are tables, columns, kinds, survey, matrix, matrices and description", "unknown key")
		}
	}
	kinds := newKindTable(s.Kinds)
	if v, ok := top["matrix"]; ok {
		if m, ok := parseMatrix("matrix", v, kinds, true, bad); ok {
			s.Matrix = &m
		}
	}
	if v, ok := top["matrices"]; ok {
		var list []json.RawMessage
		if json.Unmarshal(v, &list) != nil || len(list) == 0 {
			bad("matrices", `a list like [{"file": "sale.csv", "kind": "sale"}]`, "not a list of matrices")
		}
		for i, raw := range list {
			if m, ok := parseMatrix(fmt.Sprintf("matrices[%d]", i), raw, kinds, false, bad); ok {
				s.Matrices = append(s.Matrices, m)
			}
		}
	}
	if s.Survey != nil && (s.Matrix != nil || len(s.Matrices) > 0) {
		bad("survey", "a dataset is a survey or a matrix", "a schema with a survey and a matrix")
	}
	if len(errs.list) > 0 {
		return nil, errs.list
	}
	return s, nil
}

func parseSurvey(v json.RawMessage, s *Schema, bad func(key, hint, format string, a ...any)) *Survey {
	var m map[string]json.RawMessage
	if json.Unmarshal(v, &m) != nil {
		bad("survey", `e.g. {"id": "firm_id", "relations": [{"prefix": "market_", "target": "market"}]}`, "not an object")
		return nil
	}
	sv := &Survey{}
	kinds := newKindTable(s.Kinds)
	for _, k := range sortedKeys(m) {
		key := "survey." + k
		switch k {
		case "description":
		case "id", "name", "cluster":
			names, ok := stringList(m[k])
			if !ok {
				bad(key, `a header name or a list of them`, "not a header name")
				continue
			}
			switch k {
			case "id":
				sv.ID = names
			case "name":
				sv.Name = names
			default:
				sv.Cluster = names
			}
		case "relations":
			var rels []map[string]json.RawMessage
			if json.Unmarshal(m[k], &rels) != nil {
				bad(key, `a list like [{"prefix": "market_", "target": "market"}]`, "not a list of relations")
				continue
			}
			for i, r := range rels {
				rel, ok := parseRelation(fmt.Sprintf("%s[%d]", key, i), r, kinds, bad)
				if ok {
					sv.Relations = append(sv.Relations, rel)
				}
			}
		default:
			bad(key, "the keys of survey are id, name, cluster, relations and description", "unknown key")
		}
	}
	if _, ok := m["relations"]; !ok {
		bad("survey.relations", `e.g. [{"prefix": "market_", "target": "market", "volume_suffix": "_volume"}]`, "missing: a survey needs relation columns")
	}
	for i, a := range sv.Relations {
		for _, b := range sv.Relations[:i] {
			pa, pb := normalize(a.Prefix), normalize(b.Prefix)
			if pa == pb {
				bad(a.key+".prefix", "every relation has its own prefix", "prefix %s is also the prefix of %s", echo(a.Prefix), b.key)
			}
		}
	}
	return sv
}

func parseRelation(key string, r map[string]json.RawMessage, kinds kindTable, bad func(key, hint, format string, a ...any)) (Relation, bool) {
	rel := Relation{key: key}
	ok := true
	str := func(k string) (string, bool) {
		raw, has := r[k]
		if !has {
			return "", false
		}
		var s string
		if json.Unmarshal(raw, &s) != nil {
			bad(key+"."+k, "", "not a string")
			ok = false
			return "", false
		}
		return s, true
	}
	for _, k := range sortedKeys(r) {
		switch k {
		case "prefix", "target", "kind", "direction", "volume_suffix", "kind_suffix", "description":
		default:
			bad(key+"."+k, "the keys of a relation are prefix, target, kind, direction, volume_suffix, kind_suffix and description", "unknown key")
			ok = false
		}
	}
	var has bool
	if rel.Prefix, has = str("prefix"); !has || normalize(rel.Prefix) == "" {
		bad(key+".prefix", `the start of the relation's column names, like "market_" for market_1, market_2`, "missing or empty")
		ok = false
	}
	target, has := str("target")
	switch target {
	case "firm":
		rel.Target = network.Firm
	case "market":
		rel.Target = network.Market
	case "buyer":
		rel.Target = network.Buyer
	default:
		if has || ok {
			bad(key+".target", "firm, market or buyer: what the relation's columns name", "%s is not firm, market or buyer", echo(target))
		}
		ok = false
	}
	if dir, has := str("direction"); has {
		switch dir {
		case "out":
		case "in":
			rel.In = true
		default:
			bad(key+".direction", `"out": the firm delivers to the partner (the default); "in": the partner delivers to the firm`, "%s is not out or in", echo(dir))
			ok = false
		}
	}
	if k, has := str("kind"); has && k != "" {
		kind, found := kinds.parse(strings.TrimSpace(k))
		if !found {
			bad(key+".kind", "the kinds are subcontract, supply and sale", "%s is not a kind", echo(k))
			ok = false
		}
		rel.Kind, rel.HasKind = kind, found
	}
	for _, sk := range []struct {
		name string
		dst  *string
	}{{"volume_suffix", &rel.VolumeSuffix}, {"kind_suffix", &rel.KindSuffix}} {
		if v, has := str(sk.name); has {
			if normalize(v) == "" || allDigits(normalize(v)[:1]) {
				bad(key+"."+sk.name, `a suffix like "_volume", not empty and not starting with a digit`, "%s is not a usable suffix", echo(v))
				ok = false
			}
			*sk.dst = v
		}
	}
	if ok && rel.VolumeSuffix != "" && normalize(rel.VolumeSuffix) == normalize(rel.KindSuffix) {
		bad(key+".kind_suffix", "", "the same as volume_suffix")
		ok = false
	}
	if ok {
		from, to := network.Firm, rel.Target
		if rel.In {
			from, to = to, from
		}
		kind := network.DefaultKind(from, to)
		if rel.HasKind {
			kind = rel.Kind
		}
		if !network.Allowed(kind, from, to) && (rel.HasKind || rel.KindSuffix == "") {
			bad(key, allowedHint, "a %s cannot %s a %s (%s %s→%s)", from, verb(kind), to, kind, from, to)
			ok = false
		}
	}
	return rel, ok
}

const allowedHint = "subcontract is firm→firm; supply is firm→firm or market→firm; sale is firm→market, firm→buyer, market→buyer or market→market"

func stringList(raw json.RawMessage) ([]string, bool) {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, normalize(one) != ""
	}
	var list []string
	if json.Unmarshal(raw, &list) != nil || len(list) == 0 {
		return nil, false
	}
	for _, n := range list {
		if normalize(n) == "" {
			return nil, false
		}
	}
	return list, true
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func isTable(name string, survey bool) bool {
	for i, n := range tableNames {
		if n == name && (survey || tableKind(i) != surveyTable) {
			return true
		}
	}
	return false
}

func tableOf(name string) tableKind {
	for i, n := range tableNames {
		if n == name {
			return tableKind(i)
		}
	}
	return surveyTable
}

func hasColumn(t tableKind, col string) bool {
	for _, c := range columns {
		if c.Name == col && tableHas(c, t) {
			return true
		}
	}
	return false
}

func columnNames(t tableKind) []string {
	var out []string
	for _, c := range columns {
		if tableHas(c, t) {
			out = append(out, c.Name)
		}
	}
	return out
}

// offsetPos turns a byte offset into a 1-based line and character.
func offsetPos(data []byte, off int) (int, int) {
	if off > len(data) {
		off = len(data)
	}
	before := data[:off]
	line := bytes.Count(before, []byte("\n")) + 1
	start := bytes.LastIndexByte(before, '\n') + 1
	return line, len([]rune(string(before[start:]))) + 1
}

// file returns the file name of table t in a dataset directory.
func (s *Schema) file(t tableKind) string {
	if s != nil {
		if f, ok := s.Tables[t.String()]; ok {
			return f
		}
	}
	return defaultFiles[t]
}

func (s *Schema) kinds() map[string]network.Kind {
	if s == nil {
		return nil
	}
	return s.Kinds
}
