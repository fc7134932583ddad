package loaders

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gocarina/gocsv"

	"clusterchain/network"
)

// Options tune Load.
type Options struct {
	// MaxErrors is the number of problems after which Load stops
	// looking; 0 means 100.
	MaxErrors int
	// Name is the dataset's name, copied into the Dataset.
	Name string
}

// Result is a loaded dataset with the facts of its loading.
type Result struct {
	Dataset  network.Dataset
	Warnings []Warning
	// UnknownVolumes counts link rows whose volume cell was empty.
	UnknownVolumes int
	// DuplicateRows counts link rows summed into an earlier row with the
	// same from, to and kind.
	DuplicateRows int
}

// The tables of a dataset, in the order they are read and reported.
const (
	FirmsFile    = "firms.csv"
	MarketsFile  = "markets.csv"
	BuyersFile   = "buyers.csv"
	ClustersFile = "clusters.csv"
	LinksFile    = "links.csv"
)

// table is one CSV file read into records with their positions.
type table struct {
	file   string
	header []string       // as written, trimmed
	col    map[string]int // canonical name → column index
	rows   [][]string
	lines  []int   // physical line of each row
	pos    [][]int // physical line of each field (a quoted field can span lines)
}

// canonical maps a header cell to the name it is matched by: case and
// surrounding spaces do not matter. Later issues add aliases here.
func canonical(h string) string { return strings.ToLower(strings.TrimSpace(h)) }

// toUTF8 checks the bytes of a file and strips a UTF-8 byte-order mark.
// It is the one place where other encodings will be decoded.
func toUTF8(file string, b []byte, errs *collector) ([]byte, bool) {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if utf8.Valid(b) {
		return b, true
	}
	line, col := 1, 1
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			break
		}
		if r == '\n' {
			line, col = line+1, 1
		} else {
			col++
		}
		i += size
	}
	errs.errf(file, line, 0, ErrEncoding, "save the file as UTF-8 (in Excel: CSV UTF-8)",
		"invalid UTF-8 at line %d, character %d", line, col)
	return nil, false
}

// readTable reads a whole CSV file. It reports false when the file
// cannot be used at all.
func readTable(file string, data []byte, required []string, errs *collector) (*table, bool) {
	data, ok := toUTF8(file, data, errs)
	if !ok {
		return nil, false
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	t := &table{file: file, col: map[string]int{}}
	header, err := r.Read()
	if err == io.EOF {
		errs.errf(file, 1, 0, ErrMissingColumn, "the first row must name the columns", "empty file: no header row")
		return nil, false
	}
	if err != nil {
		addCSVError(file, err, errs)
		return nil, false
	}
	for i, h := range header {
		h = strings.TrimSpace(h)
		t.header = append(t.header, h)
		c := canonical(h)
		if c == "" {
			continue
		}
		if j, dup := t.col[c]; dup {
			errs.errf(file, 1, i+1, ErrDuplicateColumn, "", "column %q appears twice (also column %d)", h, j+1)
			continue
		}
		t.col[c] = i
	}
	ok = true
	for _, req := range required {
		if _, has := t.col[req]; !has {
			errs.errf(file, 1, 0, ErrMissingColumn, fmt.Sprintf("the header has: %s", strings.Join(t.header, ", ")),
				"missing required column %q", req)
			ok = false
		}
	}
	if !ok {
		return nil, false
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			addCSVError(file, err, errs)
			return nil, false
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" && len(header) > 1 {
			continue // a blank line
		}
		pos := make([]int, len(rec))
		for i := range rec {
			pos[i], _ = r.FieldPos(i)
			rec[i] = strings.TrimSpace(rec[i])
		}
		if len(rec) != len(header) {
			if len(rec) > len(header) {
				errs.errf(file, line, len(header)+1, ErrFieldCount, "a comma inside a value needs the value in double quotes",
					"%d fields, but the header has %d", len(rec), len(header))
				continue
			}
			// A short row: the missing trailing cells are empty, unless a
			// required one is missing.
			for len(rec) < len(header) {
				rec = append(rec, "")
				pos = append(pos, line)
			}
		}
		t.rows = append(t.rows, rec)
		t.lines = append(t.lines, line)
		t.pos = append(t.pos, pos)
	}
	return t, true
}

func addCSVError(file string, err error, errs *collector) {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		errs.add(&Error{File: file, Line: pe.Line, Column: 0, Err: &detail{ErrSyntax, pe.Err.Error()},
			Hint: "a double quote inside a quoted value is written twice (\"\")"})
		return
	}
	errs.add(&Error{File: file, Err: err})
}

