// Package digraph is the input that the analysis packages under
// network/internal take: a simple directed graph on the nodes 0…n−1 in
// compressed sparse row (CSR) form, with out- and in-adjacency.
//
// A Graph is checked once, when it is made (New, FromArcs), so the
// algorithms that read it never need to: every adjacency list is strictly
// increasing (sorted, no multi-edges), no node lists itself (no
// self-loops), every endpoint lies in 0…n−1, and the in-lists are exactly
// the transpose of the out-lists. New keeps the caller's slices without
// copying them, so an existing CSR graph (such as network.Graph's) is
// adapted at the cost of one O(n + m) check; the caller must not modify
// them afterwards.
package digraph
