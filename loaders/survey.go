package loaders

import (
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"clusterchain/network"
)

// relCols are the columns of one numbered group of a relation: partner,
// volume and kind (-1 when absent).
type relCols struct {
	rel                   *Relation
	n                     int
	partner, volume, kind int
}

// LoadSurvey reads a wide survey table: one row per responding firm, with
// its id, name and cluster, attributes (the other columns) and numbered
// groups of relation columns that opt.Schema.Survey describes. For a
// relation {"prefix": "market_", "target": "market", "kind": "sale",
// "volume_suffix": "_volume"} the cells market_1, market_2, … name the
// markets the firm sells through and market_1_volume, … the volumes.
//
// A partner cell is matched against the ids of the firms in the survey
// and of the nodes of the tables the schema names ("tables": markets,
// buyers, clusters, firms, read from fsys next to the survey), then
// against their names when exactly one node of the partner's type has
// that name; otherwise the partner is a new node of the relation's type
// whose id and name are the cell's text. A volume or kind with an empty
// partner cell is an error. When any relation has volumes, links of
// relations without a volume column have an unknown volume.
//
// Errors point at the survey file's line and column. Result.Rows holds
// one link row per partner cell, for WriteTables. The survey file is the
// one the user names and is read even through a symbolic link out of
// fsys; the tables the schema names are read as Load reads tables.
func LoadSurvey(fsys fs.FS, file string, opt Options) (*Result, error) {
	if opt.Schema == nil || opt.Schema.Survey == nil {
		return nil, ErrorList{{File: file, Err: &detail{ErrSchema, "a survey table needs a schema with a \"survey\" section"},
			Hint: "--schema FILE; samples/survey/schema.json is an example"}}
	}
	opt.KeepRows = true
	l := newLoader(fsys, opt)
	l.named = file
	sch := opt.Schema
	sv := sch.Survey
	for _, t := range []struct {
		kind tableKind
		typ  network.NodeType
	}{{firmsTable, network.Firm}, {marketsTable, network.Market}, {buyersTable, network.Buyer}} {
		if f, ok := sch.Tables[t.kind.String()]; ok {
			l.readNodes(f, t.kind, t.typ, true)
		}
	}
	if f, ok := sch.Tables["clusters"]; ok {
		l.readClusters(f)
	}
	if _, ok := sch.Tables["links"]; ok {
		l.errs.errf(sch.File, 0, 0, ErrSchema, "the survey's relation columns are its links",
			"tables.links: a survey has no links table")
	}

	tb, ok := l.openTable(file, surveyTable, true, "id")
	if !ok {
		return l.result()
	}
	file = tb.src.file // a workbook's sheet is named by workbook and sheet
	h := tb.h
	groups := l.relationColumns(tb, sv)
	hasVolume := false
	for _, r := range sv.Relations {
		hasVolume = hasVolume || r.VolumeSuffix != ""
	}
	idCol := h.col["id"]
	nameCol, hasName := h.col["name"]
	clusterCol, hasCluster := h.col["cluster"]

	// First pass: the responding firms.
	type respondent struct {
		node  int32
		row   []string
		lines []int32
	}
	var resp []respondent
	l.rows(tb, func(rows [][]string, lines [][]int32) {
		for i, row := range rows {
			nd := network.Node{ID: row[idCol], Type: network.Firm, Attrs: l.attrs(tb, row, lines[i])}
			if hasName {
				nd.Name = row[nameCol]
			}
			if hasCluster {
				nd.Cluster = row[clusterCol]
			}
			if l.addNode(file, int(lines[i][0]), int(lines[i][idCol]), idCol+1, nd) {
				resp = append(resp, respondent{l.ids[nd.ID], slicesClone(row), slicesClone(lines[i])})
			}
		}
	})
	l.finishTable(tb, true, "firms")

	// Names of declared nodes, by type, for partner cells that hold a
	// name: -1 marks a name that several nodes share.
	byName := [3]map[string]int32{{}, {}, {}}
	for i, nd := range l.res.Dataset.Nodes {
		if nd.Name == "" || nd.Type > network.Buyer {
			continue
		}
		if _, dup := byName[nd.Type][nd.Name]; dup {
			byName[nd.Type][nd.Name] = -1
		} else {
			byName[nd.Type][nd.Name] = int32(i)
		}
	}

	// Second pass: the partners, then the links once every node is known.
	f := &linkFile{file: file, hasVolume: hasVolume, rules: tb.src.numbers(false), suggestDecimal: tb.src.suggestDecimal(), survey: true}
	var ins []linkIn
	named := 0 // partner cells filled in
	for _, r := range resp {
		firm := l.res.Dataset.Nodes[r.node].ID
		for _, g := range groups {
			partner, pl := r.row[g.partner], int(r.lines[g.partner])
			in := linkIn{line: int(r.lines[0]), dirLine: pl, dirCol: g.partner + 1}
			if g.volume >= 0 {
				in.vol, in.volLine, in.volCol = r.row[g.volume], int(r.lines[g.volume]), g.volume+1
			}
			if g.kind >= 0 {
				in.kind, in.kindLine, in.kindCol = r.row[g.kind], int(r.lines[g.kind]), g.kind+1
			}
			if partner == "" {
				for _, c := range []struct {
					text      string
					line, col int
				}{{in.vol, in.volLine, in.volCol}, {in.kind, in.kindLine, in.kindCol}} {
					if c.text != "" {
						l.errs.errf(file, c.line, c.col, ErrSurvey, "fill in the partner or clear the cell",
							"%s without a partner: column %s is empty", echo(c.text), echo(h.names[g.partner]))
					}
				}
				continue
			}
			named++
			id, ok := l.partner(file, partner, pl, g, h, &byName)
			if !ok {
				continue
			}
			if in.kind == "" && g.rel.HasKind {
				in.kind, in.kindLine, in.kindCol = g.rel.Kind.String(), pl, g.partner+1
			}
			if g.rel.In {
				in.from, in.fromLine, in.fromCol = id, pl, g.partner+1
				in.to, in.toLine, in.toCol = firm, int(r.lines[idCol]), idCol+1
			} else {
				in.from, in.fromLine, in.fromCol = firm, int(r.lines[idCol]), idCol+1
				in.to, in.toLine, in.toCol = id, pl, g.partner+1
			}
			ins = append(ins, in)
		}
	}
	if named == 0 && len(resp) > 0 {
		// As for a links.csv without rows: the tables import would write
		// must load.
		l.errs.errf(file, h.line, 0, ErrNoRows, "a dataset needs at least one firm and one link",
			"no links: no row names a partner in the relation columns")
	}
	l.finishClusters()
	l.rankNodes()
	k := &linkSink{errs: l.errs}
	for i := range ins {
		l.addLink(f, &ins[i], k)
	}
	l.decimalCommaError(f, k)
	l.res.hasVolume = hasVolume
	l.res.UnknownVolumes = k.unknown
	l.unknownAt = k.unknownAt
	l.res.Rows = k.rows
	l.finishLinks(file, k.raw)
	return l.result()
}

