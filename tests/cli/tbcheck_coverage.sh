# veripref tbcheck: line and toggle coverage of ref.v (Verilator --coverage)
# on tests/fixtures/tasks/pick (y = sel ? b : a, written as if/else in an
# always @*), with the numbers worked out by hand from that file:
#   line points: 7 (always block), 8-9 (if branch), 11 (else branch): 4 lines
#   toggle points: sel, a[3:0], b[3:0], y[3:0]: 13 bits
# only_a_tb.v keeps sel = 0 and b = 0 and sets a = 5 then 10: lines 8 and 9
# never run (2 of 4 = 50.0%); a and y toggle in every bit, sel and b never
# (8 of 13 = 61.5%).  Mutation sites of ref.v (veripref mutate): condneg on
# `if (sel)` (killed: y = b = 0), and `y = b` / `y = a` made non-blocking
# (not killed: in an always @* nothing can tell).
. "$REPO/tests/lib.sh"

cp -r "$REPO/tests/fixtures/tasks/pick" pick
expect_exit 1 "$VERIPREF" tbcheck --task pick --details --no-equiv
expect_grep '^REJECTED  only_a_tb\.v  iverilog:pass  line 50\.0% toggle 61\.5%  mutants 1/3 killed \(0\.33\)  line coverage 50\.0% of ref\.v \(2 of 4 lines\) is below the minimum 80\.0%; mutation score 0\.33 \(1 of 3 mutants killed\) is below the minimum 0\.80$' out
expect_grep '^  uncovered ref\.v:8: if \(sel\)$' out
expect_grep '^  uncovered ref\.v:9: y = b;$' out
expect_grep '^  surviving blocking 9:15: y <= b;$' out
expect_grep '^  surviving blocking 11:15: y <= a;$' out
expect_eq "uncovered lines" "$(grep -c '^  uncovered' out)" 2
expect_eq "surviving lines" "$(grep -c '^  surviving' out)" 2
expect_grep "^veripref: warning: task 'pick': testbench 'only_a_tb\.v' REJECTED: line coverage 50\.0%" err

# The same in JSON, with the counts.
expect_exit 1 "$VERIPREF" tbcheck --task pick --json --no-equiv
expect_grep '"line_coverage":50,"lines_hit":2,"lines_total":4,"toggle_coverage":61\.538[0-9]*,"toggles_hit":8,"toggles_total":13,"uncovered":\["ref\.v:8: if \(sel\)","ref\.v:9: y = b;"\]' out
expect_grep '"surviving":\["blocking 9:15: y <= b;","blocking 11:15: y <= a;"\]' out

# Thresholds: 50% is enough with --min-coverage 50 (the score still is not).
expect_exit 1 "$VERIPREF" tbcheck --task pick --no-equiv --min-coverage 50
expect_grep '^REJECTED  only_a_tb\.v  iverilog:pass  line 50\.0% toggle 61\.5%  mutants 1/3 killed \(0\.33\)  mutation score 0\.33 \(1 of 3 mutants killed\) is below the minimum 0\.80$' out
expect_exit 0 "$VERIPREF" tbcheck --task pick --no-equiv --min-coverage 50 --min-mutation-score 0.3
expect_grep '^ok        only_a_tb\.v  iverilog:pass  line 50\.0% toggle 61\.5%  mutants 1/3 killed \(0\.33\)$' out

# A bench that also takes sel = 1 with b toggling in every bit covers all.
sed -e 's/sel = 0; b = 0; a = 4.d5;/sel = 0; b = 4'"'"'d0; a = 4'"'"'d5;/' \
    -e 's/`VP_DONE/sel = 1; b = 4'"'"'d5;\n        #1 `VP_CHECK("b5", y, 4'"'"'d5)\n        b = 4'"'"'d10;\n        #1 `VP_CHECK("b10", y, 4'"'"'d10)\n        sel = 0;\n        #1 `VP_DONE/' \
    pick/tb/only_a_tb.v >pick/tb/both_tb.v
grep -q '"b10"' pick/tb/both_tb.v || fail "sed did not extend the bench"
expect_exit 1 "$VERIPREF" tbcheck --task pick --no-equiv --min-mutation-score 0.3
expect_grep '^ok        both_tb\.v  iverilog:pass  line 100\.0% toggle 100\.0%  mutants 1/3 killed \(0\.33\)$' out
expect_grep '^REJECTED  only_a_tb\.v ' out

# --no-coverage leaves coverage out of the line and of the verdict.
expect_exit 0 "$VERIPREF" tbcheck --task pick --no-coverage --no-equiv --min-mutation-score 0.3
expect_grep '^ok        only_a_tb\.v  iverilog:pass  mutants 1/3 killed \(0\.33\)$' out

# A bench Icarus accepts but Verilator cannot build (procedural assign /
# deassign) is rejected: coverage cannot be measured.
cat >pick/tb/only_a_tb.v <<'V'
`include "vp_harness.vh"
module tb;
    reg sel; reg [3:0] a, b; wire [3:0] y; reg flag;
    `VP_INIT
    pick dut (.sel(sel), .a(a), .b(b), .y(y));
    initial begin
        sel = 0; b = 0; a = 5;
        #1 `VP_CHECK("y5", y, 4'd5)
        assign flag = 1;
        #1 deassign flag;
        `VP_DONE
    end
endmodule
V
rm pick/tb/both_tb.v
expect_exit 1 "$VERIPREF" tbcheck --task pick --no-equiv --sim iverilog
expect_grep '^REJECTED  only_a_tb\.v  iverilog:pass  mutants 1/3 killed \(0\.33\)  coverage not measured: verilator coverage build failed \(nonzero\): %Error-UNSUPPORTED: tb\.v:10:12: Unsupported: Verilog 1995 deassign; mutation score' out

# Usage errors.
expect_exit 2 "$VERIPREF" tbcheck --task pick --min-coverage 101
expect_grep '^veripref: error: --min-coverage wants a percentage in 0\.\.100' err
expect_exit 2 "$VERIPREF" tbcheck --task pick --min-coverage x
