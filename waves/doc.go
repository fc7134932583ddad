// Package waves compares versions of the output tables of an analysis —
// survey waves read back from the files analyze wrote, or the tables
// before and after whatif removed some nodes.
//
// Cell by cell: Diff lists every changed cell (never one that is only
// rounding, see Rounding), Compare adds the clusters, markets, buyers and
// linkage pairs that appeared or vanished and the nodes whose centrality
// rank moved most, and a Check ("market_share<-0.1") is the threshold
// that diff --fail-if puts on a change, a vanished row counting as a fall
// to 0. ReadTables reads the tables back, undoing the spreadsheet
// escaping of their cells; WriteMarkdown and WriteJSON write a comparison
// for a person and for a program.
//
// Link by link (SPEC §6): ReadWave reads an output's edge list
// (edges.csv) with its nodes and clusters; ChurnOf counts, per cluster and
// for the whole network, the edges of G with a firm of the cluster at
// either end that were kept, lost or are new, and the same for the
// cluster's partners (churn.csv, Churn.Persistence). For many waves,
// WriteDynamicGEXF writes one dynamic GEXF 1.2 network (integer spells,
// wave i = i) that Gephi's timeline plays and NetworkX's read_gexf reads,
// and Series.WriteHTML a self-contained page with the churn of every
// consecutive pair and the figures that moved most.
package waves
