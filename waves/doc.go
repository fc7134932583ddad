// Package waves compares two versions of the output tables of an
// analysis — two survey waves read back from the files analyze wrote, or
// the tables before and after whatif removed some nodes — cell by cell:
// Diff lists every changed cell (never one that is only rounding, see
// Rounding), Compare adds the clusters, markets, buyers and linkage pairs
// that appeared or vanished and the nodes whose centrality rank moved
// most, and a Check ("market_share<-0.1") is the threshold that diff
// --fail-if puts on a change, a vanished row counting as a fall to 0. ReadTables reads the tables back, undoing the
// spreadsheet escaping of their cells; WriteMarkdown and WriteJSON write
// a comparison for a person and for a program.
package waves
