#!/bin/sh
# Lexer, scan and hash throughput on a 12 MiB generated Verilog file, as
# ratios to `wc -w` over the same file measured in the same run.
# Environment: BUILD (the build directory).
set -eu
dir=$(mktemp -d "${TMPDIR:-/tmp}/vp-bench-vtext.XXXXXX")
trap 'rm -rf "$dir"' EXIT
vt="$BUILD/bin/vtext"
"$vt" gen 12 "$dir/big.v"
bytes=$(wc -c <"$dir/big.v")

now() { date +%s%N; }
# best of 3, in nanoseconds
best() {
	b=""
	for _ in 1 2 3; do
		t0=$(now); "$@" >/dev/null; t1=$(now)
		d=$((t1 - t0))
		if [ -z "$b" ] || [ "$d" -lt "$b" ]; then b=$d; fi
	done
	echo "$b"
}
base=$(best wc -w "$dir/big.v")
for mode in lex scan hash; do
	t=$(best "$vt" $mode "$dir/big.v")
	awk -v m="$mode" -v t="$t" -v b="$base" -v n="$bytes" 'BEGIN {
		printf "vtext %-4s %5.1f MiB in %6.1f ms  %6.1f MiB/s  %.2fx the time of wc -w\n",
			m, n / 1048576, t / 1e6, (n / 1048576) / (t / 1e9), t / b }'
done
"$vt" scan "$dir/big.v"
