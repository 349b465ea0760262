# veripref run on a software task file with imported samples: the scripted
# evalplus-style samples of tests/sw_corpus_check.py --samples (per task the
# canonical solution, then its three recorded bugs) for three Python tasks and
# one C task, plus a task without tests (skipped, in the report) and one whose
# canonical solution fails its own ground truth (rejected, skipped).  Without
# generated tests the ground truth grades (method truth); with imported
# asserts for bracket_depth its matrix is theirs (b4) and the ground truth
# only labels.  Outcomes derived by hand from the bugs (tests/sw_buggy/).
. "$REPO/tests/lib.sh"

{
	sed -n 1,3p "$REPO/sw_tasks/python.jsonl"           # bracket_depth business_days camel_to_snake
	sed -n 1p "$REPO/sw_tasks/python_untested.jsonl"    # human_size: no test, no canonical
	sed -n 1p "$REPO/sw_tasks/c.jsonl"                  # vp_c/count_words
	printf '%s\n' '{"task_id": "t/bad", "prompt": "def one():\n    \"\"\"Return 1.\"\"\"\n", "entry_point": "one", "canonical_solution": "    return 0\n", "test": "def check(candidate):\n    assert candidate() == 1\n"}'
} >tasks.jsonl
python3 "$REPO/tests/sw_corpus_check.py" --samples samples.jsonl "$REPO" >/dev/null ||
	fail "cannot write the scripted samples"
printf '%s\n' '{"task_id": "t/bad", "solution": "def one():\n    return 1\n"}' >>samples.jsonl
# bracket_depth("(]") is -1 (bug1 says 1), "((" is -1 (bug2 says 2), "(())"
# is 2 (bug3 says 1), "x" is 0 (the fourth assert is wrong: all fail it).
cat >tests.jsonl <<'T'
{"task_id": "vp_py/bracket_depth", "tests": ["assert bracket_depth(\"(]\") == -1", "assert bracket_depth(\"((\") == -1", "assert bracket_depth(\"(())\") == 2", "assert bracket_depth(\"x\") == 1"]}
{"task_id": "vp_py/bracket_depth", "tests": ["assert bracket_depth(\"(]\") == -1"]}
T

expect_exit 2 "$VERIPREF" run --tasks "$REPO/rtl_tasks" --out X --tests llm --generator mutate
expect_grep '^veripref: error: --tests is for software task files' err

# Ground truth only.
expect_exit 0 "$VERIPREF" run --tasks tasks.jsonl --out A --generator import:samples.jsonl --jobs 2
expect_grep '^run A: 6 tasks \(2 dropped\); generator import:samples.jsonl, method auto' out
expect_grep '^testbenches: 4 kept, 1 rejected, 0 unvalidated, 0 pending$' out
expect_grep '^  rejected t/bad/truth: the canonical solution fails it: check: fail AssertionError$' out
expect_grep '^candidates: 16 distinct from 16 samples \(import 16\), 0 truncated$' out
expect_grep '^outcomes \(truth benches\): 12 fail, 4 pass$' out
expect_grep '^pairs: 4 records from 4 tasks -> A/pairs.trl.jsonl$' out
expect_grep '^  dropped vp_py/human_size \(testbenches\): no generated tests and no ground-truth test: nothing to grade with$' out
expect_grep '^  dropped t/bad \(testbenches\): no generated tests, and the ground-truth test fails the canonical solution$' out
expect_grep '^  vp_c/count_words +4 +1 +25.0% truth +1$' out
expect_exit 0 "$VERIPREF" score A --eval -m truth --format jsonl
expect_grep '^\{"method":"random","pass@1":25.00,.*"tasks":4,"ranked":0\}$' out
expect_grep '^\{"method":"truth","pass@1":100.00,.*"tasks":4,"ranked":4\}$' out

