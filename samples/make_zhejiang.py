#!/usr/bin/env python3
"""Writes the embedded Zhejiang sample (samples/zhejiang/*.csv).

    python3 samples/make_zhejiang.py

Deterministic (random.Random(2006)); stdlib only. The clusters, specialized
markets and multinational buyers are real (see ../../shared/DOMAIN.md); the
firms, their names and every volume are invented. The script checks the
SPEC §1 rules and the features the sample must exercise before writing.
"""
import csv
import os
import random

R = random.Random(2006)
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "zhejiang")

# id, name, town, province, industry, firm count, home market, Chinese stem, English stem, product
CLUSTERS = [
    ("yiwu-smallware", "Yiwu smallware", "Yiwu", "Zhejiang", "small commodities", 30, "yiwu-ccc", "义乌", "Yiwu", ("饰品", "Accessories")),
    ("wenzhou-shoes", "Wenzhou shoes", "Wenzhou", "Zhejiang", "footwear", 28, "wenzhou-shoe-market", "温州", "Wenzhou", ("鞋业", "Shoes")),
    ("keqiao-textiles", "Shaoxing Keqiao textiles", "Keqiao", "Zhejiang", "textiles", 26, "china-textile-city", "绍兴柯桥", "Keqiao", ("纺织", "Textiles")),
    ("yongkang-hardware", "Yongkang hardware", "Yongkang", "Zhejiang", "hardware", 24, "yongkang-hardware-city", "永康", "Yongkang", ("五金", "Hardware")),
    ("haining-leather", "Haining leather and clothing", "Haining", "Zhejiang", "leather, feather, clothing", 22, "haining-leather-city", "海宁", "Haining", ("皮革", "Leather")),
    ("datang-hosiery", "Datang hosiery", "Datang, Zhuji", "Zhejiang", "hosiery", 24, "datang-socks-city", "诸暨大唐", "Datang", ("袜业", "Hosiery")),
    ("shengzhou-ties", "Shengzhou ties", "Shengzhou", "Zhejiang", "neckties", 16, "shengzhou-tie-city", "嵊州", "Shengzhou", ("领带", "Neckwear")),
    ("liushi-electrical", "Liushi low-voltage apparatus", "Liushi, Yueqing", "Zhejiang", "low-voltage electrical apparatus", 18, "liushi-electrical-market", "乐清柳市", "Liushi", ("电器", "Electric")),
]
MARKETS = [
    ("yiwu-ccc", "义乌中国小商品城 (Yiwu China Commodity City)", "Yiwu", "small commodities", 75000),
    ("china-textile-city", "中国轻纺城 (China Textile City, Keqiao)", "Shaoxing", "textiles", 26000),
    ("haining-leather-city", "海宁中国皮革城 (Haining China Leather City)", "Haining", "leather goods", 5000),
    ("yongkang-hardware-city", "永康中国科技五金城 (China Science & Technology Hardware City)", "Yongkang", "hardware", 6000),
    ("datang-socks-city", "大唐轻纺袜业城 (Datang Light Textile Socks City)", "Zhuji", "hosiery", 1600),
    ("shengzhou-tie-city", "嵊州中国领带城 (Shengzhou China Tie City)", "Shengzhou", "neckties", 1000),
    ("liushi-electrical-market", "柳市电器城 (Liushi Electrical Market)", "Yueqing", "electrical apparatus", 2000),
    ("wenzhou-shoe-market", "温州鞋革市场 (Wenzhou Shoe and Leather Market)", "Wenzhou", "footwear", 1500),
]
BUYERS = [
    ("walmart", "Walmart", "United States", "retailer"),
    ("carrefour", "Carrefour", "France", "retailer"),
    ("ikea", "IKEA", "Sweden", "retailer"),
    ("tesco", "Tesco", "United Kingdom", "retailer"),
    ("li-fung", "Li & Fung", "Hong Kong, China", "trading company"),
    ("metro", "Metro AG", "Germany", "wholesaler"),
    ("decathlon", "Decathlon", "France", "brand"),
]
CN_NAMES = ["华丰", "永盛", "金达", "宏远", "恒通", "瑞祥", "新华", "东方", "天成", "富源", "兴业", "鸿运", "明珠", "嘉禾", "宝丰", "正泰"]
EN_NAMES = ["Huafeng", "Yongsheng", "Jinda", "Hongyuan", "Hengtong", "Ruixiang", "Xinhua", "Dongfang", "Tiancheng", "Fuyuan",
            "Xingye", "Hongyun", "Mingzhu", "Jiahe", "Baofeng", "Zhengtai", "Kaida", "Shunfa"]


def vol(scale):
    """A heavy-tailed annual volume in 10k yuan, rounded to 1 decimal."""
    return round(scale * R.paretovariate(1.6), 1)


