# veripref pairs: strategies, formats, the drop summary, -o and LLaMA-Factory's
# dataset_info.json.  Truth scores of the adder task: a0 1, a1 2/3, a2 0,
# a3 did not run (unranked, the bottom group).
. "$REPO/tests/lib.sh"

cat >m.jsonl <<'JSON'
{"task_id":"adder","prompt":"Write an adder.","candidates":[{"id":"a0","text":"ADD_OK","ok":true},{"id":"a1","text":"ADD_HALF","ok":true,"multiplicity":2},{"id":"a2","text":"ADD_BAD","ok":true},{"id":"a3","text":"ADD_SYNTAX","ok":false,"message":"syntax error near ')'"}],"tests":[{"id":"t0","text":"assert add(1,1)==2"},{"id":"t1","text":"assert add(0,0)==0"},{"id":"t2","text":"assert add(2,2)==4"}],"matrix":["111","110","000","000"]}
{"task_id":"allpass","prompt":"p","candidates":[{"id":"b0","text":"x","ok":true},{"id":"b1","text":"y","ok":true}],"tests":[{"id":"t0"},{"id":"t1"}],"matrix":["11","11"]}
{"task_id":"nonepass","prompt":"p","candidates":[{"id":"c0","text":"x","ok":true},{"id":"c1","text":"y","ok":false}],"tests":[{"id":"t0"}],"matrix":["0","0"]}
{"task_id":"noprompt","candidates":[{"id":"d0","text":"x","ok":true},{"id":"d1","text":"y","ok":true}],"tests":[{"id":"t0"}],"matrix":["1","0"]}
{"task_id":"notests","prompt":"p","candidates":[{"id":"e0","text":"x","ok":true}],"tests":[],"matrix":[""]}
{"task_id":"onegroup","prompt":"p","candidates":[{"id":"f0","text":"x","ok":true},{"id":"f1","text":"y","ok":true}],"tests":[{"id":"t0"},{"id":"t1"}],"matrix":["10","01"]}
JSON

expect_exit 0 "$VERIPREF" pairs --dropped dropped.jsonl m.jsonl
expect_eq "summary" "$(cat err)" \
	"pairs: 6 tasks, 1 kept, 1 record; dropped: no-prompt 1, no-tests 1, none-pass 1, all-pass 1, single-group 1"
expect_eq "trl record" "$(cat out)" \
'{"prompt":"Write an adder.","chosen":"ADD_OK","rejected":"ADD_SYNTAX","meta":{"task_id":"adder","method":"truth","strategy":"best-worst","chosen":"a0","rejected":"a3","chosen_score":1,"rejected_score":null,"margin":null,"evidence":{"chosen_only":["t0","t1","t2"],"chosen_only_count":3,"rejected_only":[],"rejected_only_count":0,"rejected_ran":false,"message":"syntax error near '"')'"'"}}}'
expect_eq "dropped" "$(tr '\n' ' ' <dropped.jsonl)" \
'{"task_id":"allpass","reason":"all-pass"} {"task_id":"nonepass","reason":"none-pass"} {"task_id":"noprompt","reason":"no-prompt"} {"task_id":"notests","reason":"no-tests"} {"task_id":"onegroup","reason":"single-group"} '

# -o writes the same bytes as standard output.
cp out stdout.jsonl
expect_exit 0 "$VERIPREF" pairs -o file.jsonl m.jsonl
cmp -s stdout.jsonl file.jsonl || fail "-o differs from stdout"
expect_eq "nothing on stdout with -o" "$(wc -c <out | tr -d ' ')" 0

# --ranked-only with --min-margin: a0 (1) vs a2 (0) has margin 1.
expect_exit 0 "$VERIPREF" pairs --ranked-only --min-margin 1 m.jsonl
expect_grep '"chosen":"a0","rejected":"a2","chosen_score":1,"rejected_score":0,"margin":1,' out
expect_exit 0 "$VERIPREF" pairs --ranked-only --min-margin 1.01 m.jsonl
expect_grep 'dropped: .*margin 1' err
# Length guard: ADD_SYNTAX / ADD_OK = 10/6.
expect_exit 0 "$VERIPREF" pairs --length-ratio 1.5 m.jsonl
expect_grep 'length-ratio 1$' err
expect_grep '^veripref: warning: no record written: every task was dropped$' err

