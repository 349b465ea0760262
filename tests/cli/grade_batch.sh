# `veripref grade --batch K` gives, field for field (wall_ms aside), the
# results of grading one candidate at a time, in Icarus and in Verilator:
# references, recorded bugs, mutants and hostile candidates of a
# combinational and two sequential tasks; a compile error and a hang inside a
# batch are isolated and the others graded normally; a candidate cannot end
# a batch early.  SIM (default iverilog) is the simulator of grade_both.
. "$REPO/tests/lib.sh"

strip_ms() { sed 's/,"wall_ms":[0-9]*//' "$1"; }
SIM=iverilog
PRECHECK=

# grade_both TASK K FILE...: grade with --batch 1 and --batch K into b1, bk
# (stats of the batch run in bk.err); both must agree exactly.
grade_both() {
	t=$1 k=$2
	shift 2
	"$VERIPREF" grade --task "$t" --testbench tb.v --timeout 3 --sim "$SIM" --format jsonl \
		--batch 1 "$@" >b1 2>b1.err
	rc1=$?
	"$VERIPREF" grade --task "$t" --testbench tb.v --timeout 3 --sim "$SIM" --format jsonl \
		--batch "$k" $PRECHECK "$@" >bk 2>bk.err
	rck=$?
	[ $rc1 -le 1 ] || { cat b1.err >&2; fail "$t: --batch 1 exited $rc1"; }
	expect_eq "$t: exit status of --batch $k" "$rck" "$rc1"
	strip_ms b1 >b1.s
	strip_ms bk >bk.s
	cmp -s b1.s bk.s || { diff b1.s bk.s | head -20 >&2; fail "$t: --batch $k differs from --batch 1"; }
	expect_eq "$t: one line per candidate" "$(wc -l <bk)" "$#"
}

# Combinational: reference, recorded bugs, mutants, the hostile suite.
t=$REPO/rtl_tasks/adder8
expect_exit 0 "$VERIPREF" tbgen --task "$t" -o tb.v
expect_exit 0 "$VERIPREF" mutate --task "$t" --max 6 --seed 2 --out mut
grade_both "$t" 5 "$t/ref.v" "$REPO"/tests/buggy/adder8/*.v mut/*.v \
	"$REPO"/tests/hostile/adder8/*.v
# The batch path really ran: batches, the hang isolated in a batch.
expect_grep '^batch: size [0-9]+, [0-9]+ simulations \([1-9][0-9]* splits?\), 0 pre-checks .* 1 timeout isolated' bk.err
expect_grep '"candidate":"[^"]*hang_loop.v".*"outcome":"timeout".*"message":"simulation timed out after 3.0 s"' bk
expect_grep '"candidate":"[^"]*/ref.v".*"outcome":"pass","checks_passed":20000,"checks_total":20000' bk
# The same candidates in Verilator.
SIM=verilator
grade_both "$t" 5 "$t/ref.v" "$REPO"/tests/buggy/adder8/*.v mut/*.v \
	"$REPO"/tests/hostile/adder8/*.v
expect_grep '"candidate":"[^"]*/ref.v".*"sim":"verilator","outcome":"pass","checks_passed":20000,"checks_total":20000' bk
expect_grep '^batch: size [0-9]+, [1-9][0-9]* simulations' bk.err
SIM=iverilog

# Sequential tasks (sync and async reset): reference, bugs, mutants, with a
# compile error, a hang on the clock and a $finish among them in one batch.
cat >syntax.v <<'EOF'
module counter8(input clk, input rst, input en, output reg [7:0] q);
  always @(posedge clk) q <= rst ? 8'd0 : q + en
endmodule
EOF
cat >hang.v <<'EOF'
module counter8(input clk, input rst, input en, output reg [7:0] q);
  integer i;
  always @(posedge clk) begin
    if (rst) q <= 8'd0; else if (en) q <= q + 8'd1;
    if (q == 8'd40) begin i = 0; while (q == 8'd40) i = i + 1; end
  end
endmodule
EOF
cat >finish.v <<'EOF'
module counter8(input clk, input rst, input en, output reg [7:0] q);
  always @(posedge clk) if (rst) q <= 8'd0; else if (en) q <= q + 8'd1;
  initial #100 $finish;
endmodule
EOF
cat >ports.v <<'EOF'
module counter8(input clk, input rst, input en, output reg [3:0] q);
  always @(posedge clk) if (rst) q <= 4'd0; else if (en) q <= q + 4'd1;
