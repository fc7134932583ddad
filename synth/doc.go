// Package synth generates synthetic Zhejiang-model datasets in SPEC §1
// form, deterministic for a seed, for tests, benchmarks and
// `clusterchain generate`.
//
// The model: about Firms/150 industrial clusters whose sizes follow a
// heavy-tailed (Pareto, α = 1.2) law; 3% of firms belong to no cluster.
// Inside a cluster, firms come in order and form subcontracting trees: the
// first firm and one in 12 after it are lead firms; every other firm
// subcontracts for an earlier firm of the cluster no deeper than tier 4 —
// the shallower of two drawn at random — so trees are wide near the top
// and at most five tiers deep (at 20,000 firms: most firms at tiers 1–3,
// a few percent at 5). About one subcontractor in 150 starts a pooling
// ring: it and up to three of its siblings (firms working for the same
// contractor) subcontract to each other in a cycle. Half the
// firms supply a firm elsewhere (cross-cluster supply). Every cluster has
// a home market (Firms/400 + 3 markets in all); 80% of firms sell through
// it and 15% through a second market; 5% take direct orders from buyers
// (Firms/1000 + 5 buyers). Markets supply a few firms, sell to several
// buyers and sometimes to another market (market chains, occasionally a
// cycle). About 2.5 links per firm in all. Volumes are heavy-tailed
// (Pareto, α = 1.5) and rounded to cents.
package synth
