# veripref run --generator import: hand-written candidates give exactly the
# expected candidates, outcomes, pairs and drops.
#   adder8:       correct (twice: a reformatted copy folds into it), buggy
#                 (no carry in), forbidden ($display), syntax error
#   adder8_noref: no ref.v: its human bench is unvalidated, method b4;
#                 correct twice, buggy once
#   mux8:         no sample in the file -> dropped
# plus a line for a task that is not in the run (ignored).
. "$REPO/tests/lib.sh"
unset OPENAI_BASE_URL

mkdir tasks
cp -r "$REPO/rtl_tasks/adder8" "$REPO/rtl_tasks/mux8" tasks/
cp -r tasks/adder8 tasks/adder8_noref
rm tasks/adder8_noref/ref.v
sed 's/"id": *"adder8"/"id": "adder8_noref"/' tasks/adder8/task.json >tasks/adder8_noref/task.json

expect_exit 0 "$VERIPREF" run --tasks tasks --out R --generator import:"$REPO/tests/fixtures/run/import.jsonl" \
	--pairs all --jobs 2
expect_grep '^run R: 3 tasks \(1 dropped\); generator import:.*, method auto, pairs all, seed 1$' out
expect_grep '^testbenches: 4 kept, 0 rejected, 1 unvalidated, 0 pending$' out
expect_grep '^candidates: 6 distinct from 8 samples \(import 6\), 0 truncated$' out
expect_grep '^outcomes \(differential benches\): 1 compile_error, 1 fail, 1 forbidden, 1 pass$' out
expect_grep '^outcomes \(human benches\): 1 compile_error, 2 fail, 1 forbidden, 2 pass$' out
expect_grep '^pairs: 4 records from 2 tasks -> R/pairs.trl.jsonl$' out
expect_grep '^  dropped mux8 \(sample\): no sample for this task in the import file$' out
expect_grep '^  adder8  +4 +1 +25.0% truth +3$' out
expect_grep '^  adder8_noref  +2 +1 +50.0% b4 +1$' out

# JUnit: one testcase per (task, candidate): 6 candidates, the two correct
# ones pass, the other four are failures typed by their first bad cell.
expect_exit 0 "$VERIPREF" report R --format junit
python3 - out <<'PY' || fail "junit report"
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suite = root.find("testsuite")
assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("6", "4", "0", "0"), suite.attrib
got = sorted((c.get("classname"), c.find("failure").get("type") if c.find("failure") is not None else "pass")
             for c in suite.findall("testcase"))
want = sorted([("adder8", "pass"), ("adder8", "fail"), ("adder8", "forbidden"), ("adder8", "compile_error"),
               ("adder8_noref", "pass"), ("adder8_noref", "fail")])
assert got == want, got
PY
[ -s R/pairs.trl.jsonl ] || fail "no pairs file"

# The pairs themselves: every adder8 pair has the correct adder as chosen and
# one of the three bad candidates as rejected, with the deciding message.
python3 - R/pairs.trl.jsonl >check.out <<'PY' || fail "pairs check: $(cat check.out)"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
a = [r for r in recs if r["meta"]["task_id"] == "adder8"]
n = [r for r in recs if r["meta"]["task_id"] == "adder8_noref"]
assert len(a) == 3 and len(n) == 1, (len(a), len(n))
for r in a + n:
    assert "assign {cout, sum} = a + b + cin;" in r["chosen"], r["chosen"]
    assert r["prompt"].startswith("You are an expert digital design engineer."), r["prompt"][:80]
    assert "module adder8 (\n    input  wire [7:0] a," in r["prompt"]
assert len({r["meta"]["chosen"] for r in a}) == 1
assert len({r["meta"]["rejected"] for r in a}) == 3
msgs = sorted(r["meta"]["evidence"]["message"].split(": ")[1] for r in a)
assert msgs == ["compile_error", "fail", "forbidden"], msgs
for r in a:
    m = r["meta"]
    assert m["method"] == "truth" and m["chosen_score"] == 1 and m["rejected_score"] == 0, m
    assert m["evidence"]["chosen_only"] == ["adder8_tb.v", "vp_differential.v"], m
assert "$display" in [r for r in a if "forbidden" in r["meta"]["evidence"]["message"]][0]["rejected"]
m = n[0]["meta"]
assert m["method"] == "b4" and m["evidence"]["chosen_only"] == ["adder8_tb.v"], m
assert "a + b;" in n[0]["rejected"]
PY

# The store: the correct adder8 folds two samples (multiplicity 2).
python3 - R/run.db >check.out <<'PY' || fail "store check: $(cat check.out)"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("SELECT c.task, count(*) FROM samples s JOIN candidates c ON c.task = s.task"
                  " AND c.id = s.cand WHERE c.text LIKE '%a + b + cin;%' AND c.text NOT LIKE '%$display%'"
                  " GROUP BY c.id, c.task ORDER BY 1").fetchall()
assert rows == [("adder8", 2), ("adder8_noref", 2)], rows
assert db.execute("PRAGMA user_version").fetchone()[0] == 1
PY

# The report as JSON has the same numbers.
expect_exit 0 "$VERIPREF" report R --format json
python3 - out <<'PY' || fail "report json"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["candidates"] == {"distinct": 6, "samples": 8, "truncated": 0, "by_origin": {"import": 6}}, r["candidates"]
assert r["outcomes"]["human"] == {"compile_error": 1, "fail": 2, "forbidden": 1, "pass": 2}, r["outcomes"]
assert r["pairs"]["records"] == 4 and r["tasks"] == {"total": 3, "dropped": 1}
assert [s["name"] for s in r["stages"]] == ["tasks", "testbenches", "sample", "grade", "score", "pairs"]
PY

# Stage commands on the finished run redo nothing and give the same file.
cp R/pairs.trl.jsonl first.jsonl
expect_exit 0 "$VERIPREF" grade R
expect_exit 0 "$VERIPREF" score R
expect_exit 0 "$VERIPREF" pairs R
expect_eq "pairs path" "$(cat out)" "R/pairs.trl.jsonl"
cmp -s first.jsonl R/pairs.trl.jsonl || fail "pairs changed after rerunning stages"

# Errors: an unreadable import file is a runtime error; a bad line names itself.
expect_exit 3 "$VERIPREF" run --tasks tasks --out R2 --generator import:nope.jsonl
expect_grep "^veripref: error: sample stage: cannot open 'nope.jsonl': No such file or directory$" err
printf '{"task_id": "adder8"}\n' >bad.jsonl
expect_exit 3 "$VERIPREF" run --tasks tasks --out R3 --generator import:bad.jsonl
expect_grep "^veripref: error: sample stage: 'bad.jsonl' line 1: expected" err
