# veripref run --generator llm against the fake OpenAI server with scripted
# replies: adder8 answers correctly (its first reply cut by finish_reason
# "length"), mux8 answers with a bug, dec3to8_en with a $system call.  Two
# samples per task give exactly the expected candidates, outcomes, pairs,
# drops and token counts; a run killed during sampling resumes with no
# repeated request and the same pairs.
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"

mkdir tasks
cp -r "$REPO/rtl_tasks/adder8" "$REPO/rtl_tasks/mux8" "$REPO/rtl_tasks/dec3to8_en" tasks/

# Rule order matters to the fake: the canned reply first, then the fault
# that cuts the first adder8 reply in half (fenced block left open).
cat >script.jsonl <<'S'
{"match": "# adder8:", "reply": "Here is the adder.\n```verilog\nmodule adder8 (input wire [7:0] a, input wire [7:0] b, input wire cin,\n    output wire [7:0] sum, output wire cout);\n    assign {cout, sum} = a + b + cin;\nendmodule\n```\n"}
{"match": "# adder8:", "fault": "length", "times": 1}
{"match": "# mux8:", "reply": "```verilog\nmodule mux8 (input wire [2:0] sel, input wire [7:0] d0, input wire [7:0] d1,\n  input wire [7:0] d2, input wire [7:0] d3, input wire [7:0] d4, input wire [7:0] d5,\n  input wire [7:0] d6, input wire [7:0] d7, output reg [7:0] y);\n  always @(*) case (sel) 3'd0: y = d0; 3'd1: y = d1; 3'd2: y = d2; 3'd3: y = d3;\n    3'd4: y = d4; 3'd5: y = d4; 3'd6: y = d6; default: y = d7; endcase\nendmodule\n```"}
{"match": "# dec3to8_en:", "reply": "```verilog\nmodule dec3to8_en (input wire [2:0] a, input wire en_n, output wire [7:0] y);\n  initial $system(\"touch /tmp/veripref-pwned\");\n  assign y = en_n ? 8'h00 : (8'h01 << a);\nendmodule\n```"}
S

LLM="--generator llm --model fake-model -n 2 --llm-concurrency 1 --jobs 2 --temperature 0.8 --max-tokens 512"
start_fake --script script.jsonl --log requests.log
expect_exit 0 "$VERIPREF" run --tasks tasks --out R $LLM
stop_fake
expect_eq "requests served" "$(fake_stat requests)" 6
expect_grep '^candidates: 4 distinct from 6 samples \(llm 4\), 1 truncated$' out
expect_grep '^outcomes \(differential benches\): 1 compile_error, 1 fail, 1 forbidden, 1 pass$' out
expect_grep '^outcomes \(human benches\): 1 compile_error, 1 fail, 1 forbidden, 1 pass$' out
expect_grep '^pairs: 1 records from 1 tasks -> R/pairs.trl.jsonl$' out
expect_grep '^  dropped dec3to8_en \(pairs\): none-pass$' out
expect_grep '^  dropped mux8 \(pairs\): none-pass$' out
expect_grep '^llm: 6 requests, [0-9]+ prompt tokens, [0-9]+ completion tokens, 0 cached$' out
[ ! -e /tmp/veripref-pwned ] || fail "a candidate's \$system ran"

