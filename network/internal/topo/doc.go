// Package topo holds the linear-time structural algorithms on CSR graphs:
// strongly connected components (iterative Tarjan, components in
// completion order), k-core numbers (Batagelj–Zaversnik) and cut nodes
// (articulation points, Hopcroft–Tarjan), each checked against gonum's
// graph/topo.
package topo
