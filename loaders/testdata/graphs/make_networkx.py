"""Write the embedded sample (samples/zhejiang) as NetworkX 2.8 writes graphs:
zhejiang.nx.gexf (write_gexf), zhejiang.nx.graphml (write_graphml) and
zhejiang.nx.net (write_pajek), for loaders' graph-file tests.

Run from the repository root with /usr/bin/python3 (NetworkX 2.8):
    /usr/bin/python3 loaders/testdata/graphs/make_networkx.py

Numbers are read as pandas would read them (ints and floats), empty cells
are left out, a link with an unknown volume has no volume attribute.
"""
import csv
import os

import networkx as nx

SAMPLE = "samples/zhejiang"
OUT = "loaders/testdata/graphs"
NUMERIC = {"employees", "revenue", "export_share", "booths"}


def number(v):
    try:
        return int(v)
    except ValueError:
        return float(v)


def rows(name):
    with open(os.path.join(SAMPLE, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


g = nx.DiGraph()
for table, typ in [("firms.csv", "firm"), ("markets.csv", "market"), ("buyers.csv", "buyer")]:
    for r in rows(table):
        data = {"type": typ}
        for k, v in r.items():
            if k == "id" or v == "":
                continue
            data[k] = number(v) if k in NUMERIC else v
        g.add_node(r["id"], **data)
# Clusters as nodes of type cluster: their names and attributes, no edges.
for r in rows("clusters.csv"):
    g.add_node(r["id"], type="cluster", **{k: v for k, v in r.items() if k != "id" and v != ""})
for r in rows("links.csv"):
    data = {}
    if r["kind"]:
        data["kind"] = r["kind"]
    if r["volume"]:
        data["volume"] = float(r["volume"])
    g.add_edge(r["from"], r["to"], **data)

nx.write_gexf(g, os.path.join(OUT, "zhejiang.nx.gexf"))
nx.write_graphml(g, os.path.join(OUT, "zhejiang.nx.graphml"))

# Pajek keeps only string attributes and the weight: the volume goes in
# as the weight (an unknown volume as 0, which Pajek cannot leave empty).
p = nx.DiGraph()
for n, d in g.nodes(data=True):
    p.add_node(n, **{k: v for k, v in d.items() if isinstance(v, str)})
for u, v, d in g.edges(data=True):
    e = {"weight": d.get("volume", 0.0)}
    if "kind" in d:
        e["kind"] = d["kind"]
    p.add_edge(u, v, **e)
nx.write_pajek(p, os.path.join(OUT, "zhejiang.nx.net"))
print(nx.__version__, g.number_of_nodes(), g.number_of_edges())
