#!/bin/sh
# Benchmark and corpus numbers of testbench validation: for each bundled task
# with a ref.v, the seconds of `veripref tbgen --kind differential` and of
# `veripref tbcheck --differential` (reference in Icarus and Verilator,
# Verilator line/toggle coverage, MAX mutants graded with Icarus, Yosys on
# the survivors), then the corpus means: mutation score and line coverage of
# the differential and of the human testbenches, and how many surviving
# mutants Yosys proved equivalent (each mutant of a task counted once).
# Informational: it never fails on the numbers, only when a command cannot
# run (exit 3 of veripref).
#
# Environment: VERIPREF, BUILD (from `make bench`); TASKS: "all" for every
# task (about an hour on 2 shared cores), else a space-separated list (default:
# 4 small tasks); MAX: mutants per task (default 20); EQUIV_TIMEOUT (default
# 5 s per mutant); OUT: keep the per-testbench JSON lines in this file.
set -u
cd "$(dirname "$0")/../.." || exit 3
dir=$(mktemp -d "${TMPDIR:-/tmp}/vp-bench-tbcheck.XXXXXX") || exit 3
trap 'rm -rf "$dir"' EXIT INT TERM

TASKS=${TASKS:-adder8 counter8 mux8 edge_detect}
MAX=${MAX:-20}
EQUIV_TIMEOUT=${EQUIV_TIMEOUT:-5}
OUT=${OUT:-$dir/all.jsonl}
: >"$OUT"
if [ "$TASKS" = all ]; then
	TASKS=$(for d in rtl_tasks/*/; do [ -f "$d/ref.v" ] && basename "$d"; done)
fi

now() { date +%s.%N; }
n=0; t_gen=0; t_chk=0
printf '%-14s %8s %9s  %s\n' task tbgen_s tbcheck_s 'benches (kind:mutation score)'
for t in $TASKS; do
	d=rtl_tasks/$t
	a=$(now)
	"$VERIPREF" tbgen --task "$d" --kind differential -o "$dir/$t.v" || exit 3
	b=$(now)
	"$VERIPREF" tbcheck --task "$d" --differential --sim both --json --max-mutants "$MAX" \
		--equiv-timeout "$EQUIV_TIMEOUT" >"$dir/$t.jsonl" 2>"$dir/$t.err"
	rc=$?
	c=$(now)
	[ "$rc" -le 1 ] || { cat "$dir/$t.err" >&2; exit 3; }
	cat "$dir/$t.jsonl" >>"$OUT"
	summary=$(sed -e 's/.*"kind":"\([a-z]*\)".*"mutation_score":\([0-9.null]*\).*/\1:\2/' "$dir/$t.jsonl" | tr '\n' ' ')
	awk -v t="$t" -v a="$a" -v b="$b" -v c="$c" -v s="$summary" 'BEGIN {
		printf "%-14s %8.3f %9.3f  %s\n", t, b - a, c - b, s }'
	# Distinct equivalent mutants of this task.
	grep -o '"[^"]* (equivalent)"' "$dir/$t.jsonl" | sort -u >"$dir/$t.eq"
	n=$((n + 1))
	t_gen=$(awk -v x="$t_gen" -v a="$a" -v b="$b" 'BEGIN { print x + b - a }')
	t_chk=$(awk -v x="$t_chk" -v b="$b" -v c="$c" 'BEGIN { print x + c - b }')
done
eq=$(cat "$dir"/*.eq 2>/dev/null | wc -l)
awk -v n="$n" -v g="$t_gen" -v c="$t_chk" -v eq="$eq" -v max="$MAX" '
	function num(key,   m) {
		if (match($0, "\"" key "\":[0-9.]+")) {
			m = substr($0, RSTART, RLENGTH); sub(/.*:/, "", m); return m + 0
		}
		return -1
	}
	{
		kind = ($0 ~ /"kind":"differential"/) ? "differential" : "human"
		nb[kind]++
		s = num("mutation_score"); if (s >= 0) { ss[kind] += s; ns[kind]++ }
		l = num("line_coverage"); if (l >= 0) { ls[kind] += l; nl[kind]++ }
		if ($0 ~ /"verdict":"ok"/) ok[kind]++
		if ($0 ~ /"passes_reference":\{[^}]*false/) bad[kind]++
		v += num("mutants_valid"); k += num("mutants_killed")
		e += num("mutants_equivalent"); u += num("mutants_unknown")
	}
	END {
		printf "%d tasks, up to %d mutants each: tbgen %.3f s/task, tbcheck %.3f s/task\n", n, max, g / n, c / n
		for (kind in nb)
			printf "%s benches: %d, kept %d, failing their reference %d, mean mutation score %.3f (%d scored), mean line coverage %.1f%% (%d measured)\n",
				kind, nb[kind], ok[kind] + 0, bad[kind] + 0, ns[kind] ? ss[kind] / ns[kind] : 0, ns[kind] + 0,
				nl[kind] ? ls[kind] / nl[kind] : 0, nl[kind] + 0
		printf "mutants over all benches: %d valid, %d killed, %d equivalent, %d unknown; distinct mutants proved equivalent: %d\n",
			v, k, e, u, eq
	}' "$OUT"