// partner resolves a partner cell to a node id, creating the node when
// it is new.
func (l *loader) partner(file, text string, line int, g relCols, h *header, byName *[3]map[string]int32) (string, bool) {
	nodes := l.res.Dataset.Nodes
	want := g.rel.Target
	if i, ok := l.ids[text]; ok {
		if nodes[i].Type != want {
			l.errs.errf(file, line, g.partner+1, ErrSurvey, "a partner is one node: give the "+want.String()+" another id",
				"%s is a %s (%s), but column %s names a %s", echo(text), nodes[i].Type,
				l.declaredAt(i), echo(h.names[g.partner]), want)
			return "", false
		}
		return text, true
	}
	switch i, ok := byName[want][text]; {
	case ok && i >= 0:
		return nodes[i].ID, true
	case ok:
		l.errs.errf(file, line, g.partner+1, ErrSurvey, "write the partner's id instead of its name",
			"%s is the name of several %ss", echo(text), want)
		return "", false
	}
	l.addNode(file, line, line, g.partner+1, network.Node{ID: text, Type: want, Name: text})
	return text, true
}

// relationColumns finds the numbered columns of every relation in the
// survey's header, checks that each group has the columns its relation
// declares, and takes them out of the attributes.
func (l *loader) relationColumns(tb *table, sv *Survey) []relCols {
	h := tb.h
	file := tb.src.file
	type key struct {
		rel *Relation
		n   int
	}
	found := map[key]*relCols{}
	var groups []*relCols
	for i, name := range h.names {
		n := normalize(name)
		var match *relCols
		var role string
		for r := range sv.Relations {
			rel := &sv.Relations[r]
			num, rest, ok := numbered(n, normalize(rel.Prefix))
			if !ok {
				continue
			}
			switch {
			case rest == "":
				role = "partner"
			case rel.VolumeSuffix != "" && rest == normalize(rel.VolumeSuffix):
				role = "volume"
			case rel.KindSuffix != "" && rest == normalize(rel.KindSuffix):
				role = "kind"
			default:
				continue
			}
			if match != nil {
				l.errs.errf(file, h.line, i+1, ErrSchema, "give the relations prefixes that do not overlap",
					"column %s belongs to two relations: %s and %s", echo(name), match.rel.key, rel.key)
				break
			}
			k := key{rel, num}
			g := found[k]
			if g == nil {
				g = &relCols{rel: rel, n: num, partner: -1, volume: -1, kind: -1}
				found[k] = g
				groups = append(groups, g)
			}
			match = g
			switch role {
			case "partner":
				g.partner = i
			case "volume":
				g.volume = i
			default:
				g.kind = i
			}
		}
		if match == nil {
			continue
		}
		for col, j := range h.col {
			if j == i {
				l.errs.errf(file, h.line, i+1, ErrSchema, "rename the column or the relation's prefix",
					"column %s is both %q and a relation column", echo(name), col)
			}
		}
		h.key[i], h.number[i] = "", false
	}
	for r := range sv.Relations {
		rel := &sv.Relations[r]
		any := false
		for _, g := range groups {
			any = any || g.rel == rel
		}
		if !any {
			l.errs.errf(file, h.line, 0, ErrMissingColumn, "the header has: "+plainList(h.names),
				"no column %s1, %s2, … for %s", plain(rel.Prefix), plain(rel.Prefix), l.opt.Schema.where(rel.key, "prefix"))
		}
	}
	var out []relCols
	for _, g := range groups {
		name := g.rel.Prefix + strconv.Itoa(g.n)
		switch {
		case g.partner < 0:
			at := g.volume
			if at < 0 {
				at = g.kind
			}
			l.errs.errf(file, h.line, at+1, ErrMissingColumn, "every numbered volume or kind column goes with its partner column",
				"column %s has no partner column %s", echo(h.names[at]), echo(name))
			continue
		case g.rel.VolumeSuffix != "" && g.volume < 0:
			l.errs.errf(file, h.line, g.partner+1, ErrMissingColumn, fmt.Sprintf("%s declares volume_suffix %s",
				l.opt.Schema.where(g.rel.key), echo(g.rel.VolumeSuffix)),
				"no volume column %s for column %s", echo(name+g.rel.VolumeSuffix), echo(h.names[g.partner]))
		}
		out = append(out, *g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].partner < out[j].partner })
	return out
}

// numbered splits a normalized header into prefix, number and rest.
func numbered(h, prefix string) (int, string, bool) {
	if !strings.HasPrefix(h, prefix) {
		return 0, "", false
	}
	rest := h[len(prefix):]
	d := 0
	for d < len(rest) && rest[d] >= '0' && rest[d] <= '9' {
		d++
	}
	if d == 0 || d > 6 {
		return 0, "", false
	}
	n, _ := strconv.Atoi(rest[:d])
	return n, rest[d:], true
}

func slicesClone[T any](s []T) []T { return append([]T(nil), s...) }
