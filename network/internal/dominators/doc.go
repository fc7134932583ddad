// Package dominators finds the chokepoints between a set of source nodes
// (a cluster's firms) and every other node (SPEC §5: reach.csv
// chokepoints).
//
// A new root r gets an arc to every source. In G + r, a node d dominates
// b when every path from r to b passes through d; the immediate dominator
// of b is its closest strict dominator, and these form the dominator tree
// rooted at r. Tree.Chain(b) walks b's dominators up the tree and returns
// them from r's side to b's, leaving out r and b: the nodes that every
// path from the cluster to b passes through. A source can be one of them
// (a cluster with one firm, or one firm through which all the cluster's
// trade goes).
//
// The tree is computed by the algorithm of Lengauer & Tarjan (1979) with
// path compression ("simple" version, O(m log n)), over the nodes r
// reaches only, with an iterative depth-first search and an iterative
// compression so that long chains cannot exhaust the stack. A Finder
// keeps its scratch space between source sets, so one tree per cluster
// costs O(m) memory once and O(reachable part) time per cluster. The
// dominator tree is unique, so the result does not depend on the DFS
// order.
//
// Oracles in the tests: gonum's graph/flow.Dominators on random graphs
// (every immediate dominator), and NetworkX 2.8's immediate_dominators on
// G + r for every (cluster, buyer) pair of generated networks
// (network/internal/reference).
//
// T. Lengauer, R. E. Tarjan (1979), A fast algorithm for finding
// dominators in a flowgraph, ACM TOPLAS 1(1): 121–141.
package dominators
