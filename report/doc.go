// Package report writes the outputs of an analysis (SPEC §3): the tables
// nodes.csv, clusters.csv and linkage.csv, and report.json, each to an
// io.Writer.
//
// Output is deterministic: rows are sorted by their keys, numbers are
// written in Go's shortest round-trip form (strconv.FormatFloat(x, 'g',
// -1, 64)), and no timestamp or map order reaches a file. Text cells that
// a spreadsheet would run as a formula (starting with =, +, - or @) are
// written with a leading apostrophe.
package report
