# A sharded run on a real (single-node) Slurm cluster, through the contrib
# scripts: contrib/slurm/submit.sh submits a 4-task job array (one shard
# each) and the dependent merge job.  The first submission's shards are
# killed mid-grade (the merge job is then cancelled); the same submission
# again resumes them, and the merged pairs must equal the pairs of the
# unsharded run byte for byte.  Checks the outputs (files), never only
# exit codes or job states.
#
# Needs root: installs slurm-wlm and munge with apt-get when missing, then
# starts munged (as the munge user: it refuses root), slurmctld and slurmd with a private
# configuration, key, socket, ports and state directories in the test's
# temporary directory, and stops exactly those processes (by PID) at the
# end.  Skips, saying why, only when not root or when apt cannot install,
# unless VP_REQUIRE_SLURM=1 (set by .ci/run): then a skip is a failure.
. "$REPO/tests/lib.sh"
unset OPENAI_BASE_URL

t_start=$(date +%s.%N)
elapsed() { echo "$(date +%s.%N) $t_start" | awk '{ printf "%.1f", $1 - $2 }'; }
skip() {
	[ "${VP_REQUIRE_SLURM:-0}" = 1 ] && fail "VP_REQUIRE_SLURM=1 but the Slurm test cannot run: $*"
	echo "SKIP: $*"
	exit 0
}

[ "$(id -u)" = 0 ] || skip "the Slurm test needs root (it installs and starts munged, slurmctld, slurmd)"
have_slurm() {
	[ -x /usr/sbin/slurmctld ] && [ -x /usr/sbin/slurmd ] && [ -x /usr/sbin/munged ] &&
		command -v sbatch >/dev/null && command -v scontrol >/dev/null
}
if ! have_slurm; then
	export DEBIAN_FRONTEND=noninteractive
	apt_install() {
		apt-get install -y -q --no-install-recommends slurm-wlm munge >>apt.log 2>&1
	}
	apt_install || { apt-get update -q >>apt.log 2>&1 && apt_install; } ||
		skip "apt-get cannot install slurm-wlm and munge: $(tail -n 1 apt.log)"
	have_slurm || fail "slurm-wlm and munge installed, but the daemons are not in /usr/sbin"
fi
echo "slurm installed after $(elapsed) s"

W=$PWD
# munged runs as the munge user: it must reach its directory.
chmod 755 "$W"
mkdir -p tasks logs state spool munge
for t in adder8 counter8 mux8 bcd_add2 edge_detect; do
	cp -r "$REPO/rtl_tasks/$t" tasks/
done
# FNV-1a 64 of the ids modulo 4: bcd_add2 0, adder8 1, counter8 1,
# edge_detect 2, mux8 3: every shard has work, one has two tasks.
ARGS="--tasks $W/tasks --generator mutate -n 3 --sim iverilog --pairs all --seed 11"

# The reference: the same run on one machine.
expect_exit 0 "$VERIPREF" run $ARGS --jobs 2 --out REF
[ -s REF/pairs.trl.jsonl ] || fail "the unsharded run wrote no pairs"
echo "unsharded run done after $(elapsed) s"

