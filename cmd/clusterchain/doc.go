// Command clusterchain analyses the supply-chain networks of industrial
// clusters: the firms of a cluster, the specialized markets they sell
// through and the multinational buyers that source from them.
//
// Its commands load a dataset of CSV tables or a wide survey file
// (package loaders), compute the figures (package network) and write
// them out: analyze writes the tables, report.json, report.html, the
// diagrams and the exchange formats of one dataset (packages report,
// viz and interop); batch does so for many datasets with a summary
// (package batch); whatif recomputes every table without some nodes and
// diff compares two analyses with thresholds for CI (package waves);
// validate checks a dataset, import writes it back as the plain tables,
// render draws one diagram and generate writes a synthetic dataset
// (package synth). Every output is staged and committed all or nothing
// (internal/atomicfs), and Ctrl-C leaves it as it was.
//
// The command only parses flags, dispatches and prints; every figure and
// file format is in the packages. The usage text, printed by
// `clusterchain help`, is in usage.txt; each command's help is beside its
// code.
package main

import _ "embed"

//go:embed usage.txt
var usage string
