// Package spectral computes the eigenvector figures of a CSR graph:
// volume-weighted PageRank by power iteration (NetworkX's pagerank
// convention) and unweighted HITS hubs and authorities by Lanczos
// iteration (NetworkX's hits).
package spectral
