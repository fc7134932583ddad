// Package report writes the outputs of an analysis (SPEC §3): the tables
// nodes.csv, clusters.csv, linkage.csv and the others of SPEC §4–§6
// (edges.csv, risk.csv; cascade.csv and cascade_clusters.csv of a
// cascade), report.json and the summaries, each to an io.Writer; the
// findings in words (Findings, RiskFindings, CascadeFinding).
//
// Output is deterministic: rows are sorted by their keys, numbers are
// written in Go's shortest round-trip form (strconv.FormatFloat(x, 'g',
// -1, 64)), and no timestamp or map order reaches a file. Cells that a
// spreadsheet would run as a formula (starting with =, +, -, @, a tab or
// a carriage return; OWASP's list) are written with a leading apostrophe
// (internal/csvsafe), as is a text that already starts with one, so that
// distinct cells stay distinct and ReadTable gives back exactly what was
// written; a decimal number such as -3.5 in a numeric column is left a
// number. The columns of every table come from package columns.
package report
