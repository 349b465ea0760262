#!/bin/sh
# LLM client throughput against the loopback fake server (instant replies):
# N requests (default 10,000) with 64 in flight vs the same requests one at a
# time, measured in the same run.  Prints requests/s, client CPU time per
# request, peak RSS at N and at N/5 (memory must stay flat), and the ratios.
# A second pair with 2 ms server latency shows what concurrency buys when the
# server, not the client, is the bottleneck.
#
# Environment: VERIPREF, BUILD (set by `make bench`); LLM_BENCH_N overrides N.
set -u
REPO=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/vp-bench-llm.XXXXXX") || exit 3
cd "$work" || exit 3
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"
N=${LLM_BENCH_N:-10000}

val() { sed -n "s/^$1 //p" "$2"; }

run() { # run OUT K COUNT
	"$VERIPREF" llm --model bench --bench "$3" --llm-concurrency "$2" >"$1" 2>"$1.err" ||
		fail "bench run failed: $(cat "$1.err")"
}

start_fake --idle-exit 300
run par.txt 64 "$N"
run seq.txt 1 "$N"
run small.txt 64 $((N / 5))
stop_fake
start_fake --idle-exit 300 --delay-ms 2
run lat_par.txt 64 1000
run lat_seq.txt 1 1000
stop_fake

echo "llm client bench: $N requests to the fake server (loopback, instant replies)"
printf '%-28s %12s %12s %14s %12s\n' "mode" "requests" "req/s" "cpu ms/req" "max rss kB"
for f in par seq small lat_par lat_seq; do
	case $f in
	par) label="64 in flight" ;;
	seq) label="1 at a time" ;;
	small) label="64 in flight, N/5" ;;
	lat_par) label="2 ms latency, 64 in flight" ;;
	lat_seq) label="2 ms latency, 1 at a time" ;;
	esac
	printf '%-28s %12s %12s %14s %12s\n' "$label" "$(val requests $f.txt)" \
		"$(val requests_per_second $f.txt)" "$(val cpu_ms_per_request $f.txt)" \
		"$(val max_rss_kb $f.txt)"
done
awk -v p="$(val requests_per_second par.txt)" -v s="$(val requests_per_second seq.txt)" \
    -v lp="$(val requests_per_second lat_par.txt)" -v ls="$(val requests_per_second lat_seq.txt)" \
    -v c="$(val cpu_ms_per_request par.txt)" \
    -v m="$(val max_rss_kb par.txt)" -v ms="$(val max_rss_kb small.txt)" 'BEGIN {
	printf "throughput ratio 64 vs 1 (instant replies): %.2f\n", p / s
	printf "throughput ratio 64 vs 1 (2 ms latency):    %.2f\n", lp / ls
	printf "memory ratio N vs N/5: %.2f\n", m / ms
	printf "targets: >= 2000 req/s: %s; <= 0.5 ms cpu/request: %s; flat memory (<= 1.2): %s\n",
		(p >= 2000 ? "met" : "MISSED"), (c <= 0.5 ? "met" : "MISSED"), (m / ms <= 1.2 ? "met" : "MISSED")
}'
cd / && rm -rf "$work"
