// Command clusterchain analyses the supply-chain networks of industrial
// clusters: it loads a dataset of CSV tables, computes centrality,
// subcontracting depth and cluster–market linkage, and writes tables and
// a JSON report.
//
// The usage text, printed by `clusterchain help`, is in usage.txt.
package main

import _ "embed"

//go:embed usage.txt
var usage string
