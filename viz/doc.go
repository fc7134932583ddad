// Package viz draws the diagrams of an analysis: network.svg (every node,
// clusters boxed), clusters.svg (clusters, markets and buyers with linkage
// shares), tiers.svg (subcontracting chains, one rank per tier) and ego
// diagrams around one node.
//
// Build writes the DOT text itself — deterministic, escaped, golden-tested
// — and Diagram.Render lays it out with Graphviz compiled to WebAssembly
// (github.com/goccy/go-graphviz): no system Graphviz and no cgo.
//
// Encoding. Firms are filled by cluster from the Okabe–Ito colour-blind-
// safe palette (beyond eight clusters the colours repeat with a dashed
// outline, then a bold one); markets are dark "house" shapes, buyers
// "doubleoctagon"s. Node area grows with Options.SizeBy (PageRank by
// default): the width goes from 0.35 to 1.6 inches with the square root of
// the value over the largest. Edge width grows with the logarithm of the
// volume; subcontract links are dashed, supply links thin grey, sales solid.
//
// Chinese text. Graphviz in WebAssembly has no font backend and estimates
// label widths from Latin metrics, which makes boxes too narrow for CJK
// text; Build sets every node's minimum width from its own estimate (a
// wide East Asian character counts one em, others 0.6 em), and the SVG
// names a font list with CJK fonts so that browsers find one.
//
// Concurrency. go-graphviz is not safe for concurrent use, not even with
// one instance per goroutine: every call into it is made under one
// process-wide lock, so batch runs may render from many goroutines.
//
// Size. Graphviz's dot layout needs ~2 s at 1,000 nodes and minutes at
// 5,000. Above Options.MaxNodes the network view keeps the most central
// nodes and folds the rest of each cluster into one summary node, and
// says so in its title; the other views cap what they draw the same way,
// so no input makes a layout run for minutes.
//
// PNG and PDF. go-graphviz's own PNG renderer draws no outlines or edges
// and shows Chinese as boxes, so Render writes only SVG and DOT; Print
// hands the SVG, as a Page, to a Printer that the caller provides (the
// command's runs headless Chromium). viz itself never runs a process.
package viz
