// Package connectivity counts the independent channels from a set of
// source nodes (a cluster's firms) to a target (a buyer): the local node
// connectivity from a new root r, linked to every source, to the target in
// G + r (SPEC §5: reach.csv channels), and gives every (cluster, buyer)
// pair its chokepoints and channels in one call (Reach).
//
// # Definition
//
// The channels are the most paths r → t that share no node besides r and
// t. As in NetworkX's local_node_connectivity, this is the maximum flow
// from r to t in the split graph: every node v becomes an in-half and an
// out-half joined by an arc of capacity 1, every arc u → v becomes
// out(u) → in(v), and the flow goes from r's out-half to t's in-half. A
// source that is the target itself is a direct arc r → t: one path.
//
// # Method
//
// The split graph is never built: a node's flow is stored as the node it
// receives from and the node it sends to (node capacity 1 allows one
// each), and the residual arcs of a state are derived from them. Each
// augmenting path is a shortest one, found by two breadth-first searches,
// from r forwards and from t backwards, each step expanding the frontier
// with fewer arcs to scan, until they meet. When no path is left, the
// search that runs dry first has cost about the smaller side of the
// minimum cut. A search stops early when the flow reaches the trivial
// bound min(sources, in-neighbours of t reached from the sources). The
// searches only ever visit nodes reached from the sources (From computes
// that set once per source set).
//
// Work per pair is O(k·m) for k channels in the worst case (Edmonds–Karp
// on unit capacities). On the generated networks, whose markets tie the
// clusters into one large strongly connected core, a search expands about
// 200 states for a short path and 500 for the long rerouting paths that
// the last channels need: 5,450 (cluster, buyer) pairs with 13.6 channels
// each at 20,000 firms took 0.9–1.6 s on one core of a loaded 2-core
// machine, 36,135 pairs with 15 each at 50,000 firms about 20 s. The total
// grows as pairs × channels × search size, so about with the cube of the
// network's size when every cluster reaches every buyer. Reach adds two shortcuts: by Menger's theorem a target not
// adjacent to r has a chokepoint exactly when it has one channel, so the
// dominator tree (package dominators) is built only for clusters with
// such a target, and the chokepoints of every other pair are known from
// its channels. Pairs are independent, so Reach shares the clusters among
// workers; the output does not depend on their number.
//
// Oracles in the tests: an explicit split graph with textbook
// Edmonds–Karp on random graphs, and NetworkX 2.8's
// local_node_connectivity on G + r for every (cluster, buyer) pair of
// generated networks (network/internal/reference).
//
// J. Edmonds, R. M. Karp (1972), Theoretical improvements in algorithmic
// efficiency for network flow problems, J. ACM 19(2): 248–264;
// K. Menger (1927), Zur allgemeinen Kurventheorie, Fund. Math. 10: 96–115;
// F. Kammer, H. Täubig (2005), Graph connectivity, in Network Analysis:
// Methodological Foundations, LNCS 3418 (the split-node construction).
package connectivity
