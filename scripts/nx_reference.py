#!/usr/bin/python3
"""The NetworkX oracle: computes clusterchain's tables from a dataset
directory independently, straight from SPEC §1, §2 and §4, with NetworkX
2.8 (Debian's python3-networkx).

    nx_reference.py DATASET_DIR OUT_DIR [--partition OURS_DIR] [--key-players K] [--sna]

writes OUT_DIR/nodes.csv, clusters.csv, linkage.csv, reach.csv and
resilience.csv with the columns the reference covers: the NetworkX-defined
figures, subcontracting depth, linkage, customer concentration, and buyer
reach and resilience solved as an absorbing Markov chain with numpy (an
implementation independent of clusterchain's: transient markets are found
by reachability, the chain is solved in one dense system per removal).

SPEC §5 (third-order figures): nodes.csv trophic_level (numpy least squares
on Λ = diag(k_in + k_out) − A − Aᵀ, then each weakly connected component
shifted to a minimum of 0), clusters.csv ei_index (by hand), reach.csv
chokepoints (nx.immediate_dominators on G + r, r linked to the cluster's
firms) and channels (local_node_connectivity on G + r), and network.csv:
trophic_incoherence, nx.flow_hierarchy, nx.overall_reciprocity,
nx.degree_assortativity_coefficient(G, x='out', y='in'), the bow-tie shares
around the largest of nx.strongly_connected_components (ties: the smallest
member id) and the Hill tail exponent. With --sna, nodes.csv also gets the
brokerage z-scores coordinator_z … liaison_z of R's sna::brokerage
(scripts/sna_brokerage_z.R, z.nli; groups as SPEC §4: the cluster, "-",
market, buyer). With --key-players K, keyplayers.csv: the greedy of SPEC §5
done the straightforward way, Σ_C R(C) solved afresh on the network without
X ∪ {c} for every candidate c at every step.
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

import subprocess

import networkx as nx
import networkx.algorithms.structuralholes as holes
import numpy as np
from networkx.algorithms.connectivity import build_auxiliary_node_connectivity, local_node_connectivity
from networkx.algorithms.flow import build_residual_network


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
    key_players = 0
    if "--key-players" in args:
        i = args.index("--key-players")
        key_players = int(args[i + 1])
        del args[i:i + 2]
    sna = "--sna" in args
    if sna:
        args.remove("--sna")
    ds, out = args
    ntype, name, cluster = {}, {}, {}
    order = []
    for table, t in (("firms.csv", "firm"), ("markets.csv", "market"), ("buyers.csv", "buyer")):
        # nodes.csv's order: by type, then id in byte order (Python orders
        # str by code point, which is UTF-8's byte order)
        for r in sorted(read(ds, table) or [], key=lambda r: r["id"]):
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

    # SPEC §5: trophic levels by numpy least squares on the SPEC formula.
    index = {v: i for i, v in enumerate(order)}
    A = np.zeros((n, n))
    for a_, b_ in G.edges():
        A[index[a_], index[b_]] = 1.0
    kin, kout = A.sum(axis=0), A.sum(axis=1)
    lam = np.diag(kin + kout) - A - A.T
    h = np.linalg.lstsq(lam, kin - kout, rcond=None)[0] if n else np.zeros(0)
    for comp in nx.weakly_connected_components(G):
        idx = [index[v] for v in comp]
        h[idx] -= h[idx].min()
    level = {v: float(h[index[v]]) for v in order}
    zs = brokerage_z(G, order, ntype, cluster, out) if sna else None

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "nodes.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "type", "name", "cluster", "in_degree", "out_degree", "in_volume", "out_volume",
                    "betweenness", "closeness", "harmonic", "pagerank", "tier", "depth", "ring",
                    "hub", "authority", "constraint", "effective_size", "core", "cut",
                    "customer_hhi", "top_customer_share", "trophic_level"] +
                   (["coordinator_z", "gatekeeper_z", "representative_z", "itinerant_z", "liaison_z"] if zs else []))
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
                        num(sum(x * x for x in shares)) if shares else "", num(max(shares)) if shares else "",
                        num(level[v])] + (zs[v] if zs else []))

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
        w.writerow(["cluster", "buyer", "direct", "via_markets", "share", "chokepoints", "channels"])
        for c in sorted(clusters):
            direct, via = per_buyer(G, c)
            rows = [b for b in sorted(set(direct) | set(via)) if direct.get(b, 0.0) + via.get(b, 0.0) > 0]
            if not rows:
                continue
            # G + r: a new root linked to every firm of c (a tuple, which no
            # id can equal).
            root = ("root",)
            H = nx.DiGraph(G)
            H.add_edges_from((root, u) for u in members[c])
            idom = nx.immediate_dominators(H, root)
            aux = build_auxiliary_node_connectivity(H)
            resid = build_residual_network(aux, "capacity")
            for b in rows:
                tot = direct.get(b, 0.0) + via.get(b, 0.0)
                chain, x = [], idom[b]
                while x != root:
                    chain.append(x)
                    x = idom[x]
                k = local_node_connectivity(H, root, b, auxiliary=aux, residual=resid)
                w.writerow([c, b, num(direct.get(b, 0.0)), num(via.get(b, 0.0)), num(tot / out_of[c]),
                            ";".join(reversed(chain)), k])

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

    write_network(G, out, level, n)
    if key_players:
        straightforward_key_players(G, order, ntype, cluster, markets, buyers, key_players, out)

    # Linkage (SPEC §2).
    with open(os.path.join(out, "clusters.csv"), "w", newline="") as fc, \
            open(os.path.join(out, "linkage.csv"), "w", newline="") as fl:
        wc, wl = csv.writer(fc, lineterminator="\n"), csv.writer(fl, lineterminator="\n")
        wc.writerow(["id", "name", "firms", "internal_links", "out_volume", "market_share", "buyer_share",
                     "firm_share", "max_depth", "rings", "customer_hhi", "top_customer", "top_customer_share",
                     "buyer_reach", "ei_index"])
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
                         hhi, top_id, top, num(r(reach_of(G, c), out_v)), ei_index(G, mem)])
            for m in sorted(vol):
                inm = G.in_degree(m, weight="weight")
                wl.writerow([c, m, num(vol[m]), num(r(vol[m], out_v)), num(r(reach[m], len(members[c]))),
                             num(r(vol[m], inm))])


def ei_index(G, mem):
    """Krackhardt–Stern (E − I)/(E + I) over the edges of G with one or both
    ends in the cluster's firms mem; empty when there are none."""
    e = i = 0
    for u, v in G.edges():
        a, b = u in mem, v in mem
        if a and b:
            i += 1
        elif a or b:
            e += 1
    return repr((e - i) / (e + i)) if e + i else ""


