// Package waves compares two versions of the output tables of an
// analysis — two survey waves read back from the files analyze wrote, or
// the tables before and after whatif removed some nodes — cell by cell:
// Diff lists every changed cell, Compare adds the linkage pairs that
// appeared or vanished and the nodes whose centrality rank moved most,
// and a Check ("market_share<-0.1") is the threshold that diff --fail-if
// puts on a change. ReadTables reads the tables back, undoing the
// spreadsheet escaping of their cells; WriteMarkdown and WriteJSON write
// a comparison for a person and for a program.
package waves
