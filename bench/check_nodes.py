#!/usr/bin/python3
"""Check a peer's nodes.csv against clusterchain's, node by node.

    check_nodes.py OURS/nodes.csv PEER/nodes.csv PEER_NAME

Every column the peer writes in the SPEC's convention is compared for every
node (matched by id): degrees and core exactly, volumes to 1e-9 (absolute
or relative: clusterchain sums volumes with compensated summation, the
peers plainly), betweenness, closeness and harmonic to 1e-9, PageRank to
1e-6 (SPEC §2), cut exactly. A peer's closeness in its own convention
((r-1)/sum(d), without NetworkX's Wasserman-Faust factor (r-1)/(n-1):
igraph's) is checked through that factor: clusterchain's value times
(n-1) divided by the peer's must be a whole number of reaching nodes r-1
(to 1e-6), and NaN only where clusterchain has 0.

It prints one line per column with the largest difference, then all of
them on one line ("largest differences: column=difference …"), and exits 1,
naming the worst nodes, on any disagreement or on a node missing from
either table.
"""
import csv
import math
import sys

EXACT = {"in_degree", "out_degree", "core"}
REL = {"in_volume", "out_volume"}
TOL = {"betweenness": 1e-9, "closeness": 1e-9, "harmonic": 1e-9, "pagerank": 1e-6,
       "in_volume": 1e-9, "out_volume": 1e-9}
# The columns each peer writes in the SPEC's convention; "closeness~" is a
# closeness without the Wasserman-Faust factor.
PEERS = {
    "graph-tool": ["in_degree", "out_degree", "in_volume", "out_volume", "betweenness", "closeness",
                   "harmonic", "pagerank", "core"],
    "igraph": ["in_degree", "out_degree", "in_volume", "out_volume", "betweenness", "closeness~",
               "harmonic", "pagerank", "core", "cut"],
}


def table(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = {}
        for r in csv.DictReader(f):
            rows[r["id"].lstrip("'")] = r
        return rows


def num(s):
    return float(s) if s not in ("", "nan", "NaN") else math.nan


def main():
    if len(sys.argv) != 4 or sys.argv[3] not in PEERS:
        sys.exit("usage: check_nodes.py OURS/nodes.csv PEER/nodes.csv " + "|".join(PEERS))
    ours, peer, name = table(sys.argv[1]), table(sys.argv[2]), sys.argv[3]
    failed = []
    if ours.keys() != peer.keys():
        a, b = sorted(ours.keys() - peer.keys()), sorted(peer.keys() - ours.keys())
        failed.append(f"node sets differ: {len(a)} only in clusterchain's ({a[:3]}), {len(b)} only in {name}'s ({b[:3]})")
    ids = sorted(ours.keys() & peer.keys())
    n = len(ours)
    report, short = [], []  # a line per column; "column=largest difference"
    for col in PEERS[name]:
        worst = []  # (difference, id, ours, peer)
        if col == "closeness~":
            for i in ids:
                c, p = num(ours[i]["closeness"]), num(peer[i]["closeness"])
                if math.isnan(p) or p == 0:
                    d = 0.0 if c == 0 else math.inf
                else:
                    k = c * (n - 1) / p  # the nodes reaching i, by the factor
                    d = abs(k - round(k)) if 0 <= round(k) <= n - 1 else math.inf
                worst.append((d, i, c, p))
            tol, label = 1e-6, "closeness (peer's convention; factor (r-1)/(n-1) whole to"
        elif col == "cut":
            for i in ids:
                c, p = ours[i]["cut"].lower(), peer[i]["cut"].lower()
                worst.append((0.0 if c == p else math.inf, i, c, p))
            tol, label = 0, "cut (exactly"
        else:
            for i in ids:
                c, p = num(ours[i][col]), num(peer[i][col])
                d = abs(c - p)
                if col in REL and d > 0:
                    d = min(d, d / max(abs(c), abs(p)))
                if math.isnan(d):
                    d = math.inf
                worst.append((d, i, c, p))
            tol = 0 if col in EXACT else TOL[col]
            label = f"{col} ({'exactly' if tol == 0 else 'to'}"
        worst.sort(key=lambda x: -x[0])
        big = worst[0][0] if worst else 0.0
        bad = [w for w in worst if w[0] > tol]
        report.append(f"  {label} {tol:g}): largest difference {big:.3g}" + (f", {len(bad)} nodes OFF" if bad else ""))
        short.append(f"{col}={big:.2g}")
        for d, i, c, p in bad[:5]:
            failed.append(f"{col}: node {i}: clusterchain {c!r}, {name} {p!r} (difference {d:.3g})")
    print(f"{name} against clusterchain, {len(ids)} nodes:")
    print("\n".join(report))
    print("largest differences: " + " ".join(short))
    if failed:
        print(f"DISAGREEMENT between clusterchain and {name}:", file=sys.stderr)
        for f in failed:
            print("  " + f, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