def write_network(G, out, level, n):
    """network.csv: the figures of report.json's network object, one row;
    an empty cell where NetworkX raises, returns NaN or SPEC leaves it
    empty."""
    def guarded(f):
        try:
            x = f()
        except (nx.NetworkXError, ZeroDivisionError):
            return ""
        return "" if x is None or math.isnan(x) else repr(float(x))

    m = G.number_of_edges()
    f0 = repr(sum((level[v] - level[u] - 1) ** 2 for u, v in G.edges()) / m) if m else ""
    sccs = list(nx.strongly_connected_components(G))
    core = min(sccs, key=lambda c: (-len(c), min(c)))
    rep_ = next(iter(core))
    ins = nx.ancestors(G, rep_) - core
    outs = nx.descendants(G, rep_) - core
    rest = n - len(core) - len(ins) - len(outs)
    deg = sorted((d for _, d in G.degree()), reverse=True)
    mpos = sum(1 for d in deg if d > 0)
    k = min(math.ceil(math.sqrt(n)), mpos - 1)
    tail = ""
    if k >= 2 and deg[k] > 0:
        s = sum(math.log(deg[i] / deg[k]) for i in range(k))
        tail = repr(1 + k / s) if s > 0 else ""
    with open(os.path.join(out, "network.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["trophic_incoherence", "flow_hierarchy", "reciprocity", "assortativity",
                    "bowtie.scc", "bowtie.in", "bowtie.out", "bowtie.rest", "degree_tail_exponent"])
        w.writerow([f0, guarded(lambda: nx.flow_hierarchy(G)), guarded(lambda: nx.overall_reciprocity(G)),
                    guarded(lambda: nx.degree_assortativity_coefficient(G, x="out", y="in")),
                    repr(len(core) / n), repr(len(ins) / n), repr(len(outs) / n), repr(rest / n), tail])


