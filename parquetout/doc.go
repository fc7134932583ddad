// Package parquetout writes an analysis as Apache Parquet files for
// engines beyond one machine: nodes.parquet, every column of nodes.csv
// typed (ids and text as UTF-8 strings, counts as INT32 or INT64, figures
// as DOUBLE, cut as BOOLEAN; an empty cell is null), and links.parquet,
// one row per link after summing duplicates (src, dst, kind, volume).
//
// The column names are the ones the engines take as they are: Spark
// GraphFrames wants a vertex column id and edge columns src and dst;
// neo4j-admin database import --input-type=parquet maps them with a
// two-row header file (docs/scale-out.md).
//
// The files are deterministic: the same analysis gives the same bytes
// (no timestamps; created_by is "clusterchain"), Snappy-compressed, one
// row group per 1,000,000 rows, columns in nodes.csv order.
package parquetout
