#!/usr/bin/python3
"""The reference for clusterchain's SPEC §5 figures, computed with NetworkX 2.8
and numpy from a dataset's tables.

    chain_reference.py DATASET OUT.json

DATASET holds firms.csv (id, cluster), markets.csv, buyers.csv and links.csv
(from, to). G is the simple directed graph of SPEC §2 (one edge per distinct
from→to pair). OUT.json gets:

  trophic_level   {id: h}: numpy least squares (np.linalg.lstsq, i.e. the
                  pseudo-inverse, minimum-norm solution) of Λh = v with
                  Λ = diag(k_in + k_out) − A − Aᵀ and v = k_in − k_out, then
                  each weakly connected component shifted to a minimum of 0
  trophic_incoherence  Σ over edges (h_j − h_i − 1)² / #edges from those levels
  flow_hierarchy, reciprocity, assortativity
                  nx.flow_hierarchy(G), nx.overall_reciprocity(G),
                  nx.degree_assortativity_coefficient(G, x='out', y='in')
                  (null where NetworkX raises or returns NaN)
  bowtie          {core, in, out, rest}: node counts; the core is the largest
                  of nx.strongly_connected_components(G), ties to the one
                  whose smallest member id is smallest; IN reaches it, OUT is
                  reached from it (nx.ancestors / nx.descendants)
  degree_tail_exponent  the Hill estimate of SPEC §5 (null when empty)
  ei_index        {cluster: [E, I]}: edges with exactly one / both ends in C
  reach           [[cluster, buyer, chokepoints, channels]] for every cluster
                  and buyer: with a root r linked to every firm of C,
                  nx.immediate_dominators(G + r, r) walked up from the buyer
                  (r and the buyer left out, r's side first, ';'-joined; null
                  when r does not reach the buyer) and
                  local_node_connectivity(G + r, r, buyer)
"""
import csv
import json
import math
import os
import sys

import networkx as nx
import numpy as np
from networkx.algorithms.connectivity import (build_auxiliary_node_connectivity,
                                              local_node_connectivity)
from networkx.algorithms.flow import build_residual_network

ds, out_path = sys.argv[1], sys.argv[2]


def rows(name):
    path = os.path.join(ds, name)
    if not os.path.exists(path):
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


firms = rows("firms.csv")
ids = sorted(r["id"] for r in firms) + sorted(r["id"] for r in rows("markets.csv")) + \
    sorted(r["id"] for r in rows("buyers.csv"))
buyers = sorted(r["id"] for r in rows("buyers.csv"))
cluster_of = {r["id"]: r.get("cluster", "") for r in firms if r.get("cluster", "")}
clusters = sorted(set(cluster_of.values()))

G = nx.DiGraph()
G.add_nodes_from(ids)
for r in rows("links.csv"):
    G.add_edge(r["from"], r["to"])
n, m = G.number_of_nodes(), G.number_of_edges()
res = {"nodes": n, "edges": m}

# Trophic levels: the SPEC formula solved by numpy least squares.
index = {v: i for i, v in enumerate(ids)}
A = np.zeros((n, n))
for u, v in G.edges():
    A[index[u], index[v]] = 1.0
kin, kout = A.sum(axis=0), A.sum(axis=1)
L = np.diag(kin + kout) - A - A.T
h = np.linalg.lstsq(L, kin - kout, rcond=None)[0]
for comp in nx.weakly_connected_components(G):
    idx = [index[v] for v in comp]
    h[idx] -= h[idx].min()
res["trophic_level"] = {v: float(h[index[v]]) for v in ids}
res["trophic_incoherence"] = float(sum((h[index[v]] - h[index[u]] - 1) ** 2 for u, v in G.edges()) / m) if m else None


def guarded(f):
    try:
        x = f()
    except (nx.NetworkXError, ZeroDivisionError):
        return None
    return None if x is None or math.isnan(x) else float(x)


res["flow_hierarchy"] = guarded(lambda: nx.flow_hierarchy(G))
res["reciprocity"] = guarded(lambda: nx.overall_reciprocity(G))
res["assortativity"] = guarded(lambda: nx.degree_assortativity_coefficient(G, x="out", y="in"))

sccs = list(nx.strongly_connected_components(G))
if sccs:
    core = min(sccs, key=lambda c: (-len(c), min(c)))
    rep = next(iter(core))
    ins = nx.ancestors(G, rep) - core
    outs = nx.descendants(G, rep) - core
    res["bowtie"] = {"core": len(core), "in": len(ins), "out": len(outs), "rest": n - len(core) - len(ins) - len(outs)}

deg = sorted((d for _, d in G.degree()), reverse=True)
mpos = sum(1 for d in deg if d > 0)
k = min(math.ceil(math.sqrt(n)), mpos - 1)
if k >= 2 and deg[k] > 0:
    res["degree_tail_exponent"] = 1 + k / sum(math.log(deg[i] / deg[k]) for i in range(k))
else:
    res["degree_tail_exponent"] = None

ei = {c: [0, 0] for c in clusters}
for u, v in G.edges():
    cu, cv = cluster_of.get(u), cluster_of.get(v)
    if cu is not None and cu == cv:
        ei[cu][1] += 1
    else:
        if cu is not None:
            ei[cu][0] += 1
        if cv is not None:
            ei[cv][0] += 1
res["ei_index"] = ei

reach = []
root = ("root",)  # not a string: cannot collide with an id
for c in clusters:
    H = G.copy()
    H.add_edges_from((root, f) for f, fc in cluster_of.items() if fc == c)
    idom = nx.immediate_dominators(H, root)
    aux = build_auxiliary_node_connectivity(H)
    resid = build_residual_network(aux, "capacity")
    for b in buyers:
        if b in idom:
            chain = []
            x = idom[b]
            while x != root:
                chain.append(x)
                x = idom[x]
            chain = ";".join(reversed(chain))
        else:
            chain = None
        k = local_node_connectivity(H, root, b, auxiliary=aux, residual=resid)
        reach.append([c, b, chain, k])
res["reach"] = reach

with open(out_path, "w", encoding="utf-8") as f:
    json.dump(res, f, indent=0, sort_keys=True)
