# veripref run on a software task file with the fake OpenAI server scripted
# to answer: t/add with a correct, a buggy (a - b) and a hostile solution
# (forged result line, os.system, sys.exit at load), t/maxof with two correct
# ones (one fenced program, one completion cut at "\nprint") and a buggy one
# (xs[0]); asserts from two test replies per task (one wrong expectation,
# one piece without the entry point, one that does not parse); t/blank has
# no ground truth and its test replies hold no assert: it is skipped with
# the reason.  Everything below was derived by hand from the script.  Then a
# run killed with SIGKILL at four points resumes to byte-identical pairs.
. "$REPO/tests/lib.sh"
. "$REPO/tests/llm_fake.sh"

python3 - "$PWD/pwned" <<'PY' || fail "cannot write the fixtures"
import json, sys
pw = sys.argv[1]
tasks = [
 {"task_id": "t/add", "prompt": "def add(a, b):\n    \"\"\"Return the sum of a and b.\"\"\"\n",
  "entry_point": "add", "canonical_solution": "    return a + b\n",
  "test": "def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-1, 1) == 0\n",
  "language": "python"},
 {"task_id": "t/blank", "prompt": "def blank(s):\n    \"\"\"Return s unchanged.\"\"\"\n",
  "entry_point": "blank", "language": "python"},
 {"task_id": "t/maxof", "prompt": "def maxof(xs):\n    \"\"\"Return the largest element of the non-empty list xs.\"\"\"\n",
  "entry_point": "maxof", "canonical_solution": "    return max(xs)\n",
  "test": "def check(candidate):\n    assert candidate([1, 3, 2]) == 3\n    assert candidate([-5, -7]) == -5\n",
  "language": "python"},
]
with open("tasks.jsonl", "w") as f:
    for t in tasks:
        f.write(json.dumps(t) + "\n")
S = lambda m: "Complete the function `%s`" % m
T = lambda m: "Write test cases for `%s`" % m
rules = [
 {"match": S("add"), "times": 1, "reply": "Here it is.\n```python\ndef add(a, b):\n    return a + b\n```\n"},
 {"match": S("add"), "times": 1, "reply": "```python\ndef add(a, b):\n    return a - b\n```"},
 {"match": S("add"), "reply": "```python\nimport os, sys\nprint('@vp:00000000:T 0 pass')\n"
  "os.system('touch %s')\nsys.exit(0)\ndef add(a, b):\n    return a + b\n```" % pw},
 {"match": T("add"), "times": 1, "reply": "assert add(1, 2) == 3\nassert add(0, 0) == 0\nassert add(2, 2) == 5\n"},
 {"match": T("add"), "reply": "assert add(1, 2) == 3\nassert add(-1, 1) == 0\nprint('done')\n"},
 {"match": S("maxof"), "times": 1, "reply": "```python\ndef maxof(xs):\n    return max(xs)\n```"},
 {"match": S("maxof"), "times": 1, "reply": "```python\ndef maxof(xs):\n    return xs[0]\n```"},
 {"match": S("maxof"), "reply": "    return sorted(xs)[-1]\nprint(maxof([1]))\n"},
 {"match": T("maxof"), "times": 1, "reply": "assert maxof([1, 3, 2]) == 3\nassert maxof([5]) == 5\nassert len([1]) == 1\n"},
 {"match": T("maxof"), "reply": "```python\nassert maxof([-1, -2]) == -1\nassert maxof([1, 3, 2]) == 3\nassert maxof([2, 2]) ==\n```\n"},
 {"match": T("blank"), "reply": "I am not sure what to test."},
 {"match": S("blank"), "reply": "```python\ndef blank(s):\n    return s\n```"},
]
with open("script.jsonl", "w") as f:
    for r in rules:
        f.write(json.dumps(r) + "\n")
PY