python3 - R script.jsonl >check.out <<'PY' || fail "llm run check: $(cat check.out)"
import json, sqlite3, sys
run, script = sys.argv[1], sys.argv[2]
db = sqlite3.connect(run + "/run.db")
rules = [json.loads(l) for l in open(script)]
reply = {r["match"]: r["reply"] for r in rules if "reply" in r}
# Token counts as the fake counts them: whitespace-separated words.
prompts = dict(db.execute("SELECT id, prompt FROM tasks"))
want_prompt = 2 * sum(len(p.split()) for p in prompts.values())
cut = reply["# adder8:"][: (len(reply["# adder8:"]) + 1) // 2]
want_completion = (len(reply["# adder8:"].split()) + len(cut.split())
                   + 2 * len(reply["# mux8:"].split()) + 2 * len(reply["# dec3to8_en:"].split()))
got = db.execute("SELECT sum(requests), sum(prompt_tokens), sum(completion_tokens) FROM usage").fetchone()
assert got == (6, want_prompt, want_completion), (got, want_prompt, want_completion)
# Samples: index 0 of adder8 is the cut one, flagged; the others stop normally.
rows = db.execute("SELECT task, idx, finish_reason, truncated, model FROM samples ORDER BY 1, 2").fetchall()
assert rows == [("adder8", 0, "length", 1, "fake-model"), ("adder8", 1, "stop", 0, "fake-model"),
                ("dec3to8_en", 0, "stop", 0, "fake-model"), ("dec3to8_en", 1, "stop", 0, "fake-model"),
                ("mux8", 0, "stop", 0, "fake-model"), ("mux8", 1, "stop", 0, "fake-model")], rows
mult = db.execute("SELECT c.task, count(*) FROM candidates c JOIN samples s ON s.task = c.task"
                  " AND s.cand = c.id GROUP BY c.task, c.id ORDER BY 1, 2").fetchall()
assert mult == [("adder8", 1), ("adder8", 1), ("dec3to8_en", 2), ("mux8", 2)], mult
# The extracted code is the fenced block, without the prose.
text = db.execute("SELECT text FROM candidates WHERE task = 'adder8' AND first_sample = 1").fetchone()[0]
assert text.startswith("module adder8 (") and text.endswith("endmodule\n"), text
out = dict(db.execute("SELECT task || '/' || outcome, count(*) FROM results GROUP BY 1"))
assert out == {"adder8/pass": 2, "adder8/compile_error": 2, "mux8/fail": 2, "dec3to8_en/forbidden": 2}, out
msg = db.execute("SELECT message FROM results WHERE outcome = 'forbidden' LIMIT 1").fetchone()[0]
assert "$system" in msg, msg
recs = [json.loads(l) for l in open(run + "/pairs.trl.jsonl")]
assert len(recs) == 1
m = recs[0]["meta"]
assert "a + b + cin" in recs[0]["chosen"] and recs[0]["rejected"] == text[: len(recs[0]["rejected"])] != text
assert m["evidence"]["message"].startswith("adder8_tb.v: compile_error"), m
assert m["evidence"]["chosen_only"] == ["adder8_tb.v", "vp_differential.v"], m
PY

# Every request: the filled prompt, the run's sampling settings, seed = run
# seed (1) + sample index.
python3 - requests.log >check.out <<'PY' || fail "requests: $(cat check.out)"
import json, sys
reqs = [json.loads(l.split("\t", 1)[1]) for l in open(sys.argv[1])]
assert len(reqs) == 6
for r in reqs:
    assert r["model"] == "fake-model" and r["temperature"] == 0.8 and r["max_tokens"] == 512, r
    assert len(r["messages"]) == 1 and r["messages"][0]["role"] == "user"
    assert r["messages"][0]["content"].startswith("You are an expert digital design engineer.")
assert sorted(r["seed"] for r in reqs) == [1, 1, 1, 2, 2, 2], [r["seed"] for r in reqs]
PY

# The LLM cache lives in the run store: a killed run resumes without asking
# again for the samples it has, and writes the same pairs.
start_fake --script script.jsonl
VERIPREF_TEST_KILL=sample:3 "$VERIPREF" run --tasks tasks --out K $LLM >out 2>err
expect_eq "exit after the kill" "$?" 137
fake_snapshot
expect_eq "requests before the kill" "$(fake_stat requests)" 3
expect_exit 0 "$VERIPREF" run --out K --resume --llm-concurrency 1 --jobs 2
stop_fake
expect_eq "requests after the resume" "$(fake_stat requests)" 3
cmp -s K/pairs.trl.jsonl R/pairs.trl.jsonl || fail "pairs differ after a kill during sampling"
expect_grep '^llm: 6 requests, ' out

# A request the server refuses (HTTP 401, never retried) stops the sample
# stage with exit 3 and one line; the samples that arrived are kept.
expect_exit 0 "$VERIPREF" run --tasks tasks --out S $LLM --stop-after tasks
start_fake --script script.jsonl --fault 3:401
expect_exit 3 "$VERIPREF" sample S --llm-concurrency 1
stop_fake
expect_grep "^veripref: error: sample stage: LLM request for task 'dec3to8_en' sample 0 failed: .*401" err
expect_eq "error lines" "$(wc -l <err)" 1
expect_exit 0 "$VERIPREF" report S --format json
python3 -c "import json,sys; r = json.load(open('out')); assert r['candidates']['samples'] == 2, r['candidates']" ||
	fail "samples kept after the failure"
