# veripref import verilog-eval / rtllm on the hand-written fixtures: the
# imported tasks load and their references pass their own (adapted) benches
# in both simulators; right candidates pass and wrong ones fail in both;
# candidates that try to forge the bench's verdict or copy the reference it
# compiles are forbidden; untagged pass lines are never believed.
. "$REPO/tests/lib.sh"

FX="$REPO/tests/fixtures/import"
C="$FX/cands"

expect_exit 0 "$VERIPREF" import verilog-eval "$FX/verilog-eval" --out tasks
expect_eq "verilog-eval import" "$(cat out)" "imported Prob001_nand3
imported Prob002_toggle_en
imported Prob003_count4_areset
imported Prob001_nand3_cc
imported Prob004_swap_nibbles_cc
5 tasks imported into tasks, 0 skipped"
expect_exit 0 "$VERIPREF" import rtllm "$FX/rtllm" --out tasks
expect_eq "rtllm import" "$(cat out)" "imported parity_8bit
imported adder_4bit
imported edge_rise
3 tasks imported into tasks, 0 skipped"

# What the importers inferred, field by field.
python3 - <<'PY' || fail "imported task.json fields"
import json
def t(i): return json.load(open('tasks/%s/task.json' % i))
want = {
 'Prob001_nand3': ('TopModule', None, None, 'high', True, 'comb', ['verilog-eval', 'spec-to-rtl']),
 'Prob002_toggle_en': ('TopModule', 'clk', 'reset', 'high', True, 'seq', ['verilog-eval', 'spec-to-rtl']),
 'Prob003_count4_areset': ('TopModule', 'clk', 'areset', 'high', False, 'seq', ['verilog-eval', 'spec-to-rtl']),
 'Prob004_swap_nibbles_cc': ('TopModule', None, None, 'high', True, 'comb', ['verilog-eval', 'code-complete']),
 'adder_4bit': ('adder_4bit', None, None, 'high', True, 'comb', ['rtllm']),
 'edge_rise': ('edge_rise', 'clk', 'rst_n', 'low', True, 'seq', ['rtllm']),
 'parity_8bit': ('parity_8bit', None, None, 'high', True, 'comb', ['rtllm', 'Arithmetic']),
}
for i, w in want.items():
    j = t(i)
    got = (j['top'], j['clock'], j['reset'], j['reset_active'], j['reset_sync'], j['kind'], j['tags'])
    assert got == w, (i, got, w)
    if i.startswith('Prob'):
        assert j['tb_ref_module'] == 'RefModule', j
        assert j['tb_verdict'] == {'pass': '^Mismatches: 0 in [0-9]+ samples$', 'fail': '^TIMEOUT',
                                   'count': '^Mismatches: ([0-9]+) in ([0-9]+) samples$'}, j
    else:
        assert 'tb_ref_module' not in j and j['tb_verdict'] == {'pass': 'Your Design Passed'}, j
PY
expect_grep '^module TopModule \($' tasks/Prob003_count4_areset/ref.v
expect_no_grep 'RefModule' tasks/Prob003_count4_areset/ref.v
expect_eq "interface" "$(sed -n '/^## Interface$/,$p' tasks/Prob003_count4_areset/spec.md)" '## Interface
```verilog
module TopModule (
    input        clk,
    input        areset,
    output [3:0] q
);
```'
expect_grep '^module TopModule \($' tasks/Prob004_swap_nibbles_cc/spec.md
cmp -s "$FX/rtllm/edge_rise/testbench.v" tasks/edge_rise/tb/testbench.v || fail "bench not kept as is"

# Every reference passes its adapted bench in both simulators, lint clean.
expect_exit 0 "$VERIPREF" tasks --sim both tasks
expect_grep '^8 tasks: 8 ok, 0 failed$' out

