# The bundled software corpus (sw_tasks/*.jsonl) validates with python3 and gcc
# alone: schema, unique ids, JSONL in step with sw_tasks/src, every canonical
# solution passes its ground-truth test, every recorded bug
# (tests/sw_buggy/<language>/<name>/bug[123]) fails it.
. "$REPO/tests/lib.sh"

expect_exit 0 python3 "$REPO/tests/sw_corpus_check.py" "$REPO"
expect_eq "python line" "$(grep '^python:' out)" "python: 34 tasks, 34 canonical pass, 102/102 bugs fail"
expect_eq "c line" "$(grep '^c:' out)" "c: 16 tasks, 16 canonical pass, 48/48 bugs fail"
expect_eq "untested line" "$(grep '^python_untested:' out)" "python_untested: 5 tasks, prompts only"

# --samples: canonical then bug1..3 per task, as whole programs.
expect_exit 0 python3 "$REPO/tests/sw_corpus_check.py" --samples samples.jsonl "$REPO"
expect_grep '^wrote samples.jsonl: 200 samples$' out
expect_eq "sample lines" "$(wc -l < samples.jsonl | tr -d ' ')" 200
expect_eq "rotl32 samples" "$(grep -c '"task_id": "vp_c/rotl32"' samples.jsonl)" 4
grep '"task_id": "vp_py/median"' samples.jsonl > median.jsonl
expect_eq "median canonical first" "$(head -n 1 median.jsonl | grep -c 'bug:')" 0
expect_grep '# bug: an even count takes the upper middle' median.jsonl
expect_eq "median bug1 second" "$(sed -n 2p median.jsonl | grep -c '# bug: an even count')" 1

# The checker can fail: on a copy, a bug replaced by the canonical body (with
# its comment line) passes, a task loses a bug file, a JSONL line is edited
# without its source, a task id is repeated in another file, a C bug does not
# compile, and a bug folder has no task.
mkdir -p copy/tests
cp -R "$REPO/sw_tasks" copy/
cp -R "$REPO/tests/sw_buggy" copy/tests/
py=copy/tests/sw_buggy/python
{ echo "# bug: none, this is the canonical body"
  sed -n '/^#@solution/,/^#@test/p' copy/sw_tasks/src/python/reverse_bits.py | sed '1d;$d'
} > "$py/reverse_bits/bug2.py"
rm "$py/day_of_year/bug3.py"
sed -i "s/Compress runs/Squeeze runs/" copy/sw_tasks/python.jsonl
python3 -c 'import json; print(json.dumps({"task_id": "vp_py/median", "prompt": "def median(xs):\n    \"\"\"Median.\n\n    >>> median([1])\n    1\n    \"\"\"\n", "entry_point": "median", "language": "python"}))' >> copy/sw_tasks/python_untested.jsonl
mkdir copy/tests/sw_buggy/c/no_such_task
printf '// bug: does not even compile\n    return a +;\n}\n' > copy/tests/sw_buggy/c/gcd_l/bug1.c
expect_exit 1 python3 "$REPO/tests/sw_corpus_check.py" copy
expect_grep '^problem: vp_py/reverse_bits bug2.py passes the test' out
expect_grep "^problem: vp_py/day_of_year: tests/sw_buggy/python/day_of_year holds \['bug1.py', 'bug2.py'\]" out
expect_grep '^problem: sw_tasks/python.jsonl is stale' out
expect_grep '^problem: sw_tasks/python_untested.jsonl is stale' out
expect_grep "^problem: sw_tasks/python_untested.jsonl:6: duplicate task_id 'vp_py/median'" out
expect_grep '^problem: vp_c/gcd_l bug1.c: does not compile' out
expect_grep '^problem: tests/sw_buggy/c/no_such_task has no task vp_c/no_such_task' out
expect_grep '^python: 34 tasks, 34 canonical pass, 100/101 bugs fail$' out