# ---- a private single-node cluster ----
munged_pid=
ctld_pid=
slurmd_pid=
array=
merge=
stop_pid() {  # stop_pid PID: TERM, wait up to 10 s, then KILL
	[ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
	kill -TERM "$1" 2>/dev/null
	n=0
	while kill -0 "$1" 2>/dev/null && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	kill -0 "$1" 2>/dev/null && kill -KILL "$1" 2>/dev/null
	return 0
}
cleanup() {
	[ -z "$array$merge" ] || scancel $array $merge 2>/dev/null
	# Each job step's slurmstepd (a daemon of its own) removes its socket
	# from the spool directory when it exits: wait for them, up to 10 s.
	n=0
	while [ -n "$(ls spool 2>/dev/null | grep '^localhost_')" ] && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	stop_pid "$slurmd_pid"
	stop_pid "$ctld_pid"
	stop_pid "$munged_pid"
	wait 2>/dev/null
}
trap cleanup EXIT
trap 'exit 1' INT TERM

dd if=/dev/urandom of=munge/munge.key bs=1024 count=1 2>/dev/null
chown -R munge:munge munge
chmod 755 munge
chmod 400 munge/munge.key
# In the foreground (a daemonising munged opens /dev/null, which some
# containers do not let other users open), under setpriv, which execs: $! is
# munged itself (runuser would fork).
setpriv --reuid=munge --regid=munge --init-groups /usr/sbin/munged --foreground \
	--socket="$W/munge/munge.sock" --key-file="$W/munge/munge.key" \
	--pid-file="$W/munge/munged.pid" --seed-file="$W/munge/munged.seed" \
	--log-file="$W/munge/munged.log" >munged.stdout 2>&1 &
munged_pid=$!
n=0
until [ -S munge/munge.sock ] && [ -s munge/munged.pid ]; do
	n=$((n + 1))
	if [ $n -gt 100 ] || ! kill -0 $munged_pid 2>/dev/null; then
		fail "munged did not start: $(cat munged.stdout; tail -n 3 munge/munged.log 2>/dev/null)"
	fi
	sleep 0.1
done

cpus=$(slurmd -C | sed -n 's/.*CPUs=\([0-9]*\).*/\1/p' | head -n 1)
[ -n "$cpus" ] || fail "slurmd -C reports no CPUs"
port=$((20000 + $$ % 20000))
export SLURM_CONF="$W/slurm.conf"
cat >"$SLURM_CONF" <<EOF
ClusterName=vptest
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$W/munge/munge.sock
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/slurmctld.log
SlurmdLogFile=$W/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
/usr/sbin/slurmctld -D -i -f "$SLURM_CONF" >slurmctld.stdout 2>&1 &
ctld_pid=$!
/usr/sbin/slurmd -D -N localhost -f "$SLURM_CONF" >slurmd.stdout 2>&1 &
slurmd_pid=$!

# Poll the controller and the node; exit codes of the starts mean little.
n=0
until scontrol ping 2>/dev/null | grep -q 'is UP' &&
	[ "$(sinfo -h -n localhost -o %T 2>/dev/null)" = idle ]; do
	n=$((n + 1))
	if [ $n -gt 300 ] || ! kill -0 $ctld_pid 2>/dev/null || ! kill -0 $slurmd_pid 2>/dev/null; then
		echo "--- slurmctld.log" >&2; tail -n 20 slurmctld.log slurmctld.stdout >&2
		echo "--- slurmd.log" >&2; tail -n 20 slurmd.log slurmd.stdout >&2
		sinfo -N -l >&2
		fail "the single-node cluster did not come up"
	fi
	sleep 0.1
done
echo "cluster idle after $(elapsed) s"

# ---- the sharded run through sbatch ----
# submit [VAR=value...]: contrib/slurm/submit.sh 4 shards; sets array, merge.
submit() {
	env "$@" SBATCH_OPTS="--chdir=$W/logs" VERIPREF="$VERIPREF" \
		sh "$REPO/contrib/slurm/submit.sh" 4 "$W/runs" $ARGS >submit.out 2>submit.err ||
		fail "submit.sh failed: $(cat submit.err)"
	array=$(sed -n 's/^array \([0-9]*\)$/\1/p' submit.out)
	merge=$(sed -n 's/^merge \([0-9]*\)$/\1/p' submit.out)
	[ -n "$array" ] && [ -n "$merge" ] || fail "submit.sh printed no job ids: $(cat submit.out submit.err)"
}
job_state() {
	scontrol show job "$1" 2>/dev/null | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' | head -n 1
}
# wait_jobs: until the merge job has ended and no array task is left
# (pending or running); its final state in st.
wait_jobs() {
	n=0
	while :; do
		st=$(job_state "$merge")
		case $st in
		COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|BOOT_FAIL|DEADLINE)
			[ -z "$(squeue -h -j "$array" 2>/dev/null)" ] && break;;
		esac
		n=$((n + 1))
		if [ $n -gt 3000 ]; then
			scontrol show job "$array" >&2
			fail "the jobs did not finish in 300 s (merge job state '$st')"
		fi
		sleep 0.1
	done
}

