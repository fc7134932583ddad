// Package samples embeds the example dataset that clusterchain analyses
// when no dataset is given: eight real Zhejiang industrial clusters (Yiwu
// smallware, Wenzhou shoes, Keqiao textiles, Yongkang hardware, Haining
// leather, Datang hosiery, Shengzhou ties, Liushi electrical apparatus),
// their real specialized markets and seven real multinational buyers,
// with 193 invented firms and invented volumes. README.md in this folder
// says how it was made.
package samples
