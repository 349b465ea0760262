#!/bin/sh
# Batched vs per-candidate grading, both simulators, measured in one run on
# the same candidates: `veripref grade --testbench <tbgen bench> --batch 1`
# (one compile and simulation per candidate) against the default `--batch
# auto`.  Per task, N candidates (default 200): the reference and its mutants
# from `veripref mutate`, made up to N with copies of mutants that carry an
# extra empty module each (a different design text, so not deduplicated; the
# extra module is never elaborated).  Mutants that time out in Icarus are
# dropped first (a hang costs a timeout in both modes and would drown the
# measurement).  Then the same with 5% of the candidates broken: all syntax
# errors (5%syntax), then half syntax errors and half zero-delay hangs
# (5%mixed).  Prints candidates per second, the ratio and
# the peak memory of each mode (all processes, sampled), and checks both
# modes agree on every result.
# Environment: VERIPREF, BUILD (set by `make bench`); BENCH_BATCH_N,
# BENCH_BATCH_TASKS, BENCH_BATCH_SIMS, BENCH_BATCH_TIMEOUT override the
# defaults.
set -eu
REPO=$(cd "$(dirname "$0")/../.." && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/vp-bench-batch.XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM
N=${BENCH_BATCH_N:-200}
TASKS=${BENCH_BATCH_TASKS:-"counter8 uart_rx adder8"}
SIMS=${BENCH_BATCH_SIMS:-"iverilog verilator"}
TIMEOUT=${BENCH_BATCH_TIMEOUT:-5}
JOBS=$(getconf _NPROCESSORS_ONLN)

now() { date +%s.%N; }
strip_ms() { sed 's/,"wall_ms":[0-9]*//' "$1"; }

# Total resident memory of every process, in kB.
mem_kb() { ps -e -o rss= | awk '{ s += $1 } END { print s + 0 }'; }

# run LABEL K SIM: grade every candidate; sets secs and rss (the peak of
# every process's summed RSS above the level before the run, sampled every
# 0.2 s: the sandboxed compilers and simulators included).
run() {
	base=$(mem_kb)
	peak=$base
	t0=$(now)
	"$VERIPREF" grade --task "$T" --testbench "$W/tb.v" --sim "$3" --jobs "$JOBS" \
		--timeout "$TIMEOUT" --format jsonl --batch "$2" "$W"/c/*.v \
		>"$W/$1.jsonl" 2>"$W/$1.err" &
	pid=$!
	while kill -0 "$pid" 2>/dev/null; do
		cur=$(mem_kb)
		[ "$cur" -le "$peak" ] || peak=$cur
		sleep 0.2
	done
	wait "$pid" || true
	t1=$(now)
	secs=$(echo "$t1 - $t0" | bc -l)
	rss=$((peak - base))
}

# measure MODE: per-candidate, then batched, in each simulator.
measure() {
	for sim in $SIMS; do
		run one 1 "$sim"
		s1=$secs r1=$rss
		run many auto "$sim"
		strip_ms "$W/one.jsonl" >"$W/one.s"
		strip_ms "$W/many.jsonl" >"$W/many.s"
		cmp -s "$W/one.s" "$W/many.s" ||
			{ echo "bench batch: $id ($1, $sim): --batch auto differs from --batch 1" >&2; exit 1; }
		printf '%-9s %4d %-9s %-9s %8.1f %8.1f %6.1fx %6.0f %6.0f  %s\n' "$id" "$n" "$sim" "$1" \
			"$(echo "$n / $s1" | bc -l)" "$(echo "$n / $secs" | bc -l)" \
			"$(echo "$s1 / $secs" | bc -l)" "$(echo "$r1 / 1024" | bc -l)" "$(echo "$rss / 1024" | bc -l)" \
			"$(sed -n 's/^batch: //p' "$W/many.err")"
	done
}

printf '%-9s %4s %-9s %-9s %8s %8s %7s %6s %6s  %s\n' task n sim mode 'cand/s' 'auto c/s' ratio 'mem1' 'memK' \
	'(peak MB) batch stats'
for id in $TASKS; do
	T=$REPO/rtl_tasks/$id
	rm -rf "$W/m" "$W/c"
	mkdir -p "$W/c"
	"$VERIPREF" tbgen --task "$T" -o "$W/tb.v"
	"$VERIPREF" mutate --task "$T" --max "$N" --seed 1 --out "$W/m" >/dev/null 2>&1
	cp "$T/ref.v" "$W/c/ref.v"
	# Drop mutants that time out.
	"$VERIPREF" grade --task "$T" --testbench "$W/tb.v" --timeout "$TIMEOUT" --format jsonl \
		--jobs "$JOBS" "$W"/m/*.v >"$W/pre.jsonl" 2>/dev/null || true
	for f in "$W"/m/*.v; do
		grep -F "\"candidate\":\"$f\"" "$W/pre.jsonl" | grep -q '"outcome":"timeout"' || cp "$f" "$W/c/"
	done
	i=0
	while [ "$(ls "$W/c" | wc -l)" -lt "$N" ]; do
		for f in "$W"/m/*.v; do
			[ "$(ls "$W/c" | wc -l)" -lt "$N" ] || break
			[ -f "$W/c/$(basename "$f")" ] || continue
			i=$((i + 1))
			{ cat "$f"; printf '\nmodule vpad_%d;\nendmodule\n' $i; } >"$W/c/pad$i.v"
		done
	done
	n=$(ls "$W/c" | wc -l)

	measure clean

	# 5% broken: replace candidates with syntax errors, then half of them
	# with zero-delay hangs (each costs a whole --timeout in both modes).
	nb=$(( (n + 19) / 20 ))
	j=0
	for f in $(ls "$W"/c/*.v | tail -n "$nb"); do
		j=$((j + 1))
		sed '0,/;/s/;/ /' "$T/ref.v" >"$f"   # drop the first ';'
		printf '\nmodule vbrk_%d;\nendmodule\n' $j >>"$f"
	done
	measure 5%syntax
	j=0
	for f in $(ls "$W"/c/*.v | tail -n "$nb"); do
		j=$((j + 1))
		[ $((j % 2)) -eq 0 ] || continue
		sed "s/^endmodule/  reg [31:0] vhang_$j;\n  initial begin vhang_$j = 0; while (1) vhang_$j = vhang_$j + 1; end\nendmodule/" \
			"$T/ref.v" >"$f"
	done
	measure 5%mixed
done
echo "(--batch auto vs --batch 1, --jobs $JOBS, --timeout $TIMEOUT, $(getconf _NPROCESSORS_ONLN) CPUs; results identical in every mode)"
