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
Pajek's vertices are nodes.csv's ids in order. Ids are compared after
undoing interop.EncodeID, names after textsafe.Visible, CSV cells after
csvsafe.Escape. Exits 1 on any mismatch.
"""
import csv
import os
import sys

import networkx as nx

d = sys.argv[1]
# surrogateescape: an id that is not UTF-8 is kept byte for byte
with open(os.path.join(d, "nodes.csv"), newline="", encoding="utf-8", errors="surrogateescape") as f:
    rows = list(csv.DictReader(f))

TEXT = {"type", "name"}
IDS = {"cluster", "ring"}
INTS = {"in_degree", "out_degree", "tier", "depth", "core", "community",
        "coordinator", "gatekeeper", "representative", "itinerant", "liaison"}


def untext(s):
    """Undoes internal/csvsafe.Escape."""
    return s[1:] if len(s) > 1 and s[0] == "'" and s[1] in "=+-@\t\r'" else s


def decode_id(s):
    """Undoes interop.EncodeID: \\\\ is a backslash, \\uXXXX a character,
    \\xHH a byte that is not UTF-8 (as surrogateescape reads it)."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n == "\\":
                out.append("\\")
                i += 2
                continue
            h = s[i + 2:i + 6]
            if n == "u" and len(h) == 4 and all(x in "0123456789abcdefABCDEF" for x in h):
                out.append(chr(int(h, 16)))
                i += 6
                continue
            h = s[i + 2:i + 4]
            if n == "x" and len(h) == 2 and all(x in "0123456789abcdefABCDEF" for x in h):
                out.append(chr(0xDC00 + int(h, 16)))
                i += 4
                continue
        out.append(c)
        i += 1
    return "".join(out)


def bidi(c):
    o = ord(c)
    return 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069 or o in (0x200E, 0x200F, 0x061C)


def xml_char(o):
    return o in (9, 10, 13) or 0x20 <= o <= 0xD7FF or 0xE000 <= o <= 0xFFFD or 0x10000 <= o <= 0x10FFFF


def visible(s):
    """internal/textsafe.Visible: what the files write for text shown to people."""
    def esc(c):
        o = ord(c)
        if c in "\t\n":
            return c
        if 0xDC80 <= o <= 0xDCFF:  # a byte that is not UTF-8
            return "\ufffd"
        if not xml_char(o) or bidi(c) or o < 0x20 or 0x7F <= o <= 0x9F:
            return "\\U%08X" % o if o > 0xFFFF else "\\u%04X" % o
        return c
    return "".join(esc(c) for c in s)


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
    byid = {decode_id(n): n for n in G.nodes()}
    if set(byid) != set(ids) or len(byid) != len(ids):
        fail(f"{name}: node sets differ")
        continue
    checked = 0
    for r in rows:
        attrs = G.nodes[byid[untext(r["id"])]]
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
                ok = got == visible(v)
            elif col in IDS:
                ok = isinstance(got, str) and decode_id(got) == v
            elif col == "cut":
                ok = isinstance(got, bool) and str(got).lower() == v
            elif col in INTS:
                ok = type(got) is int and got == int(v)
            else:
                ok = type(got) is float and got == float(v)
            checked += 1
            if not ok:
                fail(f"{name}: {r['id']} {col}: {got!r} != {v!r}")
    edges[name] = {(decode_id(u), decode_id(v)): w for u, v, w in G.edges(data="weight")}
    print(f"{name}: {G.number_of_nodes()} nodes, {G.number_of_edges()} edges, {checked} attribute values checked")

P = nx.read_pajek(os.path.join(d, "network.net"))
if [decode_id(n) for n in P.nodes()] != ids:
    fail("network.net: vertices are not nodes.csv's ids in order")
edges["network.net"] = {(decode_id(u), decode_id(v)): w for u, v, w in P.edges(data="weight")}
print(f"network.net: {P.number_of_nodes()} nodes, {P.number_of_edges()} edges")
ref = edges.get("network.gexf")
for name, e in edges.items():
    if e != ref:
        fail(f"{name}: edges or weights differ from network.gexf")
print(f"edges: {len(ref or {})} in every file with equal weights" if not bad else f"{bad} mismatches")
sys.exit(1 if bad else 0)
