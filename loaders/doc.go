// Package loaders reads a clusterchain dataset — the CSV tables of SPEC §1
// (firms.csv, links.csv and optionally markets.csv, buyers.csv,
// clusters.csv) — into a validated network.Dataset.
//
// Every problem is reported with its file, physical line and column (the
// 1-based field number, as a spreadsheet counts columns), in the manner of
// encoding/csv's ParseError:
//
//	links.csv:15:2: unknown id "zz9" in column "to"
//
// Load collects every problem (up to Options.MaxErrors) instead of stopping
// at the first, so that `clusterchain validate` can list them all. Warnings
// (summed duplicate links, unknown volumes) do not stop loading.
//
// Node tables are mapped onto structs with gocsv; every field is read as
// text (gocsv would silently turn "010" into 8 or an empty number into 0),
// and positions come from encoding/csv's FieldPos, not from gocsv, whose
// line numbers are wrong after a quoted field spanning lines. links.csv,
// which can hold millions of rows, is read with the bare encoding/csv
// reader. A UTF-8 byte-order mark is stripped (encoding/csv keeps it, and
// the first header would then not match); CRLF line endings are accepted.
package loaders
