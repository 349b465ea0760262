#!/bin/sh
# Benchmark of the scoring core: 1,000 tasks x 100 candidates x 100 tests
# (10 M matrix cells), generated with a fixed seed, scored with every method
# by `veripref score --bench` (one core).  Prints cells per second per method
# against the targets (50 M/s; 10 M/s for pagerank) and peak memory against
# the packed matrix size.  Informational: it never fails on speed.
# Environment: VERIPREF, BUILD (from `make bench`).
set -u
dir=$(mktemp -d "${TMPDIR:-/tmp}/vp-bench-score.XXXXXX") || exit 3
trap 'rm -rf "$dir"' EXIT INT TERM

"$BUILD/bin/gen_matrix" 1000 100 100 20240601 "$dir/m.jsonl" || exit 3
echo "score bench: $(wc -c <"$dir/m.jsonl" | tr -d ' ') bytes of JSONL"
"$VERIPREF" score --bench "$dir/m.jsonl" >"$dir/out" || { cat "$dir/out"; exit 3; }
cat "$dir/out"
awk '$1 ~ /^(truth|truth-all|maxpass|codet|b4|cluster|pagerank)$/ {
	target = ($1 == "pagerank") ? 10 : 50
	printf "%-10s %8.1f Mcells/s  %5.2fx target (%d M/s)%s\n", $1, $3, $3 / target, target,
		($3 >= target) ? "" : "  BELOW TARGET"
}' "$dir/out"
