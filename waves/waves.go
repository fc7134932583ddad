package waves

import (
	"clusterchain/internal/suggest"
	"clusterchain/internal/words"
	"clusterchain/report"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Comparison compares two analysis outputs of the same survey at two dates.
type Comparison struct {
	Changes []Change
	// Appeared and Vanished are the linkage pairs ("cluster/market") found
	// only in the new or only in the old output.
	Appeared, Vanished []string
	// AppearedEntities and VanishedEntities are the clusters (rows of
	// clusters.csv), markets and buyers (rows of nodes.csv by type) found
	// only in the new or only in the old output.
	AppearedEntities, VanishedEntities Entities
	// Movers are the nodes whose rank by a centrality moved most.
	Movers []Mover
	// Churn is the link churn per cluster and, last, for the whole
	// network (ChurnOf), when both outputs have their edge list; else it
	// is nil and ChurnMissing says which output lacks it.
	Churn        []Churn
	ChurnMissing string
}

// Persistence is the share of the old output's edges still there in the
// new one (Churn.Persistence of the network row); ok is false without
// churn.
func (c *Comparison) Persistence() (p float64, ok bool) {
	if len(c.Churn) == 0 {
		return 0, false
	}
	return c.Churn[len(c.Churn)-1].Persistence(), true
}

// Entities are clusters, markets and buyers by id, each list in table
// order.
type Entities struct {
	Clusters, Markets, Buyers []string
}

// entityList is one list of Entities with what it holds.
type entityList struct {
	kind string
	ids  []string
}

// lines returns the non-empty lists of e.
func (e Entities) lines() []entityList {
	var out []entityList
	for _, l := range []entityList{{"clusters", e.Clusters}, {"markets", e.Markets}, {"buyers", e.Buyers}} {
		if len(l.ids) > 0 {
			out = append(out, l)
		}
	}
	return out
}

// String names the lists of e for a person: "clusters haining;
// buyers walmart, tesco", or "" when e is empty.
func (e Entities) String() string {
	var parts []string
	for _, l := range e.lines() {
		parts = append(parts, l.kind+" "+strings.Join(l.ids, ", "))
	}
	return strings.Join(parts, "; ")
}

// Empty reports whether e names nothing.
func (e Entities) Empty() bool { return len(e.Clusters)+len(e.Markets)+len(e.Buyers) == 0 }

// entities lists the clusters, markets and buyers of one output that the
// other output does not have.
func entities(ts, other []report.Table) Entities {
	var e Entities
	find := func(ts []report.Table, name string) (report.Table, bool) {
		for _, t := range ts {
			if t.Name == name {
				return t, true
			}
		}
		return report.Table{}, false
	}
	if c, ok := find(ts, "clusters.csv"); ok {
		if oc, ok := find(other, "clusters.csv"); ok {
			keys := keySet(oc)
			for _, r := range c.Rows {
				if k := rowKey(c, r); !keys[k] {
					e.Clusters = append(e.Clusters, k)
				}
			}
		}
	}
	if n, ok := find(ts, "nodes.csv"); ok {
		if on, ok := find(other, "nodes.csv"); ok {
			keys := keySet(on)
			ti := slices.Index(n.Header, "type")
			for _, r := range n.Rows {
				k := rowKey(n, r)
				if ti < 0 || keys[k] {
					continue
				}
				switch r[ti] {
				case "market":
					e.Markets = append(e.Markets, k)
				case "buyer":
					e.Buyers = append(e.Buyers, k)
				}
			}
		}
	}
	return e
}

// Mover is a node whose rank by Column changed between the waves (rank 1
// is the most central; ties share the better rank).
type Mover struct {
	ID, Column    string
	Before, After int
}

// Compare diffs two sets of output tables.
func Compare(before, after []report.Table, topMovers int) *Comparison {
	w := &Comparison{Changes: Diff(before, after),
		AppearedEntities: entities(after, before), VanishedEntities: entities(before, after)}
	find := func(ts []report.Table, name string) report.Table {
		for _, t := range ts {
			if t.Name == name {
				return t
			}
		}
		return report.Table{Name: name, Keys: 1}
	}
	ob, nb := find(before, "linkage.csv"), find(after, "linkage.csv")
	oldKeys, newKeys := keySet(ob), keySet(nb)
	for _, r := range nb.Rows {
		if k := rowKey(nb, r); !oldKeys[k] {
			w.Appeared = append(w.Appeared, k)
		}
	}
	for _, r := range ob.Rows {
		if k := rowKey(ob, r); !newKeys[k] {
			w.Vanished = append(w.Vanished, k)
		}
	}
	nodesB, nodesA := find(before, "nodes.csv"), find(after, "nodes.csv")
	for _, col := range []string{"pagerank", "betweenness"} {
		rb, ra := ranks(nodesB, col), ranks(nodesA, col)
		var ms []Mover
		for id, b := range rb {
			if a, ok := ra[id]; ok && a != b {
				ms = append(ms, Mover{ID: id, Column: col, Before: b, After: a})
			}
		}
		sort.Slice(ms, func(i, j int) bool {
			di, dj := absInt(ms[i].After-ms[i].Before), absInt(ms[j].After-ms[j].Before)
			if di != dj {
				return di > dj
			}
			return ms[i].ID < ms[j].ID
		})
		if len(ms) > topMovers {
			ms = ms[:topMovers]
		}
		w.Movers = append(w.Movers, ms...)
	}
	return w
}

func keySet(t report.Table) map[string]bool {
	m := make(map[string]bool, len(t.Rows))
	for _, r := range t.Rows {
		m[rowKey(t, r)] = true
	}
	return m
}

// ranks ranks the rows of t by column col, largest first; equal values
// share the better rank.
func ranks(t report.Table, col string) map[string]int {
	ci := -1
	for i, h := range t.Header {
		if h == col {
			ci = i
		}
	}
	if ci < 0 {
		return nil
	}
	type kv struct {
		id string
		v  float64
	}
	var rows []kv
	for _, r := range t.Rows {
		v, err := strconv.ParseFloat(r[ci], 64)
		if err != nil || math.IsNaN(v) {
			continue
		}
		rows = append(rows, kv{rowKey(t, r), v})
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].v > rows[j].v })
	m := make(map[string]int, len(rows))
	for i, r := range rows {
		rank := i + 1
		if i > 0 && r.v == rows[i-1].v {
			rank = m[rows[i-1].id]
		}
		m[r.id] = rank
	}
	return m
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// Check is a threshold on the change of a column between waves, e.g.
// "market_share < -0.1": the check fails for every row whose change is
// below −0.1.
type Check struct {
	Table, Column, Op string
	Value             float64
}

