package viz

import "fmt"

// Languages. Options.Lang "en" (the default) or "zh" picks the language
// of titles, legends and captions; names come from the data as they are.

// Langs lists the languages Options.Lang accepts.
func Langs() []string { return []string{"en", "zh"} }

// tr formats the English message key in the diagram's language: the key
// itself in English, its entry in zh in Chinese. A key without a Chinese
// entry is recorded in missing (the tests keep the table complete) and
// shown in English.
func (b *builder) tr(key string, args ...any) string {
	msg := key
	if b.opt.Lang == "zh" {
		if z, ok := zh[key]; ok {
			msg = z
		} else {
			b.missing = append(b.missing, key)
		}
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// count writes "1 firm" / "3 firms" (English) or "3 家企业" (Chinese):
// noun is the English singular, a key of zhNouns.
func (b *builder) count(n int, noun string) string {
	if b.opt.Lang == "zh" {
		z, ok := zhNouns[noun]
		if !ok {
			b.missing = append(b.missing, noun)
			z = noun
		}
		return thousands(n) + " " + z
	}
	if n == 1 {
		return "1 " + noun
	}
	if noun[len(noun)-1] == 'y' {
		return thousands(n) + " " + noun[:len(noun)-1] + "ies"
	}
	return thousands(n) + " " + noun + "s"
}

var zhNouns = map[string]string{
	"firm":                "家企业",
	"market":              "个专业市场",
	"buyer":               "个采购商",
	"link":                "条联系",
	"cluster":             "个产业集群",
	"tier":                "级",
	"pooling ring":        "个互包环",
	"hop":                 "步",
	"node":                "个节点",
	"subcontracting firm": "家分包企业",
	"other firm":          "家其他企业",
	"round":               "轮",
}

var zh = map[string]string{
	" (%s of the cluster's output)": "（占该集群产出的 %s）",
	"%d labels found no free place and are left out; every edge's figures are in its tooltip.": "%d 个标签因无空位而省略；每条边的数值见其悬停提示。",
	"%s %s": "%s %s",
	"%s %s (%s): receives %s, sells %s; %s %s":            "%s %s（%s）：购入 %s，售出 %s；%s %s",
	"%s (%s drawn), %s deep":                              "%s（绘出 %s 家），深 %s",
	"%s (%s)":                                             "%s（%s）",
	"%s (%s), %s: sells %s, buys %s; %s %s":               "%s（%s），%s：售出 %s，购入 %s；%s %s",
	"%s at %s not drawn: the %d with the most volume are": "%[2]s处有 %[1]s 未绘出：仅绘出交易额最大的 %[3]d 个",
	"%s in %s": "%s，分属 %s",
	"%s in subcontracting chains, the longest %s; %s.": "分包链中共 %s，最长 %s；%s。",
	"%s other buyers":   "其他 %s 个采购商",
	"%s other clusters": "其他 %s 个集群",
	"%s other markets":  "其他 %s 个市场",
	"%s → %s: %s":       "%s → %s：%s",
	"%s → %s: %s, %s of the cluster's output": "%s → %s：%s，占该集群产出的 %s",
	"%s, %s deep":                          "%s，深 %s",
	"%s, %s drawn":                         "%s，绘出 %s 家",
	"%s: %s (%s) and everything within %s": "%s：%s（%s）及其 %s 以内的全部节点",
	"%s: %s in subcontracting chains, the longest chain %s, %s": "%s：分包链中共 %s，最长链 %s，%s",
	"%s: clusters, specialized markets and buyers":              "%s：产业集群、专业市场与采购商",
	"%s: firms, specialized markets and buyers":                 "%s：企业、专业市场与采购商",
	"%s: subcontracting chains":                                 "%s：分包链",
	"%s: subcontracting chains of %s":                           "%s：%s 的分包链",
	"%s: where the clusters' output goes":                       "%s：集群产出的去向",
	", %s":                                                      "，%s",
	"; subcontracting tier %d, depth %d":                        "；分包层级 %d，深度 %d",
	"A cluster's sales to firms outside it are not drawn (clusters.csv, firm_share).":                                 "集群对外部企业的销售未绘出（见 clusters.csv 的 firm_share）。",
	"Band widths are volumes: %s of output from %s, %s of it (%s) reaching buyers — %s directly, %s through markets.": "带宽表示交易额：%[2]s 共产出 %[1]s，其中 %[3]s（%[4]s）到达采购商——直接 %[5]s，经市场 %[6]s。",
	"Channels": "渠道",
	"Clusters": "产业集群",
	"Clusters' output is out(C), the volume of links from a cluster's firms to nodes outside it; a cluster's bands carry their share of its output where the band is at least %s pt wide (%s volume units).": "集群产出 out(C) 为集群内企业流向集群外节点的交易额；宽度不小于 %s pt（交易额 %s）的带标注其占该集群产出的比例。",
	"Destinations": "去向",
	"Dot area: %s, relative to the largest firm drawn (%s); smallest dots are drawn at a minimum size.": "圆点面积：%s，相对于所绘最大企业（%s）；最小的圆点按最小尺寸绘制。",
	"Drawn: the %d of %d clusters with the most subcontracting firms.":                                  "绘出：%[2]d 个集群中分包企业最多的 %[1]d 个。",
	"Each market is drawn level with the clusters that sell through it most. %s, %s, %s.":               "每个市场与经其销售最多的集群并排绘制。%s，%s，%s。",
	"Edges under %s of a cluster's output are not drawn (%d of %d).":                                    "低于集群产出 %s 的边未绘出（%[3]d 条中的 %[2]d 条）。",
	"Folded to keep the page: %s.": "为保持版面而折叠：%s。",
	"Goods flow left to right: each cluster's firms in its box (deeper subcontracting tiers to the left), the specialized markets they sell through, the multinational buyers. %s, %s, %s, %s.": "货物自左向右流动：各集群的企业位于其框内（分包层级越深越靠左），其后为其销售所经的专业市场与跨国采购商。%s，%s，%s，%s。",
	"Goods flow left to right; %s drawn. The centre is outlined in orange.":                                                        "货物自左向右流动；绘出 %s。中心节点以橙色描边。",
	"Leads (tier 0) on top, each row one subcontracting step further down; a line joins a subcontractor to the firm it works for.": "龙头企业（第 0 级）在上，每下一行多一级分包；连线连接分包企业与其发包企业。",
	"Markets pass on what they receive from the clusters in proportion to their sales to buyers, other markets and firms, as in buyer_reach (reach.csv): goods sold on through a second market are drawn from the market they entered. What the markets pass to firms, or keep, is drawn grey. Numbers after the names: volume and share of all clusters' output.": "市场按其对采购商、其他市场和企业的销售比例转出从集群购入的货物，与 buyer_reach（reach.csv）相同：经第二个市场转售的货物从其最初进入的市场绘出。市场转给企业或留存的部分以灰色绘出。名称后的数字：交易额及其占全部集群产出的比例。",
	"Markets' sales under %s are not drawn (%d of %d).":                                                                                                                             "市场低于 %s 的销售未绘出（%[3]d 条中的 %[2]d 条）。",
	"No cluster has a link with a known volume to a node outside it, so there is no flow to draw.":                                                                                  "没有集群与集群外节点有已知交易额的联系，无流向可绘。",
	"No firm of this cluster subcontracts for another.":                                                                                                                             "该集群没有企业为其他企业分包。",
	"No firm subcontracts for another in this dataset.":                                                                                                                             "本数据集中没有企业为其他企业分包。",
	"Node width: %s; every node's tooltip gives its name, id and figures.":                                                                                                          "节点宽度：%s；每个节点的悬停提示给出其名称、编号与数值。",
	"One panel per cluster: leads (tier 0) on top, each row one subcontracting step further down; a line joins a subcontractor to the firm it works for.":                           "每个集群一个面板：龙头企业（第 0 级）在上，每下一行多一级分包；连线连接分包企业与其发包企业。",
	"Percentages: an edge's share of the cluster's output (out(C): its firms' links to nodes outside it); shares under %s are not labelled.":                                        "百分比：该边占集群产出的比例（out(C)：集群内企业流向集群外节点的交易额）；低于 %s 的比例不标注。",
	"There is no room for firm names at this size: each dot's tooltip gives the firm's name, id and figures.":                                                                       "此规模下无处标注企业名称：每个圆点的悬停提示给出企业名称、编号与数值。",
	"There is no room for firm names at this size: each square's tooltip gives the firm's name, id, tier and depth; render --view tiers --cluster ID draws one cluster with names.": "此规模下无处标注企业名称：每个方块的悬停提示给出企业名称、编号、层级与深度；render --view tiers --cluster ID 可绘出带名称的单个集群。",
	"a box's sales to a market or buyer (colour: cluster; width: volume, %s at the widest)":                                                                                         "集群对市场或采购商的销售（颜色：集群；宽度：交易额，最宽为 %s）",
	"a dotted one the third":                      "第三轮为点线边框",
	"a firm's sale":                               "企业的一笔销售",
	"a market's sales":                            "市场的销售",
	"a market's sales to a buyer (width: volume)": "市场对采购商的销售（宽度：交易额）",
	"a panel draws at most %s firms, whole chains from the deepest leads down: %s firms are left out": "每个面板至多绘出 %s 家企业，自最深的龙头企业起整链绘出：%s 家企业未绘出",
	"buyer":                      "采购商",
	"buyer %s (%s): receives %s": "采购商 %s（%s）：购入 %s",
	"buyer %s (%s): receives %s of the clusters' output, %s of it": "采购商 %s（%s）：获得集群产出 %s，占 %s",
	"cluster %s": "产业集群 %s",
	"cluster %s (%s): %s; output %s — %s to markets, %s to buyers directly, %s to other firms; %s reaches buyers": "产业集群 %s（%s）：%s；产出 %s——%s 经市场，%s 直接售予采购商，%s 售予其他企业；%s 到达采购商",
	"cluster %s (%s): %s; output %s — %s to markets, %s to buyers directly; %s reaches buyers":                    "产业集群 %s（%s）：%s；产出 %s——%s 经市场，%s 直接售予采购商；%s 到达采购商",
	"cluster %s (%s): output %s, %s of all clusters' output; %s reaches buyers":                                   "产业集群 %s（%s）：产出 %s，占全部集群产出的 %s；%s 到达采购商",
	"cluster box": "集群框",
	"colours repeat every %d clusters (in id order): a dashed outline the second time": "颜色每 %d 个集群（按编号顺序）重复一次：第二轮为虚线边框",
	"direct orders (no market)":                          "直接订单（不经市场）",
	"direct orders to a buyer (width: share)":            "对采购商的直接订单（宽度：比例）",
	"does not reach a buyer":                             "未到达采购商",
	"firm":                                               "企业",
	"firm (colour: cluster)":                             "企业（颜色：集群）",
	"firms in no cluster":                                "不属于任何集群的企业",
	"firms that belong to no cluster":                    "不属于任何集群的企业",
	"firms' sales straight to buyers: %s":                "企业直接售予采购商：%s",
	"industrial cluster (colour as in every diagram)":    "产业集群（颜色与其他各图一致）",
	"links between boxes (left)":                         "框与框之间的联系（左侧）",
	"market":                                             "市场",
	"market %s (%s): receives %s from the clusters":      "市场 %s（%s）：从集群购入 %s",
	"market %s (%s): receives %s, sells %s":              "市场 %s（%s）：购入 %s，售出 %s",
	"market to market":                                   "市场之间",
	"multinational buyer":                                "跨国采购商",
	"no cluster":                                         "无集群",
	"not passed on to buyers":                            "未转给采购商",
	"other clusters, summed":                             "其他集群（合计）",
	"output of a cluster (band colour: cluster)":         "集群产出（带的颜色：集群）",
	"pooling ring %s: %s":                                "互包环 %s：%s",
	"pooling ring: firms that subcontract to each other": "互包环：相互分包的企业",
	"sale (width: volume)":                               "销售（宽度：交易额）",
	"sales and subcontracting to firms of other clusters or of none: %s; they do not reach a buyer as the cluster's output": "售予或分包给其他集群或无集群企业：%s；这部分不作为该集群产出到达采购商",
	"sales through a market (width: share of the cluster's output)":                                                         "经市场的销售（宽度：占集群产出的比例）",
	"specialized market":                                 "专业市场",
	"subcontracting":                                     "分包",
	"subcontracting or supply within the box":            "框内的分包或供货",
	"subcontracting: the lower firm works for the upper": "分包：下方企业为上方企业加工",
	"supply": "供货",
	"the %d buyers that receive most are drawn; %s others are summed as \"other buyers\"":                                             "绘出获得最多的 %d 个采购商；其余 %s 个合计为“其他采购商”",
	"the %d clusters with the most subcontracting firms are drawn, %d others are not; render --view tiers --cluster ID draws any one": "绘出分包企业最多的 %d 个集群，其余 %d 个未绘出；render --view tiers --cluster ID 可绘出任一集群",
	"the %d largest clusters are drawn; %s smaller ones are summed as \"other clusters\"":                                             "绘出最大的 %d 个集群；其余较小的 %s 个合计为“其他集群”",
	"the %d largest clusters, %d markets and %d buyers are drawn; the rest are summed into \"other\" nodes":                           "绘出最大的 %d 个集群、%d 个市场和 %d 个采购商；其余合计为“其他”节点",
	"the %d markets that receive most are drawn; %s others are summed as \"other markets\"":                                           "绘出购入最多的 %d 个市场；其余 %s 个合计为“其他市场”",
	"the %s buyers that receive least, summed":                                                                                        "购入最少的 %s 个采购商（合计）",
	"the %s clusters with the smallest output are folded into one box":                                                                "产出最小的 %s 个集群折叠为一个框",
	"the %s clusters with the smallest output, summed":                                                                                "产出最小的 %s 个集群（合计）",
	"the %s markets that receive least from the clusters, summed":                                                                     "从集群购入最少的 %s 个市场（合计）",
	"the %s markets that receive least, summed":                                                                                       "购入最少的 %s 个市场（合计）",
	"the %s most central firms by %s are drawn; %s are folded into the counts of their boxes":                                         "按 %[2]s 绘出最核心的 %[1]s 家企业；其余 %[3]s 计入其所在框的数目",
	"the %s smallest of %s are folded into %q":                                                                                        "%[2]s 中最小的 %[1]s 个折叠为 %[3]q",
	"the centre's cluster": "中心节点所在集群",
	"the heaviest links of each kind are drawn: %s of %s aggregated links are left out": "每类只绘出交易额最大的联系：%[2]s 条合并联系中有 %[1]s 条未绘出",
	"to firms outside the cluster": "售予集群外企业",
	"what the markets pass to firms or keep (no sales of their own, or only to each other): %s": "市场转给企业或留存的部分（无销售或仅在市场之间流转）：%s",
	// cascade.svg
	"%s: the cascade, round by round": "%s：连锁倒闭，逐轮",
	"θ = %s: a firm or market fails when the links to nodes that failed before carry at least θ of its sales, or the links from them θ of its supplies; buyers never fail. %s failed after the removal, in %s.": "θ = %s：当企业或市场与已倒闭节点的联系至少占其销售额的 θ，或来自已倒闭节点的联系至少占其采购额的 θ 时，该节点倒闭；采购商不会倒闭。移除之后共有 %s 倒闭，历时 %s。",
	"Nothing was removed.": "没有移除任何节点。",
	"+ %s more":            "另有 %s 个",
	"lost a customer (it sold to the failed node)":     "失去客户（曾向倒闭节点销售）",
	"lost a supplier (it bought from the failed node)": "失去供应商（曾从倒闭节点采购）",
	"firm (its cluster's colour)":                      "企业（所属集群的颜色）",
	"Line width grows with the square root of the link's volume before the shock. Columns show at most %d nodes each, those with the most sales.": "线宽随冲击前联系交易额的平方根增加。每列最多绘出 %d 个节点，取销售额最大者。",
	"%s not drawn one by one.":               "%s 未逐一绘出。",
	"Rounds %d to %d share the last column.": "第 %d 至 %d 轮合在最后一列。",
	"round %d":                               "第 %d 轮",
	"removed":                                "移除",
	"rounds %d–%d":                           "第 %d–%d 轮",
}
