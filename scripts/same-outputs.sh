#!/usr/bin/env bash
# Check that the working tree writes byte-identical outputs to a base commit.
#
#   scripts/same-outputs.sh [BASE]      (default BASE: HEAD)
#
# Builds clusterchain at BASE (from a temporary git worktree) and from the
# working tree, then runs both on the same inputs — the embedded sample and
# a generated 2,000-firm dataset: analyze with every format, whatif, render
# of every view, import, a diff of two waves — and compares every file
# written and everything printed with cmp. Use it around a change that must
# not change behaviour (a refactoring); it prints the files that differ and
# exits 1 if any does.
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:-HEAD}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base-src" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/base-src" "$base" >/dev/null 2>&1
(cd "$work/base-src" && go build -o "$work/base" ./cmd/clusterchain)
go build -o "$work/head" ./cmd/clusterchain
"$work/head" generate --firms 2000 --seed 1 -o "$work/gen2k" >/dev/null
"$work/head" generate --firms 2000 --seed 2 -o "$work/gen2k-b" >/dev/null

runall() { # runall BIN OUT
	local bin=$1 out=$2
	mkdir -p "$out"
	{
		"$bin" analyze -o "$out/sample" || true
		"$bin" analyze "$work/gen2k" -o "$out/gen2k" || true
		"$bin" analyze "$work/gen2k-b" -o "$out/gen2k-b" --formats csv,json || true
		"$bin" analyze "$work/gen2k" -o "$out/gen2k-json" --json --formats csv || true
		"$bin" whatif samples/zhejiang --remove walmart,yiwu-ccc -o "$out/whatif" || true
		"$bin" whatif "$work/gen2k" --remove "$(sed -n 2p "$work/gen2k/markets.csv" | cut -d, -f1)" -o "$out/whatif2k" || true
		for v in network clusters tiers; do "$bin" render --view $v -o "$out/render-$v.svg" || true; done
		"$bin" render --view ego --node yiwu-ccc -o "$out/render-ego.svg" || true
		"$bin" render --view network --format dot -o "$out/render-network.dot" || true
		"$bin" import samples/survey/survey.csv --schema samples/survey/schema.json -o "$out/import" || true
		"$bin" validate "$work/gen2k" || true
		"$bin" diff "$out/gen2k" "$out/gen2k-b" -o "$out/diff" --fail-if 'market_share<-0.1' || true
		"$bin" batch samples/zhejiang "$work/gen2k" -o "$out/batch" || true
	} >"$out/stdout.txt" 2>"$out/stderr.txt"
	# the paths of the temporary directories differ between the two runs
	sed -i "s#$out#OUT#g; s#$work#WORK#g" "$out/stdout.txt" "$out/stderr.txt"
	# report.html records the tool's version, which differs between the builds
	find "$out" -name report.html -exec sed -i 's#<dd id="tool-version">[^<]*</dd>#<dd id="tool-version">VERSION</dd>#' {} +
}
runall "$work/base" "$work/out-base"
runall "$work/head" "$work/out-head"
if diff -r -q "$work/out-base" "$work/out-head"; then
	echo "same outputs as $base: $(find "$work/out-head" -type f | wc -l) files"
else
	echo "outputs differ from $base (above)" >&2
	exit 1
fi
