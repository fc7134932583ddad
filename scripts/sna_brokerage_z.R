#!/usr/bin/env Rscript
# The reference for clusterchain's Gould-Fernandez brokerage z-scores:
# R's sna::brokerage (Debian r-cran-sna) on a directed network, z.nli.
#
#   Rscript sna_brokerage_z.R NODES.csv EDGES.csv OUT.csv
#
# NODES.csv: id,group (one row per node, in the order ids are numbered);
# EDGES.csv: from,to (0-based node numbers). OUT.csv gets one row per
# node: id, the raw counts raw_coordinator ... raw_liaison (sna's w_I,
# b_OI, b_IO, w_O, b_O) and the z-scores coordinator ... liaison, total
# (z.nli's w_I, b_OI, b_IO, w_O, b_O, t), written with 17 significant
# digits; R's NaN is written as NaN.
suppressPackageStartupMessages(library(sna))
args <- commandArgs(trailingOnly = TRUE)
nodes <- read.csv(args[1], colClasses = "character")
edges <- read.csv(args[2])
n <- nrow(nodes)
m <- matrix(0, n, n)
if (nrow(edges) > 0) m[cbind(edges$from + 1, edges$to + 1)] <- 1
b <- brokerage(m, nodes$group)
raw <- b$raw.nli
z <- b$z.nli
f <- function(x) formatC(x, digits = 17, format = "g")
out <- data.frame(id = nodes$id,
                  raw_coordinator = raw[, "w_I"], raw_gatekeeper = raw[, "b_OI"],
                  raw_representative = raw[, "b_IO"], raw_itinerant = raw[, "w_O"],
                  raw_liaison = raw[, "b_O"],
                  coordinator = f(z[, "w_I"]), gatekeeper = f(z[, "b_OI"]),
                  representative = f(z[, "b_IO"]), itinerant = f(z[, "w_O"]),
                  liaison = f(z[, "b_O"]), total = f(z[, "t"]))
write.csv(out, args[3], row.names = FALSE, quote = FALSE)
