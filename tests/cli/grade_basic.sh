# veripref grade on adder8: the reference passes with exact JSON fields,
# a mutant fails naming the failing check, duplicates are simulated once,
# and usage/runtime errors have their exit codes.
. "$REPO/tests/lib.sh"

T="$REPO/rtl_tasks/adder8"
cp "$T/ref.v" ref.v
# Same design with different comments and spacing: an identical candidate.
{ echo "// a copy"; sed 's/  */ /g' "$T/ref.v"; } > copy.v
# A wrong design that drops the carry-in.
cat > nocin.v <<'V'
module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);
  assign {cout, sum} = a + b;
endmodule
V
ntb=$(ls "$T"/tb/*.v | wc -l)

expect_exit 0 "$VERIPREF" grade --task "$T" --format jsonl ref.v
expect_eq "lines" "$(wc -l < out)" "$ntb"
expect_grep '^\{"candidate":"ref.v","testbench":"[^"]+\.v","sim":"iverilog","outcome":"pass","checks_passed":[1-9][0-9]*,"checks_total":[1-9][0-9]*,"message":"","wall_ms":[0-9]+\}$' out
# checks_passed == checks_total on a pass
sed 's/.*"checks_passed":\([0-9]*\),"checks_total":\([0-9]*\).*/\1 \2/' out | while read p t; do
	[ "$p" = "$t" ] || fail "pass with $p of $t checks"
done

expect_exit 1 "$VERIPREF" grade --task "$T" --format jsonl ref.v copy.v nocin.v
expect_eq "lines" "$(wc -l < out)" "$((3 * ntb))"
expect_grep '"candidate":"copy.v".*"outcome":"pass".*"same_as":"ref.v"' out
expect_grep '"candidate":"nocin.v".*"outcome":"fail".*"message":"[0-9]+ of [0-9]+ checks failed; first: ' out

# Text format: one line per cell and a summary.
expect_exit 1 "$VERIPREF" grade --task "$T" ref.v nocin.v
expect_grep '^pass +ref.v ' out
expect_grep '^fail +nocin.v ' out
expect_grep "^2 candidates x $ntb testbench(es)?: $((2 * ntb)) cells?, $ntb pass, $ntb fail$" out

# Usage errors: exit 2 with a one-line reason.
expect_exit 2 "$VERIPREF" grade ref.v
expect_grep 'error: --task DIR is required' err
expect_exit 2 "$VERIPREF" grade --task "$T"
expect_grep 'error: no candidate files given' err
expect_exit 2 "$VERIPREF" grade --task "$T" --sim modelsim ref.v
expect_grep "unknown simulator 'modelsim'" err
expect_exit 2 "$VERIPREF" grade --task "$T" --jobs 0 ref.v
expect_exit 2 "$VERIPREF" grade --task "$T" --format xml ref.v

# Runtime errors: exit 3 naming the file or the missing program.
expect_exit 3 "$VERIPREF" grade --task "$T" missing.v
expect_grep "cannot read candidate 'missing.v': No such file or directory" err
expect_exit 3 "$VERIPREF" grade --task ./no-such-task ref.v
expect_grep "no-such-task" err
# A simulator missing from the jobs' PATH (the caller's PATH does not matter:
# jobs run with the scrubbed one).  Hiding iverilog needs a private mount
# namespace, so root only.
expect_exit 0 env PATH=/nonexistent "$VERIPREF" grade --task "$T" ref.v
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	for d in /usr/local/bin /usr/bin /bin; do
		[ -e "$d/iverilog" ] && echo "mount --bind /dev/null $d/iverilog"
	done > hide.sh
	expect_exit 3 unshare -m sh -c '. ./hide.sh && "$0" grade --task "$1" ref.v' "$VERIPREF" "$T"
	expect_grep "simulator iverilog is not usable: program 'iverilog' not found in /usr/local/bin:/usr/bin:/bin" err
else
	echo "grade_basic: not root, missing-simulator case not run" >&2
fi