def main():
    firms, links = [], []
    used = set()
    by_cluster = {}
    for (cid, cname, town, prov, ind, n, home, cn, en, (cnp, enp)) in CLUSTERS:
        ids = []
        for i in range(n):
            fid = f"{cid.split('-')[0]}-{i + 1:03d}"
            stems = CN_NAMES if i % 2 == 0 else EN_NAMES
            stem = R.choice(stems)
            # A name already taken takes the next free stem of the list
            # instead (no further draw: the rest of the sample stays the same).
            for k in range(len(stems)):
                s = stems[(stems.index(stem) + k) % len(stems)]
                name = f"{cn}市{s}{cnp}有限公司" if i % 2 == 0 else f"{en} {s} {enp} Co."
                if name not in used:
                    break
            else:
                raise SystemExit(f"{cid}: more firms than name stems")
            used.add(name)
            emp = int(8 + R.paretovariate(1.3) * 20)
            firms.append([fid, name, cid, town, prov, ind, str(emp), f"{vol(300):.1f}", f"{R.uniform(0.05, 0.9):.2f}"])
            ids.append(fid)
        by_cluster[cid] = (ids, home)
    # independent firms (no cluster)
    free = [("ningbo-pack-01", "宁波甬达包装有限公司", "Ningbo", "packaging"),
            ("ningbo-pack-02", "Ningbo Haitong Packaging Co.", "Ningbo", "packaging"),
            ("hangzhou-dye-01", "杭州新丽染化有限公司", "Hangzhou", "dyes"),
            ("taizhou-chem-01", "Taizhou Huasheng Fine Chemicals Co.", "Taizhou", "fine chemicals"),
            ("ningbo-mould-01", "宁波精工模具有限公司", "Ningbo", "moulds")]
    for fid, name, town, ind in free:
        firms.append([fid, name, "", town, "Zhejiang", ind, str(int(40 + R.random() * 200)), f"{vol(500):.1f}", f"{R.uniform(0, 0.3):.2f}"])

    seen = set()

    def link(f, t, kind, v, write_kind=True):
        key = (f, t, kind)
        if f == t or key in seen:
            return
        seen.add(key)
        links.append([f, t, kind if write_kind else "", v])

    buyers = [b[0] for b in BUYERS]
    for cid, (ids, home) in by_cluster.items():
        n = len(ids)
        leads = ids[:3]
        # Subcontracting tree: firm i works for an earlier firm, tiers 1-4.
        parent = {}
        for i in range(3, n):
            j = R.randrange(max(0, i - 8), i) if i > 6 else R.randrange(0, 3)
            parent[ids[i]] = ids[j]
            link(ids[i], ids[j], "subcontract", f"{vol(40):.1f}")
        # Each lead sells through the home market and often to buyers directly.
        for fid in ids:
            if fid in leads or R.random() < 0.75:
                kind_cell = R.random() < 0.85
                k = "sale" if R.random() < 0.9 else "Sale"
                link(fid, home, k, f"{vol(120):.1f}", write_kind=kind_cell)
        for lead in leads:
            for b in R.sample(buyers, 2):
                link(lead, b, "sale", f"{vol(400):.1f}")
    # Pooling rings: hosiery firms fill a Walmart order together; two shoe firms too.
    d = by_cluster["datang-hosiery"][0]
    link(d[5], d[6], "subcontract", "85.0")
    link(d[6], d[7], "subcontract", "60.5")
    link(d[7], d[5], "subcontract", "72.0")
    link(d[5], "walmart", "sale", "410.0")
    w = by_cluster["wenzhou-shoes"][0]
    link(w[9], w[10], "subcontract", "33.0")
    link(w[10], w[9], "subcontract", "41.0")
    # Cross-cluster supply: fabric to clothing, parts to shoes, etc.
    k = by_cluster["keqiao-textiles"][0]
    h = by_cluster["haining-leather"][0]
    y = by_cluster["yongkang-hardware"][0]
    s = by_cluster["shengzhou-ties"][0]
    ds = by_cluster["datang-hosiery"][0]
    yw = by_cluster["yiwu-smallware"][0]
    for a, b in [(k[0], h[1]), (k[2], h[0]), (k[4], s[0]), (k[5], s[2]), (k[1], ds[0]), (y[0], w[0]), (y[3], w[2]),
                 (y[5], yw[1]), (h[3], w[4])]:
        link(a, b, "supply", f"{vol(60):.1f}")
    # Independent suppliers.
    link("ningbo-pack-01", yw[0], "supply", f"{vol(20):.1f}")
    link("ningbo-pack-02", w[0], "", f"{vol(20):.1f}")  # empty kind: firm → firm is supply
    link("hangzhou-dye-01", k[0], "supply", f"{vol(30):.1f}")
    link("hangzhou-dye-01", k[3], "supply", f"{vol(30):.1f}")
    link("taizhou-chem-01", "hangzhou-dye-01", "supply", f"{vol(30):.1f}")
    link("ningbo-mould-01", y[1], "supply", f"{vol(25):.1f}")
    link("ningbo-pack-01", "yiwu-ccc", "sale", f"{vol(15):.1f}")
    # Markets: sell to buyers; regional markets sell on through Yiwu; Keqiao supplies firms.
    for m in MARKETS:
        for b in R.sample(buyers, 3):
            link(m[0], b, "sale", f"{vol(900):.1f}")
    for m in ["datang-socks-city", "shengzhou-tie-city", "yongkang-hardware-city"]:
        link(m, "yiwu-ccc", "sale", f"{vol(200):.1f}")
    link("china-textile-city", h[5], "supply", f"{vol(50):.1f}")
    link("china-textile-city", s[3], "", f"{vol(50):.1f}")  # empty kind: market → firm is supply
    # Unknown volumes: about ten survey answers left blank.
    for row in R.sample([l for l in links if l[2] in ("sale", "Sale", "")], 10):
        row[3] = ""

    # The Zhejiang model: a specialized market draws on many clusters, not
    # only its own. Yiwu sources small goods from the whole province; the
    # Keqiao textile city and the Haining leather city take goods from the
    # clusters that work their materials. A second generator keeps every row
    # above as it was.
    R2 = random.Random(2011)
    cross = [
        ("yiwu-ccc", ["yongkang-hardware", "datang-hosiery", "shengzhou-ties", "wenzhou-shoes", "liushi-electrical"], 0.35, 110),
        ("china-textile-city", ["haining-leather", "datang-hosiery", "shengzhou-ties"], 0.25, 70),
        ("haining-leather-city", ["wenzhou-shoes"], 0.2, 40),
        ("wenzhou-shoe-market", ["haining-leather"], 0.15, 30),
    ]
    for market, clusters, p, scale in cross:
        for cid in clusters:
            for fid in by_cluster[cid][0]:
                if R2.random() < p:
                    link(fid, market, "sale", f"{round(scale * R2.paretovariate(1.6), 1):.1f}")

    check(firms, links)
    os.makedirs(OUT, exist_ok=True)
    write("firms.csv", ["id", "name", "cluster", "town", "province", "industry", "employees", "revenue", "export_share"], firms)
    write("markets.csv", ["id", "name", "city", "category", "booths"], [list(map(str, m)) for m in MARKETS])
    write("buyers.csv", ["id", "name", "country", "kind"], [list(b) for b in BUYERS])
    write("clusters.csv", ["id", "name", "town", "province", "industry"], [list(c[:5]) for c in CLUSTERS])
    write("links.csv", ["from", "to", "kind", "volume"], links)


