// Package cascade runs the threshold cascade of SPEC §6 on a simple
// directed graph with arc volumes: the failure of some nodes spreads to
// the firms and markets that lose too much of their customers or their
// suppliers (`whatif --cascade`, cascade.csv), and the cascade started by
// each node alone measures how much that node can bring down (risk.csv).
//
// # Definition
//
// Volumes are those before the shock: out(v) and in(v) are the summed
// volumes of v's outgoing and incoming arcs. Round 0 removes the given
// nodes. In round t + 1 a node still standing that is not immune (the
// buyers are) fails when
//
//	Σ over arcs v → u with u failed of vol(v → u) ≥ θ · out(v)   (lost customers), or
//	Σ over arcs u → v with u failed of vol(u → v) ≥ θ · in(v)    (lost suppliers),
//
// "failed" meaning failed in round t or before; a node whose out(v)
// (in(v)) is 0 cannot fail on that side. A node meeting both conditions
// fails for its customers. The rounds go on until one adds no node. The
// comparison allows a relative shortfall of Tolerance (1e-12) for
// rounding, so that the result does not depend on the order in which the
// lost volumes were added.
//
// # Method
//
// The rounds are driven by a frontier: when a node fails, each of its
// arcs of positive volume adds that volume, once, to the lost-customer
// sum of its supplier or the lost-supplier sum of its customer
// (compensated, Neumaier), and only the standing nodes so reached are
// examined for the next round. A cascade therefore costs O(Σ degree) over
// the nodes that fail, plus the examination of their neighbours — linear
// in the arcs it touches, never in the size of the network. Scratch space
// is kept between cascades and only the entries a cascade touched are
// reset, so Risk, which runs one cascade per starting node on every core,
// costs the sum of the cascades' sizes.
//
// The tests check hand-worked cascades and compare every round and reason
// with a direct transcription of the definition (each round recomputes
// both sums of every standing node from scratch) on generated networks.
package cascade