def brokerage_z(G, order, ntype, cluster, out):
    """The Gould–Fernandez z-scores of R's sna::brokerage (z.nli) for every
    node, as nodes.csv cells ("" for R's NaN): scripts/sna_brokerage_z.R on
    G with SPEC §4's groups, a group per (kind, id)."""
    group = {v: ("market" if ntype[v] == "market" else "buyer" if ntype[v] == "buyer"
                 else "cluster:" + cluster[v] if cluster[v] else "none") for v in order}
    index = {v: i for i, v in enumerate(order)}
    tmp = os.path.join(out, "sna")
    os.makedirs(tmp, exist_ok=True)
    with open(os.path.join(tmp, "nodes.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["id", "group"])
        for v in order:
            w.writerow([index[v], group[v]])
    with open(os.path.join(tmp, "edges.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["from", "to"])
        for u, v in G.edges():
            w.writerow([index[u], index[v]])
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "sna_brokerage_z.R")
    subprocess.run(["Rscript", script, os.path.join(tmp, "nodes.csv"), os.path.join(tmp, "edges.csv"),
                    os.path.join(tmp, "z.csv")], check=True)
    with open(os.path.join(tmp, "z.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    cell = lambda x: "" if x.strip() in ("NaN", "NA") else repr(float(x))
    return {order[int(r["id"])]: [cell(r[k]) for k in ("coordinator", "gatekeeper", "representative",
                                                       "itinerant", "liaison")] for r in rows}


def straightforward_key_players(G, order, ntype, cluster, markets, buyers, k, out):
    """keyplayers.csv the straightforward way: at every step, for every
    candidate c (every node not taken), Σ_C R(C) on the network without the
    nodes taken and c, solved afresh (the absorbing chain of the remaining
    markets in one dense system, then every cluster firm's sales); the best
    c, ties within 1e-12 of the total to the smallest id, is taken."""
    sales = [(u, x, d["weight"]) for u in order if ntype[u] == "firm" and cluster[u]
             for _, x, d in G.out_edges(u, data=True) if ntype[x] in ("market", "buyer")]
    market_out = {m: [(x, d["weight"]) for _, x, d in G.out_edges(m, data=True)] for m in markets}

    def total(gone):
        mk = [m for m in markets if m not in gone]
        outv = {m: sum(wt for x, wt in market_out[m] if x not in gone) for m in mk}
        live = [m for m in mk if outv[m] > 0]
        leaky = {m for m in live if any(wt > 0 and x not in gone and (ntype[x] != "market" or outv[x] == 0)
                                        for x, wt in market_out[m])}
        M = nx.DiGraph()
        M.add_nodes_from(live)
        M.add_edges_from((m, x) for m in live for x, wt in market_out[m] if wt > 0 and x in outv and outv[x] > 0)
        transient = set(leaky)
        for m in leaky:
            transient |= nx.ancestors(M, m)
        T = sorted(transient)
        pos = {m: i for i, m in enumerate(T)}
        A = np.eye(len(T))
        b = np.zeros(len(T))
        for m in T:
            for x, wt in market_out[m]:
                if x in gone:
                    continue
                p = wt / outv[m]
                if x in pos:
                    A[pos[m], pos[x]] -= p
                elif ntype[x] == "buyer":
                    b[pos[m]] += p
        F = np.linalg.solve(A, b) if T else b
        s = 0.0
        for u, x, wt in sales:
            if u in gone or x in gone:
                continue
            if ntype[x] == "buyer":
                s += wt
            elif x in pos:
                s += wt * F[pos[x]]
        return s

    s0 = total(set())
    gone = set()
    with open(os.path.join(out, "keyplayers.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["rank", "id", "type", "volume_at_risk", "share_at_risk"])
        for step in range(1, min(k, len(order)) + 1):
            sums = {v: total(gone | {v}) for v in order if v not in gone}
            best = min(sums.values())
            x = min(v for v, s in sums.items() if s <= best + 1e-12 * abs(s0))
            gone.add(x)
            risk = s0 - sums[x]
            share = min(max(risk / s0, 0), 1) if s0 else 0.0
            w.writerow([step, x, ntype[x], repr(risk), repr(share)])


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
