// Package bootstrap gives the sampling uncertainty of the cluster shares
// of SPEC §2 and §4 (`analyze --bootstrap B`): percentile intervals from
// resampling each cluster's firms with replacement (SPEC §6).
//
// # Definition
//
// A cluster C of m firms is a sample of the firms that could have been
// surveyed. One replicate draws m firms from C's m, uniformly with
// replacement; a firm drawn k times brings its outgoing links k times.
// The replicate's figures are those of SPEC §2 and §4 on the drawn firms:
// out*(C) the volume they send outside C (C's membership does not change:
// a link to a firm of C that was not drawn stays internal), market_share,
// buyer_share and buyer_reach their volume to markets, to buyers and
// ending at buyers divided by out*(C), and the share of each market M
// their volume to M divided by out*(C); a ratio whose denominator is 0 is
// 0, every share is clamped to [0, 1]. The bounds are the 2.5th and 97.5th
// percentiles of the B replicates by linear interpolation between order
// statistics: Hyndman & Fan's type 7, numpy.percentile's default
// ("linear"), computed as numpy computes it (Percentile).
//
// # Method
//
// Only the drawn firms change between replicates. Where a market sends
// what it receives (the absorbing chain of buyer_reach) depends on the
// markets and buyers, not on C's firms, so each firm's volume outside C,
// to markets (per market), to buyers and ending at buyers is computed once
// (by the caller: Firm) and a replicate is a sum of those, weighted by how
// often each firm was drawn: O(m + the firms' market links) per
// replicate, O(B · m) per cluster. Sums are compensated (Neumaier).
//
// # Determinism
//
// Replicate r of the cluster with key K draws from its own PCG stream,
// seeded from (seed, K, r) through SplitMix64 and FNV-1a; the draws use
// Lemire's unbiased bounded method on the generator's 64-bit outputs
// only, so they do not depend on math/rand's helpers either. A replicate's
// figures depend on nothing else, so the bounds are the same for any
// number of workers, any order of the clusters and on any machine.
// Replicates are shared among the workers cluster by cluster.
//
// B. Efron, R. Tibshirani (1993), An Introduction to the Bootstrap,
// ch. 13 (percentile intervals); R. J. Hyndman, Y. Fan (1996), Sample
// quantiles in statistical packages, Am. Stat. 50(4): 361–365;
// D. Lemire (2019), Fast random integer generation in an interval, ACM
// TOMACS 29(1).
package bootstrap
