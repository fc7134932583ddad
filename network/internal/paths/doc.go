// Package paths computes the shortest-path centralities of SPEC §2 —
// betweenness, closeness and harmonic, with NetworkX 2.8's conventions —
// in one Brandes sweep per source over a CSR graph, exactly (folding the
// sources that see the network as another source does into its search)
// or estimated from sampled sources with a standard error for each
// figure; results never depend on the number of workers.
package paths
