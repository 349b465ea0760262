# tbgen --kind llm against the fake server: invalid scenario JSON is repaired
# once, a bench that compiles in neither simulator is repaired from both
# compilers' messages, and the repaired bench is kept and written; the audit
# directory holds the whole conversation.  Usage and task errors.
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"
. "$REPO/tests/tbllm.sh"

{
	rule "$P_SCEN" '{\"scenarios\": [{\"name\": \"basic\"'
	rule "$P_SCEN_FIX" "$(jstr "$FX/adder8_scenarios.json")"
	rule "$P_WRITE" "$(vreply "$FX/adder8_nocompile.v")"
	rule "$P_FIX_COMPILE" "$(vreply "$FX/adder8_strong.v")"
} >script.jsonl
start_fake --script script.jsonl

# Both simulators (the default); coverage is not asked for here.
expect_exit 0 tbllm --min-coverage 0 -o tb.v
cmp -s tb.v "$FX/adder8_strong.v" || fail "the kept bench is not the repaired reply"
expect_eq "stdout" "$(cat out)" ""
expect_grep '^veripref: tbgen: adder8 attempt 1: kept: compiles in every simulator and passes on the reference; mutation score 1\.00 \(6 of 6 killed\)$' err
expect_grep '^veripref: tbgen: adder8: 4 requests, .* audit in tb\.v\.audit$' err
stop_fake
# scenarios, scenario repair, write, compile repair
expect_eq "requests" "$(fake_stat requests)" 4

expect_eq "audit files" "$(ls tb.v.audit | tr '\n' ' ')" \
	"001-a1-scenarios.json 002-a1-decision.json 003-a1-scenarios-repair.json 004-a1-write.json 005-a1-tb-v1.v 006-a1-validate-v1.json 007-a1-decision.json 008-a1-repair-compile.json 009-a1-tb-v2.v 010-a1-validate-v2.json 011-a1-decision.json summary.json "
A=tb.v.audit
# the JSON error went back with the broken reply
expect_grep '"prompt":.*could not be used: the reply is not valid JSON: it ends at line 1 before the value is complete' "$A/003-a1-scenarios-repair.json"
expect_grep '"template":.*"tb_scenarios_repair.v1"' "$A/003-a1-scenarios-repair.json"
cmp -s "$A/005-a1-tb-v1.v" "$FX/adder8_nocompile.v" || fail "audit: first bench"
cmp -s "$A/009-a1-tb-v2.v" "$FX/adder8_strong.v" || fail "audit: second bench"
# both compilers' messages (line 7: the declaration after the missing ';')
expect_grep '"compile_log":.*"iverilog:\\ntb.v:7: syntax error' "$A/006-a1-validate-v1.json"
expect_grep '"compile_log":.*verilator:\\n%Error: tb.v:7:5: syntax error' "$A/006-a1-validate-v1.json"
expect_grep '"prompt":.*fix these problems:\\n\\niverilog:\\ntb.v:7: syntax error.*verilator:' "$A/008-a1-repair-compile.json"
expect_grep '"reason":.*"does not compile under iverilog: tb.v:7: syntax error"' "$A/007-a1-decision.json"
expect_grep '"decision":.*"repair"' "$A/007-a1-decision.json"
expect_grep '"decision":.*"kept"' "$A/011-a1-decision.json"
expect_grep '"decision":.*"kept"' "$A/summary.json"
expect_grep '"kept_attempt":.*1,' "$A/summary.json"
expect_grep '"compile_rounds":.*1,' "$A/summary.json"
expect_grep '"mutants_killed":.*6,' "$A/summary.json"

# --audit DIR and standard output.
start_fake --script script.jsonl
expect_exit 0 tbllm --min-coverage 0 --sim iverilog --audit aud
cmp -s out "$FX/adder8_strong.v" || fail "stdout is not the kept bench"
[ -f aud/summary.json ] || fail "no aud/summary.json"
stop_fake

# The response cache: a second run sends no request at all (the server is
# gone) and keeps the same bench.
start_fake --script script.jsonl
expect_exit 0 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/adder8" --kind llm --model m \
	--cache c.db --sim iverilog --min-coverage 0 -o c1.v
stop_fake
expect_eq "requests of the first cached run" "$(fake_stat requests)" 4
expect_exit 0 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/adder8" --kind llm --model m \
	--cache c.db --sim iverilog --min-coverage 0 --max-attempts 1 -o c2.v
cmp -s c1.v c2.v || fail "the cached rerun wrote another bench"
expect_grep '"cached":.*true' c2.v.audit/008-a1-repair-compile.json

# Usage and task errors.
expect_exit 0 "$VERIPREF" tbgen --kind llm --help
expect_grep '^usage: veripref tbgen --task DIR --kind llm --model M' out
expect_exit 2 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/adder8" --kind llm
expect_eq "no model" "$(cat err)" "veripref: error: --kind llm needs --model M
try 'veripref tbgen --help'"
expect_exit 2 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/adder8" --kind llm --model m --n 0
expect_grep "^veripref: error: --n wants a number in 1\.\.100, not '0'" err
expect_exit 2 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/adder8" --kind llm --model m --min-mutation-score 2
expect_grep "^veripref: error: --min-mutation-score needs a number in \[0, 1\], not '2'" err
mkdir -p noref/adder8
cp "$REPO/rtl_tasks/adder8/task.json" "$REPO/rtl_tasks/adder8/spec.md" noref/adder8/
expect_exit 3 "$VERIPREF" tbgen --task noref/adder8 --kind llm --model m --no-cache
expect_eq "no ref" "$(cat err)" "veripref: error: task 'adder8' has no reference (noref/adder8/ref.v): an LLM testbench cannot be validated without one"
