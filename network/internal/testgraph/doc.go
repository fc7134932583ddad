// Package testgraph generates the graphs the tests and benchmarks of the
// network packages share: random graphs and the cluster-shaped network of
// the benchmarks. Only tests import it.
package testgraph