endmodule
EOF
# `__LINE__ is 3 alone and more in any slot of the batch file: graded alone, it
# passes (batched it would fail: reset to 1).
cat >line.v <<'EOF'
module counter8(input clk, input rst, input en, output reg [7:0] q);
  always @(posedge clk)
    if (rst) q <= (`__LINE__ > 3) ? 8'd1 : 8'd0;
    else if (en) q <= q + 8'd1;
endmodule
EOF
t=$REPO/rtl_tasks/counter8
head -40 "$t/task.json" | grep -q '"rst"' || fail "counter8's reset is not rst (test inputs need updating)"
expect_exit 0 "$VERIPREF" tbgen --task "$t" -o tb.v
expect_exit 0 "$VERIPREF" mutate --task "$t" --max 8 --seed 5 --out mutc
cp "$t/ref.v" ref_copy.v
# counter8_seq SIM [--precheck]: the counter8 set, in one simulator.
counter8_seq() {
	SIM=$1 PRECHECK=${2:-}
	grade_both "$t" 6 "$t/ref.v" syntax.v mutc/m0001.v hang.v "$REPO"/tests/buggy/counter8/*.v \
		finish.v ports.v line.v mutc/*.v ref_copy.v
	expect_grep '"candidate":"syntax.v".*"outcome":"compile_error","checks_passed":0,"checks_total":0,"message":"[^"]*cand.v:3:' bk
	expect_grep '"candidate":"hang.v".*"outcome":"timeout"' bk
	expect_grep '"candidate":"finish.v".*"outcome":"forbidden".*system task .\$finish' bk
	expect_grep '"candidate":"ref_copy.v".*"outcome":"pass".*"same_as":"[^"]*counter8/ref.v"' bk
	expect_grep '"candidate":"line.v".*"outcome":"pass","checks_passed":8006' bk
	# The others in the batches with the compile error and the hang: graded.
	expect_grep '"candidate":"[^"]*counter8/ref.v".*"outcome":"pass","checks_passed":8006,"checks_total":8006' bk
	expect_grep '"candidate":"[^"]*bug1.v".*"outcome":"fail","checks_passed":7844,"checks_total":8006,"message":"162 of 8006 checks failed; first: check .q. got=0 exp=15 t=411000"' bk
}
counter8_seq iverilog
expect_grep '"candidate":"syntax.v".*"message":"cand.v:3: syntax error"' bk
# Without pre-checks the failed batch compile names the broken candidate, and
# the slot after it, where Icarus's lost parser reports an error too (graded
# alone, the same verdict).
expect_grep ' 0 pre-checks .* 2 blamed by the compiler, 1 port mismatch, 1 not batchable, 1 timeout isolated' bk.err
# With them, the pre-check finds it before any batch is built.
counter8_seq iverilog --precheck
expect_grep ' 14 pre-checks \(1 failed, [0-9]+ ms\), 0 blamed by the compiler, 1 port mismatch, 1 not batchable, 1 timeout isolated' bk.err
# Verilator: the same set, batch builds at -O0; a syntax error is blamed by
# Verilator's own message, the hang split out by the deadline.
counter8_seq verilator
# Blamed: syntax.v by its line, and two mutants (m0002, m0004) that Verilator
# rejects (BLKANDNBLK) by the name of their slot's wire, tb.vp_d<k>_q.
expect_grep ' 0 pre-checks .* 3 blamed by the compiler, 1 port mismatch, 1 not batchable, 1 timeout isolated' bk.err
expect_grep '"candidate":"mutc/m0002.v".*"outcome":"compile_error".*BLKANDNBLK' bk
# With pre-checks, Verilator's lint finds the same three.
counter8_seq verilator --precheck
expect_grep ' 14 pre-checks \(3 failed, [0-9]+ ms\), 0 blamed' bk.err
SIM=iverilog PRECHECK=

t=$REPO/rtl_tasks/sync_fifo
expect_exit 0 "$VERIPREF" tbgen --task "$t" --cycles 1500 -o tb.v
expect_exit 0 "$VERIPREF" mutate --task "$t" --max 10 --seed 1 --out mutf
grade_both "$t" 4 "$t/ref.v" "$REPO"/tests/buggy/sync_fifo/*.v mutf/*.v
expect_grep '^batch: size [0-9]+, [1-9][0-9]* simulations' bk.err

# A bench that is not a generated differential bench of the task is graded
# one candidate at a time, with a note.
t=$REPO/rtl_tasks/adder8
expect_exit 0 "$VERIPREF" tbgen --task "$t" --seed 3 -o tb.v
{ cat tb.v; echo '// edited'; } >edited.v
expect_exit 0 "$VERIPREF" grade --task "$t" --testbench edited.v --batch 4 "$t/ref.v"
expect_grep "note: 'edited.v' is not a differential testbench generated for this task" err
expect_grep '^batch: size 0, 0 simulations' err

# Usage errors.
expect_exit 2 "$VERIPREF" grade --task "$t" --testbench tb.v --batch 0 "$t/ref.v"
expect_grep "usage: veripref grade|--batch wants 'auto' or a number in 1..4096, not '0'" err
expect_exit 0 "$VERIPREF" grade --help
expect_grep '^  --batch K\|auto' out