// ParseCheck reads "[TABLE:]COLUMN OP VALUE" with OP one of < <= > >=;
// TABLE defaults to clusters.csv.
func ParseCheck(s string) (Check, error) {
	c := Check{Table: "clusters.csv"}
	expr := strings.TrimSpace(s)
	if t, rest, ok := strings.Cut(expr, ":"); ok {
		c.Table = strings.TrimSpace(t)
		if !strings.HasSuffix(c.Table, ".csv") {
			c.Table += ".csv"
		}
		expr = rest
	}
	if !slices.Contains(TableNames(), c.Table) {
		name := strings.TrimSuffix(c.Table, ".csv")
		hint := ""
		if p := suggest.Phrase(suggest.Nearest(name, []string{"nodes", "clusters", "linkage", "reach", "resilience", "risk"}, nil, 1)); p != "" {
			hint = "; " + p
		}
		return c, fmt.Errorf("check %q: no table %q (tables: nodes, clusters, linkage, reach, resilience, risk)%s", s, name, hint)
	}
	i := strings.IndexAny(expr, "<>")
	if i <= 0 {
		return c, fmt.Errorf("check %q: want COLUMN<VALUE, COLUMN<=VALUE, COLUMN>VALUE or COLUMN>=VALUE", s)
	}
	c.Column = strings.TrimSpace(expr[:i])
	c.Op = expr[i : i+1]
	rest := expr[i+1:]
	if strings.HasPrefix(rest, "=") {
		c.Op += "="
		rest = rest[1:]
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(rest), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return c, fmt.Errorf("check %q: %q is not a number", s, strings.TrimSpace(rest))
	}
	c.Value = v
	return c, nil
}

