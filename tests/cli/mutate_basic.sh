# veripref mutate on the bundled adder8: the manifest names every mutant with
# its operator, line, column and description; every mutant differs from
# ref.v in exactly the described line; seeds make sampling repeatable; the
# compile check keeps only mutants iverilog accepts.
. "$REPO/tests/lib.sh"

ref="$REPO/rtl_tasks/adder8/ref.v"

expect_exit 0 "$VERIPREF" mutate --task "$REPO/rtl_tasks/adder8" --out muts --no-compile-check
expect_eq "summary" "$(cat err)" "mutate: 6 mutants from 6 sites (compile check skipped)"
expect_eq "stdout with --out" "$(cat out)" ""
# Line 9: "    assign {cout, sum} = {1'b0, a} + {1'b0, b} + {8'd0, cin};"
cat >want.jsonl <<'EOF'
{"file":"m0001.v","op":"const","line":9,"col":27,"desc":"line 9 col 27: '1'b0' -> '1'b1'","site":0}
{"file":"m0002.v","op":"arith","line":9,"col":36,"desc":"line 9 col 36: '+' -> '-'","site":1}
{"file":"m0003.v","op":"const","line":9,"col":39,"desc":"line 9 col 39: '1'b0' -> '1'b1'","site":2}
{"file":"m0004.v","op":"arith","line":9,"col":48,"desc":"line 9 col 48: '+' -> '-'","site":3}
{"file":"m0005.v","op":"const","line":9,"col":51,"desc":"line 9 col 51: '8'd0' -> '8'd1'","site":4}
{"file":"m0006.v","op":"bitflip","line":9,"col":51,"desc":"line 9 col 51: '8'd0' -> '8'd128'","site":5}
EOF
cmp want.jsonl muts/mutants.jsonl || { diff want.jsonl muts/mutants.jsonl >&2; fail "manifest differs"; }

n=0
for f in muts/m*.v; do
	n=$((n + 1))
	! cmp -s "$f" "$ref" || fail "$f is identical to ref.v"
	# Exactly one line differs, and it is line 9.
	expect_eq "$f changed lines" "$(diff "$ref" "$f" | grep -c '^[<>]')" 2
	expect_eq "$f hunk" "$(diff "$ref" "$f" | head -n 1)" "9c9"
done
expect_eq "mutant files" "$n" 6
sed '9s/{1'"'"'b0, a} + /{1'"'"'b0, a} - /' "$ref" >want2.v
cmp -s want2.v muts/m0002.v || fail "m0002.v is not ref.v with the first '+' turned into '-'"
sed '9s/{8'"'"'d0, cin}/{8'"'"'d128, cin}/' "$ref" >want6.v
cmp -s want6.v muts/m0006.v || fail "m0006.v is not ref.v with 8'd0 -> 8'd128"

# task.json is accepted in place of its directory; text format lists the mutants.
expect_exit 0 "$VERIPREF" mutate --task "$REPO/rtl_tasks/adder8/task.json" --no-compile-check --format text
expect_eq "text lines" "$(wc -l <out)" 6
expect_eq "text line 2" "$(sed -n 2p out)" "m0002    arith     line 9 col 36: '+' -> '-'"

# Without --out: JSONL with the mutated text, one line per mutant.
expect_exit 0 "$VERIPREF" mutate --task "$REPO/rtl_tasks/adder8" --no-compile-check --ops arith
expect_eq "jsonl lines" "$(wc -l <out)" 2
expect_grep '^\{"id":"m0001","op":"arith","line":9,"col":36,"desc":"line 9 col 36: .\+. -> .-.","site":0,"text":"// adder8 .*\{1.b0, a\} - \{1.b0, b\} \+ \{8.d0, cin\};\\nendmodule\\n"\}$' out
expect_eq "summary --ops" "$(cat err)" "mutate: 2 mutants from 2 sites (compile check skipped)"

# Sampling: the same seed gives the same mutants, another seed others.
task="$REPO/rtl_tasks/seg7_hex"
expect_exit 0 "$VERIPREF" mutate --task "$task" --no-compile-check --max 4 --seed 11
mv out s11a
expect_eq "sampled summary" "$(cat err)" "mutate: 4 mutants from 130 sites (compile check skipped)"
expect_exit 0 "$VERIPREF" mutate --task "$task" --no-compile-check --max 4 --seed 11
cmp -s out s11a || fail "same seed gave different mutants"
expect_exit 0 "$VERIPREF" mutate --task "$task" --no-compile-check --max 4 --seed 12
! cmp -s out s11a || fail "seeds 11 and 12 gave the same sample"

# Errors.
expect_exit 3 "$VERIPREF" mutate --task nope --no-compile-check
expect_eq "missing task" "$(cat err)" "veripref: error: cannot open 'nope/ref.v': No such file or directory"
expect_exit 2 "$VERIPREF" mutate
expect_grep '^veripref: error: no task given \(--task DIR\)$' err
expect_exit 2 "$VERIPREF" mutate --task x --max -1
expect_grep "^veripref: error: --max wants a whole number in \[0, 1000000\], not '-1'$" err
expect_exit 2 "$VERIPREF" mutate --task x --format xml
expect_grep "unknown format 'xml'" err
expect_exit 2 "$VERIPREF" mutate --task x --ops arith,nope
expect_grep "unknown operator 'nope' in --ops" err
: >file
expect_exit 3 "$VERIPREF" mutate --task "$REPO/rtl_tasks/adder8" --no-compile-check --out file
expect_eq "out is a file" "$(cat err)" "veripref: error: cannot create directory 'file': Not a directory"

# The compile check runs iverilog.

# a[1:1] gives four constant mutants; a[0:1] and a[1:2] are reversed
# part-selects that iverilog rejects: discarded and counted.
mkdir part
printf 'module m(input [3:0] a, output y);\n  assign y = a[1:1];\nendmodule\n' >part/ref.v
expect_exit 0 "$VERIPREF" mutate --task part --out partm --format text
expect_eq "compile summary" "$(cat err)" "mutate: 2 mutants (2 did not compile, discarded) from 4 sites"
expect_eq "kept" "$(cat out)" "m0001.v  const     line 2 col 16: '1' -> '2'
m0002.v  const     line 2 col 18: '1' -> '0'"
expect_grep '"file":"m0002.v","op":"const","line":2,"col":18,.*"site":3}$' partm/mutants.jsonl
expect_eq "part m0002.v" "$(sed -n 2p partm/m0002.v)" "  assign y = a[1:0];"
[ ! -e partm/m0003.v ] || fail "a discarded mutant was written"

# Every mutant of a real task that survives the check compiles.
expect_exit 0 "$VERIPREF" mutate --task "$REPO/rtl_tasks/sync_fifo" --out fifo
expect_eq "fifo summary" "$(cat err)" "mutate: 62 mutants (0 did not compile, discarded) from 62 sites"
expect_eq "fifo manifest" "$(wc -l <fifo/mutants.jsonl)" 62
for f in fifo/m*.v; do
	iverilog -g2012 -o /dev/null "$f" 2>/dev/null || fail "$f does not compile"
done

# A reference that does not compile is an error of the task, not 0 mutants.
mkdir broken
printf 'module m(input a, output y);\n  assign y = a + ;\nendmodule\n' >broken/ref.v
expect_exit 3 "$VERIPREF" mutate --task broken
expect_grep "^veripref: error: 'broken/ref.v' does not compile with iverilog -g2012: " err
