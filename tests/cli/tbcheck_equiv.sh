# veripref tbcheck: Yosys on the mutants no bench kills.  On
# tests/fixtures/tasks/pick the two surviving mutants make `y = b` / `y = a`
# non-blocking inside an always @* that assigns y once per path: nothing can
# tell them apart, so Yosys proves them equivalent and they leave the
# denominator (1 killed of 3 valid -> 1 of 1).  adder8's weak bench lets
# '+' -> '-' survive: a real bug, "not equivalent" with a counterexample.  A
# deadline too short for Yosys to even start leaves both unknown: they stay
# in the denominator.
. "$REPO/tests/lib.sh"

cp -r "$REPO/tests/fixtures/tasks/pick" pick
expect_exit 0 "$VERIPREF" tbcheck --task pick --no-coverage --details
expect_grep '^ok        only_a_tb\.v  iverilog:pass  mutants 1/1 killed \(1\.00\), 2 equivalent$' out
expect_grep '^  surviving blocking 9:15: y <= b; \(equivalent\)$' out
expect_grep '^  surviving blocking 11:15: y <= a; \(equivalent\)$' out
expect_grep '^pick: 1 testbench, 1 ok, 0 rejected; 3 mutants, mean mutation score 1\.00$' out
expect_exit 0 "$VERIPREF" tbcheck --task pick --no-coverage --json
expect_grep '"mutants_valid":3,"mutants_killed":1,"mutants_equivalent":2,"mutants_not_equivalent":0,"mutants_unknown":0,"mutation_score":1,' out

# Unknown within the deadline: counted, kept in the denominator.
expect_exit 1 "$VERIPREF" tbcheck --task pick --no-coverage --details --equiv-timeout 0.001
expect_grep '^REJECTED  only_a_tb\.v  iverilog:pass  mutants 1/3 killed \(0\.33\), 0 equivalent, 2 unknown  mutation score 0\.33 \(1 of 3 mutants killed\) is below the minimum 0\.80$' out
expect_grep '^  surviving blocking 9:15: y <= b; \(unknown: yosys timed out after 0\.001 s\)$' out

# A real bug: the counterexample is printed, and it is true of adder8.
mkdir w && cp -r "$REPO/rtl_tasks/adder8" w/adder8 && rm w/adder8/tb/*.v
cat >w/adder8/tb/weak_tb.v <<'V'
`include "vp_harness.vh"
module tb;
    reg [7:0] a, b; reg cin; wire [7:0] sum; wire cout;
    `VP_INIT
    adder8 dut (.a(a), .b(b), .cin(cin), .sum(sum), .cout(cout));
    initial begin
        a = 0; b = 0; cin = 0;
        #1 `VP_CHECK("sum", sum, 8'h00)
        `VP_DONE
    end
endmodule
V
expect_exit 1 "$VERIPREF" tbcheck --task w/adder8 --no-coverage --details
expect_grep '^REJECTED  weak_tb\.v  iverilog:pass  mutants [0-9]/6 killed \([0-9.]*\), 0 equivalent  ' out
line=$(grep "^  surviving arith 9:36: " out) || fail "a - b did not survive"
case $line in
*"(not_equivalent: step 1: "*) ;;
*) fail "not a counterexample: $line" ;;
esac
# gold computes a + b + cin, the mutant a - b + cin, over 9 bits.
v() { echo "$line" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }
a=$(v in_a); b=$(v in_b); c=$(v in_cin)
expect_eq "gold_sum" "$(v gold_sum)" $(( (a + b + c) & 255 ))
expect_eq "gold_cout" "$(v gold_cout)" $(( ((a + b + c) >> 8) & 1 ))
expect_eq "gate_sum" "$(v gate_sum)" $(( (a - b + c) & 255 ))
expect_eq "gate_cout" "$(v gate_cout)" $(( ((a - b + c) >> 8) & 1 ))

# --no-equiv: survivors without a verdict, no equivalent count.
expect_exit 1 "$VERIPREF" tbcheck --task pick --no-coverage --no-equiv --details
expect_grep '^REJECTED  only_a_tb\.v  iverilog:pass  mutants 1/3 killed \(0\.33\)  ' out
expect_grep '^  surviving blocking 9:15: y <= b;$' out

# Usage errors.
expect_exit 2 "$VERIPREF" tbcheck --task pick --equiv-timeout -1
expect_exit 2 "$VERIPREF" tbcheck --task pick --equiv-steps 0
expect_grep '^veripref: error: --equiv-steps wants a number in 1\.\.10000' err
expect_exit 2 "$VERIPREF" tbcheck --task pick --equiv-timeout 0
expect_exit 2 "$VERIPREF" tbcheck --task pick --equiv-budget x

# A spent budget leaves the survivors unknown without running Yosys.
expect_exit 1 "$VERIPREF" tbcheck --task pick --no-coverage --details --equiv-budget 0.1
expect_grep '^REJECTED  only_a_tb\.v  iverilog:pass  mutants 1/3 killed \(0\.33\), 0 equivalent, 2 unknown  ' out
expect_grep '^  surviving blocking 9:15: y <= b; \(unknown: not checked: the Yosys budget of this testbench is spent\)$' out
