package loaders

import (
	"bytes"
	"io/fs"
	"path"
	"strings"
)

// LoadFile reads a dataset that is one file of fsys, the one the user
// names, by what it is:
//
//   - with a schema that describes a survey, a wide survey table (CSV or
//     a workbook's first sheet): LoadSurvey;
//   - with a schema that describes a matrix, or a UCINET DL file (.dl),
//     a link matrix: LoadMatrix;
//   - a GEXF, GraphML or Pajek file (.gexf, .graphml, .net, or so its
//     first bytes say): LoadGraph;
//   - a workbook (.xlsx, or a ZIP archive whatever its name): LoadWorkbook.
//
// Anything else is an error that says what a dataset can be.
func LoadFile(fsys fs.FS, file string, opt Options) (*Result, error) {
	sch := opt.Schema
	switch {
	case sch != nil && sch.Survey != nil:
		return LoadSurvey(fsys, file, opt)
	case sch != nil && sch.Matrix != nil:
		return LoadMatrix(fsys, file, opt)
	}
	ext := strings.ToLower(path.Ext(file))
	switch ext {
	case ".dl":
		return LoadMatrix(fsys, file, opt)
	case ".gexf", ".graphml", ".net":
		return LoadGraph(fsys, file, opt)
	case ".xlsx", ".xlsm":
		return LoadWorkbook(fsys, file, opt)
	}
	// Look at the first bytes.
	data, err := readRegular(fsys, file, true, 0)
	if err != nil {
		return nil, ErrorList{{File: file, Err: err}}
	}
	head := data[:min(len(data), 512)]
	lower := bytes.ToLower(head)
	switch {
	case IsWorkbook(data):
		return LoadWorkbook(fsys, file, opt)
	case bytes.Contains(lower, []byte("<gexf")), bytes.Contains(lower, []byte("<graphml")),
		bytes.HasPrefix(bytes.TrimSpace(lower), []byte("*vertices")), bytes.HasPrefix(bytes.TrimSpace(lower), []byte("*network")):
		return LoadGraph(fsys, file, opt)
	case bytes.HasPrefix(bytes.TrimSpace(lower), []byte("dl ")), bytes.Equal(bytes.TrimSpace(lower), []byte("dl")):
		return LoadMatrix(fsys, file, opt)
	}
	return nil, ErrorList{{File: file, Err: &detail{ErrMissingFile,
		`not a directory of CSV tables (a survey file needs --schema with a "survey" section)`},
		Hint: "a dataset is a directory of CSV tables (firms.csv, links.csv, …), a workbook (.xlsx), a graph file (.gexf, .graphml, .net) " +
			"or a UCINET .dl matrix; a matrix table needs --schema with a \"matrix\" section"}}
}
