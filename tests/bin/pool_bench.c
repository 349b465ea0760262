/*
 * pool_bench: per-job cost of the ways sim/ can run a trivial command.
 *
 *   pool_bench WORKER_EXE N [SCRATCH_PARENT]
 *
 * Runs `true` N times each way and prints one line per way:
 * "<name> <total seconds> <ms per job> <ratio to run_command>".  The pools
 * put their scratch root in SCRATCH_PARENT (default: the pool's default).  Ways: run_command() directly,
 * `bwrap <policy> true` through run_command() (a fresh sandbox per job), and
 * pools of 1 and 2 workers with and without bubblewrap (one job = one step =
 * `true` in its own fresh directory, removed afterwards).  bwrap lines are
 * left out when bubblewrap is not usable.  Used by tests/bench/pool.sh.
 */
#include "sim/pool.h"
#include "sim/run.h"
#include "sim/sandbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double baseline;
static const char *scratch_parent;

static void report(const char *name, double sec, int n)
{
	if (!baseline)
		baseline = sec;
	printf("%-16s %8.3f %8.3f %8.2f\n", name, sec, sec * 1000.0 / n, sec / baseline);
}

static int bench_direct(const char *name, const char *const *argv, int n)
{
	struct run_result res = RUN_RESULT_INIT;
	struct run_cmd cmd = { 0 };
	double t0 = now_sec();
	int i;

	cmd.argv = argv;
	cmd.lim.wall_sec = 30;
	for (i = 0; i < n; i++)
		if (run_command(&cmd, &res) != RUN_OK) {
			fprintf(stderr, "pool_bench: %s: %s %s\n", name,
				run_strstatus(res.status), res.err.data);
			return 1;
		}
	report(name, now_sec() - t0, n);
	run_result_release(&res);
	return 0;
}

static int bench_pool(const char *name, const char *exe, int workers,
		      enum sandbox_mode mode, int n)
{
	const char *argv[] = { "true", NULL };
	struct pool_opts o = { 0 };
	struct run_limits lim = { 0 };
	struct buf err = BUF_INIT;
	struct pool_job *job;
	struct pool *p;
	double t0;
	int i, bad = 0;
	double inner = 0;

	o.workers = workers;
	o.worker_exe = exe;
	o.sandbox = mode;
	o.tmp_dir = scratch_parent;
	if (!(p = pool_new(&o, &err))) {
		fprintf(stderr, "pool_bench: %s: %s\n", name, err.data);
		return 1;
	}
	lim.wall_sec = 30;
	t0 = now_sec();
	for (i = 0; i < n; i++) {
		job = pool_job_new(p);
		pool_job_add_step(job, argv, &lim, 0);
		pool_submit(p, job);
	}
	while ((job = pool_next(p))) {
		if (job->infra_error || job->res[0].status != RUN_OK)
			bad++;
		inner += job->res[0].wall_sec;
		pool_job_free(job);
	}
	report(name, now_sec() - t0, n);
	printf("  (run_command() in the worker: %.3f ms/job)\n", inner * 1000.0 / n);
	pool_free(p);
	buf_release(&err);
	if (bad)
		fprintf(stderr, "pool_bench: %s: %d jobs failed\n", name, bad);
	return bad != 0;
}

int main(int argc, char **argv)
{
	const char *const direct[] = { "true", NULL };
	const char *const inner[] = { "true", NULL };
	int n, ret = 0;

	if (argc < 3 || argc > 4 || (n = atoi(argv[2])) < 1) {
		fprintf(stderr, "usage: pool_bench WORKER_EXE N [SCRATCH_PARENT]\n");
		return 2;
	}
	scratch_parent = argc > 3 ? argv[3] : NULL;
	printf("scratch root under %s\n", scratch_parent ? scratch_parent : "the default");
	printf("%-16s %8s %8s %8s\n", "way", "total_s", "ms/job", "ratio");
	ret |= bench_direct("run_command", direct, n);
	ret |= bench_pool("pool1_rlimits", argv[1], 1, SANDBOX_NONE, n);
	ret |= bench_pool("pool2_rlimits", argv[1], 2, SANDBOX_NONE, n);
	if (sandbox_bwrap_usable()) {
		struct buf err = BUF_INIT;
		char **bw = sandbox_argv(SANDBOX_BWRAP, NULL, NULL, NULL, inner, &err);

		if (!bw) {
			fprintf(stderr, "pool_bench: %s\n", err.data);
			return 1;
		}
		ret |= bench_direct("bwrap_per_job", (const char *const *)bw, n);
		sandbox_argv_free(bw);
		ret |= bench_pool("pool1_bwrap", argv[1], 1, SANDBOX_BWRAP, n);
		ret |= bench_pool("pool2_bwrap", argv[1], 2, SANDBOX_BWRAP, n);
		buf_release(&err);
	}
	return ret;
}