# all: 6 pairs for adder; the cap; the same seed gives the same bytes.
expect_exit 0 "$VERIPREF" pairs -s all --seed 5 m.jsonl
expect_eq "all pairs" "$(wc -l <out | tr -d ' ')" 6
cp out seed5.jsonl
expect_exit 0 "$VERIPREF" pairs -s all --seed 5 m.jsonl
cmp -s seed5.jsonl out || fail "same seed, different output"
expect_exit 0 "$VERIPREF" pairs -s all --max-pairs 4 m.jsonl
expect_eq "capped" "$(wc -l <out | tr -d ' ')" 4

# dstc appends the deciding tests.
expect_exit 0 "$VERIPREF" pairs -s dstc m.jsonl
expect_grep '^\{"prompt":"Write an adder.","chosen":"ADD_OK\\n\\nassert add\(2,2\)==4","rejected":"ADD_BAD\\n\\nassert add\(1,1\)==2",' out
expect_grep '"method":"dstc","strategy":"dstc","chosen":"a0","rejected":"a2","chosen_score":3,"rejected_score":0,"margin":3,' out

# Formats.
expect_exit 0 "$VERIPREF" pairs -f trl-chat m.jsonl
expect_grep '^\{"prompt":\[\{"role":"user","content":"Write an adder."\}\],"chosen":\[\{"role":"assistant","content":"ADD_OK"\}\],"rejected":\[\{"role":"assistant","content":"ADD_SYNTAX"\}\],"meta":' out
expect_exit 0 "$VERIPREF" pairs -f kto m.jsonl
expect_eq "kto lines" "$(wc -l <out | tr -d ' ')" 2
expect_grep '^\{"prompt":"Write an adder.","completion":"ADD_OK","label":true,' out
expect_grep '^\{"prompt":"Write an adder.","completion":"ADD_SYNTAX","label":false,' out
expect_grep '^kto: 1 desirable, 1 undesirable$' err

mkdir data
expect_exit 0 "$VERIPREF" pairs -f llamafactory -o data/train.jsonl m.jsonl
expect_grep '^\{"instruction":"Write an adder.","input":"","chosen":"ADD_OK","rejected":"ADD_SYNTAX","meta":' data/train.jsonl
expect_grep '"train":[[:space:]]*\{' data/dataset_info.json
expect_grep '"file_name":[[:space:]]*"train.jsonl"' data/dataset_info.json
expect_grep '"ranking":[[:space:]]*true' data/dataset_info.json
expect_grep '"prompt":[[:space:]]*"instruction"' data/dataset_info.json
# A second dataset in the same directory keeps the first entry.
expect_exit 0 "$VERIPREF" pairs -f llamafactory -s dstc --dataset-name vp_dstc -o data/dstc.jsonl m.jsonl
expect_grep '"train":[[:space:]]*\{' data/dataset_info.json
expect_grep '"vp_dstc":[[:space:]]*\{' data/dataset_info.json
expect_grep '"file_name":[[:space:]]*"dstc.jsonl"' data/dataset_info.json
# Without -o there is nowhere to put dataset_info.json: a warning.
expect_exit 0 "$VERIPREF" pairs -f llamafactory m.jsonl
expect_grep 'warning: dataset_info.json is written only with --output FILE' err

# Errors.
expect_exit 2 "$VERIPREF" pairs -s random m.jsonl
expect_grep "unknown strategy 'random'" err
expect_exit 2 "$VERIPREF" pairs -f csv m.jsonl
expect_exit 2 "$VERIPREF" pairs --dataset-name x m.jsonl
expect_exit 2 "$VERIPREF" pairs --length-ratio 0.5 m.jsonl
expect_exit 2 "$VERIPREF" pairs
expect_exit 3 "$VERIPREF" pairs -o no/such/dir/x.jsonl m.jsonl
expect_grep "cannot open 'no/such/dir/x.jsonl' for writing: No such file or directory" err
printf '%s\n' '{"task_id":"x"' >bad.jsonl
expect_exit 3 "$VERIPREF" pairs bad.jsonl
expect_grep "^veripref: error: 'bad.jsonl' line 1: invalid JSON" err
expect_exit 0 "$VERIPREF" pairs --help
expect_grep '^usage: veripref pairs' out