# Right passes, wrong fails, in both simulators.  $1 task, $2 right, $3 wrong.
right_wrong() {
	expect_exit 1 "$VERIPREF" grade --task "tasks/$1" --sim both --format jsonl "$C/$2" "$C/$3"
	for sim in iverilog verilator; do
		expect_grep "\"candidate\":\"[^\"]*/$2\",\"testbench\":\"[a-z]+\\.v\",\"sim\":\"$sim\",\"outcome\":\"pass\"" out
		expect_grep "\"candidate\":\"[^\"]*/$3\",\"testbench\":\"[a-z]+\\.v\",\"sim\":\"$sim\",\"outcome\":\"fail\"" out
	done
	expect_eq "$1 cells" "$(wc -l < out)" 4
	cp out "grade_$1.jsonl"
}
right_wrong Prob001_nand3 nand3_right.v nand3_wrong.v
right_wrong Prob001_nand3_cc nand3_right.v nand3_wrong.v
right_wrong Prob002_toggle_en toggle_right.v toggle_wrong.v
right_wrong Prob003_count4_areset count4_right.v count4_wrong.v
right_wrong Prob004_swap_nibbles_cc swap_right.v swap_wrong.v
right_wrong adder_4bit adder4_right.v adder4_wrong.v
right_wrong edge_rise edge_right.v edge_wrong.v
right_wrong parity_8bit parity_right.v parity_wrong.v

# The count rule gives partial credit: AND instead of NAND differs on every
# sample, so N = M, and the pass count is M of M for the right design.
for sim in iverilog verilator; do
	line=$(grep "nand3_wrong.v.*\"sim\":\"$sim\"" grade_Prob001_nand3.jsonl)
	m=$(echo "$line" | sed -n "s/.*count line 'Mismatches: \([0-9]*\) in \([0-9]*\) samples'.*/\1 \2/p")
	set -- $m
	[ -n "$m" ] && [ "$1" = "$2" ] && [ "$1" -gt 0 ] || fail "nand3_wrong under $sim: $line"
	echo "$line" | grep -q "\"checks_passed\":0,\"checks_total\":$2," || fail "counts: $line"
	grep -q "nand3_right.v.*\"sim\":\"$sim\",\"outcome\":\"pass\",\"checks_passed\":$2,\"checks_total\":$2," \
		grade_Prob001_nand3.jsonl || fail "right counts under $sim"
done
# The RTLLM bench's own failure line is the message: 256 of the 512 inputs have cin = 1.
expect_grep "adder4_wrong.v.*\"outcome\":\"fail\",\"checks_passed\":0,\"checks_total\":1,\"message\":\"1 of 1 checks failed; no line matched the pass rule; last line '===========Test completed with +256 /512 failures==========='\"" grade_adder_4bit.jsonl

# Forgeries: printing the pass line, learning the nonce, or using the
# reference the bench compiles beside the candidate.  Forbidden everywhere.
expect_exit 1 "$VERIPREF" grade --task tasks/Prob001_nand3 --sim both "$C"/forge_*.v
expect_eq "forgery cells" "$(grep -c '^forbidden ' out)" 12
expect_grep "^forbidden +[^ ]*forge_display.v  test.v  iverilog .*system task '\\\$display' is not allowed" out
expect_grep "^forbidden +[^ ]*forge_fwrite.v  test.v  verilator .*system task '\\\$fwrite' is not allowed" out
expect_grep "^forbidden +[^ ]*forge_nonce.v .*macro '\`VP_NONCE' is reserved for the harness" out
expect_grep "^forbidden +[^ ]*forge_wrap.v .*line 3: identifier 'RefModule' names a module of the reference" out
expect_grep "^forbidden +[^ ]*forge_macro.v .*line 2: identifier 'RefModule' names a module of the reference" out
expect_grep "^forbidden +[^ ]*forge_ownref.v .*line 5: identifier 'RefModule' names a module of the reference" out

# Untagged lines are never read, even when the simulation prints the pass
# line: a bench printing it through a non-literal format (not tagged).
cp -r tasks/Prob001_nand3 leaky
sed -i 's/"id":\t"Prob001_nand3"/"id":\t"leaky"/' leaky/task.json
sed -i 's/^  final begin$/  initial begin : leak\n    string s;\n    s = "Mismatches: 0 in 48 samples";\n    #1 $display(s);\n  end\n\n  final begin/' leaky/tb/test.v
grep -q '#1 $display(s);' leaky/tb/test.v || fail "leaky bench not made"
expect_exit 1 "$VERIPREF" grade --task leaky --sim both --format jsonl "$C/nand3_wrong.v"
expect_eq "leaky fails" "$(grep -c '"outcome":"fail"' out)" 2

