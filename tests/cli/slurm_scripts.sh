# The contrib/slurm batch scripts without a cluster: the array script maps
# SLURM_ARRAY_TASK_ID (minus SLURM_ARRAY_TASK_MIN) of SLURM_ARRAY_TASK_COUNT,
# or LSF's LSB_JOBINDEX (from 1) of VP_SHARDS, onto --shard; the merge
# script merges and writes the pairs of the unsharded run; the SIGUSR1 that
# Slurm sends to the batch shell (--signal=B:USR1@120) reaches veripref,
# which stops cleanly (exit 75) and a resubmission resumes.
. "$REPO/tests/lib.sh"
unset OPENAI_BASE_URL
command -v bash >/dev/null || fail "bash is needed by the batch scripts"

mkdir tasks
for t in adder8 mux8 dec3to8_en; do
	cp -r "$REPO/rtl_tasks/$t" tasks/
done
ARGS="--tasks tasks --generator mutate -n 3 --sim iverilog --pairs all --seed 3"
C=$REPO/contrib/slurm
export VERIPREF

expect_exit 0 "$VERIPREF" run $ARGS --jobs 2 --out REF

# Slurm array task 1 of --array=0-1, and LSF job index 1 (shard 0) of 2.
SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_COUNT=2 \
	expect_exit 0 bash "$C/veripref-array.sbatch" runs $ARGS
expect_grep "^veripref-array: shard 1/2 -> runs/shard-1-of-2 on " out
LSB_JOBINDEX=1 VP_SHARDS=2 expect_exit 0 bash "$C/veripref-array.sbatch" runs $ARGS
expect_grep "^veripref-array: shard 0/2 -> runs/shard-0-of-2 on " out
expect_eq "shard setting" "$(sqlite3 runs/shard-1-of-2/run.db "SELECT value FROM config WHERE key = 'shard'")" "1/2"
expect_eq "shards stop after grading" "$(sqlite3 runs/shard-1-of-2/run.db "SELECT count(*) FROM stages WHERE done AND name IN ('score', 'pairs')")" 0
# --array=1-2: the offset is removed.
SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_MIN=1 SLURM_ARRAY_TASK_COUNT=2 \
	expect_exit 2 bash "$C/veripref-array.sbatch" runs $ARGS
expect_grep "^veripref-array: shard 2 of '2' is out of range" err
expect_exit 2 bash "$C/veripref-array.sbatch" runs $ARGS
expect_grep "^veripref-array: not a job array task" err

expect_exit 0 bash "$C/veripref-merge.sbatch" runs 2
cmp -s runs/merged/pairs.trl.jsonl REF/pairs.trl.jsonl || fail "merge script: pairs differ"
expect_grep '^pairs: ' runs/merged/report.txt
python3 -c "import json; json.load(open('runs/merged/report.json'))" || fail "report.json"

# The clean stop: veripref stops itself (test hook) after its first graded
# task; SIGUSR1 goes to the batch shell, whose trap forwards it; once it is
# pending in veripref, veripref is continued and exits 75.
VERIPREF_TEST_KILL=grade:1:STOP SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_TASK_COUNT=1 \
	bash "$C/veripref-array.sbatch" stop $ARGS >stop.out 2>stop.err &
shell=$!
n=0
vp=
while :; do
	[ -s stop/shard-0-of-1/lock ] && vp=$(cat stop/shard-0-of-1/lock)
	[ -n "$vp" ] && [ "$(awk '{ print $3 }' /proc/$vp/stat 2>/dev/null)" = T ] && break
	n=$((n + 1))
	[ $n -le 600 ] || { kill -9 $shell; fail "veripref never stopped: $(cat stop.err)"; }
	sleep 0.1
done
kill -USR1 $shell
n=0
# SIGUSR1 is signal 10: bit 0x200 of the pending masks.
until awk '/^(SigPnd|ShdPnd):/ { if (substr($2, 14, 1) ~ /[2367abefABEF]/) f = 1 } END { exit !f }' /proc/$vp/status; do
	n=$((n + 1))
	[ $n -le 600 ] || { kill -9 $vp; fail "the batch shell did not forward SIGUSR1"; }
	sleep 0.1
done
kill -CONT $vp
wait $shell
expect_eq "exit of the stopped shard's batch script" "$?" 75
expect_grep "^veripref: grade stage: stopped by a signal \(SIGUSR1\); the run is saved" stop.err
expect_grep "^veripref-array: shard 0/1 stopped cleanly; resubmit to resume it$" stop.err
expect_eq "tasks graded before the stop" "$(sqlite3 stop/shard-0-of-1/run.db 'SELECT count(DISTINCT task) FROM results')" 1
# The resubmission resumes; the merge gives the unsharded pairs.
SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_TASK_COUNT=1 expect_exit 0 bash "$C/veripref-array.sbatch" stop $ARGS
expect_exit 0 bash "$C/veripref-merge.sbatch" stop 1
cmp -s stop/merged/pairs.trl.jsonl REF/pairs.trl.jsonl || fail "pairs differ after a stop and a resubmission"
exit 0
