# A run killed with SIGKILL at several points (testbenches, sampling,
# grading, pair writing) and continued with --resume writes byte-identical
# pairs to an uninterrupted run; so does a run stopped by a full disk
# (file-size limit).  A second process on a run directory is refused, and
# so are a newer schema, a resume with another seed and a non-empty RUN.
. "$REPO/tests/lib.sh"
unset OPENAI_BASE_URL

mkdir tasks
cp -r "$REPO/rtl_tasks/adder8" "$REPO/rtl_tasks/mux8" "$REPO/rtl_tasks/dec3to8_en" tasks/
ARGS="--tasks tasks -n 3 --jobs 2 --pairs all --seed 7"

expect_exit 0 "$VERIPREF" run $ARGS --out REF
# --pairs all: every passing x every failing candidate of a task (1x3, 1x3, 2x2).
expect_grep '^  adder8  +4 +1 +25.0% truth +3$' out
expect_grep '^  dec3to8_en  +4 +1 +25.0% truth +3$' out
expect_grep '^  mux8  +4 +2 +50.0% truth +4$' out
expect_grep '^pairs: 10 records from 3 tasks -> REF/pairs.trl.jsonl$' out
expect_grep '^candidates: 12 distinct from 12 samples \(mutate 9, reference 3\), 0 truncated$' out

# The hook kills the process right after the N-th unit of a stage is committed
# (for pairs: while the file is half written).
for point in testbenches:1 sample:1 sample:2 grade:1 grade:2 pairs:1; do
	rm -rf K
	VERIPREF_TEST_KILL=$point "$VERIPREF" run $ARGS --out K >out 2>err
	expect_eq "exit after kill at $point" "$?" 137
	[ ! -e K/pairs.trl.jsonl ] || fail "pairs file exists after a kill at $point"
	expect_exit 0 "$VERIPREF" run --out K --resume --jobs 2
	cmp -s K/pairs.trl.jsonl REF/pairs.trl.jsonl || fail "pairs differ after a kill at $point"
	[ ! -e K/pairs.trl.jsonl.tmp ] || fail "temporary pairs file left after $point"
	# The killed process never marked its stage done, so the stage's items
	# count only the resumed process's work: after task k of 3 was graded,
	# the resume grades the other tasks' 4 candidates each.
	case $point in
	grade:*) want=$(( (3 - ${point#grade:}) * 4 ));;
	*) want=12;;
	esac
	python3 -c "import sqlite3; db = sqlite3.connect('K/run.db'); print(db.execute(\"SELECT items FROM stages WHERE name = 'grade'\").fetchone()[0])" >items
	expect_eq "candidates graded on resume after $point" "$(cat items)" "$want"
done

# Resuming a finished run redoes nothing and changes nothing.
expect_exit 0 "$VERIPREF" run --out REF --resume
cmp -s K/pairs.trl.jsonl REF/pairs.trl.jsonl || fail "resume of a finished run changed the pairs"
python3 -c "import sqlite3; db = sqlite3.connect('REF/run.db'); print(db.execute(\"SELECT items FROM stages WHERE name = 'grade'\").fetchone()[0])" >items
expect_eq "candidates graded by a resume of a finished run" "$(cat items)" 12

# A second process on the same run directory is refused while the first
# (stopped right after its first graded task, holding the lock) lives.
rm -rf L
VERIPREF_TEST_KILL=grade:1:STOP "$VERIPREF" run $ARGS --out L >l.out 2>l.err &
pid=$!
n=0
while [ "$(awk '{ print $3 }' /proc/$pid/stat 2>/dev/null)" != T ]; do
	n=$((n + 1))
	[ $n -le 600 ] || { kill -9 $pid; fail "first run never stopped: $(cat l.err)"; }
	sleep 0.1
done
expect_exit 3 "$VERIPREF" run --out L --resume
expect_grep "^veripref: error: run directory 'L' is in use by another veripref process \(pid $pid\)$" err
expect_exit 3 "$VERIPREF" grade L
expect_grep "in use by another veripref process \(pid $pid\)$" err
# The report reads without the lock: it sees the first task's 4 candidates x
# 2 benches graded.
expect_exit 0 "$VERIPREF" report L --format json
python3 -c "import json; r = json.load(open('out')); assert sum(sum(k.values()) for k in r['outcomes'].values()) == 8, r['outcomes']" ||
	fail "report of a live run"
kill -9 $pid
wait $pid 2>/dev/null
expect_exit 0 "$VERIPREF" run --out L --resume --jobs 2
cmp -s L/pairs.trl.jsonl REF/pairs.trl.jsonl || fail "pairs differ after the lock test"

# Disk full: a file-size limit (SIGXFSZ ignored, so writes fail with EFBIG)
# stops the run at different stages with exit 3; a resume without the
# limit completes with the same pairs.
for blocks in 300 600 800; do
	rm -rf F
	sh -c "trap '' XFSZ; ulimit -S -f $blocks; exec \"$VERIPREF\" run $ARGS --out F" >out 2>err
	expect_eq "exit with a $blocks-block limit" "$?" 3
	expect_grep "^veripref: error: [a-z]+ stage: cannot write the run store 'F/run.db' \([a-z ]+\): disk full" err
	expect_eq "error lines" "$(wc -l <err)" 1
	expect_exit 0 "$VERIPREF" run $ARGS --out F --resume
	cmp -s F/pairs.trl.jsonl REF/pairs.trl.jsonl || fail "pairs differ after disk full at $blocks blocks"
done

# Another seed on resume is refused, naming the setting; so is a non-empty RUN.
expect_exit 2 "$VERIPREF" run --out REF --resume --seed 8
expect_grep "^veripref: error: run 'REF' was made with --seed 7; it cannot be resumed with --seed 8$" err
expect_exit 2 "$VERIPREF" run --out REF --resume --generator import:x.jsonl
expect_grep "was made with --generator mutate; it cannot be resumed with --generator import:x.jsonl$" err
expect_exit 2 "$VERIPREF" run $ARGS --out REF
expect_grep "^veripref: error: run directory 'REF' is not empty \(continue it with --resume\)$" err

# A store written by a newer veripref is refused before anything is touched.
cp -r REF NEW
python3 -c "import sqlite3; db = sqlite3.connect('NEW/run.db'); db.execute('PRAGMA user_version = 2'); db.commit()"
expect_exit 3 "$VERIPREF" run --out NEW --resume
expect_grep "^veripref: error: 'NEW/run.db' has schema version 2, newer than this veripref \(1\); use a newer veripref$" err
expect_exit 3 "$VERIPREF" report NEW
expect_grep "schema version 2, newer than this veripref" err
expect_exit 3 "$VERIPREF" report tasks
expect_grep "^veripref: error: 'tasks' is not a run directory \(no run.db\)$" err
