#!/bin/sh
# Per-job overhead of the worker pool: N jobs of `true` run directly with
# run_command(), through 1- and 2-worker pools (with and without bubblewrap),
# and through a fresh `bwrap ... true` per job.  The ratio column is relative
# to direct run_command() in the same run.  The pools are measured with their
# scratch root in /tmp and, when it exists, in /dev/shm (tmpfs, the pool's
# default when it has room): directory creation and removal cost whatever the
# filesystem charges.
#
# Environment: VERIPREF (worker program), BUILD (build directory).
set -u
n=${POOL_BENCH_JOBS:-500}
echo "== pool bench: $n jobs of 'true' each way"
"$BUILD/bin/pool_bench" "$VERIPREF" "$n" /tmp || exit 1
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	"$BUILD/bin/pool_bench" "$VERIPREF" "$n" /dev/shm || exit 1
fi
