# tbgen --kind llm: what is never kept.  A bench that never compiles stops
# after exactly R repair rounds; a scenario list invalid twice drops the
# attempt; a bench failing on the reference is repaired from its failing
# checks, and is never kept while it still fails.
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"
. "$REPO/tests/tbllm.sh"
SCEN_JSON=$(jstr "$FX/adder8_scenarios.json")

# 1. Never compiles: with --rounds 2, scenarios + write + 2 repairs.
{
	rule "$P_SCEN" "$SCEN_JSON"
	rule "$P_WRITE" "$(vreply "$FX/adder8_nocompile.v")"
	rule "$P_FIX_COMPILE" "$(vreply "$FX/adder8_nocompile.v")"
} >script.jsonl
start_fake --script script.jsonl
expect_exit 1 tbllm --sim iverilog --min-coverage 0 --rounds 2 -o tb.v
[ ! -e tb.v ] || fail "a rejected bench was written"
expect_eq "stdout" "$(cat out)" ""
expect_grep '^veripref: tbgen: adder8 attempt 1: rejected: does not compile under iverilog: tb.v:7: syntax error \(after 2 compile repair rounds\)$' err
expect_grep '^veripref: tbgen: adder8: 4 requests, ' err
expect_grep "^veripref: error: task 'adder8': no testbench was kept$" err
stop_fake
expect_eq "requests" "$(fake_stat requests)" 4
expect_grep '"decision":.*"none"' tb.v.audit/summary.json
expect_grep '"compile_rounds":.*2,' tb.v.audit/summary.json
expect_grep '"validations":.*3,' tb.v.audit/summary.json
# scenarios, write, then (tb, validate, decision, repair) x 2, then tb, validate, decision
expect_grep '"decision":.*"rejected"' tb.v.audit/013-a1-decision.json

# 2. Scenario JSON invalid, and still invalid after the repair: dropped.
{
	rule "$P_SCEN" 'Sure! Here are the scenarios: basic, carry.'
	rule "$P_SCEN_FIX" '[{\"name\": \"basic\", \"intent\": \"sum\"}]'
} >script.jsonl
start_fake --script script.jsonl
expect_exit 1 tbllm --sim iverilog --audit drop
expect_grep '^veripref: tbgen: adder8 attempt 1: dropped: the scenario list is not usable after one repair: scenario 1 has no non-empty "stimulus" string$' err
stop_fake
expect_eq "requests" "$(fake_stat requests)" 2
expect_grep 'could not be used: the reply is not valid JSON \(parse error at line 1, column 1\)' drop/003-a1-scenarios-repair.json
expect_eq "drop files" "$(ls drop | tr '\n' ' ')" "001-a1-scenarios.json 002-a1-decision.json 003-a1-scenarios-repair.json 004-a1-decision.json summary.json "

# 3. Fails on the reference, then fixed: the failing check goes back.
{
	rule "$P_SCEN" "$SCEN_JSON"
	rule "$P_WRITE" "$(vreply "$FX/adder8_wrongexp.v")"
	rule "$P_FIX_REF" "$(vreply "$FX/adder8_strong.v")"
} >script.jsonl
start_fake --script script.jsonl
expect_exit 0 tbllm --sim iverilog --min-coverage 0 -o tb3.v
cmp -s tb3.v "$FX/adder8_strong.v" || fail "the kept bench is not the fixed reply"
stop_fake
expect_eq "requests" "$(fake_stat requests)" 3
# carry_sum expects 8'h00 where ref.v gives 8'h01
expect_grep '"prompt":.*fails on the reference implementation.*iverilog: fail, 2 of 3 checks passed.*@vp:FAIL carry_sum got=1 exp=0 t=' tb3.v.audit/006-a1-repair-reference.json
expect_grep '"reference_rounds":.*1,' tb3.v.audit/summary.json

# 4. Still failing on the reference after the repair: never kept, even with
#    no thresholds at all.
{
	rule "$P_SCEN" "$SCEN_JSON"
	rule "$P_WRITE" "$(vreply "$FX/adder8_wrongexp.v")"
	rule "$P_FIX_REF" "$(vreply "$FX/adder8_wrongexp.v")"
} >script.jsonl
start_fake --script script.jsonl
expect_exit 1 tbllm --sim iverilog --min-coverage 0 --min-mutation-score 0 --rounds 1 -o tb4.v
[ ! -e tb4.v ] || fail "a bench failing the reference was written"
expect_grep '^veripref: tbgen: adder8 attempt 1: rejected: fails the reference under iverilog \(fail\): .*\(after 1 reference repair round\)$' err
stop_fake
expect_eq "requests" "$(fake_stat requests)" 3
