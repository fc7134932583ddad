package loaders

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"clusterchain/network"
)

// A table of a dataset, as the schema file names it.
type tableKind uint8

const (
	firmsTable tableKind = iota
	marketsTable
	buyersTable
	clustersTable
	linksTable
	surveyTable
)

var tableNames = [...]string{"firms", "markets", "buyers", "clusters", "links", "survey"}

func (t tableKind) String() string { return tableNames[t] }

// defaultFiles are the file names of SPEC §1, by table.
var defaultFiles = [...]string{FirmsFile, MarketsFile, BuyersFile, ClustersFile, LinksFile, ""}

// Column is a column of SPEC §1 with the other header names that mean
// it. Header cells are matched ignoring case, spaces, "_" and "-", so
// "Export Share", "export-share" and "EXPORT_SHARE" all mean export_share.
type Column struct {
	Name string
	// Tables are the tables that have the column: firms, markets,
	// buyers, clusters, links.
	Tables []string
	// Aliases are the other header names that mean the column.
	Aliases []string
	// Number: the cells are numbers, read with the survey number rules
	// (ParseNumber) and written back in plain form.
	Number bool
}

// columns is the one table of column names and their aliases. The
// schema file (--schema) adds names per table.
var columns = []Column{
	{Name: "id", Tables: []string{"firms", "markets", "buyers", "clusters"},
		Aliases: []string{"编号", "代码", "企业代码", "企业编号", "市场代码", "市场编号", "买家代码", "买家编号", "集群代码", "集群编号", "code"}},
	{Name: "name", Tables: []string{"firms", "markets", "buyers", "clusters"},
		Aliases: []string{"名称", "企业名称", "公司名称", "市场名称", "买家名称", "集群名称", "firm name", "company name", "company"}},
	{Name: "cluster", Tables: []string{"firms"},
		Aliases: []string{"集群", "产业集群", "所属集群", "industrial cluster"}},
	{Name: "town", Tables: []string{"firms", "clusters"},
		Aliases: []string{"镇", "城镇", "乡镇", "所在镇"}},
	{Name: "province", Tables: []string{"firms", "clusters"},
		Aliases: []string{"省", "省份"}},
	{Name: "industry", Tables: []string{"firms", "clusters"},
		Aliases: []string{"行业", "产业", "所属行业"}},
	{Name: "employees", Tables: []string{"firms"}, Number: true,
		Aliases: []string{"员工", "员工数", "员工人数", "从业人数", "从业人员", "staff", "headcount"}},
	{Name: "revenue", Tables: []string{"firms"}, Number: true,
		Aliases: []string{"营业收入", "销售收入", "营收", "turnover"}},
	{Name: "export_share", Tables: []string{"firms"}, Number: true,
		Aliases: []string{"出口比例", "出口占比", "出口比重", "出口份额"}},
	{Name: "city", Tables: []string{"markets"},
		Aliases: []string{"城市", "所在城市"}},
	{Name: "category", Tables: []string{"markets"},
		Aliases: []string{"类别", "品类", "商品类别"}},
	{Name: "booths", Tables: []string{"markets"}, Number: true,
		Aliases: []string{"摊位", "摊位数", "商位", "商位数", "stalls"}},
	{Name: "country", Tables: []string{"buyers"},
		Aliases: []string{"国家", "国别"}},
	{Name: "kind", Tables: []string{"buyers"},
		Aliases: []string{"类型", "买家类型", "type"}},
	{Name: "from", Tables: []string{"links"},
		Aliases: []string{"供方", "卖方", "来源", "供应方", "source", "seller"}},
	{Name: "to", Tables: []string{"links"},
		Aliases: []string{"需方", "买方", "去向", "target", "destination"}},
	{Name: "kind", Tables: []string{"links"},
		Aliases: []string{"类型", "关系类型", "联系类型", "type", "relation"}},
	{Name: "volume", Tables: []string{"links"}, Number: true,
		Aliases: []string{"金额", "交易额", "交易金额", "贸易额", "amount", "value"}},
}

// Columns returns the column table: every SPEC column with its aliases,
// for documentation.
func Columns() []Column {
	out := make([]Column, len(columns))
	copy(out, columns)
	return out
}