# Every pair: the canonical solution (sample 0) over a recorded bug.
python3 - A >check.out <<'PY' || fail "truth run check: $(cat check.out)"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1] + "/run.db")
idx = {(t, c): i for t, i, c in db.execute("SELECT task, idx, cand FROM samples")}
recs = [json.loads(l) for l in open(sys.argv[1] + "/pairs.trl.jsonl")]
assert [r["meta"]["task_id"] for r in recs] == ["vp_c/count_words", "vp_py/bracket_depth",
                                                  "vp_py/business_days", "vp_py/camel_to_snake"]
for r in recs:
    m = r["meta"]
    assert m["method"] == "truth" and idx[(m["task_id"], m["chosen"])] == 0, m
    assert idx[(m["task_id"], m["rejected"])] in (1, 2, 3), m
# C: one truth row per candidate, passed/total = its checks (10 in the test).
c = db.execute("SELECT s.idx, r.outcome, r.total FROM results r JOIN samples s ON s.task = r.task"
               " AND s.cand = r.cand WHERE r.task = 'vp_c/count_words' ORDER BY 1").fetchall()
assert [(i, o) for i, o, _ in c] == [(0, "pass"), (1, "fail"), (2, "fail"), (3, "fail")], c
assert {t for _, _, t in c} == {10}, c
PY

# Imported asserts for bracket_depth: its own matrix, the ground truth as label.
expect_exit 0 "$VERIPREF" run --tasks tasks.jsonl --out B --generator import:samples.jsonl \
	--tests import:tests.jsonl --jobs 2
expect_grep '^testbenches: 4 kept, 1 rejected, 4 unvalidated, 0 pending$' out
expect_grep '^outcomes \(test benches\): 7 fail, 9 pass$' out
expect_grep '^  vp_py/bracket_depth +4 +1 +25.0% b4 +1$' out
python3 - B >check.out <<'PY' || fail "imported tests check: $(cat check.out)"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1] + "/run.db")
tb = db.execute("SELECT name, status, multiplicity, text FROM testbenches WHERE kind = 'test'"
                " ORDER BY 1").fetchall()
assert tb == [("test-0000", 2, 2, 'assert bracket_depth("(]") == -1'),
              ("test-0001", 2, 1, 'assert bracket_depth("((") == -1'),
              ("test-0002", 2, 1, 'assert bracket_depth("(())") == 2'),
              ("test-0003", 2, 1, 'assert bracket_depth("x") == 1')], tb
rows = {}
for i, tbn, o in db.execute("SELECT s.idx, r.tb, r.outcome FROM results r JOIN samples s"
                            " ON s.task = r.task AND s.cand = r.cand"
                            " WHERE r.task = 'vp_py/bracket_depth' ORDER BY 1, 2"):
    rows[i] = rows.get(i, "") + ("1" if o == "pass" else "0")
# columns test-0000..0003, truth
assert rows == {0: "11101", 1: "01100", 2: "10100", 3: "11000"}, rows
rec = [json.loads(l) for l in open(sys.argv[1] + "/pairs.trl.jsonl")][1]
assert rec["meta"]["task_id"] == "vp_py/bracket_depth" and rec["meta"]["method"] == "b4", rec["meta"]
PY
expect_exit 0 "$VERIPREF" score B --eval -m b4 -m codet --format jsonl
expect_grep '^\{"method":"b4","pass@1":100.00,.*"tasks":4,"ranked":4\}$' out

# Killed while grading (after the first task), resumed: the same pairs.
VERIPREF_TEST_KILL=grade:1 "$VERIPREF" run --tasks tasks.jsonl --out K --generator import:samples.jsonl \
	--tests import:tests.jsonl --jobs 2 >out 2>err
expect_eq "exit after the kill" "$?" 137
expect_exit 0 "$VERIPREF" run --out K --resume --jobs 2
cmp -s K/pairs.trl.jsonl B/pairs.trl.jsonl || fail "pairs differ after a kill while grading"
expect_exit 2 "$VERIPREF" run --out K --resume --tests none
expect_grep "it cannot be resumed with --tests none" err
