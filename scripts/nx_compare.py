#!/usr/bin/python3
"""Compares clusterchain's tables with the NetworkX reference, cell by cell.

    nx_compare.py OURS_DIR REF_DIR [--tol 1e-9] [--pagerank-tol 1e-6] [--hits-tol 1e-6]

For every table the reference wrote (nodes.csv, clusters.csv, linkage.csv,
reach.csv, resilience.csv, keyplayers.csv) and every column it has: same rows
in the same order, text cells equal, numeric cells within the tolerance (the
brokerage z-scores *_z: --z-tol, default 1e-6). The reference's
communities.csv (modularity and NMI of our partition) is compared with the
communities section of our report.json, its network.csv (SPEC §5) with the
network object (bowtie.scc is network.bowtie.scc; an empty cell is null).
Prints, per column, the number of values compared and the largest absolute
difference; exits 1 on any mismatch.
"""
import csv
import json
import os
import sys

args = sys.argv[1:]
tols = {"default": 1e-9, "pagerank": 1e-6, "hub": 1e-6, "authority": 1e-6, "z": 1e-6}
for flag, key in (("--tol", "default"), ("--pagerank-tol", "pagerank"), ("--hits-tol", "hub"), ("--z-tol", "z")):
    if flag in args:
        i = args.index(flag)
        tols[key] = float(args[i + 1])
        if key == "hub":
            tols["authority"] = tols["hub"]
        del args[i:i + 2]
ours_dir, ref_dir = args


def load(d, name):
    with open(os.path.join(d, name), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def untext(s):
    return s[1:] if len(s) > 1 and s[0] == "'" and s[1] in "=+-@" else s


failed = False
for name in ("nodes.csv", "clusters.csv", "linkage.csv", "reach.csv", "resilience.csv", "keyplayers.csv"):
    if not os.path.exists(os.path.join(ref_dir, name)):
        continue
    rh, rrows = load(ref_dir, name)
    oh, orows = load(ours_dir, name)
    if len(rrows) != len(orows):
        print(f"{name}: {len(orows)} rows, reference {len(rrows)}")
        failed = True
        continue
    oi = {h: i for i, h in enumerate(oh)}
    for ci, col in enumerate(rh):
        if col not in oi:
            print(f"{name}: column {col} missing")
            failed = True
            continue
        j = oi[col]
        tol = tols["z"] if col.endswith("_z") else tols.get(col, tols["default"])
        worst, count, bad, text, filled = 0.0, 0, 0, 0, 0
        for r, o in zip(rrows, orows):
            a, b = r[ci], untext(o[j])
            if a == b:
                try:
                    float(a)
                    count += 1
                except ValueError:
                    text += 1
                    filled += a != ""
                continue
            try:
                x, y = float(a), float(b)
            except ValueError:
                bad += 1
                if bad <= 3:
                    print(f"{name} {col} row {r[0]}: ours {b!r}, reference {a!r}")
                continue
            count += 1
            worst = max(worst, abs(x - y))
        status = "ok" if bad == 0 and worst <= tol else "FAIL"
        if status == "FAIL":
            failed = True
        if count or bad:
            print(f"{name:13} {col:15} {count:7d} values  largest difference {worst:.3g}  (tolerance {tol:g}) {status}")
        elif col in ("chokepoints",):
            print(f"{name:13} {col:15} {text:7d} values  {text} equal, {filled} not empty {status}")
if os.path.exists(os.path.join(ref_dir, "communities.csv")):
    _, (ref,) = load(ref_dir, "communities.csv")
    with open(os.path.join(ours_dir, "report.json"), encoding="utf-8") as f:
        comm = json.load(f)["communities"]
    for col, want in zip(("modularity", "nmi"), ref):
        diff = abs(comm[col] - float(want))
        status = "ok" if diff <= tols["default"] else "FAIL"
        failed |= status == "FAIL"
        print(f"{'report.json':13} {col:15} {1:7d} values  largest difference {diff:.3g}  (tolerance {tols['default']:g}) {status}")
if os.path.exists(os.path.join(ref_dir, "network.csv")):
    head, (ref,) = load(ref_dir, "network.csv")
    with open(os.path.join(ours_dir, "report.json"), encoding="utf-8") as f:
        net = json.load(f)["network"]
    for col, want in zip(head, ref):
        got = net
        for k in col.split("."):
            got = got[k]
        if want == "" or got is None:
            status = "ok" if want == "" and got is None else "FAIL"
            diff = 0.0 if status == "ok" else float("inf")
        else:
            diff = abs(got - float(want))
            status = "ok" if diff <= tols["default"] else "FAIL"
        failed |= status == "FAIL"
        print(f"{'report.json':13} {col:15} {1:7d} values  largest difference {diff:.3g}  (tolerance {tols['default']:g}) {status}")
sys.exit(1 if failed else 0)
