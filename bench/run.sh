#!/usr/bin/env bash
# Benchmark clusterchain against python-igraph and graph-tool on generated
# networks.
#
#   bench/run.sh [RUNS] [SIZES…]      e.g. bench/run.sh 3 20000 50000 1000000
#   PEERS=graph-tool bench/run.sh 3 20000     one peer only (PEERS="": none)
#   OURS_FLAGS=--exact bench/run.sh 1 150000  extra flags for clusterchain
#
# For each size (firms) it generates a dataset with `clusterchain generate
# --firms N --seed 1`, then runs, RUNS times (default 3) and in turn,
# `clusterchain analyze --formats csv` and each peer (bench/igraph_figures.py,
# bench/graph_tool_figures.py; PEERS lists which, default "igraph
# graph-tool"), timing each with /usr/bin/time -v. Alternating keeps them
# under the same machine load. It prints the median wall time and peak
# resident memory of each, the ratio of clusterchain's time to the faster
# peer's (and to each peer's), every run's time and the load average before
# it, and the median time of each peer's calls (their stderr).
#
# After every peer run, bench/check_nodes.py compares the peer's nodes.csv
# with clusterchain's, node by node (degrees and core exactly, betweenness,
# closeness, harmonic and volumes to 1e-9, PageRank to 1e-6): a
# disagreement stops the benchmark with the nodes that differ.
#
# Sizes above 200,000 firms are an absolute check, without the peers (their
# exact all-pairs sweeps would take hours there): clusterchain alone, RUNS
# times, against 20 s and 3 GiB up to a million firms and 60 s and 10 GiB
# above (issue 19). Default sizes: 20000 50000.
#
# What the peers compute: see the scripts. igraph runs on one core (its C
# core has no parallel betweenness), graph-tool on every core (OpenMP);
# both run betweenness, closeness and harmonic as three separate all-pairs
# sweeps, as an analyst calling them would. clusterchain computes more
# figures (constraint, effective size, brokerage, tiers, linkage, reach,
# resilience, …) and writes five tables.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
[ $# -gt 0 ] && shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(20000 50000)
read -r -a peers <<<"${PEERS-igraph graph-tool}"
read -r -a ours_flags <<<"${OURS_FLAGS-}"
solo=200000

declare -A script=([igraph]=bench/igraph_figures.py [graph-tool]=bench/graph_tool_figures.py)
declare -A module=([igraph]=igraph [graph-tool]=graph_tool)
declare -A package=([igraph]=python3-igraph [graph-tool]=python3-graph-tool)
for p in "${peers[@]}"; do
	[ -n "${script[$p]-}" ] || { echo "unknown peer $p (known: igraph graph-tool)" >&2; exit 2; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/clusterchain" ./cmd/clusterchain
versions=""
for n in "${sizes[@]}"; do
	if [ "$n" -le "$solo" ]; then
		for p in "${peers[@]}"; do
			v=$(/usr/bin/python3 -W ignore -c "import ${module[$p]} as m; print(m.__version__.split()[0])" 2>/dev/null) ||
				{ echo "${package[$p]} missing: apt-get install ${package[$p]}" >&2; exit 1; }
			versions+=", $p $v"
		done
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
load() { cut -d' ' -f1 /proc/loadavg; }
runs_of() { cut -d' ' -f"$2" "$1" | tr '\n' ' ' | sed 's/ $//'; }
mibs_of() { cut -d' ' -f2 "$1" | awk '{printf "%s%.0f", (NR>1 ? " " : ""), $1/1024}'; }
calls() { # calls FILE: the median of each "name=1.234s" over the lines of FILE
	awk '{for (i=2;i<=NF;i++) {split($i,kv,"="); sub(/s$/,"",kv[2]); print kv[1], kv[2]}}' "$1" |
		sort -k1,1 -k2g | awk '{v[$1]=v[$1] " " $2; c[$1]++} END {for (k in v) {n=split(substr(v[k],2),a," ");
			printf "%s=%s ", k, (n%2) ? a[(n+1)/2] : (a[n/2]+a[n/2+1])/2}}' | tr ' ' '\n' | sort | tr '\n' ' '
}

