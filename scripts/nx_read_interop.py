#!/usr/bin/python3
"""Reads clusterchain's GEXF, GraphML and Pajek exports back with NetworkX
and checks them against nodes.csv of the same run.

    nx_read_interop.py DIR

DIR holds network.gexf, network.graphml, network.net and nodes.csv
(clusterchain analyze --formats csv,gexf,graphml,net). Checks, for GEXF
and GraphML, the same node set as nodes.csv and every figure of it on
every node: numbers equal to nodes.csv exactly (both are shortest
round-trip forms of the same float) and read as int or float as declared,
cut as a bool, text exactly; an empty cell is an absent attribute. Checks
that the three files hold the same edges with the same weights, and that
Pajek's vertices are nodes.csv's ids in order. Exits 1 on any mismatch.
"""
import csv
import os
import sys

import networkx as nx

d = sys.argv[1]
with open(os.path.join(d, "nodes.csv"), newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))

TEXT = {"type", "name", "cluster", "ring"}
INTS = {"in_degree", "out_degree", "tier", "depth", "core", "community",
        "coordinator", "gatekeeper", "representative", "itinerant", "liaison"}


def untext(s):
    return s[1:] if len(s) > 1 and s[0] == "'" and s[1] in "=+-@" else s


def pajek_label(s):
    return "".join("'" if c == '"' else "/" if c == "\\" else " " if ord(c) < 32 or ord(c) == 127 else c for c in s)


bad = 0


def fail(msg):
    global bad
    bad += 1
    if bad <= 10:
        print(msg)


ids = [untext(r["id"]) for r in rows]
edges = {}
for name, reader in (("network.gexf", nx.read_gexf), ("network.graphml", nx.read_graphml)):
    G = reader(os.path.join(d, name))
    if not G.is_directed():
        fail(f"{name}: not directed")
    if set(G.nodes()) != set(ids):
        fail(f"{name}: node sets differ")
        continue
    checked = 0
    for r in rows:
        attrs = G.nodes[untext(r["id"])]
        for col, v in r.items():
            if col == "id":
                continue
            got = attrs.get(col)
            if v == "":
                if got is not None:
                    fail(f"{name}: {r['id']} {col}: {got!r} for an empty cell")
                continue
            v = untext(v)
            if col in TEXT:
                ok = got == v
            elif col == "cut":
                ok = isinstance(got, bool) and str(got).lower() == v
            elif col in INTS:
                ok = type(got) is int and got == int(v)
            else:
                ok = type(got) is float and got == float(v)
            checked += 1
            if not ok:
                fail(f"{name}: {r['id']} {col}: {got!r} != {v!r}")
    edges[name] = {(u, v): w for u, v, w in G.edges(data="weight")}
    print(f"{name}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges, {checked} attribute values checked")

P = nx.read_pajek(os.path.join(d, "network.net"))
if list(P.nodes()) != [pajek_label(i) for i in ids]:
    fail("network.net: vertices are not nodes.csv's ids in order")
edges["network.net"] = {(u, v): w for u, v, w in P.edges(data="weight")}
print(f"network.net: {P.number_of_nodes()} nodes, {P.number_of_edges()} edges")
ref = edges.get("network.gexf")
for name, e in edges.items():
    if e != ref:
        fail(f"{name}: edges or weights differ from network.gexf")
print(f"edges: {len(ref or {})} in every file with equal weights" if not bad else f"{bad} mismatches")
sys.exit(1 if bad else 0)