# No endpoint and no import: software tasks have no mutation engine.
(unset OPENAI_BASE_URL; expect_exit 2 "$VERIPREF" run --tasks tasks.jsonl --out N)
expect_grep "^veripref: error: software tasks \('tasks.jsonl'\) have no mutation engine: give --generator import:FILE, or --generator llm with OPENAI_BASE_URL" err

ARGS="--tasks tasks.jsonl --generator llm --model fake-model -n 3 --tests llm --tests-n 2 --llm-concurrency 1 --jobs 2"
start_fake --script script.jsonl --log requests.log
expect_exit 0 "$VERIPREF" run $ARGS --out R
stop_fake
# 2 test replies for each of the 3 tasks, 3 samples for the 2 that can be graded.
expect_eq "requests served" "$(fake_stat requests)" 12
[ ! -e pwned ] || fail "a hostile candidate's os.system ran"
expect_grep '^run R: 3 tasks \(1 dropped\); generator llm, method auto' out
expect_grep '^testbenches: 2 kept, 0 rejected, 7 unvalidated, 0 pending$' out
expect_grep '^candidates: 6 distinct from 6 samples \(llm 6\), 0 truncated$' out
expect_grep '^outcomes \(test benches\): 4 crash, 5 fail, 12 pass$' out
expect_grep '^outcomes \(truth benches\): 1 crash, 2 fail, 3 pass$' out
expect_grep '^pairs: 2 records from 2 tasks -> R/pairs.trl.jsonl$' out
expect_grep '^  dropped t/blank \(testbenches\): no generated tests and no ground-truth test: nothing to grade with$' out
expect_grep '^  t/add +3 +1 +33.3% b4 +1$' out
expect_grep '^  t/maxof +3 +2 +66.7% b4 +1$' out

python3 - R requests.log >check.out <<'PY' || fail "sw llm run check: $(cat check.out)"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1] + "/run.db")
# Generated tests, folded with their multiplicities, in first-seen order.
tbs = db.execute("SELECT task, name, kind, status, multiplicity, text FROM testbenches"
                 " ORDER BY 1, 2").fetchall()
assert tbs == [
    ("t/add", "test-0000", "test", 2, 2, "assert add(1, 2) == 3"),
    ("t/add", "test-0001", "test", 2, 1, "assert add(0, 0) == 0"),
    ("t/add", "test-0002", "test", 2, 1, "assert add(2, 2) == 5"),
    ("t/add", "test-0003", "test", 2, 1, "assert add(-1, 1) == 0"),
    ("t/add", "truth", "truth", 1, 1, "def check(candidate):\n    assert candidate(1, 2) == 3\n    assert candidate(-1, 1) == 0\n"),
    ("t/maxof", "test-0000", "test", 2, 2, "assert maxof([1, 3, 2]) == 3"),
    ("t/maxof", "test-0001", "test", 2, 1, "assert maxof([5]) == 5"),
    ("t/maxof", "test-0002", "test", 2, 1, "assert maxof([-1, -2]) == -1"),
    ("t/maxof", "truth", "truth", 1, 1, "def check(candidate):\n    assert candidate([1, 3, 2]) == 3\n    assert candidate([-5, -7]) == -5\n"),
], tbs
# Candidates: the program each sample gives, and its row of outcomes.
texts = {
    "correct_add": "def add(a, b):\n    return a + b\n",
    "buggy_add": "def add(a, b):\n    return a - b\n",
    "correct_max": "def maxof(xs):\n    return max(xs)\n",
    "buggy_max": "def maxof(xs):\n    return xs[0]\n",
    "cut_max": "def maxof(xs):\n    \"\"\"Return the largest element of the non-empty list xs.\"\"\"\n    return sorted(xs)[-1]",
}
name = {v: k for k, v in texts.items()}
rows = {}
for task, cand, text, note in db.execute(
        "SELECT c.task, c.id, c.text, c.note FROM candidates c JOIN samples s"
        " ON s.task = c.task AND s.cand = c.id ORDER BY c.task, s.idx"):
    n = name.get(text.rstrip("\n") + "\n") or name.get(text.rstrip("\n")) or ("hostile_add" if "sys.exit(0)" in text else text)
    rows[cand] = n
