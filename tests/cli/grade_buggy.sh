# The recorded bugs of every task (tests/buggy/<task>/bug*.v) fail its
# testbenches in both simulators: each bug has a `fail` cell in each simulator
# (a bug may slip through one of several benches of its task, never all).
# The compile limit is raised: this test proves verdicts, and a loaded
# machine must not turn a slow Verilator build into a timeout outcome.
. "$REPO/tests/lib.sh"

nbugs=0
for d in "$REPO"/tests/buggy/*/; do
	id=$(basename "$d")
	[ -d "$REPO/rtl_tasks/$id" ] || fail "tests/buggy/$id has no task rtl_tasks/$id"
	expect_exit 1 "$VERIPREF" grade --task "$REPO/rtl_tasks/$id" --sim both --compile-timeout 300 --format jsonl "$d"bug*.v
	for b in "$d"bug*.v; do
		for s in iverilog verilator; do
			grep -F "\"candidate\":\"$b\"" out | grep "\"sim\":\"$s\"" | grep -q '"outcome":"fail"' ||
				fail "$id/$(basename "$b") has no failing check under $s"
		done
		nbugs=$((nbugs + 1))
	done
done
[ "$nbugs" -gt 0 ] || fail "no recorded bugs found under tests/buggy"
echo "$nbugs recorded bugs fail their benches"
