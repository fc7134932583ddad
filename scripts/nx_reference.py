#!/usr/bin/python3
"""The NetworkX oracle: computes clusterchain's tables from a dataset
directory independently, straight from SPEC §1, §2 and §4, with NetworkX
2.8 (Debian's python3-networkx).

    nx_reference.py DATASET_DIR OUT_DIR [--partition OURS_DIR]

writes OUT_DIR/nodes.csv, clusters.csv, linkage.csv, reach.csv and
resilience.csv with the columns the reference covers: the NetworkX-defined
figures, subcontracting depth, linkage, customer concentration, and buyer
reach and resilience solved as an absorbing Markov chain with numpy (an
implementation independent of clusterchain's: transient markets are found
by reachability, the chain is solved in one dense system per removal).
With --partition, it also scores the community column of OURS_DIR/nodes.csv:
NetworkX's modularity on the undirected projection weighted by volume (both
directions summed; every tie weighs 1 when no volume is positive) and the
normalised mutual information (arithmetic mean of the entropies) between
declared clusters and communities, into OUT_DIR/communities.csv. Compare
with nx_compare.py.
"""
import csv
import math
import os
import sys

import networkx as nx
import networkx.algorithms.structuralholes as holes
import numpy as np


def fast_normalized_mutual_weight():
    """NetworkX 2.8's normalized_mutual_weight recomputes its normalising
    sum over every neighbour of u on each call, which makes constraint and
    effective_size cubic in a market's degree (minutes on 1,000 firms).
    This is the same function, with the same expression evaluated once per
    (graph, u, norm, weight) and reused: the results are bit-identical."""
    original = holes.normalized_mutual_weight
    cache = {}

    def normalized_mutual_weight(G, u, v, norm=sum, weight=None):
        key = (id(G), u, norm, weight)
        scale = cache.get(key)
        if scale is None:
            scale = cache[key] = norm(holes.mutual_weight(G, u, w, weight) for w in set(nx.all_neighbors(G, u)))
        return 0 if scale == 0 else holes.mutual_weight(G, u, v, weight) / scale

    normalized_mutual_weight.__doc__ = original.__doc__
    holes.normalized_mutual_weight = normalized_mutual_weight


fast_normalized_mutual_weight()


