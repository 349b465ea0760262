/*
 * pool: long-lived sandboxed workers that run jobs.
 *
 * Starting a sandbox costs about as much as a small simulation, so grading
 * does not pay it per job: the pool starts N workers once, each inside its own
 * sandbox (sandbox.h), and sends them jobs over pipes.  A job is an ordered
 * list of commands run in the job's own fresh directory; a worker runs each
 * command with run_command() (own process group, deadline, limits, capped
 * output) and stops at the first one that does not exit 0.  Every job still
 * gets its own directory and process group; the directory is removed when the
 * job is released.  Under bubblewrap each worker has its own pid namespace,
 * and after every job it SIGKILLs whatever else is alive in it (daemons that
 * left the job's process group with setsid()), so the next job starts alone.
 * Without bubblewrap such an escaped daemon survives (best effort), and jobs
 * see the host's /tmp.  Jobs on the same pool can see each other's
 * directories (one scratch root is bound into every worker).
 *
 * Ownership: the pool owns its workers and its scratch root.  A job belongs
 * to the caller from pool_job_new() to pool_job_free(); between pool_submit()
 * and its return by pool_next() the pool holds it and the caller must not
 * touch it.  The calling thread drives everything; there are no threads.
 */
#ifndef VP_POOL_H
#define VP_POOL_H

#include "sim/buf.h"
#include "sim/run.h"

struct pool;

struct pool_opts {
	int workers;              /* number of workers (>= 1) */
	const char *worker_exe;   /* program that runs pool_worker_main() when
				     given the argument "__worker" */
	int sandbox;              /* SANDBOX_AUTO, SANDBOX_BWRAP, SANDBOX_NONE
				     (see sandbox.h) */
	const char *const *ro_binds;  /* extra host paths made visible read-only
					 (NULL-terminated, may be NULL) */
	const char *const *rw_binds;  /* extra host paths made writable */
	const char *tmp_dir;      /* where the scratch root is created; NULL:
				     /dev/shm if it is a tmpfs with >= 2 GiB
				     free, else /tmp (commands pass $TMPDIR
				     when it is set) */
};

#define POOL_MAX_STEPS 8

struct pool_step {
	char **argv;              /* owned by the job (pool_job_add_step copies) */
	struct run_limits lim;
	int merge_stderr;
};

struct pool_job {
	char *dir;                /* host path of the job's fresh directory;
				     identical inside the sandbox */
	void *data;               /* caller's pointer, untouched by the pool */
	int nsteps;
	struct pool_step steps[POOL_MAX_STEPS];
	/* Results, valid after pool_next() returned the job: */
	int steps_run;            /* steps started (the last may have failed) */
	struct run_result res[POOL_MAX_STEPS];
	int infra_error;          /* the worker died or could not run the job:
				     an error of the run, never the candidate's */
	struct buf infra_msg;
};

/*
 * Create the scratch root <tmp_dir>/veripref-XXXXXX (locked with flock while
 * the pool lives; stale roots of dead pools in the same tmp_dir are removed)
 * and start the workers, each of which says hello before this returns.
 * Returns NULL with a sentence in err on failure, e.g. "cannot start worker:
 * worker 42 exited with status 1 (bwrap: Can't find source path /x: ...)".
 */
struct pool *pool_new(const struct pool_opts *opts, struct buf *err);
/*
 * Stop the workers, kill anything still running, remove the scratch root.
 * Jobs submitted and not yet returned by pool_next() are freed.  NULL is
 * accepted.
 */
void pool_free(struct pool *p);

/* The pool's scratch root (host path; job directories are inside it). */
const char *pool_scratch_root(const struct pool *p);

/*
 * A new job with a fresh empty directory (mode 0700) <scratch root>/j<N>.  The
 * caller writes input files into job->dir before pool_submit().  Never NULL:
 * if the directory cannot be created, the job comes with infra_error set and
 * a sentence in infra_msg, and pool_next() returns it without running it.
 *
 * Steps run with the environment PATH=/usr/local/bin:/usr/bin:/bin,
 * HOME=<job dir>, TMPDIR=<job dir>, LANG=C, TZ=UTC, stdin /dev/null, and
 * the job directory as working directory.
 */
struct pool_job *pool_job_new(struct pool *p);
/*
 * Append a command (argv copied; NULL-terminated; lim NULL: no limits, 1 MiB
 * caps).  A step past POOL_MAX_STEPS, or an empty argv, is not added and
 * marks the job infra_error (a bug of the caller, reported through the job).
 */
void pool_job_add_step(struct pool_job *job, const char *const *argv,
		       const struct run_limits *lim, int merge_stderr);
/*
 * Remove the job's directory and free it.  NULL is accepted.  Symlinks inside
 * the directory are removed, never followed; a job may outlive its pool (its
 * directory went with the scratch root).
 */
void pool_job_free(struct pool_job *job);

/* Queue a job; it starts as soon as a worker is idle. */
void pool_submit(struct pool *p, struct pool_job *job);
/*
 * Wait until some submitted job finishes and return it (any order), or NULL
 * when nothing is queued or running.  A job whose worker died (or sent a
 * malformed reply, or overran the sum of its steps' wall limits by 30 s)
 * comes back with infra_error set; the worker is replaced.
 */
struct pool_job *pool_next(struct pool *p);

/*
 * The worker side: read jobs from fd `in`, write results to fd `out`, until
 * `in` reaches end of file.  Returns an exit status for the worker process.
 * Called by the worker executable (veripref __worker) inside the sandbox.
 */
int pool_worker_main(int in, int out);

#endif