// Validate reports an error when the check's column is not a figure of
// its table in the given outputs (a misspelt check would otherwise never
// fail).
func (c Check) Validate(outputs ...[]report.Table) error {
	var header []string
	keys := 0
	for _, ts := range outputs {
		for _, t := range ts {
			if t.Name != c.Table {
				continue
			}
			if i := slices.Index(t.Header, c.Column); i >= t.Keys {
				if report.IsTextColumn(c.Table, c.Column) {
					return fmt.Errorf("check %s: %s of %s is text, not a number: a threshold on it could never fail", c, c.Column, c.Table)
				}
				return nil
			}
			header, keys = t.Header, t.Keys
		}
	}
	switch {
	case header == nil:
		return fmt.Errorf("check %s: %s is in neither output", c, c.Table)
	case slices.Contains(header[:keys], c.Column):
		return fmt.Errorf("check %s: %s is a key column of %s, not a figure", c, c.Column, c.Table)
	}
	hint := ""
	if p := suggest.Phrase(suggest.Nearest(c.Column, header[keys:], nil, 3)); p != "" {
		hint = "; " + p
	}
	return fmt.Errorf("check %s: %s has no column %q (its figures: %s)%s", c, c.Table, c.Column, strings.Join(header[keys:], ", "), hint)
}

// String writes the check back as it is parsed.
func (c Check) String() string {
	return fmt.Sprintf("%s:%s%s%s", strings.TrimSuffix(c.Table, ".csv"), c.Column, c.Op, report.Float(c.Value))
}

// Failures returns the changes that cross the check's threshold. A row
// that vanished counts as a change to 0, a new row as a change from 0
// (Change.Delta): a market share that is gone fell to nothing.
func (c Check) Failures(changes []Change) []Change {
	var out []Change
	for _, ch := range changes {
		if ch.Table != c.Table || ch.Column != c.Column {
			continue
		}
		d, ok := ch.Delta()
		if !ok {
			continue
		}
		var hit bool
		switch c.Op {
		case "<":
			hit = d < c.Value
		case "<=":
			hit = d <= c.Value
		case ">":
			hit = d > c.Value
		case ">=":
			hit = d >= c.Value
		}
		if hit {
			out = append(out, ch)
		}
	}
	return out
}

