#!/bin/sh
# Benchmark of `veripref tbgen --kind differential` over every bundled task
# with a ref.v: seconds per task, against a bare `yosys` elaboration of the
# same ref.v measured in the same run (the part tbgen cannot avoid), and the
# Icarus time of the generated bench with the reference as the candidate.
# Informational: it never fails on speed.
# Environment: VERIPREF, BUILD (from `make bench`).
set -u
cd "$(dirname "$0")/../.." || exit 3
dir=$(mktemp -d "${TMPDIR:-/tmp}/vp-bench-tbgen.XXXXXX") || exit 3
trap 'rm -rf "$dir"' EXIT INT TERM

now() { date +%s.%N; }
n=0; t_gen=0; t_ys=0; t_sim=0
printf '%-14s %8s %8s %6s %8s\n' task tbgen_s yosys_s ratio icarus_s
for d in rtl_tasks/*/; do
	t=$(basename "$d")
	[ -f "$d/ref.v" ] || continue
	top=$(sed -n 's/.*"top": *"\([^"]*\)".*/\1/p' "$d/task.json")
	a=$(now)
	"$VERIPREF" tbgen --task "$d" -o "$dir/$t.v" || exit 3
	b=$(now)
	(cd "$dir" && yosys -q -p "read_verilog -sv $OLDPWD/$d/ref.v; hierarchy -top $top; proc; write_json y.json" 2>/dev/null) || exit 3
	c=$(now)
	iverilog -g2012 -I testbench -DVP_NONCE=64\'h1 -s tb -o "$dir/t.vvp" "$d/ref.v" "$dir/$t.v" &&
		vvp -n "$dir/t.vvp" >"$dir/sim.log" || exit 3
	e=$(now)
	grep -q '^@vp:0000000000000001:DONE \([0-9]*\) \1$' "$dir/sim.log" || { echo "$t: reference fails its bench" >&2; exit 3; }
	awk -v t="$t" -v a="$a" -v b="$b" -v c="$c" -v e="$e" 'BEGIN {
		printf "%-14s %8.3f %8.3f %6.2f %8.3f\n", t, b - a, c - b, (b - a) / (c - b), e - c }'
	n=$((n + 1))
	t_gen=$(awk -v x="$t_gen" -v a="$a" -v b="$b" 'BEGIN { print x + b - a }')
	t_ys=$(awk -v x="$t_ys" -v b="$b" -v c="$c" 'BEGIN { print x + c - b }')
	t_sim=$(awk -v x="$t_sim" -v c="$c" -v e="$e" 'BEGIN { print x + e - c }')
done
awk -v n="$n" -v g="$t_gen" -v y="$t_ys" -v s="$t_sim" 'BEGIN {
	printf "%d tasks: tbgen %.3f s/task, bare yosys %.3f s/task (tbgen/yosys %.2fx), icarus run of the bench %.3f s/task\n",
		n, g / n, y / n, g / y, s / n }'
