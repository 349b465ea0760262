# Shards of an LLM run (fake OpenAI server with scripted replies) merged:
# the same pairs, LLM usage (requests, tokens) and llm_cache rows as the
# unsharded run.  adder8 and mux8 fall in shard 2 of 3, dec3to8_en in 1,
# shard 0 is empty.
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"

mkdir tasks
cp -r "$REPO/rtl_tasks/adder8" "$REPO/rtl_tasks/mux8" "$REPO/rtl_tasks/dec3to8_en" tasks/

# A correct adder8 whose first reply is cut (finish_reason "length"), a buggy
# mux8, a dec3to8_en calling $system.
cat >script.jsonl <<'S'
{"match": "# adder8:", "reply": "```verilog\nmodule adder8 (input wire [7:0] a, input wire [7:0] b, input wire cin,\n    output wire [7:0] sum, output wire cout);\n    assign {cout, sum} = a + b + cin;\nendmodule\n```\n"}
{"match": "# adder8:", "fault": "length", "times": 1}
{"match": "# mux8:", "reply": "```verilog\nmodule mux8 (input wire [2:0] sel, input wire [7:0] d0, input wire [7:0] d1,\n  input wire [7:0] d2, input wire [7:0] d3, input wire [7:0] d4, input wire [7:0] d5,\n  input wire [7:0] d6, input wire [7:0] d7, output reg [7:0] y);\n  always @(*) case (sel) 3'd0: y = d0; 3'd1: y = d1; 3'd2: y = d2; 3'd3: y = d3;\n    3'd4: y = d4; 3'd5: y = d4; 3'd6: y = d6; default: y = d7; endcase\nendmodule\n```"}
{"match": "# dec3to8_en:", "reply": "```verilog\nmodule dec3to8_en (input wire [2:0] a, input wire en_n, output wire [7:0] y);\n  initial $system(\"touch /tmp/veripref-pwned\");\n  assign y = en_n ? 8'h00 : (8'h01 << a);\nendmodule\n```"}
S
LLM="--tasks tasks --generator llm --model fake-model -n 2 --llm-concurrency 1 --jobs 2 --pairs all --seed 4"

# A fresh server per run: the "times" of the fault count per server.
start_fake --script script.jsonl
expect_exit 0 "$VERIPREF" run $LLM --out REF
stop_fake
expect_eq "requests of the unsharded run" "$(fake_stat requests)" 6
for i in 0 1 2; do
	start_fake --script script.jsonl
	expect_exit 0 "$VERIPREF" run $LLM --shard $i/3 --out S$i
	stop_fake
done
expect_eq "tasks of shard 0" "$(sqlite3 S0/run.db 'SELECT count(*) FROM tasks')" 0
unset OPENAI_BASE_URL
expect_exit 0 "$VERIPREF" merge M S0 S1 S2
expect_exit 0 "$VERIPREF" pairs M
cmp -s M/pairs.trl.jsonl REF/pairs.trl.jsonl || fail "merged LLM pairs differ"

# (llm_cache keys hash the endpoint too, and every fake server has its own
# port: the replies are compared, not the keys.)
q() { sqlite3 "$1/run.db" "$2"; }
for sql in \
	"SELECT stage, task, requests, prompt_tokens, completion_tokens, cached FROM usage ORDER BY 1, 2" \
	"SELECT content, finish_reason FROM llm_cache ORDER BY 1, 2" \
	"SELECT task, idx, cand, origin, model, finish_reason, truncated, prompt_tokens, completion_tokens FROM samples ORDER BY 1, 2"; do
	q REF "$sql" >want
	q M "$sql" >got
	[ -s want ] || fail "no rows in the unsharded run for: $sql"
	cmp -s want got || { diff want got >&2; fail "merged rows differ: $sql"; }
done
expect_eq "cache rows" "$(q M 'SELECT count(*) FROM llm_cache')" 6
"$VERIPREF" report REF >ref.txt
"$VERIPREF" report M >m.txt
expect_eq "llm line" "$(grep '^llm: ' m.txt)" "$(grep '^llm: ' ref.txt)"
expect_grep '^llm: 6 requests, [1-9][0-9]* prompt tokens, [1-9][0-9]* completion tokens, 0 cached$' m.txt
exit 0
