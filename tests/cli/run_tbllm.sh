# veripref run --tb llm against the fake server: the testbench stage asks the
# model for scenarios and a bench (pipeline/tbllm.h), validates it (compile,
# reference, coverage, mutants) and grades the imported candidates with it;
# the audit trail lands in RUN/audit/<task>/ and the requests are counted as
# the testbench stage's usage.  A bench the model never gets right is stored
# as rejected with the reason, and the task is then dropped from pairs.
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"
. "$REPO/tests/tbllm.sh"

mkdir tasks
cp -r "$REPO/rtl_tasks/adder8" tasks/
IMPORT=import:$REPO/tests/fixtures/run/import.jsonl

{
	rule "$P_SCEN" "$(jstr "$FX/adder8_scenarios.json")"
	rule "$P_WRITE" "$(vreply "$FX/adder8_strong.v")"
} >good.jsonl
start_fake --script good.jsonl
expect_exit 0 "$VERIPREF" run --tasks tasks --out R --tb llm --model m --generator "$IMPORT" --sim iverilog
stop_fake
expect_eq "requests" "$(fake_stat requests)" 2
expect_exit 0 "$VERIPREF" report R
expect_grep '^testbenches: 1 kept, 0 rejected, 0 unvalidated, 0 pending$' out
expect_grep '^candidates: 4 distinct from 5 samples \(import 4\), 0 truncated$' out
expect_grep '^outcomes \(llm benches\): 1 compile_error, 1 fail, 1 forbidden, 1 pass$' out
expect_grep '^llm: 2 requests, ' out
[ -f R/audit/adder8/summary.json ] || fail "no audit summary in R/audit/adder8"
expect_grep '"decision":[[:space:]]*"kept"' R/audit/adder8/summary.json

# A bench that never compiles: rejected after the repair rounds, with the
# reason; no validated bench, so the task gives no pair.
{
	rule "$P_SCEN" "$(jstr "$FX/adder8_scenarios.json")"
	rule "$P_WRITE" "$(vreply "$FX/adder8_nocompile.v")"
	rule "$P_FIX_COMPILE" "$(vreply "$FX/adder8_nocompile.v")"
} >bad.jsonl
start_fake --script bad.jsonl
expect_exit 0 "$VERIPREF" run --tasks tasks --out R2 --tb llm --model m --generator "$IMPORT" --sim iverilog
stop_fake
# scenarios, write, 3 compile repairs (the default rounds); the second and
# third repair prompts are the first one again (same bench, same error), so
# the run's LLM cache answers them: 3 requests reach the server.
expect_eq "requests" "$(fake_stat requests)" 3
expect_eq "repair rounds" "$(ls R2/audit/adder8/ | grep -c repair-compile)" 3
expect_exit 0 "$VERIPREF" report R2
expect_grep '^testbenches: 0 kept, 1 rejected, 0 unvalidated, 0 pending$' out
expect_grep 'does not compile under iverilog' out

# --tb llm without an endpoint or a model: clear errors.
unset OPENAI_BASE_URL
expect_exit 2 "$VERIPREF" run --tasks tasks --out R3 --tb llm --generator "$IMPORT"
expect_grep "^veripref: error: --model is required with --generator llm and --tb llm" err
expect_exit 3 "$VERIPREF" run --tasks tasks --out R4 --tb llm --model m --generator "$IMPORT"
expect_grep "need OPENAI_BASE_URL" err
