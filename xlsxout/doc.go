// Package xlsxout writes every output table of an analysis into one Excel
// workbook, tables.xlsx: a sheet per table named like its CSV file
// (nodes, clusters, linkage, reach, resilience, and risk when the run
// computes it), the columns of the column registry in CSV order, numbers
// as numbers (integers and doubles, so that a spreadsheet sorts and sums
// them), cut as a boolean, an undefined figure as an empty cell, and the
// header row frozen and bold.
// A table with more rows than a sheet holds (1,048,575 below the header)
// goes on as many sheets as it needs: nodes, nodes 2, nodes 3, …
//
// Text cells are written as csvsafe writes them into the CSV tables: a
// text that begins like a formula (=, +, -, @, a tab, a carriage return)
// gets a leading apostrophe, so that the workbook shows what the CSV
// files show and a cell copied out of it never runs. The workbook is
// deterministic: the same analysis gives the same bytes.
//
// The parts are written here, streamed row by row, rather than with
// excelize, whose writers round every double to 15 significant digits:
// the sheets hold the CSV tables' figures exactly (Go's shortest
// round-trip form). The tests read the workbook back with excelize.
package xlsxout
