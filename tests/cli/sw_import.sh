# Importers: MBPP problems (plain and .gz; numeric ids, entry point from the
# first assert, the asserts as check()), evalplus-style samples by task id
# (numeric or "MBPP/<n>", "solution" fenced or not), and CodeT-layout
# solutions matched to tasks by prompt (completions, truncated).
. "$REPO/tests/lib.sh"

F="$REPO/tests/fixtures/sw"
gzip -c "$F/mbpp.jsonl" > mbpp.jsonl.gz
# The canonical code of both MBPP tasks passes its own asserts (CRLF and all).
expect_exit 0 "$VERIPREF" swgrade --tasks mbpp.jsonl.gz --canonical -o m1.jsonl
python3 -c '
import json
for l in open("m1.jsonl"):
    d = json.loads(l)
    print(d["task_id"], d["candidates"][0]["label"], "def check(candidate):" in d["candidates"][0]["text"])' > got1.txt
expect_eq "mbpp canonical" "$(tr '\n' ' ' < got1.txt)" "MBPP/2 True False MBPP/3 True False "
expect_grep '^swgrade: 2 task\(s\) graded, 0 skipped' err

expect_exit 0 "$VERIPREF" swgrade --tasks mbpp.jsonl.gz --samples "$F/mbpp_samples.jsonl" -o m2.jsonl
python3 -c '
import json
for l in open("m2.jsonl"):
    d = json.loads(l)
    print(d["task_id"], " ".join(str(int(c["label"])) for c in d["candidates"]))' > got2.txt
# MBPP/3: n % 2 == 0 says 2 is not prime (wrong); the any() version is right.
expect_eq "mbpp samples" "$(tr '\n' ' ' < got2.txt)" "MBPP/2 1 MBPP/3 0 1 "

# CodeT layout: completions cut at "\nprint" and "\n#".
expect_exit 0 "$VERIPREF" swgrade --tasks "$F/tasks.jsonl" --samples "$F/codet_solutions.jsonl" -o m3.jsonl
python3 -c '
import json
d = json.loads(open("m3.jsonl").readline())
print(d["task_id"], " ".join(str(int(c["label"])) for c in d["candidates"]))
print(repr(d["candidates"][0]["text"].split("\"\"\"\n")[-1]), repr(d["candidates"][1]["text"].split("\"\"\"\n")[-1]))' > got3.txt
expect_eq "codet labels" "$(sed -n 1p got3.txt)" "demo/add 1 1 0"
expect_eq "codet truncation" "$(sed -n 2p got3.txt)" "'    return a + b\\n\\n' '    return b + a'"

# Malformed input names the file and the line.
printf '{"task_id": "x", "prompt": "def f():\\n"}\n' > bad.jsonl
expect_exit 3 "$VERIPREF" swgrade --tasks bad.jsonl --canonical
expect_grep "^veripref: error: 'bad.jsonl' line 1: not a task: expected \"prompt\" and \"entry_point\"" err
printf 'not json\n' > bad2.jsonl
expect_exit 3 "$VERIPREF" swgrade --tasks bad2.jsonl --canonical
expect_grep "^veripref: error: 'bad2.jsonl' line 1: not a JSON object" err
printf 'garbage' > bad.jsonl.gz
expect_exit 3 "$VERIPREF" swgrade --tasks bad.jsonl.gz --canonical
expect_grep "^veripref: error: cannot decompress 'bad.jsonl.gz': gzip: bad.jsonl.gz: not in gzip format" err
