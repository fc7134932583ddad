// Package structure computes the figures of a network's overall shape
// that SPEC §5 puts in report.json's network section, and the E–I index
// of each cluster (clusters.csv ei_index). All are exact counts or ratios
// of counts over the unweighted simple directed graph G.
//
//   - FlowHierarchy: the share of arcs on no directed cycle, i.e. whose
//     ends lie in different strongly connected components (Luo & Magee
//     2011): nx.flow_hierarchy(G).
//   - Reciprocity: the share of arcs u → v whose reverse v → u exists:
//     nx.overall_reciprocity(G).
//   - Assortativity: the Pearson correlation over the arcs u → v of
//     out-degree(u) and in-degree(v) (Newman 2003):
//     nx.degree_assortativity_coefficient(G, x='out', y='in'). The sums
//     are exact 128-bit integers.
//   - Decompose: the bow-tie (Broder et al. 2000) around the largest
//     strongly connected component (ties: the one holding the node of
//     least rank, i.e. the smallest id): its size, the IN set (nodes that
//     reach it), the OUT set (nodes it reaches) and the rest.
//   - TailExponent: the Hill (1975) estimate of the tail exponent of the
//     total degrees: α = 1 + k / Σᵢ₌₁..ₖ ln(xᵢ/xₖ₊₁), x₁ ≥ x₂ ≥ … the
//     degrees, k = min(⌈√n⌉, m − 1), m the nodes of positive degree;
//     undefined when k < 2 or xₖ₊₁ = 0, and when the sum is 0.
//   - EIIndex: Krackhardt & Stern's (1988) (E − I)/(E + I), E the arcs
//     with exactly one end in the group, I those with both ends in it;
//     undefined when E + I = 0.
//
// A figure that NetworkX leaves undefined (no arcs; a constant degree for
// the assortativity) is returned with ok = false and NaN. Strongly
// connected components come from an iterative Tarjan (1972) search.
//
// Oracles in the tests: hand-worked networks, and NetworkX 2.8 on
// generated networks (network/internal/reference).
//
// References: J. Luo, C. L. Magee (2011), Complexity 16(6): 53–61;
// M. E. J. Newman (2003), Phys. Rev. E 67: 026126; A. Broder et al.
// (2000), Computer Networks 33: 309–320; B. M. Hill (1975), Ann. Stat.
// 3(5): 1163–1174; D. Krackhardt, R. N. Stern (1988), Social Psychology
// Quarterly 51(2): 123–140; R. Tarjan (1972), SIAM J. Comput. 1(2).
package structure
