# veripref run on a C task (vp_c/count_words) with LLM samples and LLM
# tests from the fake server: the test prompt asks C for VP_CHECK lines; a
# reply of three checks (the third expects 5 words in "a") and one line
# without the entry point gives three tests.  The correct sample passes the
# first two, the one returning 0 only the second; the messages go with the
# rows they are about.
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"

sed -n 1p "$REPO/sw_tasks/c.jsonl" >tasks.jsonl
python3 - <<'PY' || fail "cannot write the script"
import json
t = json.loads(open("tasks.jsonl").read())
assert t["task_id"] == "vp_c/count_words"
rules = [
    {"match": "Complete the function", "times": 1,
     "reply": "```c\n" + t["prompt"] + t["canonical_solution"] + "```"},
    {"match": "Complete the function",
     "reply": "```c\nint count_words(const char *s) { (void)s; return 0; }\n```"},
    {"match": "Write test cases for",
     "reply": "VP_CHECK(count_words(\"a b\") == 2);\nVP_CHECK(count_words(\"\") == 0);\n"
              "int unused = 1;\nVP_CHECK(count_words(\"a\") == 5);\n"},
]
with open("script.jsonl", "w") as f:
    for r in rules:
        f.write(json.dumps(r) + "\n")
PY
start_fake --script script.jsonl --log requests.log
expect_exit 0 "$VERIPREF" run --tasks tasks.jsonl --out R --generator llm --model m -n 2 \
	--tests llm --tests-n 1 --llm-concurrency 1 --jobs 2
stop_fake
expect_eq "requests served" "$(fake_stat requests)" 3
expect_grep '^testbenches: 1 kept, 0 rejected, 3 unvalidated, 0 pending$' out
expect_grep '^outcomes \(test benches\): 3 fail, 3 pass$' out
expect_grep '^outcomes \(truth benches\): 1 fail, 1 pass$' out
expect_grep '^pairs: 1 records from 1 tasks -> R/pairs.trl.jsonl$' out
grep -q 'one `VP_CHECK(<condition>);` statement per line' requests.log || fail "the C test prompt does not ask for VP_CHECK lines"
python3 - R >check.out <<'PY' || fail "C run check: $(cat check.out)"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1] + "/run.db")
tb = db.execute("SELECT name, text FROM testbenches WHERE kind = 'test' ORDER BY 1").fetchall()
assert tb == [("test-0000", 'VP_CHECK(count_words("a b") == 2);'),
              ("test-0001", 'VP_CHECK(count_words("") == 0);'),
              ("test-0002", 'VP_CHECK(count_words("a") == 5);')], tb
rows = {}
for idx, name, outcome, msg in db.execute(
        "SELECT s.idx, r.tb, r.outcome, r.message FROM results r JOIN samples s"
        " ON s.task = r.task AND s.cand = r.cand ORDER BY 1, 2"):
    rows.setdefault(idx, []).append((name, outcome, msg))
assert [(n, o) for n, o, _ in rows[0]] == [("test-0000", "pass"), ("test-0001", "pass"),
                                          ("test-0002", "fail"), ("truth", "pass")], rows[0]
assert [(n, o) for n, o, _ in rows[1]] == [("test-0000", "fail"), ("test-0001", "pass"),
                                          ("test-0002", "fail"), ("truth", "fail")], rows[1]
assert rows[0][2][2].startswith("test 'test-0002': fail"), rows[0]
assert rows[1][0][2] is None and rows[1][3][2].startswith("check line "), rows[1]
rec = json.loads(open(sys.argv[1] + "/pairs.trl.jsonl").readline())
idx = {c: i for i, c in db.execute("SELECT idx, cand FROM samples")}
assert (idx[rec["meta"]["chosen"]], idx[rec["meta"]["rejected"]]) == (0, 1), rec["meta"]
PY
