# veripref tbcheck: adder8's human and differential benches pass the reference
# and kill every mutant; a weak bench kills exactly the mutants worked out by
# hand (and the same count comes from veripref mutate + grade --testbench); a
# bench failing its reference is REJECTED with the reason; usage and runtime
# errors have their exit codes.
. "$REPO/tests/lib.sh"

expect_exit 0 "$VERIPREF" tbcheck --help
expect_grep '^usage: veripref tbcheck --task DIR' out
expect_grep 'Icarus only' out

# adder8's reference has 6 mutation sites, all compile (veripref mutate):
#   m1 {1'b1,a}  m2 a-b  m3 {1'b1,b}  m4 ..-cin  m5 {8'd1,cin}  m6 {8'd128,cin}
# The human bench sweeps all 2^17 inputs and the differential bench compares
# every output, so each kills all 6.
A="$REPO/rtl_tasks/adder8"
expect_exit 0 "$VERIPREF" tbcheck --task "$A" --differential --sim both
# Both exercise every line and every bit of ref.v.
expect_grep '^ok        adder8_tb\.v  iverilog:pass verilator:pass  line 100\.0% toggle 100\.0%  mutants 6/6 killed \(1\.00\), 0 equivalent$' out
expect_grep '^ok        differential\(seed=1\)  iverilog:pass verilator:pass  line 100\.0% toggle 100\.0%  mutants 6/6 killed \(1\.00\), 0 equivalent$' out
expect_grep '^adder8: 2 testbenches, 2 ok, 0 rejected; 6 mutants, mean mutation score 1\.00$' out
expect_eq "lines" "$(wc -l <out)" 3