def read(ds, name):
    p = os.path.join(ds, name)
    if not os.path.exists(p):
        return None
    with open(p, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    head = [h.strip().lower() for h in rows[0]]
    return [dict(zip(head, [c.strip() for c in r])) for r in rows[1:] if r]


def main():
    args = sys.argv[1:]
    partition = None
    if "--partition" in args:
        i = args.index("--partition")
        partition = args[i + 1]
        del args[i:i + 2]
    ds, out = args
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
                    "hub", "authority", "constraint", "effective_size", "core", "cut",
                    "customer_hhi", "top_customer_share"])
        for v in order:
            c, e = cons[v], eff[v]
            ov = G.out_degree(v, weight="weight")
            shares = [d["weight"] / ov for _, _, d in G.out_edges(v, data=True)] if ov > 0 else []
            w.writerow([v, ntype[v], name[v], cluster[v], G.in_degree(v), G.out_degree(v),
                        num(G.in_degree(v, weight="weight")), num(G.out_degree(v, weight="weight")),
                        num(btw[v]), num(clo[v]), num(harm[v] / (n - 1) if n > 1 else 0), num(pr[v]),
                        tier.get(v, ""), depth.get(v, ""), ring.get(v, ""),
                        num(hubs[v]), num(auths[v]),
                        "" if math.isnan(c) else num(c), "" if math.isnan(e) else num(e),
                        core[v], "true" if v in cut else "false",
                        num(sum(x * x for x in shares)) if shares else "", num(max(shares)) if shares else ""])

    # Buyer reach (SPEC §4): markets pass on what they receive in
    # proportion to their outgoing volumes; buyers absorb.
    markets = [v for v in order if ntype[v] == "market"]
    buyers = [v for v in order if ntype[v] == "buyer"]
    members = {c: [v for v in order if cluster[v] == c] for c in clusters}
    # out(C): volume from the firms of C to any node outside C.
    out_of = {c: sum(d["weight"] for u in members[c] for _, x, d in G.out_edges(u, data=True) if cluster[x] != c)
              for c in clusters}

    def to_targets(H, c):
        """Volume from the firms of cluster c to each market and buyer of H."""
        t = {}
        for u in members[c]:
            if u not in H:
                continue
            for _, x, data in H.out_edges(u, data=True):
                if ntype[x] in ("market", "buyer"):
                    t[x] = t.get(x, 0.0) + data["weight"]
        return t

    def per_buyer(H, c):
        """(direct, via markets) volume of cluster c ending at each buyer of H."""
        F = absorption(H, [m for m in markets if m in H], [b for b in buyers if b in H], ntype)
        direct, via = {}, {}
        for x, vol in to_targets(H, c).items():
            if ntype[x] == "buyer":
                direct[x] = direct.get(x, 0.0) + vol
            else:
                for b, p in F[x].items():
                    via[b] = via.get(b, 0.0) + vol * p
        return direct, via

    def reach_of(H, c):
        direct, via = per_buyer(H, c)
        return sum(direct.values()) + sum(via.values())

    with open(os.path.join(out, "reach.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["cluster", "buyer", "direct", "via_markets", "share"])
        for c in sorted(clusters):
            direct, via = per_buyer(G, c)
            for b in sorted(set(direct) | set(via)):
                tot = direct.get(b, 0.0) + via.get(b, 0.0)
                if tot > 0:
                    w.writerow([c, b, num(direct.get(b, 0.0)), num(via.get(b, 0.0)), num(tot / out_of[c])])

    # Resilience (SPEC §4): R(C) afresh on the network without X.
    R = {c: reach_of(G, c) for c in clusters}
    with open(os.path.join(out, "resilience.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "type", "volume_at_risk", "clusters_affected", "worst_cluster", "worst_share"])
        for x in sorted(markets + buyers):
            H = G.copy()
            H.remove_node(x)
            risk, affected, worst, worst_share = 0.0, 0, "", 0.0
            for c in sorted(clusters):
                d = R[c] - reach_of(H, c)
                if abs(d) <= 1e-9 * R[c]:
                    continue  # rounding, not a change
                risk += d
                if d > 0:
                    affected += 1
                    s_ = d / out_of[c] if out_of[c] else 0.0
                    if worst == "" or s_ > worst_share:
                        worst, worst_share = c, s_
            w.writerow([x, ntype[x], num(risk), affected, worst, num(worst_share) if worst else num(0)])

    if partition:
        score_partition(G, partition, order, cluster, out)

    # Linkage (SPEC §2).
    with open(os.path.join(out, "clusters.csv"), "w", newline="") as fc, \
            open(os.path.join(out, "linkage.csv"), "w", newline="") as fl:
        wc, wl = csv.writer(fc, lineterminator="\n"), csv.writer(fl, lineterminator="\n")
        wc.writerow(["id", "name", "firms", "internal_links", "out_volume", "market_share", "buyer_share",
                     "firm_share", "max_depth", "rings", "customer_hhi", "top_customer", "top_customer_share",
                     "buyer_reach"])
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
            cust = {}
            for u in members[c]:
                for _, x, data in G.out_edges(u, data=True):
                    if x not in mem:
                        cust[x] = cust.get(x, 0.0) + data["weight"]
            hhi = top = top_id = ""
            if out_v > 0:
                hhi = num(sum((x / out_v) ** 2 for x in cust.values()))
                top_id = min(cust, key=lambda x: (-cust[x], x))  # ties: smallest id
                top = num(cust[top_id] / out_v)
            wc.writerow([c, clusters[c], len(members[c]), internal, num(out_v), num(r(tm, out_v)), num(r(tb, out_v)),
                         num(r(tf, out_v)), max(depths) if depths else "", ";".join(rings),
                         hhi, top_id, top, num(r(reach_of(G, c), out_v))])
            for m in sorted(vol):
                inm = G.in_degree(m, weight="weight")
                wl.writerow([c, m, num(vol[m]), num(r(vol[m], out_v)), num(r(reach[m], len(members[c]))),
                             num(r(vol[m], inm))])


def absorption(H, markets, buyers, ntype):
    """For every market of H, the share of a unit entering it that ends at
    each buyer: {market: {buyer: p}}. Transient markets are those from which
    volume can leave the set of markets with outgoing volume; the others
    (dead ends, closed groups) keep what they get. Solves
    (I - P_TT) F = P_TB in one dense system."""
    outv = {m: H.out_degree(m, weight="weight") for m in markets}
    live = [m for m in markets if outv[m] > 0]
    leaky = {m for m in live
             if any(d["weight"] > 0 and (ntype[x] != "market" or outv[x] == 0) for _, x, d in H.out_edges(m, data=True))}
    M = nx.DiGraph()
    M.add_nodes_from(live)
    M.add_edges_from((m, x) for m in live for _, x, d in H.out_edges(m, data=True)
                     if d["weight"] > 0 and x in outv and outv[x] > 0)
    transient = set(leaky)
    for m in leaky:
        transient |= nx.ancestors(M, m)
    T = sorted(transient)
    pos = {m: i for i, m in enumerate(T)}
    bpos = {b: j for j, b in enumerate(buyers)}
    A = np.eye(len(T))
    B = np.zeros((len(T), len(buyers)))
    for m in T:
        for _, x, d in H.out_edges(m, data=True):
            p = d["weight"] / outv[m]
            if x in pos:
                A[pos[m], pos[x]] -= p
            elif x in bpos:
                B[pos[m], bpos[x]] += p
    X = np.linalg.solve(A, B) if T else B
    F = {m: {} for m in markets}
    for m in T:
        F[m] = {b: X[pos[m], j] for b, j in bpos.items() if X[pos[m], j] != 0}
    return F


def score_partition(G, partition_dir, order, cluster, out):
    with open(os.path.join(partition_dir, "nodes.csv"), newline="", encoding="utf-8") as f:
        comm = {(r["id"][1:] if r["id"][:1] == "'" else r["id"]): int(r["community"]) for r in csv.DictReader(f)}
    U = nx.Graph()
    U.add_nodes_from(order)
    for u, v, d in G.edges(data=True):
        if U.has_edge(u, v):
            U[u][v]["weight"] += d["weight"]
        else:
            U.add_edge(u, v, weight=d["weight"])
    if not any(d["weight"] > 0 for _, _, d in U.edges(data=True)):
        for _, _, d in U.edges(data=True):
            d["weight"] = 1.0
    groups = {}
    for v in order:
        groups.setdefault(comm[v], set()).add(v)
    q = nx.algorithms.community.modularity(U, list(groups.values()), weight="weight")
    x = [cluster[v] for v in order if cluster[v]]
    y = [comm[v] for v in order if cluster[v]]
    with open(os.path.join(out, "communities.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["modularity", "nmi"])
        w.writerow([repr(float(q)), repr(float(nmi(x, y)))])


def nmi(x, y):
    n = len(x)
    if n == 0:
        return 0.0

    def h(labels):
        c = {}
        for v in labels:
            c[v] = c.get(v, 0) + 1
        return -sum(k / n * math.log(k / n) for k in c.values())

    hx, hy = h(x), h(y)
    if hx + hy == 0:
        return 1.0
    joint, cx, cy = {}, {}, {}
    for a, b in zip(x, y):
        joint[(a, b)] = joint.get((a, b), 0) + 1
        cx[a] = cx.get(a, 0) + 1
        cy[b] = cy.get(b, 0) + 1
    mi = sum(k / n * math.log(k * n / (cx[a] * cy[b])) for (a, b), k in joint.items())
    return mi / ((hx + hy) / 2)


if __name__ == "__main__":
    main()
