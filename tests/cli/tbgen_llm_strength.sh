# tbgen --kind llm: strength feedback.  adder8's reference has 6 mutants
# ('veripref mutate --task rtl_tasks/adder8'): m1 {1'b1,a}, m3 {1'b1,b} and
# m6 {8'd128,cin} add 256, which flips cout and leaves sum alone; m2 (a-b),
# m4 (-cin) and m5 ({8'd1,cin}, +2) change sum on the vector a=ff b=01 cin=1.
# The weak bench checks only sum there (and sum of 01+00+0, which m5 alone
# changes), so it kills m2, m4, m5: 3 of 6 = 0.50.  The strong bench also
# checks cout there and kills all 6.
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"
. "$REPO/tests/tbllm.sh"
SCEN_JSON=$(jstr "$FX/adder8_scenarios.json")

# 1. Weak, then strengthened: the survivors go back and the next reply is kept.
{
	rule "$P_SCEN" "$SCEN_JSON"
	rule "$P_WRITE" "$(vreply "$FX/adder8_weak.v")"
	rule "$P_STRENGTHEN" "$(vreply "$FX/adder8_strong.v")"
} >script.jsonl
start_fake --script script.jsonl
expect_exit 0 tbllm --sim iverilog --min-coverage 0 -o tb.v
cmp -s tb.v "$FX/adder8_strong.v" || fail "the kept bench is not the strengthened reply"
expect_grep '^veripref: tbgen: adder8 attempt 1: kept: .*mutation score 1\.00 \(6 of 6 killed\)$' err
stop_fake
expect_eq "requests" "$(fake_stat requests)" 3
A=tb.v.audit
expect_grep '"reason":.*"mutation score 0.50 \(3 of 6 mutants killed\) is under the minimum 0.80"' "$A/005-a1-decision.json"
expect_grep '"step":.*"strength"' "$A/005-a1-decision.json"
P="$A/006-a1-strengthen.json"
expect_grep '"template":.*"tb_strengthen.v1"' "$P"
expect_grep 'too weak to\\ncatch wrong implementations: mutation score 0.50 \(3 of 6 mutants killed\) is under the minimum 0.80. Mutants killed: 3 of 6 \(minimum score 0.80\).' "$P"
# the three survivors, each with its mutated line
expect_grep "const 9:27: assign \{cout, sum\} = \{1'b1, a\} \+ \{1'b0, b\} \+ \{8'd0, cin\};" "$P"
expect_grep "const 9:39: assign \{cout, sum\} = \{1'b0, a\} \+ \{1'b1, b\} \+ \{8'd0, cin\};" "$P"
expect_grep "bitflip 9:51: assign \{cout, sum\} = \{1'b0, a\} \+ \{1'b0, b\} \+ \{8'd128, cin\};" "$P"
expect_no_grep "arith 9:36" "$P"
expect_grep '"strength_rounds":.*1,' "$A/summary.json"

# 2. Still weak after the strengthening round: rejected with the reason.
{
	rule "$P_SCEN" "$SCEN_JSON"
	rule "$P_WRITE" "$(vreply "$FX/adder8_weak.v")"
	rule "$P_STRENGTHEN" "$(vreply "$FX/adder8_weak.v")"
} >script.jsonl
start_fake --script script.jsonl
expect_exit 1 tbllm --sim iverilog --min-coverage 0 --rounds 1 -o weak.v
[ ! -e weak.v ] || fail "a weak bench was written"
expect_grep '^veripref: tbgen: adder8 attempt 1: rejected: mutation score 0.50 \(3 of 6 mutants killed\) is under the minimum 0.80 \(after 1 strength repair round\)$' err
stop_fake
expect_eq "requests" "$(fake_stat requests)" 3
expect_grep '"mutation_score":.*0.5,' weak.v.audit/summary.json

# 3. The same weak bench meets --min-mutation-score 0.5 at once.
start_fake --script script.jsonl
expect_exit 0 tbllm --sim iverilog --min-coverage 0 --min-mutation-score 0.5 -o half.v
cmp -s half.v "$FX/adder8_weak.v" || fail "the weak bench was not kept at 0.5"
stop_fake
expect_eq "requests" "$(fake_stat requests)" 2