# A weak bench: one vector a=0 b=0 cin=0 expecting sum 0, cout 0.  By hand:
# m1 cout=1 killed, m2 0-0+0=0 survives, m3 cout=1 killed, m4 0+0-0=0
# survives, m5 {8'd1,0}=2 killed, m6 {8'd128,0}=256 cout=1 killed: 4/6.
mkdir w && cp -r "$A" w/adder8 && W=w/adder8
rm $W/tb/*.v
cat >$W/tb/weak_tb.v <<'V'
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [7:0] a, b;
    reg        cin;
    wire [7:0] sum;
    wire       cout;
    `VP_INIT
    adder8 dut (.a(a), .b(b), .cin(cin), .sum(sum), .cout(cout));
    initial begin
        a = 0; b = 0; cin = 0;
        #1;
        `VP_CHECK("sum", sum, 8'h00)
        `VP_CHECK("cout", cout, 1'b0)
        `VP_DONE
    end
endmodule
V
# 4/6 = 0.67 is below the default --min-mutation-score 0.8: rejected, kept at 0.6.
expect_exit 1 "$VERIPREF" tbcheck --task "$W" --no-coverage --sim iverilog --format jsonl
expect_eq "jsonl lines" "$(wc -l <out)" 1
expect_grep '^\{"task":"adder8","testbench":"weak_tb\.v","kind":"human","compiles":\{"iverilog":true\},"passes_reference":\{"iverilog":true\},"mutants_valid":6,"mutants_killed":4,"mutants_equivalent":0,"mutants_not_equivalent":2,"mutants_unknown":0,"mutation_score":0\.6666[0-9]*,"surviving":\["arith 9:36: [^"]* \(not_equivalent: step 1: [^"]*\)","arith 9:48: [^"]* \(not_equivalent: step 1: [^"]*\)"\],"verdict":"REJECTED","reason":"mutation score 0\.67 \(4 of 6 mutants killed\) is below the minimum 0\.80"\}$' out
expect_grep "^veripref: warning: task 'adder8': testbench 'weak_tb\.v' REJECTED: mutation score 0\.67" err
expect_exit 0 "$VERIPREF" tbcheck --task "$W" --no-coverage --sim iverilog --json --min-mutation-score 0.6
expect_grep '^\{"task":"adder8","testbench":"weak_tb\.v",.*"mutants_valid":6,"mutants_killed":4,"mutants_equivalent":0,[^]]*\],"verdict":"ok","reason":""\}$' out
expect_exit 1 "$VERIPREF" tbcheck --task "$W" --no-coverage --sim iverilog
expect_grep '^REJECTED  weak_tb\.v  iverilog:pass  mutants 4/6 killed \(0\.67\), 0 equivalent  mutation score 0\.67 \(4 of 6 mutants killed\) is below the minimum 0\.80$' out
# The same numbers from the other commands: mutate, then grade every mutant.
expect_exit 0 "$VERIPREF" mutate --task "$W" --max 40 --seed 1 --out m
expect_exit 1 "$VERIPREF" grade --task "$W" --sim iverilog m/m0001.v m/m0002.v m/m0003.v \
	m/m0004.v m/m0005.v m/m0006.v
expect_grep '^6 candidates x 1 testbench: 6 cells, 2 pass, 4 fail$' out
expect_grep '^pass +m/m0002\.v ' out
expect_grep '^pass +m/m0004\.v ' out
# --max-mutants samples: 3 of the 6 sites.
expect_exit 0 "$VERIPREF" tbcheck --task "$W" --no-coverage --sim iverilog --max-mutants 3 --min-mutation-score 0
expect_grep '^ok        weak_tb\.v  iverilog:pass  mutants [0-9]/3 killed' out

# A bench that fails its own reference is rejected, loudly; the good one stays ok.
cp $W/tb/weak_tb.v $W/tb/zbad_tb.v
sed -i 's/`VP_CHECK("sum", sum, 8'"'"'h00)/`VP_CHECK("sum", sum, 8'"'"'h01)/' $W/tb/zbad_tb.v
grep -q "8'h01" $W/tb/zbad_tb.v || fail "sed did not break the bench"
expect_exit 1 "$VERIPREF" tbcheck --task "$W" --no-coverage --sim iverilog --max-mutants 2 --min-mutation-score 0
expect_grep '^ok        weak_tb\.v  iverilog:pass  mutants ' out
expect_grep "^REJECTED  zbad_tb\.v  iverilog:fail  fails the reference under iverilog \(fail\): 1 of 2 checks failed; first: check 'sum' got=0 exp=1 " out
expect_grep '^adder8: 2 testbenches, 1 ok, 1 rejected; 2 mutants' out
expect_grep "^veripref: warning: task 'adder8': testbench 'zbad_tb\.v' REJECTED: fails the reference under iverilog" err
expect_grep "^veripref: warning: task 'adder8': human testbench 'zbad_tb\.v' FAILS ITS OWN REFERENCE: the task or the bench is wrong$" err
expect_no_grep "weak_tb\.v' FAILS" err
expect_exit 1 "$VERIPREF" tbcheck --task "$W" --no-coverage --sim iverilog --max-mutants 2 --format jsonl
expect_grep '"testbench":"zbad_tb\.v".*"passes_reference":\{"iverilog":false\},"mutants_valid":0,"mutants_killed":0,"mutation_score":null,"verdict":"REJECTED","reason":"fails the reference under iverilog' out
# One that does not compile.
printf 'module tb; initial begin garbage end\n' >$W/tb/zbad_tb.v
expect_exit 1 "$VERIPREF" tbcheck --task "$W" --no-coverage --sim iverilog --max-mutants 2
expect_grep '^REJECTED  zbad_tb\.v  iverilog:compile_error  does not compile under iverilog: ' out

# Usage errors.
expect_exit 2 "$VERIPREF" tbcheck
expect_grep '^veripref: error: --task DIR is required$' err
expect_exit 2 "$VERIPREF" tbcheck --task "$A" --format xml
expect_exit 2 "$VERIPREF" tbcheck --task "$A" --max-mutants 0
expect_exit 2 "$VERIPREF" tbcheck --task "$A" --min-mutation-score 1.5
expect_grep '^veripref: error: --min-mutation-score wants a number in 0\.\.1' err
expect_exit 2 "$VERIPREF" tbcheck --task "$A" --seed -1
expect_exit 2 "$VERIPREF" tbcheck --task "$A" --sim modelsim
expect_exit 2 "$VERIPREF" tbcheck --task "$A" --bogus
expect_exit 2 "$VERIPREF" tbcheck --task "$A" extra
expect_exit 2 "$VERIPREF" tbcheck --task
# Runtime errors: no such task, a task with no bench and no --differential.
expect_exit 3 "$VERIPREF" tbcheck --task nosuch
expect_grep "^veripref: error: .*nosuch" err
rm $W/tb/*.v
expect_exit 3 "$VERIPREF" tbcheck --task "$W"
expect_grep 'has no testbenches.*--differential' err
