// Package louvain finds the Louvain communities of an undirected CSR
// graph exactly as gonum's community.Modularize (resolution 1) does — the
// same moves from the same random numbers, so the same partition — in
// O(m log d) per pass instead of gonum's time quadratic in the community
// sizes, on any finite weights, and computes the modularity of a partition
// in linear time (gonum's community.Q is the test oracle of both).
package louvain
