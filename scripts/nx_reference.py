#!/usr/bin/python3
"""The NetworkX oracle: computes clusterchain's tables from a dataset
directory independently, straight from SPEC §1, §2 and §4, with NetworkX
2.8 (Debian's python3-networkx).

    nx_reference.py DATASET_DIR OUT_DIR

writes OUT_DIR/nodes.csv, clusters.csv and linkage.csv with the columns the
reference covers (the NetworkX-defined figures, subcontracting depth and
linkage), then compare with nx_compare.py.
"""
import csv
import math
import os
import sys

import networkx as nx


def read(ds, name):
    p = os.path.join(ds, name)
    if not os.path.exists(p):
        return None
    with open(p, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    head = [h.strip().lower() for h in rows[0]]
    return [dict(zip(head, [c.strip() for c in r])) for r in rows[1:] if r]


def main():
    ds, out = sys.argv[1], sys.argv[2]
    ntype, name, cluster = {}, {}, {}
    order = []
    for table, t in (("firms.csv", "firm"), ("markets.csv", "market"), ("buyers.csv", "buyer")):
        for r in read(ds, table) or []:
            ntype[r["id"]] = t
            name[r["id"]] = r.get("name") or r["id"]
            cluster[r["id"]] = r.get("cluster", "") if t == "firm" else ""
            order.append(r["id"])
    clusters = {}
    for r in read(ds, "clusters.csv") or []:
        clusters[r["id"]] = r.get("name") or r["id"]
    for v in order:
        if cluster[v] and cluster[v] not in clusters:
            clusters[cluster[v]] = cluster[v]

    links = {}  # (from, to, kind) -> volume
    raw = read(ds, "links.csv")
    has_volume = raw and "volume" in raw[0]
    for r in raw:
        f, t = r["from"], r["to"]
        k = r.get("kind", "").strip().lower()
        if not k:
            k = "supply" if ntype[t] == "firm" and ntype[f] in ("firm", "market") else "sale"
        v = (float(r["volume"]) if r["volume"] else 0.0) if has_volume else 1.0
        links[(f, t, k)] = links.get((f, t, k), 0.0) + v

    G = nx.DiGraph()
    G.add_nodes_from(order)
    for (f, t, k), v in links.items():
        if G.has_edge(f, t):
            G[f][t]["weight"] += v
        else:
            G.add_edge(f, t, weight=v)
    n = len(G)
    U = nx.DiGraph()  # unweighted copy for HITS and structural holes
    U.add_nodes_from(order)
    U.add_edges_from(G.edges())

    btw = nx.betweenness_centrality(G, normalized=True)
    clo = nx.closeness_centrality(G)
    harm = nx.harmonic_centrality(G)
    pr = nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-13, max_iter=10000)
    hubs, auths = nx.hits(U, max_iter=100000, tol=1e-12)
    cons = nx.constraint(U)
    eff = nx.effective_size(U)
    core = nx.core_number(G.to_undirected())
    cut = set(nx.articulation_points(G.to_undirected()))

    # Subcontracting depth.
    S = nx.DiGraph()
    for (f, t, k) in links:
        if k == "subcontract":
            S.add_edge(f, t)
    C = nx.condensation(S)
    unit = C.graph["mapping"]
    tier, depth, ring = {}, {}, {}
    topo = list(nx.topological_sort(C))
    d = {c: 0 for c in C}
    for c in topo:
        for s in C.successors(c):
            d[s] = max(d[s], d[c] + 1)
    sinks = [c for c in C if C.out_degree(c) == 0]
    R = C.reverse()
    dist = nx.multi_source_dijkstra_path_length(R, sinks) if sinks else {}
    for v, c in unit.items():
        members = C.nodes[c]["members"]
        tier[v] = int(dist[c])
        depth[v] = d[c]
        ring[v] = min(members) if len(members) > 1 else ""

    def num(x):
        return repr(float(x))

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "nodes.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "type", "name", "cluster", "in_degree", "out_degree", "in_volume", "out_volume",
                    "betweenness", "closeness", "harmonic", "pagerank", "tier", "depth", "ring",
                    "hub", "authority", "constraint", "effective_size", "core", "cut"])
        for v in order:
            c, e = cons[v], eff[v]
            w.writerow([v, ntype[v], name[v], cluster[v], G.in_degree(v), G.out_degree(v),
                        num(G.in_degree(v, weight="weight")), num(G.out_degree(v, weight="weight")),
                        num(btw[v]), num(clo[v]), num(harm[v] / (n - 1) if n > 1 else 0), num(pr[v]),
                        tier.get(v, ""), depth.get(v, ""), ring.get(v, ""),
                        num(hubs[v]), num(auths[v]),
                        "" if math.isnan(c) else num(c), "" if math.isnan(e) else num(e),
                        core[v], "true" if v in cut else "false"])

    # Linkage (SPEC §2).
    members = {c: [v for v in order if cluster[v] == c] for c in clusters}
    with open(os.path.join(out, "clusters.csv"), "w", newline="") as fc, \
            open(os.path.join(out, "linkage.csv"), "w", newline="") as fl:
        wc, wl = csv.writer(fc, lineterminator="\n"), csv.writer(fl, lineterminator="\n")
        wc.writerow(["id", "name", "firms", "internal_links", "out_volume", "market_share", "buyer_share",
                     "firm_share", "max_depth", "rings"])
        wl.writerow(["cluster", "market", "volume", "share", "reach", "dependence"])
        for c in sorted(clusters):
            mem = set(members[c])
            out_v = tm = tb = tf = 0.0
            vol, reach = {}, {}
            for u in members[c]:
                for _, x, data in G.out_edges(u, data=True):
                    if x in mem:
                        continue
                    wgt = data["weight"]
                    out_v += wgt
                    if ntype[x] == "market":
                        tm += wgt
                        vol[x] = vol.get(x, 0.0) + wgt
                        reach[x] = reach.get(x, 0) + 1
                    elif ntype[x] == "buyer":
                        tb += wgt
                    else:
                        tf += wgt
            internal = sum(1 for (f, t, k) in links if f in mem and t in mem)
            depths = [depth[v] for v in members[c] if v in depth]
            rings = sorted({ring[v] for v in members[c] if ring.get(v)})
            r = lambda a, b: a / b if b else 0.0
            wc.writerow([c, clusters[c], len(members[c]), internal, num(out_v), num(r(tm, out_v)), num(r(tb, out_v)),
                         num(r(tf, out_v)), max(depths) if depths else "", ";".join(rings)])
            for m in sorted(vol):
                inm = G.in_degree(m, weight="weight")
                wl.writerow([c, m, num(vol[m]), num(r(vol[m], out_v)), num(r(reach[m], len(members[c]))),
                             num(r(vol[m], inm))])


if __name__ == "__main__":
    main()
