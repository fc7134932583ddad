// Package synth generates synthetic Zhejiang-model datasets in SPEC §1
// form, deterministic for a seed, for tests, benchmarks and
// `clusterchain generate`.
//
// The model: about Firms/150 industrial clusters whose sizes follow a
// heavy-tailed (Pareto, α = 1.2) law; 3% of firms belong to no cluster.
// Inside a cluster, firms are numbered and every firm but the first few
// subcontracts for a firm a little earlier in the cluster, which gives
// subcontracting trees up to about six tiers deep; about one firm in 200
// starts a pooling ring of 2–4 firms subcontracting in a cycle. Half the
// firms supply a firm elsewhere (cross-cluster supply). Every cluster has
// a home market (Firms/400 + 3 markets in all); 80% of firms sell through
// it and 15% through a second market; 5% take direct orders from buyers
// (Firms/1000 + 5 buyers). Markets supply a few firms, sell to several
// buyers and sometimes to another market (market chains, occasionally a
// cycle). About 2.5 links per firm in all. Volumes are heavy-tailed
// (Pareto, α = 1.5) and rounded to cents.
package synth