# Skips and errors.  An existing task is not replaced without --force.
expect_exit 1 "$VERIPREF" import rtllm "$FX/rtllm" --out tasks
expect_grep "^veripref: warning: skipped .*/rtllm/adder_4bit: 'tasks/adder_4bit' already exists \(use --force to replace it\)$" err
expect_grep '^0 tasks imported into tasks, 3 skipped$' out
expect_exit 0 "$VERIPREF" import rtllm "$FX/rtllm" --out tasks --force
# tbcheck validates an imported bench with its task.json settings: the
# reference it instantiates and its verdict adapter (mutants are killed).
expect_exit 0 "$VERIPREF" tbcheck --task tasks/Prob001_nand3 --no-coverage --no-equiv
expect_grep '^ok +test\.v +iverilog:pass +mutants 3/3 killed' out

# A run over the imported tasks: their benches keep the reference they
# instantiate and their verdict adapter in the store, so every one validates
# on the reference and the reference (one candidate per task) passes it.
ntasks=$(ls tasks | wc -l)
expect_exit 0 "$VERIPREF" run --tasks tasks --out R --tb human --sim iverilog -n 1
expect_exit 0 "$VERIPREF" report R
expect_grep "^testbenches: $ntasks kept, 0 rejected, 0 unvalidated, 0 pending$" out
expect_exit 0 "$VERIPREF" report R --format json
expect_eq "tasks with a passing candidate" \
	"$(python3 -c 'import json,sys; print(sum(t["passing"] >= 1 for t in json.load(sys.stdin)["per_task"]))' < out)" "$ntasks"

mkdir -p ve/dataset_spec-to-rtl rt/broken
cp "$FX"/verilog-eval/dataset_spec-to-rtl/Prob001_nand3_* ve/dataset_spec-to-rtl/
cp "$FX"/verilog-eval/dataset_spec-to-rtl/Prob002_toggle_en_prompt.txt ve/dataset_spec-to-rtl/
sed 's/RefModule/Other/' "$FX"/verilog-eval/dataset_spec-to-rtl/Prob001_nand3_ref.sv > ve/dataset_spec-to-rtl/Prob009_x_ref.sv
cp "$FX"/verilog-eval/dataset_spec-to-rtl/Prob001_nand3_prompt.txt ve/dataset_spec-to-rtl/Prob009_x_prompt.txt
cp "$FX"/verilog-eval/dataset_spec-to-rtl/Prob001_nand3_test.sv ve/dataset_spec-to-rtl/Prob009_x_test.sv
expect_exit 1 "$VERIPREF" import verilog-eval ve --out t2
expect_grep "^veripref: warning: skipped Prob002_toggle_en: cannot read its prompt, _ref.sv or _test.sv: No such file or directory$" err
expect_grep "^veripref: warning: skipped Prob009_x: the reference does not declare module RefModule \(or also declares TopModule\)$" err
expect_grep '^1 task imported into t2, 2 skipped$' out
echo "A design." > rt/broken/design_description.txt
expect_exit 1 "$VERIPREF" import rtllm rt --out t3
expect_grep "^veripref: warning: skipped rt/broken: no verified_<name>.v reference$" err

expect_exit 2 "$VERIPREF" import verilog-eval ve
expect_grep "error: --out TASKS is required" err
expect_exit 2 "$VERIPREF" import humaneval ve --out x
expect_grep "error: unknown benchmark 'humaneval' \(verilog-eval or rtllm\)" err
expect_exit 2 "$VERIPREF" import rtllm
expect_exit 3 "$VERIPREF" import rtllm no-such-dir --out x
expect_grep "^veripref: error: cannot open 'no-such-dir': No such file or directory$" err
expect_exit 0 "$VERIPREF" import --help
expect_grep '^usage: veripref import ' out