# First submission: every shard dies (SIGKILL, the test hook) right after
# its first graded task, so the array fails and --kill-on-invalid-dep
# cancels the merge job; nothing is merged.
t_sub=$(date +%s.%N)
submit VERIPREF_TEST_KILL=grade:1
wait_jobs
echo "failing submission ended after $(elapsed) s, merge job $st"
expect_eq "merge job after failed shards" "$st" CANCELLED
[ ! -e runs/merged ] || fail "a merge ran after failed shards"
for i in 0 1 2 3; do
	[ -f runs/shard-$i-of-4/run.db ] || fail "killed shard $i left no run store ($(cat logs/veripref-${array}_$i.err))"
	expect_eq "grade done in killed shard $i" \
		"$(sqlite3 runs/shard-$i-of-4/run.db "SELECT count(*) FROM stages WHERE name = 'grade' AND done")" 0
done
# shard 1 (2 tasks) was killed with one of them graded.
expect_eq "tasks graded in killed shard 1" \
	"$(sqlite3 runs/shard-1-of-4/run.db 'SELECT count(DISTINCT task) FROM results')" 1

# The same submission again: every shard resumes from its store.
submit
wait_jobs
t_done=$(date +%s.%N)
echo "array and merge jobs done after $(elapsed) s ($(echo "$t_done $t_sub" | awk '{ printf "%.1f", $1 - $2 }') s for both submissions), merge job $st"

# ---- the outputs ----
for i in 0 1 2 3; do
	log=logs/veripref-${array}_$i.out
	[ -f "$log" ] || fail "no log $log for array task $i: $(ls logs)"
	expect_grep "^veripref-array: shard $i/4 -> $W/runs/shard-$i-of-4 on " "$log"
	[ -f runs/shard-$i-of-4/run.db ] || fail "shard $i wrote no run store ($(cat logs/veripref-${array}_$i.err))"
done
tasks_of() { sqlite3 "runs/shard-$1-of-4/run.db" "SELECT group_concat(id, ' ') FROM (SELECT id FROM tasks ORDER BY id)"; }
expect_eq "tasks of shard 0" "$(tasks_of 0)" "bcd_add2"
expect_eq "tasks of shard 1" "$(tasks_of 1)" "adder8 counter8"
expect_eq "tasks of shard 2" "$(tasks_of 2)" "edge_detect"
expect_eq "tasks of shard 3" "$(tasks_of 3)" "mux8"
# The shards stop after grading; the merge job does the global stages.
[ ! -e runs/shard-0-of-4/pairs.trl.jsonl ] || fail "a shard wrote pairs"
mlog=logs/veripref-merge-$merge.out
[ -f "$mlog" ] || fail "no merge log: $(ls logs)"
expect_grep "^merged 4 shard runs into $W/runs/merged: [1-9][0-9]* new rows" "$mlog"
[ -f runs/merged/pairs.trl.jsonl ] || fail "the merge job wrote no pairs ($(cat logs/veripref-merge-$merge.err))"
cmp -s runs/merged/pairs.trl.jsonl REF/pairs.trl.jsonl ||
	fail "the merged pairs differ from the unsharded run's"
"$VERIPREF" report REF >ref.txt
want=$(grep '^pairs: ' ref.txt | sed 's/ -> .*//')
expect_grep "^$want -> $W/runs/merged/pairs.trl.jsonl$" runs/merged/report.txt
expect_eq "merge job state" "$st" COMPLETED
echo "slurm test done after $(elapsed) s"
exit 0
