// Package columns is the one registry of the output tables' columns: for
// every table clusterchain writes (nodes.csv, clusters.csv, linkage.csv,
// reach.csv, resilience.csv, risk.csv) each column's name, type, plain-words
// description, formula, reference implementation, unit and how its value
// is read from a *network.Analysis.
//
// Everything that lists columns derives from it: the CSV writers and the
// report.json objects of package report, the typed GEXF and GraphML
// attributes of package interop, the text columns that diff refuses
// thresholds on, the JSON Schema test and the report's methods section.
// A new figure is one Column entry here (plus its computation in
// network); nothing else needs a list edited.
//
// The registry cannot be changed by importers: Tables, Lookup and the
// accessors of Table return copies. A column may be present only in some
// runs (the standard errors of estimated figures): Table.Columns(a) gives
// the columns of one analysis, Table.All every column the table can have.
package columns