// kindAliases are the link kind values other than the SPEC names.
var kindAliases = []struct {
	kind  network.Kind
	names []string
}{
	{network.Subcontract, []string{"分包", "外协", "外包", "subcontracting"}},
	{network.Supply, []string{"供应", "采购", "供货"}},
	{network.Sale, []string{"销售", "出售", "sales"}},
}

// KindAliases returns the built-in other names of each link kind, for
// documentation.
func KindAliases() map[network.Kind][]string {
	out := map[network.Kind][]string{}
	for _, k := range kindAliases {
		out[k.kind] = append([]string(nil), k.names...)
	}
	return out
}

// normalize is how header cells and kind values are matched: lower case,
// without spaces (any Unicode space), "_", "-" or a byte-order mark.
func normalize(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c == ' ' || c == '_' || c == '-' || c == '\t' || ('A' <= c && c <= 'Z') || c == '\r' || c == '\n' || c == '\v' || c == '\f' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsSpace(r), r == '_', r == '-', r == '\ufeff', r == '＿', r == '－':
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// knownNames is every normalized column name and alias, for sniff.
var knownNames = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range columns {
		m[normalize(c.Name)] = true
		for _, a := range c.Aliases {
			m[normalize(a)] = true
		}
	}
	return m
}()

func knownHeader(h string) bool { return knownNames[normalize(h)] }

// kindTable maps normalized kind values to kinds.
type kindTable map[string]network.Kind

func newKindTable(extra map[string]network.Kind) kindTable {
	t := kindTable{}
	for _, k := range []network.Kind{network.Subcontract, network.Supply, network.Sale} {
		t[k.String()] = k
	}
	for _, k := range kindAliases {
		for _, n := range k.names {
			t[normalize(n)] = k.kind
		}
	}
	for n, k := range extra {
		t[normalize(n)] = k
	}
	return t
}

// parse reads a kind cell (already trimmed, not empty).
func (t kindTable) parse(s string) (network.Kind, bool) {
	switch s { // the common case, without normalizing
	case "sale":
		return network.Sale, true
	case "supply":
		return network.Supply, true
	case "subcontract":
		return network.Subcontract, true
	}
	k, ok := t[normalize(s)]
	return k, ok
}

// header is a table's header row matched to columns.
type header struct {
	file  string
	line  int
	names []string       // as written, trimmed
	col   map[string]int // SPEC column → index
	// Per column: the attribute key ("" for a SPEC column read by the
	// loader, a blank header or a duplicate), and whether it holds
	// numbers.
	key    []string
	number []bool
	// unit is the unit a matched header names after its column's name
	// ("万元" of 交易额（万元）), or "".
	unit []string
	// missing are the columns the schema names but the header lacks,
	// already reported.
	missing map[string]bool
}

// matchHeader matches the header row of a table: SPEC names and their
// aliases, or the names the schema gives (which replace the aliases of
// that column). Other columns are attributes, under the SPEC name when
// they are one of the table's optional columns and as written
// otherwise. It reports duplicate columns and schema names that are not
// in the header.
func matchHeader(file string, line int, cells []string, table tableKind, sch *Schema, errs *collector) *header {
	h := &header{file: file, line: line, col: map[string]int{},
		names: make([]string, len(cells)), key: make([]string, len(cells)), number: make([]bool, len(cells)),
		unit: make([]string, len(cells))}
	// lookup: normalized header → SPEC column, for this table.
	lookup := map[string]string{}
	numeric := map[string]bool{}
	mapped := map[string][]string{}
	switch {
	case table == surveyTable && sch != nil && sch.Survey != nil:
		for col, names := range map[string][]string{"id": sch.Survey.ID, "name": sch.Survey.Name, "cluster": sch.Survey.Cluster} {
			if len(names) > 0 {
				mapped[col] = names
			}
		}
	case sch != nil && sch.Columns[table.String()] != nil:
		mapped = sch.Columns[table.String()]
	}
	for _, c := range columns {
		if !tableHas(c, table) {
			continue
		}
		numeric[c.Name] = c.Number
		if _, byName := mapped[c.Name]; byName {
			continue
		}
		lookup[normalize(c.Name)] = c.Name
		for _, a := range c.Aliases {
			lookup[normalize(a)] = c.Name
		}
	}
	for col, names := range mapped {
		for _, n := range names {
			lookup[normalize(n)] = col
		}
	}
	seen := map[string]int{}
	for i, cell := range cells {
		name := text(cell)
		h.names[i] = name
		n := normalize(name)
		if n == "" {
			continue
		}
		if j, dup := seen[n]; dup {
			errs.errf(file, line, i+1, ErrDuplicateColumn, "", "column %s appears twice (also column %d)", echo(name), j+1)
			continue
		}
		seen[n] = i
		col, ok := lookup[n]
		base, unit, hasUnit := splitUnit(name)
		if !ok && hasUnit {
			col, ok = lookup[normalize(base)] // 交易额（万元） is 交易额 in 万元
		}
		if !ok {
			h.key[i] = name
			continue
		}
		if hasUnit {
			h.unit[i] = unit
		}
		if j, dup := h.col[col]; dup {
			errs.errf(file, line, i+1, ErrDuplicateColumn, "remove or rename one of them, or name the right one with --schema",
				"column %s means %q, like column %d (%s)", echo(name), col, j+1, echo(h.names[j]))
			continue
		}
		h.col[col] = i
		if !isLoaderColumn(col, table) {
			h.key[i] = col
			h.number[i] = numeric[col]
		}
	}
	cols := make([]string, 0, len(mapped))
	for col := range mapped {
		cols = append(cols, col)
	}
	sort.Strings(cols)
	for _, col := range cols {
		if _, ok := h.col[col]; !ok {
			where := sch.where("columns", table.String(), col)
			if table == surveyTable {
				where = sch.where("survey", col)
			}
			errs.errf(file, line, 0, ErrMissingColumn, "the header has: "+plainList(h.names),
				"no column %s, which %s names for %q", quoteList(mapped[col]), where, col)
			if h.missing == nil {
				h.missing = map[string]bool{}
			}
			h.missing[col] = true
		}
	}
	return h
}

