#!/usr/bin/env bash
# Benchmark clusterchain against python-igraph on generated networks.
#
#   bench/run.sh [RUNS] [SIZES…]      e.g. bench/run.sh 3 20000 50000 1000000
#
# For each size (firms) it generates a dataset with `clusterchain generate
# --firms N --seed 1`, then alternates `clusterchain analyze --formats csv`
# and bench/igraph_figures.py on it RUNS times (default 3), timing each with
# /usr/bin/time -v, and prints the median wall time and peak resident memory
# of each and their ratio, with every run's time. Alternating the two keeps
# them under the same machine load.
#
# Sizes above 200,000 firms are an absolute check, without the peer (igraph's
# exact all-pairs sweeps would take hours there): clusterchain alone, RUNS
# times, against the targets of 20 s and 3 GiB. Default sizes: 20000 50000.
#
# What the peer computes: see bench/igraph_figures.py. It is single-threaded
# (igraph's C core has no parallel betweenness) and runs betweenness,
# closeness and harmonic as three separate all-pairs sweeps, as an analyst
# calling igraph would; clusterchain computes more figures (constraint,
# effective size, brokerage, tiers, linkage, reach, resilience, …) and writes
# five tables.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
[ $# -gt 0 ] && shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(20000 50000)
solo=200000

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/clusterchain" ./cmd/clusterchain
for n in "${sizes[@]}"; do
	if [ "$n" -le "$solo" ]; then
		/usr/bin/python3 -c 'import igraph' 2>/dev/null ||
			{ echo "python3-igraph missing: apt-get install python3-igraph" >&2; exit 1; }
		break
	fi
done

measure() { # measure LOG CMD… → prints "seconds kib"
	local log=$1
	shift
	/usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; return 1; }
	awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; t=s}
	            /Maximum resident set size/ {m=$2} END {printf "%.2f %d\n", t, m}' "$log"
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
mib() { awk '{printf "%.0f", $1/1024}'; }

model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "# $(date -u +%F), $(nproc) cores ($model), $(go version | cut -d' ' -f3), $runs runs per size"
printf "%-9s %-8s %10s %10s %7s %11s %11s\n" firms links ours_s igraph_s ratio ours_MiB igraph_MiB
for n in "${sizes[@]}"; do
	ds="$work/gen-$n"
	"$work/clusterchain" generate --firms "$n" --seed 1 -o "$ds" >/dev/null
	links=$(($(wc -l <"$ds/links.csv") - 1))
	: >"$work/ours"
	: >"$work/peer"
	for _ in $(seq "$runs"); do
		measure "$work/log" "$work/clusterchain" analyze "$ds" --formats csv --quiet -o "$work/out-$n" >>"$work/ours"
		if [ "$n" -le "$solo" ]; then
			measure "$work/log" /usr/bin/python3 bench/igraph_figures.py "$ds" "$work/peer-$n" >>"$work/peer"
		fi
	done
	ot=$(cut -d' ' -f1 "$work/ours" | median)
	om=$(cut -d' ' -f2 "$work/ours" | median | mib)
	if [ "$n" -le "$solo" ]; then
		pt=$(cut -d' ' -f1 "$work/peer" | median)
		pm=$(cut -d' ' -f2 "$work/peer" | median | mib)
		printf "%-9s %-8s %10s %10s %7.3f %11s %11s\n" "$n" "$links" "$ot" "$pt" "$(echo "$ot / $pt" | bc -l)" "$om" "$pm"
		echo "  runs (s): ours $(cut -d' ' -f1 "$work/ours" | tr '\n' ' ')| igraph $(cut -d' ' -f1 "$work/peer" | tr '\n' ' ')"
		echo "  peak (MiB): ours $(cut -d' ' -f2 "$work/ours" | awk '{printf "%.0f ", $1/1024}')| igraph $(cut -d' ' -f2 "$work/peer" | awk '{printf "%.0f ", $1/1024}')"
	else
		verdict=$(awk -v t="$ot" -v m="$om" 'BEGIN {print (t <= 20 && m <= 3072) ? "within 20 s and 3 GiB" : "OVER the 20 s / 3 GiB target"}')
		printf "%-9s %-8s %10s %10s %7s %11s %11s  %s\n" "$n" "$links" "$ot" "-" "-" "$om" "-" "$verdict"
		echo "  runs (s): ours $(cut -d' ' -f1 "$work/ours" | tr '\n' ' ')"
		echo "  peak (MiB): ours $(cut -d' ' -f2 "$work/ours" | awk '{printf "%.0f ", $1/1024}')"
	fi
done
