# Helpers for tests/cli/tbgen_llm*.sh: build fake_openai scripts whose
# replies are the hand-written files of tests/fixtures/tbllm/.  Source after
# lib.sh and llm_fake.sh.  Rules match a phrase of each prompt template
# (testbench/prompts/tb_*.v1.txt), so the server answers by conversation step.

FX=$REPO/tests/fixtures/tbllm
P_SCEN="List the test scenarios"             # tb_scenarios.v1
P_SCEN_FIX="could not be used"               # tb_scenarios_repair.v1
P_WRITE="Write a self-checking"              # tb_write.v1
P_FIX_COMPILE="fix these problems"           # tb_repair_compile.v1
P_FIX_REF="fails on the reference implementation"  # tb_repair_ref.v1
P_STRENGTHEN="too weak to"                   # tb_strengthen.v1

# jstr FILE: the text of FILE as the inside of a JSON string.
jstr() {
	sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' "$1" | awk '{ printf "%s\\n", $0 }'
}

# vreply FILE: a reply holding FILE in a ```verilog fence (JSON-escaped).
vreply() {
	printf '```verilog\\n%s```\\n' "$(jstr "$1")"
}

# rule MATCH REPLY [TIMES]: one script line (REPLY already JSON-escaped).
rule() {
	if [ $# -ge 3 ]; then
		printf '{"match": "%s", "reply": "%s", "times": %s}\n' "$1" "$2" "$3"
	else
		printf '{"match": "%s", "reply": "%s"}\n' "$1" "$2"
	fi
}

# tbllm ARGS...: veripref tbgen --kind llm on adder8 with test defaults.
tbllm() {
	"$VERIPREF" tbgen --task "$REPO/rtl_tasks/adder8" --kind llm --model m --no-cache \
		--backoff-base 0.01 --backoff-max 0.02 "$@"
}
