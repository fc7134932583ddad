// Package brokeragez turns Gould–Fernandez brokerage counts into the
// z-scores of R's sna::brokerage(g, cl)$z.nli (SPEC §5: nodes.csv
// coordinator_z … liaison_z).
//
// The raw counts (open two-paths a → v → b, a ≠ b, no arc a → b, by the
// groups of a, v and b; network.Brokerages computes them) are compared
// with sna's null model: every one of the N(N − 1) possible arcs is
// present independently with the observed density d = m / (N(N − 1)), so
// a given two-path is open with probability p = d²(1 − d). For a node v
// of a group of n nodes, with n_j the sizes of the other groups and
// N − n = Σ n_j, sna's expected counts are
//
//	coordinator     p (n − 1)(n − 2)
//	itinerant       p Σ_j n_j (n_j − 1)
//	representative  p (N − n)(n − 1), and gatekeeper the same
//	liaison         p ((N − n)² − Σ_j n_j²)
//	total           p (N − 1)(N − 2)
//
// and the variances E·(1 − p) plus sna's covariance terms in
// q = 2d³(1 − d)³: q(n−1)(n−2)(n−3); q Σ n_j(n_j−1)(n_j−2);
// q((n−1)C(N−n, 2) + (N−n)C(n−1, 2)); 2q Σ n_j C(N − n_j − n, 2);
// q(N−1)(N−2)(N−3). The z-score is (raw − E)/√Var. These are sna 2.7-1's
// formulas as its source states them (Rscript -e 'library(sna);
// print(brokerage)'), which follow Gould & Fernandez (1989); they are not
// re-derived here. Where the variance is 0 (a group too small for the
// role, a density of 0 or 1, fewer than two nodes) z is NaN, as in R.
//
// The sums over the other groups are formed as exact integers (totals
// minus the group's own term), so k groups cost O(k) rather than sna's
// O(k²), and then rounded once.
//
// Oracle in the tests: R sna on the generated 2,000-firm network with
// clusterchain's groups and on a random network with one- and two-node
// groups (network/internal/reference): z-scores to 3e-14.
//
// R. V. Gould, R. M. Fernandez (1989), Structures of mediation: a formal
// approach to brokerage in transaction networks, Sociological
// Methodology 19: 89–126. C. T. Butts, sna: Tools for Social Network
// Analysis, R package 2.7-1.
package brokeragez