// cell returns the value of the canonical column name in row i, and its
// column number (0 when the table has no such column).
func (t *table) cell(i int, name string) (string, int) {
	c, ok := t.col[name]
	if !ok {
		return "", 0
	}
	return t.rows[i][c], c + 1
}

// replay feeds records already read to gocsv, with canonical headers.
type replay struct{ rows [][]string }

func (r *replay) Read() ([]string, error) {
	if len(r.rows) == 0 {
		return nil, io.EOF
	}
	row := r.rows[0]
	r.rows = r.rows[1:]
	return row, nil
}

func (r *replay) ReadAll() ([][]string, error) {
	rows := r.rows
	r.rows = nil
	return rows, nil
}

// nodeRow is the part of a node or cluster table that gocsv maps; every
// field is text.
type nodeRow struct {
	ID      string `csv:"id"`
	Name    string `csv:"name"`
	Cluster string `csv:"cluster"`
}

// mapRows maps t's rows onto nodeRows with gocsv.
func mapRows(t *table) ([]nodeRow, error) {
	header := make([]string, len(t.header))
	for i, h := range t.header {
		c := canonical(h)
		if j, ok := t.col[c]; ok && j == i {
			header[i] = c
		} else {
			header[i] = fmt.Sprintf("\x00ignored%d", i) // duplicates and blanks
		}
	}
	var out []nodeRow
	if len(t.rows) == 0 {
		return out, nil
	}
	err := gocsv.UnmarshalCSV(&replay{rows: append([][]string{header}, t.rows...)}, &out)
	return out, err
}

// coreColumns are the node-table columns that are not attributes.
var coreColumns = map[string]bool{"id": true, "name": true, "cluster": true}

func attrs(t *table, i int) []network.Attr {
	var out []network.Attr
	for c, h := range t.header {
		if coreColumns[canonical(h)] || h == "" || t.rows[i][c] == "" {
			continue
		}
		if j, ok := t.col[canonical(h)]; !ok || j != c {
			continue
		}
		out = append(out, network.Attr{Key: h, Value: t.rows[i][c]})
	}
	return out
}

type place struct {
	file string
	line int
}

// Load reads a dataset from fsys. On any input error it returns an
// ErrorList with every problem found, up to opt.MaxErrors.
func Load(fsys fs.FS, opt Options) (*Result, error) {
	errs := &collector{max: opt.MaxErrors}
	if errs.max <= 0 {
		errs.max = 100
	}
	res := &Result{Dataset: network.Dataset{Name: opt.Name}}
	open := func(file string, required bool) ([]byte, bool) {
		b, err := fs.ReadFile(fsys, file)
		if errors.Is(err, fs.ErrNotExist) {
			if required {
				errs.errf(file, 0, 0, ErrMissingFile, "a dataset needs firms.csv and links.csv", "file missing")
			}
			return nil, false
		}
		if err != nil {
			errs.add(&Error{File: file, Err: err})
			return nil, false
		}
		return b, true
	}

	seen := map[string]place{}
	types := map[string]network.NodeType{}
	for _, nt := range []struct {
		file     string
		typ      network.NodeType
		required bool
	}{{FirmsFile, network.Firm, true}, {MarketsFile, network.Market, false}, {BuyersFile, network.Buyer, false}} {
		data, ok := open(nt.file, nt.required)
		if !ok {
			continue
		}
		t, ok := readTable(nt.file, data, []string{"id"}, errs)
		if !ok {
			continue
		}
		rows, err := mapRows(t)
		if err != nil {
			errs.add(&Error{File: nt.file, Err: err})
			continue
		}
		for i, r := range rows {
			_, idCol := t.cell(i, "id")
			if r.ID == "" {
				errs.errf(nt.file, t.pos[i][idCol-1], idCol, ErrEmptyID, "", "empty id")
				continue
			}
			if p, dup := seen[r.ID]; dup {
				errs.errf(nt.file, t.pos[i][idCol-1], idCol, ErrDuplicateID, "ids must be unique across firms, markets and buyers",
					"duplicate id %q (first in %s line %d)", r.ID, p.file, p.line)
				continue
			}
			seen[r.ID] = place{nt.file, t.lines[i]}
			types[r.ID] = nt.typ
			nd := network.Node{ID: r.ID, Type: nt.typ, Name: r.Name, Attrs: attrs(t, i)}
			if nt.typ == network.Firm {
				nd.Cluster = r.Cluster
			} else if r.Cluster != "" {
				nd.Attrs = append(nd.Attrs, network.Attr{Key: t.header[t.col["cluster"]], Value: r.Cluster})
			}
			res.Dataset.Nodes = append(res.Dataset.Nodes, nd)
		}
	}

	if data, ok := open(ClustersFile, false); ok {
		if t, ok := readTable(ClustersFile, data, []string{"id"}, errs); ok {
			rows, err := mapRows(t)
			if err != nil {
				errs.add(&Error{File: ClustersFile, Err: err})
			}
			cseen := map[string]int{}
			for i, r := range rows {
				_, idCol := t.cell(i, "id")
				if r.ID == "" {
					errs.errf(ClustersFile, t.pos[i][idCol-1], idCol, ErrEmptyID, "", "empty id")
					continue
				}
				if l, dup := cseen[r.ID]; dup {
					errs.errf(ClustersFile, t.pos[i][idCol-1], idCol, ErrDuplicateID, "", "duplicate cluster id %q (first at line %d)", r.ID, l)
					continue
				}
				cseen[r.ID] = t.lines[i]
				res.Dataset.Clusters = append(res.Dataset.Clusters, network.Cluster{ID: r.ID, Name: r.Name, Attrs: attrs(t, i)})
			}
		}
	}
	// Clusters named by firms only exist with their id as name.
	declared := map[string]bool{}
	for _, c := range res.Dataset.Clusters {
		declared[c.ID] = true
	}
	for _, nd := range res.Dataset.Nodes {
		if nd.Cluster != "" && !declared[nd.Cluster] {
			declared[nd.Cluster] = true
			res.Dataset.Clusters = append(res.Dataset.Clusters, network.Cluster{ID: nd.Cluster, Name: nd.Cluster})
		}
	}
	sort.Slice(res.Dataset.Clusters, func(i, j int) bool { return res.Dataset.Clusters[i].ID < res.Dataset.Clusters[j].ID })

	if data, ok := open(LinksFile, true); ok {
		loadLinks(data, types, res, errs)
	}
	if len(errs.list) > 0 {
		sortErrors(errs.list)
		return nil, errs.list
	}
	return res, nil
}