// Brackets that may hold a unit after a header name.
const (
	unitOpen  = "(（[【"
	unitClose = ")）]】"
)

// splitUnit splits a header into a name and the unit after it: in
// brackets at its end — 交易额（万元）, volume (10k yuan), amount [USD],
// with nested brackets kept in the unit — or after its last comma:
// "volume, 万元" (unless what follows the comma is itself a column name).
// It reports false when the header has no such unit.
func splitUnit(h string) (name, unit string, ok bool) {
	h = strings.TrimSpace(h)
	if r, size := utf8.DecodeLastRuneInString(h); size > 0 && strings.ContainsRune(unitClose, r) {
		depth := 0
		for i := len(h); i > 0; {
			r, size := utf8.DecodeLastRuneInString(h[:i])
			i -= size
			switch {
			case strings.ContainsRune(unitClose, r):
				depth++
			case strings.ContainsRune(unitOpen, r):
				if depth--; depth == 0 {
					name = strings.TrimSpace(h[:i])
					unit = strings.TrimSpace(h[i+size : len(h)-len(string(lastRune(h)))])
					return name, unit, normalize(name) != ""
				}
			}
		}
		return "", "", false
	}
	if i := strings.LastIndexAny(h, ",，"); i >= 0 {
		_, size := utf8.DecodeRuneInString(h[i:])
		name, unit = strings.TrimSpace(h[:i]), strings.TrimSpace(h[i+size:])
		// "from,to" read with the wrong delimiter is two columns, not
		// from in units of to.
		return name, unit, normalize(name) != "" && unit != "" && !knownHeader(unit)
	}
	return "", "", false
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// require reports the required columns missing from h.
func (h *header) require(errs *collector, cols ...string) bool {
	ok := true
	for _, c := range cols {
		if _, has := h.col[c]; !has {
			ok = false
			if h.missing[c] {
				continue
			}
			errs.errf(h.file, h.line, 0, ErrMissingColumn, "the header has: "+plainList(h.names),
				"missing required column %q", c)
		}
	}
	return ok
}

func tableHas(c Column, t tableKind) bool {
	if t == surveyTable {
		t = firmsTable // a survey row is a firm
	}
	for _, n := range c.Tables {
		if n == t.String() {
			return true
		}
	}
	return false
}

// isLoaderColumn reports whether the loader reads col of table itself
// rather than keeping it as an attribute.
func isLoaderColumn(col string, t tableKind) bool {
	switch t {
	case linksTable:
		return true
	case firmsTable, surveyTable:
		return col == "id" || col == "name" || col == "cluster"
	}
	return col == "id" || col == "name"
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = echo(n)
	}
	return strings.Join(q, " or ")
}
