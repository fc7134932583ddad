#!/usr/bin/python3
"""The parallel peer for clusterchain's benchmark: graph-tool (C++ with
OpenMP on every core) computing the figures of clusterchain's nodes.csv
that graph-tool has, in NetworkX's conventions, on the same dataset.

    graph_tool_figures.py DATASET_DIR OUT_DIR

Reads the SPEC §1 tables with the csv module (as bench/igraph_figures.py
does), builds the simple directed graph G (one edge per distinct (from, to),
weight = summed volume) and writes OUT_DIR/nodes.csv with

  in_degree, out_degree    distinct neighbours
  in_volume, out_volume    summed volume of incoming / outgoing edges
  betweenness              centrality.betweenness(G, norm=True): NetworkX's
                           normalisation 1/((n-1)(n-2)) for a directed graph
  closeness                incoming closeness, Wasserman-Faust scaled as
                           NetworkX's closeness_centrality(G), 0 for a node
                           nothing reaches (see below)
  harmonic                 centrality.closeness(reversed G, harmonic=True,
                           norm=True): sum of 1/d(u->v) over u, /(n-1)
  pagerank                 centrality.pagerank(G, damping 0.85, volume
                           weights; a node with no outgoing volume is
                           dangling and graph-tool spreads its mass
                           uniformly), epsilon 1e-10
  core                     topology.kcore_decomposition of the undirected
                           simple projection

Betweenness, closeness and harmonic are three separate all-pairs sweeps,
each run by graph-tool on every core (OpenMP). graph-tool's normalised
closeness of v is (r-1)/sum(d), r the number of nodes that reach v (v
included), NaN when r = 1; NetworkX multiplies it by (r-1)/(n-1). r is not
among graph-tool's results, and a second closeness sweep (norm=False) would
give it at the cost of a whole sweep: instead r comes from the ancestor
sets of the strongly connected components, propagated as bitsets in
topological order with numpy (a fraction of a second at 50,000 nodes). The
peer is thus as fast as graph-tool can be made by hand, not slower than an
analyst's script.

The peer computes less than clusterchain (no HITS, structural holes,
brokerage, tiers, linkage, reach, resilience or communities) and writes one
table instead of five. Timings of each step go to stderr, on one line
beginning "graph-tool:".
"""
import csv
import os
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore", category=RuntimeWarning)  # no cairo/matplotlib: no drawing needed
import graph_tool as gt  # noqa: E402
from graph_tool import centrality, topology  # noqa: E402


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def reach_counts(g, n):
    """r(v) - 1 for every node v: the number of other nodes that reach v in
    g. Ancestor sets of the strongly connected components as bitsets over
    the nodes, a block of nodes at a time, propagated along the condensation
    in longest-path level order (every predecessor of a level lies in an
    earlier level)."""
    comp, _ = topology.label_components(g, directed=True)
    comp = np.asarray(comp.a, dtype=np.int64)
    nc = int(comp.max()) + 1 if n else 0
    e = g.get_edges()
    cs, cd = comp[e[:, 0]], comp[e[:, 1]]
    keep = cs != cd
    pairs = np.unique(np.stack([cs[keep], cd[keep]], axis=1), axis=0) if keep.any() else np.zeros((0, 2), np.int64)
    src, dst = pairs[:, 0], pairs[:, 1]
    level = np.zeros(nc, dtype=np.int64)
    while True:  # longest path from a component without predecessors; the condensation is acyclic
        new = level.copy()
        np.maximum.at(new, dst, level[src] + 1)
        if np.array_equal(new, level):
            break
        level = new
    # Per level, the edges into it grouped by target component.
    steps = []
    for k in range(1, int(level.max(initial=0)) + 1):
        idx = np.nonzero(level[dst] == k)[0]
        idx = idx[np.argsort(dst[idx], kind="stable")]
        d = dst[idx]
        starts = np.concatenate(([0], np.nonzero(d[1:] != d[:-1])[0] + 1))
        steps.append((src[idx], d[starts], starts))
    popcount = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)
    total = np.zeros(nc, dtype=np.int64)
    block = max(64, min(n, (8 << 23) // max(nc, 1)) // 64 * 64)  # nodes per block: at most 8 MiB of bits
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        bits = np.zeros((nc, (hi - lo + 63) // 64), dtype=np.uint64)
        v = np.arange(lo, hi)
        np.bitwise_or.at(bits, (comp[v], (v - lo) >> 6), np.left_shift(np.uint64(1), ((v - lo) & 63).astype(np.uint64)))
        for s, targets, starts in steps:
            bits[targets] |= np.bitwise_or.reduceat(bits[s], starts, axis=0)
        total += popcount[bits.view(np.uint8)].sum(axis=1, dtype=np.int64)
    return total[comp] - 1


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: graph_tool_figures.py DATASET_DIR OUT_DIR")
    ds, out = sys.argv[1], sys.argv[2]
    t0 = time.time()
    ids = []
    for table in ("firms.csv", "markets.csv", "buyers.csv"):
        p = os.path.join(ds, table)
        if os.path.exists(p):
            ids += [r["id"].strip() for r in read(p)]
    index = {v: i for i, v in enumerate(ids)}
    weights = {}
    with open(os.path.join(ds, "links.csv"), newline="", encoding="utf-8-sig") as f:
        rd = csv.reader(f)
        head = [h.strip().lower() for h in next(rd)]
        fi, ti = head.index("from"), head.index("to")
        vi = head.index("volume") if "volume" in head else -1
        for row in rd:
            key = (index[row[fi].strip()], index[row[ti].strip()])
            v = 1.0 if vi < 0 else (float(row[vi]) if row[vi].strip() else 0.0)
            weights[key] = weights.get(key, 0.0) + v
    n = len(ids)
    edges = np.array([(a, b, w) for (a, b), w in weights.items()], dtype=np.float64).reshape(-1, 3)
    g = gt.Graph(directed=True)
    g.add_vertex(n)
    w = g.new_edge_property("double")
    g.add_edge_list(edges, eprops=[w])
    times = {"load": time.time() - t0}

    def timed(name, f):
        t = time.time()
        r = f()
        times[name] = time.time() - t
        return r

    vs = g.get_vertices()
    indeg = timed("degree", lambda: g.get_in_degrees(vs))
    outdeg = g.get_out_degrees(vs)
    invol = timed("volume", lambda: g.get_in_degrees(vs, eweight=w))
    outvol = g.get_out_degrees(vs, eweight=w)
    btw = timed("betweenness", lambda: centrality.betweenness(g, norm=True)[0].a.copy())
    rev = gt.GraphView(g, reversed=True)
    clo = timed("closeness", lambda: centrality.closeness(rev, norm=True).a.copy())
    reached = timed("closeness_reach", lambda: reach_counts(g, n))
    with np.errstate(invalid="ignore"):
        clo = np.where(reached > 0, clo * reached / max(n - 1, 1), 0.0)
    harm = timed("harmonic", lambda: centrality.closeness(rev, harmonic=True, norm=True).a.copy())
    if n <= 1:
        harm = np.zeros(n)
    # An edge of volume 0 carries no rank: without it a node whose
    # outgoing volume is 0 is dangling, as in NetworkX.
    pos = gt.GraphView(g, efilt=w.a > 0)
    pr = timed("pagerank", lambda: centrality.pagerank(pos, damping=0.85, weight=w, epsilon=1e-10).a.copy())

    def core_of():
        e = g.get_edges()
        und = np.unique(np.sort(e[:, :2], axis=1), axis=0)
        u = gt.Graph(directed=False)
        u.add_vertex(n)
        u.add_edge_list(und)
        return topology.kcore_decomposition(u).a.copy()

    core = timed("core", core_of)

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "nodes.csv"), "w", newline="") as f:
        wr = csv.writer(f)
        wr.writerow(["id", "in_degree", "out_degree", "in_volume", "out_volume", "betweenness",
                     "closeness", "harmonic", "pagerank", "core"])
        for i, v in enumerate(ids):
            wr.writerow([v, int(indeg[i]), int(outdeg[i]), repr(float(invol[i])), repr(float(outvol[i])),
                         repr(float(btw[i])), repr(float(clo[i])), repr(float(harm[i])), repr(float(pr[i])),
                         int(core[i])])
    print("graph-tool: " + " ".join(f"{k}={v:.3f}s" for k, v in sorted(times.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
