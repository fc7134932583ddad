#!/usr/bin/env Rscript
# The reference for clusterchain's Gould-Fernandez brokerage counts:
# R's sna::brokerage (Debian r-cran-sna) on a directed network.
#
#   Rscript sna_brokerage.R NODES.csv EDGES.csv OUT.csv
#
# NODES.csv: id,group (one row per node, in the order ids are numbered);
# EDGES.csv: from,to (0-based node numbers). OUT.csv gets one row per
# node: id,coordinator,gatekeeper,representative,itinerant,liaison from
# sna's raw counts (w_I, b_OI, b_IO, w_O, b_O).
suppressPackageStartupMessages(library(sna))
args <- commandArgs(trailingOnly = TRUE)
nodes <- read.csv(args[1], colClasses = "character")
edges <- read.csv(args[2])
n <- nrow(nodes)
m <- matrix(0, n, n)
if (nrow(edges) > 0) m[cbind(edges$from + 1, edges$to + 1)] <- 1
b <- brokerage(m, nodes$group)
raw <- b$raw.nli
out <- data.frame(id = nodes$id,
                  coordinator = raw[, "w_I"], gatekeeper = raw[, "b_OI"],
                  representative = raw[, "b_IO"], itinerant = raw[, "w_O"],
                  liaison = raw[, "b_O"])
write.csv(out, args[3], row.names = FALSE, quote = FALSE)
