#!/bin/sh
# Grading throughput on the Icarus path, measured in one run:
#   - a naive shell loop running `iverilog` then `vvp` per candidate (baseline;
#     no sandbox, no scan, no verdict parsing: the floor of the work),
#   - veripref grade --jobs 1 (sandbox included),
#   - veripref grade --jobs <online CPUs>,
# over the same batch: every bundled task's reference plus its mutants,
# at least 200 candidates, each graded against every testbench of its task.
# Prints candidates per second, the ratios to the baseline, and veripref's own
# peak memory.  Environment: VERIPREF, BUILD (set by `make bench`).
set -eu
REPO=$(cd "$(dirname "$0")/../.." && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/vp-bench-grade.XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM
CPUS=$(getconf _NPROCESSORS_ONLN)
WANT=${BENCH_CANDIDATES:-200}

tasks=""
for t in "$REPO"/rtl_tasks/*/; do
	[ -f "$t/ref.v" ] && ls "$t"tb/*.v >/dev/null 2>&1 && tasks="$tasks $(basename "$t")"
done
ntasks=$(echo $tasks | wc -w)
[ "$ntasks" -gt 0 ] || { echo "bench grade: no tasks with ref.v and tb/*.v" >&2; exit 1; }
# One more than the even share (a few variants may be dropped for hanging),
# and at least 10 per task: one grading invocation per task is how the tool
# is used, and a batch of 5 leaves a worker idle behind the longest job.
per=$(( (WANT + ntasks - 1) / ntasks + 1 ))
[ "$per" -ge 10 ] || per=10

# The batch: per task the reference plus mutants from `veripref mutate`
# (different from each other and from the reference, so no two candidates
# are the same design).  Variants that hang are dropped first (a hang costs
# the same timeout in every contender and would drown the throughput).
total=0
for id in $tasks; do
	mkdir -p "$W/c/$id" "$W/m/$id"
	"$VERIPREF" mutate --task "$REPO/rtl_tasks/$id" --max $((per - 1)) --seed 1 \
		--out "$W/m/$id" >/dev/null 2>&1 || { echo "bench grade: mutate failed for $id" >&2; exit 1; }
	cp "$REPO/rtl_tasks/$id/ref.v" "$W/m/$id/ref.v"
	"$VERIPREF" grade --task "$REPO/rtl_tasks/$id" --timeout 5 --format jsonl "$W/m/$id"/*.v \
		> "$W/pre.jsonl" 2>"$W/err" || [ $? -eq 1 ] || { cat "$W/err" >&2; exit 1; }
	for f in "$W/m/$id"/*.v; do
		grep -F "\"candidate\":\"$f\"" "$W/pre.jsonl" | grep -q '"outcome":"timeout"' && continue
		cp "$f" "$W/c/$id/"
		total=$((total + 1))
	done
done

now() { date +%s.%N; }
rate() { echo "$1 $2 $3" | awk '{ printf "%.1f", $1 / ($3 - $2) }'; }

# Baseline: the naive loop (its verdict lines are counted below, so a loop
# that silently failed to simulate cannot pass for a fast one).
t0=$(now)
for id in $tasks; do
	for f in "$W/c/$id"/*.v; do
		for tb in "$REPO/rtl_tasks/$id"/tb/*.v; do
			if iverilog -g2012 -I"$REPO/testbench" "-DVP_NONCE=64'h1" -s tb \
				-o "$W/naive.vvp" "$tb" "$f" >/dev/null 2>&1; then
				timeout 10 vvp -n "$W/naive.vvp" 2>&1 | grep -c ':DONE ' >> "$W/naive.done" || true
			fi
		done
	done
done
t1=$(now)
naive=$(rate $total "$t0" "$t1")
ran=$(awk '{ n += $1 } END { print n + 0 }' "$W/naive.done")
[ "$ran" -gt 0 ] || { echo "bench grade: the naive loop completed no simulation" >&2; exit 1; }

run_veripref() {  # run_veripref JOBS -> rate; peak KiB in $W/peak.$1
	peak=0
	s=$(now)
	for id in $tasks; do
		"$BUILD/bin/peakrss" "$W/rss" "$VERIPREF" grade --task "$REPO/rtl_tasks/$id" \
			--jobs "$1" --timeout 10 --format jsonl "$W/c/$id"/*.v >/dev/null 2>"$W/err" || [ $? -eq 1 ] ||
			{ cat "$W/err" >&2; exit 1; }
		r=$(cat "$W/rss"); [ "$r" -gt "$peak" ] && peak=$r
	done
	e=$(now)
	echo "$peak" > "$W/peak.$1"
	rate $total "$s" "$e"
}
v1=$(run_veripref 1)
vn=$(run_veripref "$CPUS")

echo "bench grade: $total candidates over $ntasks tasks, Icarus ($ran naive simulations reached their verdict)"
printf '  naive loop (iverilog + vvp)   %8s cand/s   1.00x\n' "$naive"
printf '  veripref grade --jobs 1       %8s cand/s   %sx\n' "$v1" "$(echo "$v1 $naive" | awk '{printf "%.2f", $1/$2}')"
printf '  veripref grade --jobs %-2s      %8s cand/s   %sx\n' "$CPUS" "$vn" "$(echo "$vn $naive" | awk '{printf "%.2f", $1/$2}')"
printf '  veripref peak RSS             %8s MB\n' "$(awk '{printf "%.1f", $1/1024}' "$W/peak.$CPUS")"