def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


def check(firms, links):
    kinds = {f[0]: "firm" for f in firms}
    kinds.update({m[0]: "market" for m in MARKETS})
    kinds.update({b[0]: "buyer" for b in BUYERS})
    assert len(kinds) == len(firms) + len(MARKETS) + len(BUYERS), "ids must be unique"
    allowed = {("subcontract", "firm", "firm"), ("supply", "firm", "firm"), ("supply", "market", "firm"),
               ("sale", "firm", "market"), ("sale", "firm", "buyer"), ("sale", "market", "buyer"), ("sale", "market", "market")}
    sub = {}
    for f, t, k, v in links:
        assert f != t and f in kinds and t in kinds, (f, t)
        k = k.strip().lower() or ("supply" if kinds[t] == "firm" and kinds[f] in ("firm", "market") else "sale")
        assert (k, kinds[f], kinds[t]) in allowed, (f, t, k)
        assert v == "" or float(v) >= 0
        if k == "subcontract":
            sub.setdefault(f, set()).add(t)
    # Longest chain after collapsing rings, and at least one ring.
    import itertools
    nodes = set(sub) | set(itertools.chain.from_iterable(sub.values()))
    reach = {n: set() for n in nodes}
    for n in nodes:
        stack = list(sub.get(n, ()))
        while stack:
            x = stack.pop()
            if x not in reach[n]:
                reach[n].add(x)
                stack.extend(sub.get(x, ()))
    rings = [n for n in nodes if n in reach[n]]
    assert len(rings) >= 2, "want pooling rings"
    depth = {}

    def d(n, seen=()):
        best = 0
        for t in sub.get(n, ()):
            if t not in seen and t not in reach.get(n, set()) or not (n in reach.get(t, set())):
                if t in seen:
                    continue
                best = max(best, 1 + d(t, seen + (n,)))
        return best
    assert max(d(n) for n in nodes) >= 3, "want chains at least 3 tiers deep"
    assert len(firms) >= 150 and len(CLUSTERS) >= 6 and len(BUYERS) >= 5


if __name__ == "__main__":
    main()
