#!/bin/sh
# Software execution throughput: 100 candidates x 20 generated asserts (+ the
# ground truth) per task on a few small Python tasks written here.
#   one process per candidate (all its tests inside; the normal mode)
#   vs one process per (candidate, test) pair (--one-test-per-process),
# in the same run, and the normal mode at --jobs 2 vs --jobs 1.
# Prints candidates per second and the ratios.  Env: VERIPREF.
set -eu
: "${VERIPREF:?}"
d=$(mktemp -d "${TMPDIR:-/tmp}/vp-bench-sw.XXXXXX")
trap 'rm -rf "$d"' EXIT
cd "$d"
NTASK=${SW_BENCH_TASKS:-3}
python3 - "$NTASK" <<'PY'
import json, sys
ntask = int(sys.argv[1])
defs = [
    ("add", "def add(a: int, b: int) -> int:\n    \"\"\"a + b\"\"\"\n", "    return a + b\n",
     lambda i: "assert add(%d, %d) == %d" % (i, 2 * i, 3 * i),
     ["    return a + b + %d\n", "    return a * b * %d\n", "    return a + b if a < %d else a - b\n"]),
    ("sort_desc", "from typing import List\n\n\ndef sort_desc(xs: List[int]) -> List[int]:\n    \"\"\"decreasing\"\"\"\n",
     "    return sorted(xs, reverse=True)\n",
     lambda i: "assert sort_desc(%r) == %r" % ([i, 3 * i % 7, i + 1], sorted([i, 3 * i % 7, i + 1], reverse=True)),
     ["    return sorted(xs)[::-1][:len(xs) - (len(xs) > %d)]\n", "    return sorted(xs)[%d:0:-1]\n", "    return sorted(xs, reverse=True)[:%d]\n"]),
    ("count_vowels", "def count_vowels(s: str) -> int:\n    \"\"\"vowels in s\"\"\"\n",
     "    return sum(c in 'aeiouAEIOU' for c in s)\n",
     lambda i: "assert count_vowels(%r) == %d" % ("ab" * i + "E", i + 1),
     ["    return sum(c in 'aeiou' for c in s) + %d * 0\n", "    return len(s) // %d\n", "    return sum(c in 'aeiouAEIOU' for c in s[:%d])\n"]),
]
with open("tasks.jsonl", "w") as t, open("samples.jsonl", "w") as s, open("tests.jsonl", "w") as ts:
    for name, prompt, canon, mk, wrong in defs[:ntask]:
        check = "def check(candidate):\n" + "".join("    " + mk(i).replace(name + "(", "candidate(", 1) + "\n" for i in range(25, 30))
        t.write(json.dumps({"task_id": "bench/" + name, "prompt": prompt, "entry_point": name,
                            "canonical_solution": canon, "test": check}) + "\n")
        for k in range(100):
            body = canon + "    # variant %d\n" % k if k % 4 == 0 else wrong[k % 3] % (k % 5 + 1)
            s.write(json.dumps({"task_id": "bench/" + name, "completion": body}) + "\n")
        ts.write(json.dumps({"task_id": "bench/" + name, "tests": [mk(i) for i in range(20)]}) + "\n")
PY
now() { date +%s.%N; }
run() {  # run LABEL TASKFILE ARGS... -> seconds
	label=$1
	tf=$2
	shift 2
	t0=$(now)
	set +e
	"$VERIPREF" swgrade --tasks "$tf" --samples samples.jsonl --tests tests.jsonl \
		--max-asserts 0 "$@" -o "out.$label.jsonl" 2>"err.$label" || { cat "err.$label" >&2; exit 1; }
	set -e
	t1=$(now)
	echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }'
}
# The baseline is slow (a Python start per pair): it runs on the first task
# only; rates are per candidate, each task has 100 candidates x 21 tests.
head -n 1 tasks.jsonl > first.jsonl
ncand=$((NTASK * 100))
one1=$(run one1 tasks.jsonl --jobs 1)
one2=$(run one2 tasks.jsonl --jobs 2)
first1=$(run first1 first.jsonl --jobs 1)
base1=$(run base1 first.jsonl --jobs 1 --one-test-per-process)
cmp -s out.first1.jsonl out.base1.jsonl || { echo "bench sw: the two modes disagree" >&2; exit 1; }
cmp -s out.one1.jsonl out.one2.jsonl || { echo "bench sw: --jobs 2 disagrees" >&2; exit 1; }
awk -v n="$ncand" -v a="$one1" -v c="$one2" -v f="$first1" -v b="$base1" 'BEGIN {
	printf "sw: 100 candidates x 21 tests (20 asserts + ground truth) per task, %d tasks\n", n / 100
	printf "sw: one process per candidate, 1 job:    %7.1f candidates/s (%.2f s, %d tasks)\n", n / a, a, n / 100
	printf "sw: one process per candidate, 2 jobs:   %7.1f candidates/s (%.2f s)\n", n / c, c
	printf "sw: --jobs 2 vs --jobs 1: %.2fx (target >= 1.7x)\n", a / c
	printf "sw: first task, one process per candidate:   %6.1f candidates/s (%.2f s)\n", 100 / f, f
	printf "sw: first task, one process per (cand, test): %5.1f candidates/s (%.2f s)\n", 100 / b, b
	printf "sw: ratio per-candidate / per-pair: %.1fx (target >= 10x)\n", b / f
}'