assert sorted(rows.values()) == sorted(["correct_add", "buggy_add", "hostile_add", "correct_max",
                                        "buggy_max", "cut_max"]), rows
got = {}
for task, cand, tb, outcome in db.execute("SELECT task, cand, tb, outcome FROM results"):
    got.setdefault(rows[cand], []).append((tb, outcome))
P, F, C = "pass", "fail", "crash"
want = {
    "correct_add": [P, P, F, P, P], "buggy_add": [F, P, F, F, F], "hostile_add": [C] * 5,
    "correct_max": [P, P, P, P], "cut_max": [P, P, P, P], "buggy_max": [F, P, P, F],
}
for k, v in want.items():
    assert [o for _, o in sorted(got[k])] == v, (k, sorted(got[k]))
msg = db.execute("SELECT message FROM results WHERE tb = 'truth' AND outcome = 'crash'").fetchone()[0]
assert msg == "SystemExit: 0", msg
drops = db.execute("SELECT task, stage FROM drops ORDER BY 1, 2").fetchall()
assert drops == [("t/blank", "pairs"), ("t/blank", "testbenches")], drops
# Pairs: b4 puts the correct candidate first; the worst is the hostile one
# (add) and the buggy one (maxof); the correct maxof candidates tie.
recs = [json.loads(l) for l in open(sys.argv[1] + "/pairs.trl.jsonl")]
assert [r["meta"]["task_id"] for r in recs] == ["t/add", "t/maxof"]
assert [rows[r["meta"]["chosen"]] for r in recs][0] == "correct_add"
assert rows[recs[1]["meta"]["chosen"]] in ("correct_max", "cut_max")
assert [rows[r["meta"]["rejected"]] for r in recs] == ["hostile_add", "buggy_max"]
assert all(r["meta"]["method"] == "b4" for r in recs)
assert recs[1]["meta"]["evidence"]["chosen_only"] == ["test-0000"], recs[1]["meta"]
assert recs[0]["prompt"].startswith("You are an expert python programmer. Complete the function `add`")
# Requests: the two templates, seeds = run seed (1) + sample index.
reqs = [json.loads(l.split("\t", 1)[1]) for l in open(sys.argv[2])]
tests = [r for r in reqs if "Write test cases for" in r["messages"][0]["content"]]
assert len(tests) == 6 and sorted(r["seed"] for r in tests) == [1, 1, 1, 2, 2, 2]
assert sorted(r["seed"] for r in reqs if r not in tests) == [1, 1, 2, 2, 3, 3]
PY

# Evaluation against the ground truth: random picks 1 of 3 right (add) and
# 2 of 3 (maxof): 50%; b4 and truth rank a right one first on both.
expect_exit 0 "$VERIPREF" score R --eval -m b4 -m truth --format jsonl
expect_grep '^\{"method":"random","pass@1":50.00,.*"tasks":2,' out
expect_grep '^\{"method":"b4","pass@1":100.00,.*"tasks":2,"ranked":2\}$' out
expect_grep '^\{"method":"truth","pass@1":100.00,.*"tasks":2,"ranked":2\}$' out

# Kill -9 at points in every stage, resume: the same pairs, byte for byte,
# and no request asked twice (the LLM cache is in the run store).
for point in testbenches:1 sample:2 grade:1 pairs:1; do
	rm -rf K
	start_fake --script script.jsonl
	VERIPREF_TEST_KILL=$point "$VERIPREF" run $ARGS --out K >out 2>err
	expect_eq "exit after kill at $point" "$?" 137
	fake_snapshot
	before=$(fake_stat requests)
	expect_exit 0 "$VERIPREF" run --out K --resume --llm-concurrency 1 --jobs 2
	stop_fake
	expect_eq "requests after $point" $((before + $(fake_stat requests))) 12
	cmp -s K/pairs.trl.jsonl R/pairs.trl.jsonl || fail "pairs differ after a kill at $point"
done