# 4. With the default --min-coverage 80 coverage is measured (Verilator):
#    adder8's reference is one assign, so any bench that runs covers it all.
start_fake --script script.jsonl
expect_exit 0 tbllm --sim iverilog --min-mutation-score 0.5 --rounds 0 -o cov.v
stop_fake
expect_grep '"line_coverage":.*1,' cov.v.audit/summary.json
expect_grep '^veripref: tbgen: adder8 attempt 1: kept: .*; line coverage 100\.0%; mutation score 0\.50 \(3 of 6 killed\)$' err

# 5. --n 2: attempt 1 is weak and rejected, attempt 2 strong and kept.
{
	rule "$P_SCEN" "$SCEN_JSON"
	rule "$P_WRITE" "$(vreply "$FX/adder8_weak.v")" 1
	rule "$P_WRITE" "$(vreply "$FX/adder8_strong.v")"
} >script.jsonl
start_fake --script script.jsonl
expect_exit 0 tbllm --sim iverilog --min-coverage 0 --rounds 0 --n 2 -o two.v
cmp -s two.v "$FX/adder8_strong.v" || fail "--n 2 did not keep the strong bench"
expect_grep '^veripref: tbgen: adder8 attempt 1: rejected: mutation score 0.50 ' err
expect_grep '^veripref: tbgen: adder8 attempt 2: kept: ' err
stop_fake
expect_eq "requests" "$(fake_stat requests)" 4
expect_grep '"kept_attempt":.*2,' two.v.audit/summary.json
[ -f two.v.audit/006-a2-scenarios.json ] || fail "no audit file of attempt 2"

# 6. Coverage feedback on counter8 ('veripref mutate --task rtl_tasks/counter8':
#    11 mutants).  The first bench never raises en, so line 13 of ref.v,
#    "q <= q + 8'd1;", never runs; the uncovered lines go back and the second
#    bench, counting 300 enabled edges and checking rst over en, is kept.  Two
#    mutants swap <= for = in the only always block, which no bench can tell
#    apart: Yosys proves them equivalent, so they leave the score (9 of 9)
#    and are never sent to the model; the first bench kills 5 of the 9 (the
#    four mutants of line 13 survive, it never runs).
{
	rule "$P_SCEN" "$(jstr "$FX/counter8_scenarios.json")"
	rule "$P_WRITE" "$(vreply "$FX/counter8_nocount.v")"
	rule "$P_STRENGTHEN" "$(vreply "$FX/counter8_count.v")"
} >script.jsonl
start_fake --script script.jsonl
expect_exit 0 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/counter8" --kind llm --model m --no-cache \
	--sim iverilog -o cnt.v
cmp -s cnt.v "$FX/counter8_count.v" || fail "counter8: the kept bench is not the strengthened one"
expect_grep '^veripref: tbgen: counter8 attempt 1: kept: .*; line coverage 100\.0%; mutation score 1\.00 \(9 of 9 killed\)$' err
stop_fake
expect_eq "requests" "$(fake_stat requests)" 3
expect_grep '"reason":.*"line coverage [0-9.]+% is under the minimum 80.0%"' cnt.v.audit/005-a1-decision.json
expect_grep 'Lines of the reference implementation your stimulus never executes:' cnt.v.audit/006-a1-strengthen.json
expect_grep "ref.v:13: q <= q \\+ 8'd1;" cnt.v.audit/006-a1-strengthen.json
expect_grep 'Mutants killed: 5 of 9 \(minimum score 0.80\)' cnt.v.audit/006-a1-strengthen.json
expect_grep "arith 13:20: q <= q - 8'd1; \(not_equivalent: " cnt.v.audit/006-a1-strengthen.json
expect_no_grep 'blocking 1[13]:15' cnt.v.audit/006-a1-strengthen.json
expect_grep '"equivalent":.*2,' cnt.v.audit/008-a1-validate-v2.json
