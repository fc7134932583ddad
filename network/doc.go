// Package network holds the typed model of an industrial-cluster supply
// network — firms, specialized markets, multinational buyers, clusters and
// the links along which goods move — and computes on it every figure of
// the product contract (SPEC §2, §4 and §5): New checks a Dataset and
// builds the network, Analyze computes the figures.
//
// The domain figures live here: degrees and volumes, subcontracting tiers
// and rings, cluster–market linkage, structural holes, brokerage, customer
// concentration, buyer reach and resilience (an absorbing Markov chain
// over the markets, solved without subtraction), and the greedy key
// players for the buyers' side (keyplayers.go: each step re-solves only the
// markets upstream of what it takes). The generic algorithms they stand
// on are packages of their own under network/internal: csr (the graph
// storage and gonum adapters), paths (betweenness, closeness, harmonic;
// exact or sampled with standard errors), spectral (PageRank, HITS),
// louvain (communities and modularity), topo (strongly connected
// components, k-cores, cut nodes), sched (the goroutine scheduler),
// neumaier (compensated sums), and for SPEC §5 digraph (the checked CSR
// graph they take, G's own arrays), trophic (trophic levels and
// incoherence), dominators and connectivity (chokepoints and channels of
// reach.csv), structure (flow hierarchy, reciprocity, assortativity,
// bow-tie, tail exponent, E–I) and brokeragez (brokerage z-scores).
//
// SPEC §6 adds shocks and sampling uncertainty: Network.Cascade runs the
// threshold cascade of a removal and Network.Risk the cascade each node
// starts alone (package network/internal/cascade: frontier-driven, linear
// in the links a cascade touches); Options.Bootstrap gives the percentile
// intervals of the cluster and linkage shares from resampling each
// cluster's firms (network/internal/bootstrap), Options.Risk fills
// risk.csv's rows.
//
// Analyze runs the figure families concurrently, as many at once as there
// are workers; results never depend on the worker count. Every centrality
// follows the NetworkX 2.8 convention named in SPEC §2; tests compare
// against NetworkX, R's sna, gonum and hand-computed values.
package network
