// Package network holds the typed model of an industrial-cluster supply
// network — firms, specialized markets, multinational buyers, clusters and the
// links along which goods move — and computes every figure of the product
// contract (SPEC §2) on it.
//
// The model is built from a validated Dataset with New. Its graph G (one edge
// per distinct ordered pair, weighted by summed volume) is a compact CSR
// structure that satisfies gonum's graph.WeightedDirected interface, so every
// gonum algorithm runs on it directly, while the all-pairs figures
// (betweenness, closeness, harmonic) run on one breadth-first sweep per source
// over the same arrays. The Louvain communities come from an exact replica of
// gonum's community.Modularize that scales to millions of nodes (louvain.go).
// Analyze runs the figure families concurrently, as many at once as there are
// workers; results never depend on the worker count.
//
// Every centrality follows the NetworkX 2.8 convention named in SPEC §2;
// tests compare against NetworkX, gonum and published values.
package network
