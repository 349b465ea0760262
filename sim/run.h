/*
 * run: run one child process to completion, with a deadline, resource limits
 * and capped capture of its output.
 *
 * This is git's run-command shape plus what git lacks (redis sentinel.c's
 * killing of timed-out scripts): argv and environment are built before fork,
 * the child calls only async-signal-safe functions, exec failure comes back
 * through a close-on-exec pipe, the child leads its own process group, a
 * wall-clock deadline sends SIGTERM and then SIGKILL to the whole group, and
 * the child is always reaped.  Nothing is ever killed by name, and no child
 * is left running when run_command() returns.
 *
 * Not for: sandboxing policy (sandbox.h) or keeping processes alive across
 * jobs (pool.h).  Both are built on this.
 */
#ifndef VP_RUN_H
#define VP_RUN_H

#include "sim/buf.h"

#include <stddef.h>
#include <sys/types.h>

enum run_status {
	RUN_OK = 0,        /* exited with status 0 */
	RUN_NONZERO,       /* exited with a non-zero status (code in ->code) */
	RUN_TIMEOUT,       /* wall-clock deadline passed; the group was killed */
	RUN_SIGNALED,      /* killed by a signal (number in ->signo) */
	RUN_SPAWN_ERROR,   /* could not start: fork failed or exec failed */
};

/* A short lowercase name for a status: "ok", "nonzero", "timeout", ... */
const char *run_strstatus(enum run_status st);

/*
 * Limits applied in the child before exec.  Zero means "no limit" for every
 * field except out_cap, where zero means the default (1 MiB per stream).
 */
struct run_limits {
	double wall_sec;        /* deadline from spawn to exit */
	long cpu_sec;           /* RLIMIT_CPU */
	size_t as_bytes;        /* RLIMIT_AS */
	size_t fsize_bytes;     /* RLIMIT_FSIZE: largest file the child may write */
	long nofile;            /* RLIMIT_NOFILE */
	long nproc;             /* RLIMIT_NPROC: counts every process of the
				   real uid, and the kernel does not enforce it
				   for uid 0 at all: best effort */
	size_t out_cap;         /* bytes kept of stdout and of stderr each */
};

struct run_cmd {
	const char *const *argv;  /* argv[0] is looked up in PATH if it has no '/' */
	/*
	 * Complete environment for the child (NULL-terminated "K=V" strings).
	 * NULL means the scrubbed default of run_default_env(): no API keys or
	 * other secrets of ours ever reach a child.
	 */
	const char *const *env;
	const char *dir;          /* working directory, or NULL to inherit */
	const char *in;           /* bytes fed to stdin (NULL: /dev/null) */
	size_t in_len;
	struct run_limits lim;
	int merge_stderr;         /* capture stderr into ->out as well */
};

struct run_result {
	enum run_status status;
	int code;                 /* exit code for RUN_OK/RUN_NONZERO */
	int signo;                /* signal for RUN_SIGNALED */
	int spawn_errno;          /* errno for RUN_SPAWN_ERROR */
	double wall_sec;          /* measured wall time */
	struct buf out;           /* captured stdout (capped; ->out.truncated) */
	struct buf err;           /* captured stderr (capped) */
};

#define RUN_RESULT_INIT { RUN_OK, 0, 0, 0, 0.0, BUF_INIT, BUF_INIT }

void run_result_release(struct run_result *res);

/*
 * Run cmd and wait for it.  Fills *res (which must be initialised; previous
 * contents are reset, and the caps of res->out/res->err are set to
 * lim.out_cap) and returns res->status.  Never leaves a process of the
 * child's group running: when the child exits, whatever is left of its group
 * is SIGKILLed before the child is reaped.  The child inherits only fds 0..2,
 * gets RLIMIT_CORE 0, default signal dispositions and an empty signal mask.
 * A program name without '/' is looked up before fork in the PATH of the
 * child's environment (absolute entries only).  Output still arriving from a
 * process that escaped the group (setsid) is read for at most 100 ms after
 * the child exits.
 */
enum run_status run_command(const struct run_cmd *cmd, struct run_result *res);

/*
 * Find the program argv0 (no '/') in the PATH of env (NULL: the default
 * environment below), absolute entries only, as run_command() does for its
 * child.  Returns a malloc'ed path, or NULL with errno ENOENT (or EACCES when
 * only non-executable matches exist).
 */
char *run_lookup(const char *argv0, const char *const *env);

/*
 * The scrubbed default environment: PATH=/usr/local/bin:/usr/bin:/bin,
 * HOME=/nonexistent, LANG=C, TZ=UTC, and nothing else.  Static storage; do
 * not free.
 */
const char *const *run_default_env(void);

/*
 * SIGKILL the process group of the run_command() in progress, if any.
 * Async-signal-safe: for a signal handler of a process that is about to die
 * and must not leave a job running (the pool's worker on SIGTERM).
 */
void run_kill_running(void);

/*
 * Remove a flat scratch directory: every entry in it (files; an entry that
 * is a directory is left and so is dir), then dir.  Best effort, for the
 * private directories of tool runs; never follows anything outside dir.
 */
void run_remove_dir(const char *dir);

#endif