model=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
echo "# $(date -u +%F), $(nproc) cores ($model), $(go version | cut -d' ' -f3)${versions}," \
	"commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- . 2>/dev/null || echo +changes), $runs runs per size${ours_flags[*]:+, clusterchain ${ours_flags[*]}}"
for n in "${sizes[@]}"; do
	ds="$work/gen-$n"
	"$work/clusterchain" generate --firms "$n" --seed 1 -o "$ds" >/dev/null
	links=$(($(wc -l <"$ds/links.csv") - 1))
	with=()
	[ "$n" -le "$solo" ] && with=("${peers[@]}")
	: >"$work/ours"
	: >"$work/loads"
	for p in "${with[@]}"; do : >"$work/t-$p"; : >"$work/c-$p"; done
	for _ in $(seq "$runs"); do
		echo -n "$(load)" >>"$work/loads"
		measure "$work/log" "$work/clusterchain" analyze "$ds" --formats csv --quiet "${ours_flags[@]}" -o "$work/out-$n" >>"$work/ours"
		for p in "${with[@]}"; do
			echo -n "/$(load)" >>"$work/loads"
			rm -rf "$work/peer-$n"
			measure "$work/log" /usr/bin/python3 "${script[$p]}" "$ds" "$work/peer-$n" >>"$work/t-$p"
			grep "^$p: " "$work/log" >>"$work/c-$p" || true
			/usr/bin/python3 bench/check_nodes.py "$work/out-$n/nodes.csv" "$work/peer-$n/nodes.csv" "$p" >"$work/check-$p" ||
				{ cat "$work/check-$p"; echo "bench: $p disagrees with clusterchain at $n firms" >&2; exit 1; }
		done
		echo >>"$work/loads"
	done
	ot=$(cut -d' ' -f1 "$work/ours" | median)
	om=$(cut -d' ' -f2 "$work/ours" | median | mib)
	echo
	echo "## $n firms, $links links"
	echo "  clusterchain  ${ot} s, ${om} MiB   runs (s): $(runs_of "$work/ours" 1); peak (MiB): $(mibs_of "$work/ours")"
	best="" bt=""
	for p in "${with[@]}"; do
		pt=$(cut -d' ' -f1 "$work/t-$p" | median)
		pm=$(cut -d' ' -f2 "$work/t-$p" | median | mib)
		printf "  %-12s  %s s, %s MiB   runs (s): %s; peak (MiB): %s; ratio %.3f\n" "$p" "$pt" "$pm" \
			"$(runs_of "$work/t-$p" 1)" "$(mibs_of "$work/t-$p")" "$(echo "$ot / $pt" | bc -l)"
		echo "      calls (median s): $(calls "$work/c-$p")"
		echo "      agreement, $(grep '^largest differences' "$work/check-$p")"
		if [ -z "$bt" ] || [ "$(echo "$pt < $bt" | bc -l)" = 1 ]; then best=$p bt=$pt bm=$pm; fi
	done
	echo "  load average before each run (clusterchain/peers…): $(tr '\n' ' ' <"$work/loads")"
	if [ -n "$best" ]; then
		printf "  => ratio %.3f against the faster peer (%s), target <= 0.1; peak memory %s / %s MiB (%s)\n" \
			"$(echo "$ot / $bt" | bc -l)" "$best" "$om" "$bm" \
			"$([ "$om" -le "$bm" ] && echo "no more than the peer's" || echo "MORE than the peer's")"
	elif [ "$n" -gt "$solo" ]; then
		lim_t=20 lim_m=3072
		[ "$n" -gt 1000000 ] && lim_t=60 lim_m=10240
		echo "  => $(awk -v t="$ot" -v m="$om" -v lt=$lim_t -v lm=$lim_m 'BEGIN {print (t <= lt && m <= lm) ? "within " : "OVER the "}')${lim_t} s / $((lim_m / 1024)) GiB target"
	fi
done
