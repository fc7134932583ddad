#!/usr/bin/env bash
# What every output costs on top of the tables (issue 15: at most 1.5×).
#
#   bench/outputs.sh [RUNS] [FIRMS]      (default: 7 runs, 20,000 firms)
#
# Generates a dataset with `clusterchain generate --firms FIRMS --seed 1`,
# then alternates `clusterchain analyze DATASET --formats csv` and
# `clusterchain analyze DATASET` (every format but pdf: tables, report.json,
# report.html, the four SVG diagrams, GEXF, GraphML, Pajek) RUNS times,
# timing each with /usr/bin/time, and prints the medians of wall and CPU
# (user + system) time of each and their ratios, with every run. The
# machine this project is built on is shared and noisy: alternating keeps
# both under the same load, and medians drop the outliers. The load average
# is printed before and after.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-7}
firms=${2:-20000}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/clusterchain" ./cmd/clusterchain
"$work/clusterchain" generate --firms "$firms" --seed 1 -o "$work/ds" >/dev/null

measure() { # measure FILE CMD… → appends "wall cpu"
	local out=$1
	shift
	/usr/bin/time -f '%e %U %S' -o "$work/t" "$@" >/dev/null
	awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$work/t" >>"$out"
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

: >"$work/csv"
: >"$work/all"
echo "# $(nproc) cores, $(go version | cut -d' ' -f3), $firms firms, $runs runs each; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq "$runs"); do
	measure "$work/csv" "$work/clusterchain" analyze "$work/ds" --formats csv --quiet -o "$work/out-csv"
	measure "$work/all" "$work/clusterchain" analyze "$work/ds" --quiet -o "$work/out-all"
done
cw=$(cut -d' ' -f1 "$work/csv" | median)
cc=$(cut -d' ' -f2 "$work/csv" | median)
aw=$(cut -d' ' -f1 "$work/all" | median)
ac=$(cut -d' ' -f2 "$work/all" | median)
printf "%-14s %8s %8s\n" "" "wall_s" "cpu_s"
printf "%-14s %8s %8s\n" "--formats csv" "$cw" "$cc"
printf "%-14s %8s %8s\n" "all outputs" "$aw" "$ac"
printf "%-14s %8.2f %8.2f\n" "ratio" "$(echo "$aw / $cw" | bc -l)" "$(echo "$ac / $cc" | bc -l)"
echo "  runs, wall/cpu (s): csv $(tr '\n' ' ' <"$work/csv" | sed 's/ \([0-9.]*\) / \1, /g')"
echo "  runs, wall/cpu (s): all $(tr '\n' ' ' <"$work/all" | sed 's/ \([0-9.]*\) / \1, /g')"
echo "  files of all: $(ls "$work/out-all" | wc -l), $(du -sh "$work/out-all" | cut -f1); load after: $(cut -d' ' -f1-3 /proc/loadavg)"