var fileOrder = map[string]int{FirmsFile: 0, MarketsFile: 1, BuyersFile: 2, ClustersFile: 3, LinksFile: 4}

func sortErrors(l ErrorList) {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if errors.Is(a.Err, ErrTooMany) != errors.Is(b.Err, ErrTooMany) {
			return errors.Is(b.Err, ErrTooMany)
		}
		if fa, fb := fileOrder[a.File], fileOrder[b.File]; fa != fb {
			return fa < fb
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Column < b.Column
	})
}

// ParseVolume reads a volume cell: a non-negative finite decimal number.
// It is the one place where number formats are read.
func ParseVolume(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is not a number", s)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	if v < 0 {
		return 0, fmt.Errorf("%q is negative", s)
	}
	return v, nil
}

type linkKey struct {
	from, to string
	kind     network.Kind
}

type linkAcc struct {
	volume float64
	lines  []int
}

func loadLinks(data []byte, types map[string]network.NodeType, res *Result, errs *collector) {
	const file = LinksFile
	data, ok := toUTF8(file, data, errs)
	if !ok {
		return
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	header, err := r.Read()
	if err == io.EOF {
		errs.errf(file, 1, 0, ErrMissingColumn, "the first row must name the columns", "empty file: no header row")
		return
	}
	if err != nil {
		addCSVError(file, err, errs)
		return
	}
	col := map[string]int{}
	names := make([]string, len(header))
	for i, h := range header {
		names[i] = strings.TrimSpace(h)
		c := canonical(h)
		if c == "" {
			continue
		}
		if j, dup := col[c]; dup {
			errs.errf(file, 1, i+1, ErrDuplicateColumn, "", "column %q appears twice (also column %d)", names[i], j+1)
			continue
		}
		col[c] = i
	}
	for _, req := range []string{"from", "to"} {
		if _, ok := col[req]; !ok {
			errs.errf(file, 1, 0, ErrMissingColumn, fmt.Sprintf("the header has: %s", strings.Join(names, ", ")),
				"missing required column %q", req)
		}
	}
	if _, ok := col["from"]; !ok {
		return
	}
	if _, ok := col["to"]; !ok {
		return
	}
	fi, ti := col["from"], col["to"]
	ki, hasKind := col["kind"]
	vi, hasVolume := col["volume"]
	acc := map[linkKey]*linkAcc{}
	var order []linkKey
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			addCSVError(file, err, errs)
			return
		}
		line, _ := r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(rec) > len(header) {
			errs.errf(file, line, len(header)+1, ErrFieldCount, "a comma inside a value needs the value in double quotes",
				"%d fields, but the header has %d", len(rec), len(header))
			continue
		}
		get := func(i int) (string, int) {
			if i < len(rec) {
				l, _ := r.FieldPos(i)
				return strings.TrimSpace(rec[i]), l
			}
			return "", line
		}
		from, fl := get(fi)
		to, tl := get(ti)
		bad := false
		ft, fok := types[from]
		tt, tok := types[to]
		for _, end := range []struct {
			id        string
			line, col int
			ok        bool
			name      string
		}{{from, fl, fi + 1, fok, "from"}, {to, tl, ti + 1, tok, "to"}} {
			if end.ok {
				continue
			}
			bad = true
			if end.id == "" {
				errs.errf(file, end.line, end.col, ErrUnknownID, "", "empty id in column %q", end.name)
			} else {
				errs.errf(file, end.line, end.col, ErrUnknownID, "every id must be in firms.csv, markets.csv or buyers.csv",
					"unknown id %q in column %q", end.id, end.name)
			}
		}
		if bad {
			continue
		}
		if from == to {
			errs.errf(file, fl, fi+1, ErrSelfLink, "", "self-link: %q delivers to itself", from)
			continue
		}
		kind := network.DefaultKind(ft, tt)
		if hasKind {
			if k, kl := get(ki); k != "" {
				parsed, ok := network.ParseKind(k)
				if !ok {
					errs.errf(file, kl, ki+1, ErrBadKind, "the kinds are subcontract, supply and sale, or empty for the default",
						"unknown kind %q", k)
					continue
				}
				kind = parsed
			}
		}
		if !network.Allowed(kind, ft, tt) {
			hint := ""
			if network.Allowed(kind, tt, ft) || (!hasKindCell(rec, hasKind, ki) && network.Allowed(network.DefaultKind(tt, ft), tt, ft)) {
				hint = "from and to may be swapped: every link points the way the goods go"
			} else {
				hint = "subcontract is firm→firm; supply is firm→firm or market→firm; sale is firm→market, firm→buyer, market→buyer or market→market"
			}
			errs.errf(file, fl, fi+1, ErrDirection, hint, "a %s cannot %s a %s (%s %s→%s)",
				ft, verb(kind), tt, kind, ft, tt)
			continue
		}
		vol := 1.0
		if hasVolume {
			v, vl := get(vi)
			if v == "" {
				vol = 0
				res.UnknownVolumes++
			} else if parsed, err := ParseVolume(v); err != nil {
				errs.errf(file, vl, vi+1, ErrBadVolume, "volumes are non-negative numbers like 1250 or 3.5; leave the cell empty when unknown",
					"volume %v", err)
				continue
			} else {
				vol = parsed
			}
		}
		k := linkKey{from, to, kind}
		a, ok := acc[k]
		if !ok {
			a = &linkAcc{}
			acc[k] = a
			order = append(order, k)
		} else {
			res.DuplicateRows++
		}
		a.volume += vol
		a.lines = append(a.lines, line)
	}
	if res.UnknownVolumes > 0 {
		res.Warnings = append(res.Warnings, Warning{File: file, Message: fmt.Sprintf(
			"%s an unknown volume (empty cell): counted in degrees and reach, weighing 0 in volumes",
			plural(res.UnknownVolumes, "link has", "links have"))})
	}
	sort.Slice(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if a.from != b.from {
			return a.from < b.from
		}
		if a.to != b.to {
			return a.to < b.to
		}
		return a.kind < b.kind
	})
	var dups []Warning
	for _, k := range order {
		a := acc[k]
		res.Dataset.Links = append(res.Dataset.Links, network.Link{From: k.from, To: k.to, Kind: k.kind, Volume: a.volume})
		if len(a.lines) > 1 {
			dups = append(dups, Warning{File: file, Line: a.lines[len(a.lines)-1], Message: fmt.Sprintf(
				"%d rows for %s → %s (%s) summed into one link (lines %s)", len(a.lines), k.from, k.to, k.kind, lineList(a.lines))})
		}
	}
	sort.SliceStable(dups, func(i, j int) bool { return dups[i].Line < dups[j].Line })
	res.Warnings = append(res.Warnings, dups...)
}

func hasKindCell(rec []string, hasKind bool, ki int) bool {
	return hasKind && ki < len(rec) && strings.TrimSpace(rec[ki]) != ""
}

func verb(k network.Kind) string {
	switch k {
	case network.Subcontract:
		return "subcontract for"
	case network.Supply:
		return "supply"
	}
	return "sell to"
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func lineList(lines []int) string {
	const most = 10
	parts := make([]string, 0, most+1)
	for i, l := range lines {
		if i == most {
			parts = append(parts, fmt.Sprintf("and %d more", len(lines)-most))
			break
		}
		parts = append(parts, strconv.Itoa(l))
	}
	return strings.Join(parts, ", ")
}
