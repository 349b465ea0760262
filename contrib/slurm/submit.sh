#!/bin/sh
# Submit a sharded veripref run to Slurm: a job array of N shards, then the
# merge job, which starts only when every shard succeeded
# (--dependency=afterok, and is cancelled with --kill-on-invalid-dep=yes if
# one fails; resubmit with the same arguments: finished shards return at
# once, the others resume).
#
#   contrib/slurm/submit.sh N RUNS [veripref run options...]
#   e.g. contrib/slurm/submit.sh 64 /scratch/runs/r1 --tasks /data/tasks -n 20 --seed 7
#
# Extra sbatch options for both jobs go in $SBATCH_OPTS (e.g.
# "--partition=cpu --time=04:00:00 --chdir=/scratch/logs"); for the array
# only, in $SBATCH_ARRAY_OPTS (e.g. "--cpus-per-task=4").
# SBATCH_ARRAY_LIMIT=16 runs at most 16 shards at once (--array=0-N-1%16).
# Prints "array JOBID" and "merge JOBID".
set -eu

if [ $# -lt 2 ]; then
	echo "usage: submit.sh N RUNS [veripref run options...]" >&2
	exit 2
fi
n=$1
runs=$2
shift 2
case $n in
''|*[!0-9]*|0) echo "submit.sh: N must be a positive number, not '$n'" >&2; exit 2;;
esac
here=$(cd "$(dirname "$0")" && pwd)
range=0-$((n - 1))
[ -z "${SBATCH_ARRAY_LIMIT:-}" ] || range=$range%$SBATCH_ARRAY_LIMIT

# shellcheck disable=SC2086  # the option variables are word lists
array=$(sbatch --parsable --array="$range" --export=ALL,VP_SHARDS="$n" \
	${SBATCH_OPTS:-} ${SBATCH_ARRAY_OPTS:-} "$here/veripref-array.sbatch" "$runs" "$@")
array=${array%%;*}   # "JOBID;CLUSTER" on multi-cluster sites
# shellcheck disable=SC2086
merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes \
	${SBATCH_OPTS:-} "$here/veripref-merge.sbatch" "$runs" "$n")
merge=${merge%%;*}
echo "array $array"
echo "merge $merge"
