# A clean stop: SIGUSR1 (what Slurm's --signal=B:USR1@T gets forwarded as)
# or SIGTERM makes `veripref run` stop after the unit of work in flight,
# keep the store and exit 75; --resume then writes the same pairs as an
# uninterrupted run.  The test hook stops the process (SIGSTOP) right after
# a unit is committed, the signal is sent, and the process is continued:
# the signal is handled at a known point.
. "$REPO/tests/lib.sh"
unset OPENAI_BASE_URL

mkdir tasks
for t in adder8 mux8 dec3to8_en; do
	cp -r "$REPO/rtl_tasks/$t" tasks/
done
ARGS="--tasks tasks --generator mutate -n 3 --sim iverilog --pairs all --seed 3 --jobs 2"

expect_exit 0 "$VERIPREF" run $ARGS --out REF

# stop_at POINT SIGNAL DIR: run until the hook stops it at POINT, send SIGNAL, continue it.
stop_at() {
	VERIPREF_TEST_KILL=$1:STOP "$VERIPREF" run $ARGS --out "$3" >out 2>err &
	pid=$!
	n=0
	while [ "$(awk '{ print $3 }' /proc/$pid/stat 2>/dev/null)" != T ]; do
		n=$((n + 1))
		[ $n -le 600 ] || { kill -9 $pid; fail "the run never reached $1: $(cat err)"; }
		sleep 0.1
	done
	kill -"$2" $pid
	kill -CONT $pid
	wait $pid
	rc=$?
	expect_eq "exit after $2 at $1" "$rc" 75
}

# SIGUSR1 after the first of 3 tasks is graded: that task's results are kept,
# nothing else is graded, the stage is not marked done.
stop_at grade:1 USR1 U
expect_eq "message" "$(cat err)" "veripref: grade stage: stopped by a signal (SIGUSR1); the run is saved: continue it with 'veripref run --out U --resume'"
expect_eq "tasks graded before the stop" "$(sqlite3 U/run.db 'SELECT count(DISTINCT task) FROM results')" 1
expect_eq "grade stage done" "$(sqlite3 U/run.db "SELECT count(*) FROM stages WHERE name = 'grade' AND done")" 0
[ ! -e U/pairs.trl.jsonl ] || fail "a stopped run wrote pairs"
expect_exit 0 "$VERIPREF" run --out U --resume --jobs 2
cmp -s U/pairs.trl.jsonl REF/pairs.trl.jsonl || fail "pairs differ after SIGUSR1 and --resume"

# SIGTERM after the first task's testbenches are validated.
stop_at testbenches:1 TERM T
expect_eq "message" "$(cat err)" "veripref: testbenches stage: stopped by a signal (SIGTERM); the run is saved: continue it with 'veripref run --out T --resume'"
expect_eq "tasks validated before the stop" "$(sqlite3 T/run.db 'SELECT count(DISTINCT task) FROM testbenches WHERE status <> -1')" 1
expect_exit 0 "$VERIPREF" run --out T --resume --jobs 2
cmp -s T/pairs.trl.jsonl REF/pairs.trl.jsonl || fail "pairs differ after SIGTERM and --resume"

# The stage commands stop the same way.
expect_exit 0 "$VERIPREF" run $ARGS --out G --stop-after sample
VERIPREF_TEST_KILL=grade:2:STOP "$VERIPREF" grade G --jobs 2 >out 2>err &
pid=$!
n=0
while [ "$(awk '{ print $3 }' /proc/$pid/stat 2>/dev/null)" != T ]; do
	n=$((n + 1))
	[ $n -le 600 ] || { kill -9 $pid; fail "grade never stopped: $(cat err)"; }
	sleep 0.1
done
kill -USR1 $pid
kill -CONT $pid
wait $pid
expect_eq "exit of a stopped grade" "$?" 75
expect_eq "tasks graded before the stop" "$(sqlite3 G/run.db 'SELECT count(DISTINCT task) FROM results')" 2
expect_exit 0 "$VERIPREF" pairs G
cmp -s G/pairs.trl.jsonl REF/pairs.trl.jsonl || fail "pairs differ after a stopped grade"
exit 0