// WriteMarkdown writes diff.md: a person's account of the changes.
func WriteMarkdown(w io.Writer, oldName, newName string, wv *Comparison, failed map[string][]Change) error {
	var b strings.Builder
	fmt.Fprintf(&b, "# Changes from %s to %s\n\n", md(oldName), md(newName))
	fmt.Fprintf(&b, "%s changed.\n\n", words.Count(len(wv.Changes), "cell"))
	if len(failed) > 0 {
		b.WriteString("## Failed checks\n\n")
		names := make([]string, 0, len(failed))
		for k := range failed {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, name := range names {
			for _, c := range failed[name] {
				before, after, change := c.Cells()
				fmt.Fprintf(&b, "- `%s`: %s %s %s → %s (%s)\n", md(name), md(c.Key), md(c.Column), md(before), md(after), md(change))
			}
		}
		b.WriteString("\n")
	}
	b.WriteString("## Clusters\n\n| cluster | figure | before | after | change |\n|---|---|---|---|---|\n")
	n := 0
	for _, c := range wv.Changes {
		if c.Table == "clusters.csv" {
			before, after, change := c.Cells()
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", md(c.Key), md(c.Column), md(before), md(after), md(change))
			n++
		}
	}
	if n == 0 {
		b.WriteString("| (no change) | | | | |\n")
	}
	if !wv.AppearedEntities.Empty() || !wv.VanishedEntities.Empty() {
		var lines []string
		for _, e := range []struct {
			what string
			ids  Entities
		}{{"Vanished", wv.VanishedEntities}, {"Appeared", wv.AppearedEntities}} {
			for _, l := range e.ids.lines() {
				lines = append(lines, fmt.Sprintf("%s %s: %s", e.what, l.kind, mdList(l.ids)))
			}
		}
		fmt.Fprintf(&b, "\n## In one wave only\n\n%s\n", strings.Join(lines, "\n\n"))
	}
	b.WriteString("\n## Cluster–market linkage\n\n")
	fmt.Fprintf(&b, "Appeared: %s\n\nVanished: %s\n\n", mdList(wv.Appeared), mdList(wv.Vanished))
	b.WriteString("## Link churn\n\n")
	if len(wv.Churn) == 0 {
		fmt.Fprintf(&b, "Not computed: %s.\n\n", md(wv.ChurnMissing))
	} else {
		p, _ := wv.Persistence()
		fmt.Fprintf(&b, "%.1f%% of the old network's links are still there (persistence %s).\n\n", 100*p, report.Float(p))
		b.WriteString("| cluster | links before | links after | kept | lost | new | partners kept | partners lost | partners new |\n|---|---|---|---|---|---|---|---|---|\n")
		for i, r := range wv.Churn {
			name := md(r.Cluster)
			if i == len(wv.Churn)-1 {
				name = "(whole network)"
			}
			fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %d | %d | %d | %d |\n", name, r.LinksA, r.LinksB, r.Kept, r.Lost, r.New,
				r.PartnersKept, r.PartnersLost, r.PartnersNew)
		}
		b.WriteString("\n")
	}
	b.WriteString("## Largest moves in centrality rank\n\n| node | by | rank before | rank after |\n|---|---|---|---|\n")
	for _, m := range wv.Movers {
		fmt.Fprintf(&b, "| %s | %s | %d | %d |\n", md(m.ID), m.Column, m.Before, m.After)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func mdList(s []string) string {
	if len(s) == 0 {
		return "none"
	}
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = md(x)
	}
	return strings.Join(out, ", ")
}

// md escapes text for a Markdown table cell.
func md(s string) string {
	r := strings.NewReplacer(`\`, `\\`, "|", `\|`, "\n", " ", "\r", " ", "<", "&lt;", ">", "&gt;", "`", "'", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`)
	return r.Replace(s)
}

// Version is the version of the JSON that diff --json prints
// (schema/diff-v1.schema.json); it follows the rules of SchemaVersion.
const Version = 1

type jsonChange struct {
	Table  string   `json:"table"`
	Key    string   `json:"key"`
	Column string   `json:"column"`
	Before string   `json:"before"`
	After  string   `json:"after"`
	Change *float64 `json:"change"`
	Row    string   `json:"row,omitempty"`
}

type jsonEntities struct {
	Clusters []string `json:"clusters"`
	Markets  []string `json:"markets"`
	Buyers   []string `json:"buyers"`
}

func entitiesJSON(e Entities) jsonEntities {
	return jsonEntities{append([]string{}, e.Clusters...), append([]string{}, e.Markets...), append([]string{}, e.Buyers...)}
}

type jsonMover struct {
	ID     string `json:"id"`
	By     string `json:"by"`
	Before int    `json:"before"`
	After  int    `json:"after"`
}

type jsonCheck struct {
	Check    string       `json:"check"`
	Failures []jsonChange `json:"failures"`
}

type jsonWaves struct {
	Format       string       `json:"format"`
	Version      int          `json:"version"`
	Old          string       `json:"old"`
	New          string       `json:"new"`
	Dir          string       `json:"dir"`
	ChangedCells int          `json:"changed_cells"`
	Clusters     []jsonChange `json:"clusters"`
	Appeared     []string     `json:"appeared"`
	Vanished     []string     `json:"vanished"`
	// The clusters, markets and buyers in one output only.
	AppearedEntities jsonEntities `json:"appeared_entities"`
	VanishedEntities jsonEntities `json:"vanished_entities"`
	Movers           []jsonMover  `json:"movers"`
	Checks           []jsonCheck  `json:"checks"`
	Failed           int          `json:"failed"`
	// Persistence is kept / links_a of the whole network; null and
	// ChurnMissing set when an output has no edge list.
	Persistence  *float64    `json:"persistence"`
	Churn        []jsonChurn `json:"churn"`
	ChurnMissing string      `json:"churn_missing,omitempty"`
}

type jsonChurn struct {
	Cluster      string  `json:"cluster"`
	Network      bool    `json:"network,omitempty"`
	LinksA       int     `json:"links_a"`
	LinksB       int     `json:"links_b"`
	Kept         int     `json:"kept"`
	Lost         int     `json:"lost"`
	New          int     `json:"new"`
	PartnersKept int     `json:"partners_kept"`
	PartnersLost int     `json:"partners_lost"`
	PartnersNew  int     `json:"partners_new"`
	Persistence  float64 `json:"persistence"`
}

func changeJSON(c Change) jsonChange {
	j := jsonChange{Table: c.Table, Key: c.Key, Column: c.Column, Before: c.Before, After: c.After, Row: c.Row}
	if x, ok := c.Delta(); ok {
		j.Change = &x
	}
	return j
}

// WriteJSON writes the comparison as one JSON document: the paths
// compared and the directory written (as given), the number of changed
// cells, every change of a cluster figure, the linkage pairs and the
// clusters, markets and buyers that appeared or vanished, the rank movers, and every check with the
// changes that failed it (failed counts them).
func WriteJSON(w io.Writer, oldDir, newDir, dir string, wv *Comparison, checks []Check, failed map[string][]Change) error {
	doc := jsonWaves{Format: "clusterchain-diff", Version: Version, Old: oldDir, New: newDir, Dir: dir,
		ChangedCells: len(wv.Changes), Clusters: []jsonChange{},
		Appeared: append([]string{}, wv.Appeared...), Vanished: append([]string{}, wv.Vanished...),
		AppearedEntities: entitiesJSON(wv.AppearedEntities), VanishedEntities: entitiesJSON(wv.VanishedEntities),
		Movers: []jsonMover{}, Checks: []jsonCheck{}, Churn: []jsonChurn{}, ChurnMissing: wv.ChurnMissing}
	if p, ok := wv.Persistence(); ok {
		doc.Persistence = &p
	}
	for i, r := range wv.Churn {
		doc.Churn = append(doc.Churn, jsonChurn{Cluster: r.Cluster, Network: i == len(wv.Churn)-1,
			LinksA: r.LinksA, LinksB: r.LinksB, Kept: r.Kept, Lost: r.Lost, New: r.New,
			PartnersKept: r.PartnersKept, PartnersLost: r.PartnersLost, PartnersNew: r.PartnersNew,
			Persistence: r.Persistence()})
	}
	for _, c := range wv.Changes {
		if c.Table == "clusters.csv" {
			doc.Clusters = append(doc.Clusters, changeJSON(c))
		}
	}
	for _, m := range wv.Movers {
		doc.Movers = append(doc.Movers, jsonMover{m.ID, m.Column, m.Before, m.After})
	}
	for _, c := range checks {
		jc := jsonCheck{Check: c.String(), Failures: []jsonChange{}}
		for _, f := range failed[c.String()] {
			jc.Failures = append(jc.Failures, changeJSON(f))
		}
		doc.Failed += len(jc.Failures)
		doc.Checks = append(doc.Checks, jc)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
