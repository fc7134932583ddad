package network

import "clusterchain/network/internal/csr"

// Graph is the compact directed graph G (and S) of a Network: node ids
// 0…n−1 are the node indices, Out and In give each node's sorted
// neighbours and the weights of the edges, Order and Size count nodes and
// edges. It satisfies gonum's graph.WeightedDirected.
type Graph = csr.Graph
