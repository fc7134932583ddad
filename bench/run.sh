#!/usr/bin/env bash
# Benchmark clusterchain against python-igraph on generated networks.
#
#   bench/run.sh [RUNS] [SIZES…]     e.g. bench/run.sh 3 20000 50000
#
# For each size it generates a dataset with `clusterchain generate`, then
# alternates `clusterchain analyze --formats csv` and bench/igraph_figures.py
# on it RUNS times (default 3), timing each with /usr/bin/time -v, and prints
# the median wall time and peak memory of each and their ratio. Alternating
# the two in one run keeps them under the same machine load.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
shift || true
sizes=("${@:-20000 50000}")
[ $# -gt 0 ] && sizes=("$@") || sizes=(20000 50000)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/clusterchain" ./cmd/clusterchain
/usr/bin/python3 -c 'import igraph' 2>/dev/null || { echo "python3-igraph missing: apt-get install python3-igraph" >&2; exit 1; }

measure() { # measure LOG CMD… → prints "seconds kib"
	local log=$1
	shift
	/usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; return 1; }
	awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; t=s}
	            /Maximum resident set size/ {m=$2} END {printf "%.3f %d\n", t, m}' "$log"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

printf "%-9s %-6s %12s %12s %8s %14s %14s\n" firms links ours_s igraph_s ratio ours_MiB igraph_MiB
for n in "${sizes[@]}"; do
	ds="$work/gen-$n"
	"$work/clusterchain" generate --firms "$n" --seed 1 -o "$ds" >/dev/null
	links=$(($(wc -l <"$ds/links.csv") - 1))
	: >"$work/ours" ; : >"$work/peer"
	for r in $(seq "$runs"); do
		measure "$work/log" "$work/clusterchain" analyze "$ds" --formats csv --quiet -o "$work/out-$n" >>"$work/ours"
		measure "$work/log" /usr/bin/python3 bench/igraph_figures.py "$ds" "$work/peer-$n" >>"$work/peer"
	done
	ot=$(cut -d' ' -f1 "$work/ours" | median); om=$(cut -d' ' -f2 "$work/ours" | median)
	pt=$(cut -d' ' -f1 "$work/peer" | median); pm=$(cut -d' ' -f2 "$work/peer" | median)
	printf "%-9s %-6s %12s %12s %8.3f %14.0f %14.0f\n" "$n" "$links" "$ot" "$pt" "$(echo "$ot / $pt" | bc -l)" \
		"$(echo "$om / 1024" | bc -l)" "$(echo "$pm / 1024" | bc -l)"
	echo "  runs (s): ours $(cut -d' ' -f1 "$work/ours" | tr '\n' ' ')| igraph $(cut -d' ' -f1 "$work/peer" | tr '\n' ' ')"
done
