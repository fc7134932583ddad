// Package csr stores the networks' graphs in compressed sparse row form:
// Graph, an immutable weighted simple directed graph whose out- and
// in-neighbour lists are sorted slices, and Undirected, its undirected
// projection (a tie where either edge exists, weighted by both); both
// satisfy gonum's graph interfaces, so gonum's algorithms run on them
// unchanged.
package csr
