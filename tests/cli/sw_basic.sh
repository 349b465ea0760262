# veripref swgrade on hand-written fixtures: ground truth as the test set,
# generated asserts (CodeT layout, K per sample, multiplicities) as columns,
# --canonical as a task-file sanity check, skipped tasks, usage errors.
. "$REPO/tests/lib.sh"

F="$REPO/tests/fixtures/sw"
rows() {  # rows FILE TASK -> "matrix rows | labels | ok flags"
	python3 -c '
import json, sys
for l in open(sys.argv[1]):
    d = json.loads(l)
    if d["task_id"] == sys.argv[2]:
        print(" ".join(d["matrix"]), "|",
              " ".join("-" if c["label"] is None else str(int(c["label"])) for c in d["candidates"]), "|",
              " ".join(str(int(c["ok"])) for c in d["candidates"]))' "$1" "$2"
}

expect_exit 0 "$VERIPREF" swgrade --help
expect_grep '^usage: veripref swgrade' out
expect_exit 2 "$VERIPREF" swgrade --samples "$F/samples.jsonl"
expect_grep 'error: --tasks FILE is required' err
expect_exit 2 "$VERIPREF" swgrade --tasks "$F/tasks.jsonl"
expect_grep 'nothing to grade' err
expect_exit 3 "$VERIPREF" swgrade --tasks nonexistent.jsonl --canonical
expect_grep "^veripref: error: cannot open 'nonexistent.jsonl': No such file or directory" err

# Ground truth only: one column "check"; canonical first, then c0..c3.
expect_exit 0 "$VERIPREF" swgrade --tasks "$F/tasks.jsonl" --samples "$F/samples.jsonl" \
	--canonical -o m1.jsonl --jobs 2
expect_eq "tasks written" "$(wc -l < m1.jsonl)" 2
# add: canonical right; c0 a+b right; c1 a-b wrong; c2 wrong at a == 10; c3 syntax error (ok 0)
expect_eq "add" "$(rows m1.jsonl demo/add)" "1 1 0 0 0 | 1 1 0 0 0 | 1 1 1 1 0"
expect_eq "sort_desc" "$(rows m1.jsonl demo/sort_desc)" "1 1 0 | 1 1 0 | 1 1 1"
expect_grep '"id":"c3".*"ok":false.*"message":"SyntaxError: invalid syntax' m1.jsonl
expect_grep "1 sample line\(s\) of '.*samples.jsonl' match no task; skipped" err
expect_grep "task 'demo/no_tests' has neither tests nor a ground-truth test; skipped" err
expect_grep '^swgrade: 2 task\(s\) graded, 1 skipped .*, 8 candidate\(s\), 4 pass their ground truth$' err

# Generated asserts: CodeT layout, K = 3 per sample, duplicates folded.
expect_exit 0 "$VERIPREF" swgrade --tasks "$F/tasks.jsonl" --samples "$F/samples.jsonl" \
	--tests "$F/tests_codet.jsonl" --max-asserts 3 -o m2.jsonl
python3 -c '
import json
for l in open("m2.jsonl"):
    d = json.loads(l)
    if d["task_id"] == "demo/add":
        print("|".join("%s*%d" % (t["text"], t["multiplicity"]) for t in d["tests"]))' > tests.txt
expect_eq "asserts" "$(cat tests.txt)" \
	"assert add(1, 2) == 3*3|assert add(2, 2) == 4*1|assert add(10, 1) == 11*1|assert add(10, 5) == 15*1|assert add(3, 3) == 6*1"
# c0 right everywhere; c1 a-b fails all; c2 fails the two a == 10 asserts; c3 did not load
expect_eq "add/generated" "$(rows m2.jsonl demo/add)" "11111 00000 11001 00000 | 1 0 0 0 | 1 1 1 0"
# sort_desc has no generated test: its ground truth is the column
expect_eq "sort_desc/gt" "$(rows m2.jsonl demo/sort_desc)" "1 0 | 1 0 | 1 1"

# Tests by task id; the matrix file feeds score and pairs.
expect_exit 0 "$VERIPREF" swgrade --tasks "$F/tasks.jsonl" --samples "$F/samples.jsonl" \
	--tests "$F/tests_byid.jsonl" -o m3.jsonl
expect_eq "sort_desc/byid" "$(rows m3.jsonl demo/sort_desc)" "111 000 | 1 0 | 1 1"
expect_exit 0 "$VERIPREF" score --eval m3.jsonl
expect_exit 0 "$VERIPREF" pairs m3.jsonl -o pairs.jsonl

# --canonical alone: a broken canonical solution is a negative answer.
sed 's/return a + b/return a * b/' "$F/tasks.jsonl" > broken.jsonl
expect_exit 1 "$VERIPREF" swgrade --tasks broken.jsonl --canonical -o m4.jsonl
expect_grep "task 'demo/add': the canonical solution fails: check: fail AssertionError" err
