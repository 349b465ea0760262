/*
 * pool: long-lived sandboxed workers fed over pipes.  See pool.h.
 *
 * Both sides live here: the pool (pool_new .. pool_free), which the calling
 * thread drives with poll(), and the worker (pool_worker_main), which runs
 * inside the sandbox and executes each job's steps with run_command().
 *
 * Wire format (both pipes; native byte order, both ends are this binary on
 * this machine): a frame is a u32 payload length and the payload.  Payloads
 * start with a u32 magic:
 *   hello  W->P  "VPH1" u32 pid            (once, when the worker is ready)
 *   job    P->W  "VPJ1" u32 flags, str dir, u32 nsteps, per step: u32 argc, argc * str,
 *                f64 wall, i64 cpu, u64 as, u64 fsize, i64 nofile, i64 nproc,
 *                u64 out_cap, u32 merge
 *   reply  W->P  "VPR1" u32 steps_run, per step run: u32 status, i32 code,
 *                i32 signo, i32 spawn_errno, f64 wall, u32 out_truncated,
 *                u32 err_truncated, str out, str err
 * where str is a u32 length and the bytes.  The pool checks every length in a
 * reply against what the job allows before it believes it: the worker shares
 * its sandbox with hostile code.
 */
#define _GNU_SOURCE
#include "sim/pool.h"
#include "sim/sandbox.h"
#include "sim/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAGIC_HELLO 0x31485056u   /* "VPH1" */
#define MAGIC_JOB   0x314a5056u   /* "VPJ1" */
#define MAGIC_REPLY 0x31525056u   /* "VPR1" */

/*
 * Job flag: the worker is alone in its own pid namespace (bubblewrap), so
 * after the job it may SIGKILL every other process it can see -- daemons a
 * job left behind with setsid() included.  Never set outside a sandbox, where
 * kill(-1) would reach the whole machine.
 */
#define JOB_SWEEP_PIDNS 1u

#define MAX_JOB_FRAME   (16u << 20)
#define MAX_ARGC        4096
#define DEFAULT_OUT_CAP ((size_t)1 << 20)
/* How long a new worker (bubblewrap included) may take to say hello. */
#define START_TIMEOUT_SEC 20.0
/* Slack on top of a job's own deadlines before the pool gives up on it. */
#define JOB_SLACK_SEC 30.0
/* How long pool_free() waits for workers to leave before SIGKILL. */
#define STOP_TIMEOUT_SEC 2.0
/* Free space /dev/shm needs to be picked as the default scratch parent. */
#define SHM_MIN_FREE (2ULL << 30)

static double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- encoding --------------------------------------------------------- */

static void put_u32(struct buf *b, uint32_t v) { buf_add(b, &v, sizeof(v)); }
static void put_i32(struct buf *b, int32_t v) { buf_add(b, &v, sizeof(v)); }
static void put_u64(struct buf *b, uint64_t v) { buf_add(b, &v, sizeof(v)); }
static void put_i64(struct buf *b, int64_t v) { buf_add(b, &v, sizeof(v)); }
static void put_f64(struct buf *b, double v) { buf_add(b, &v, sizeof(v)); }

static void put_bytes(struct buf *b, const void *p, size_t len)
{
	put_u32(b, (uint32_t)len);
	buf_add(b, p, len);
}

static void put_str(struct buf *b, const char *s)
{
	put_bytes(b, s, strlen(s));
}

/* Start a frame: reserve the length word, filled in by frame_end(). */
static void frame_begin(struct buf *b, uint32_t magic)
{
	buf_reset(b);
	put_u32(b, 0);
	put_u32(b, magic);
}

static void frame_end(struct buf *b)
{
	uint32_t len = (uint32_t)(b->len - 4);
	memcpy(b->data, &len, 4);
}

struct cursor {
	const unsigned char *p;
	size_t left;
	int bad;
};

static void get(struct cursor *c, void *out, size_t n)
{
	if (c->bad || c->left < n) {
		c->bad = 1;
		memset(out, 0, n);
		return;
	}
	memcpy(out, c->p, n);
	c->p += n;
	c->left -= n;
}

static uint32_t get_u32(struct cursor *c) { uint32_t v; get(c, &v, sizeof(v)); return v; }
static int32_t get_i32(struct cursor *c) { int32_t v; get(c, &v, sizeof(v)); return v; }
static uint64_t get_u64(struct cursor *c) { uint64_t v; get(c, &v, sizeof(v)); return v; }
static int64_t get_i64(struct cursor *c) { int64_t v; get(c, &v, sizeof(v)); return v; }
static double get_f64(struct cursor *c) { double v; get(c, &v, sizeof(v)); return v; }

/* A string field; *len gets its length.  Points into the frame. */
static const unsigned char *get_bytes(struct cursor *c, size_t *len)
{
	const unsigned char *p;
	uint32_t n = get_u32(c);

	if (c->bad || c->left < n) {
		c->bad = 1;
		*len = 0;
		return NULL;
	}
	p = c->p;
	c->p += n;
	c->left -= n;
	*len = n;
	return p;
}

static char *get_strdup(struct cursor *c)
{
	size_t len;
	const unsigned char *p = get_bytes(c, &len);

	if (!p || memchr(p, '\0', len)) {
		c->bad = 1;
		return NULL;
	}
	return xstrndup((const char *)p, len);
}

/*
 * Write all of data; a dead reader gives -1 with EPIPE, never SIGPIPE (which
 * is blocked for the call and swallowed if our write raised it).
 */
static int write_all_nosigpipe(int fd, const void *data, size_t len)
{
	sigset_t set, old, pend;
	int was_pending, ret, e;

	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigpending(&pend);
	was_pending = sigismember(&pend, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	ret = buf_write_fd(fd, data, len);
	e = errno;
	if (ret < 0 && e == EPIPE && !was_pending) {
		struct timespec zero = { 0, 0 };
		sigtimedwait(&set, NULL, &zero);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return ret;
}

/* Read exactly len bytes.  1: done, 0: EOF before the first byte, -1: error. */
static int read_full(int fd, void *p, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, (char *)p + got, len - got);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0) {
			if (got)
				errno = EPIPE;
			return got ? -1 : 0;
		}
		got += (size_t)n;
	}
	return 1;
}

/* ---- removing a directory tree without following symlinks --------------- */

#define RM_MAX_DEPTH 48

static void make_searchable(int dfd, const char *name)
{
	/* Reach the directory itself, never a symlink's target. */
	int pfd = openat(dfd, name, O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC);
	char proc[64];

	if (pfd < 0)
		return;
	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", pfd);
	chmod(proc, 0700);
	close(pfd);
}

/*
 * Remove everything inside the directory dfd.  Directories deeper than
 * RM_MAX_DEPTH are moved up into topfd (as ".deep<N>") instead of recursed
 * into, so a hostile tree of any depth costs a bounded number of open
 * descriptors; the caller repeats until the top is empty.
 */
static void rm_contents(int topfd, int dfd, int depth, unsigned long *seq)
{
	int rfd = openat(dfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int chmodded = 0;
	struct dirent *de;
	DIR *d;

	if (rfd < 0 || !(d = fdopendir(rfd))) {
		if (rfd >= 0)
			close(rfd);
		return;
	}
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		int cfd;

		if (!strcmp(name, ".") || !strcmp(name, ".."))
			continue;
		if (!unlinkat(dfd, name, 0))
			continue;
		if ((errno == EACCES || errno == EPERM) && !chmodded) {
			/* A job may have made its directory read-only. */
			fchmod(dfd, 0700);
			chmodded = 1;
			if (!unlinkat(dfd, name, 0))
				continue;
		}
		if (errno != EISDIR)
			continue;
		if (depth >= RM_MAX_DEPTH) {
			char deep[40];
			snprintf(deep, sizeof(deep), ".deep%lu", (*seq)++);
			renameat(dfd, name, topfd, deep);
			continue;
		}
		cfd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (cfd < 0 && errno == EACCES) {
			make_searchable(dfd, name);
			cfd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		}
		if (cfd < 0)
			continue;
		rm_contents(topfd, cfd, depth + 1, seq);
		close(cfd);
		unlinkat(dfd, name, AT_REMOVEDIR);
	}
	closedir(d);
}

/* Remove parentfd/name and everything under it.  0 or -1 with errno. */
static int rm_tree_at(int parentfd, const char *name)
{
	unsigned long seq = 0;
	int fd, pass;

	fd = openat(parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == EACCES) {
		make_searchable(parentfd, name);
		fd = openat(parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		/* Replaced by a symlink or a file: remove that, not its target. */
		if (errno == ELOOP || errno == ENOTDIR)
			return unlinkat(parentfd, name, 0);
		return -1;
	}
	for (pass = 0; pass < 1000; pass++) {
		rm_contents(fd, fd, 0, &seq);
		if (!unlinkat(parentfd, name, AT_REMOVEDIR) || errno != ENOTEMPTY)
			break;
	}
	pass = errno;
	close(fd);
	if (faccessat(parentfd, name, F_OK, AT_SYMLINK_NOFOLLOW) == 0) {
		errno = pass;
		return -1;
	}
	return 0;
}

/* ---- the pool side ---------------------------------------------------- */

/* The scratch root, shared by the pool and its jobs (a job may outlive it). */
struct scratch {
	int fd;
	char *path;
	int refs;
	int removed;
};

struct job_priv {
	struct pool_job pub;      /* first: pool_job pointers are job_privs */
	struct scratch *scratch;
	char name[32];
	double deadline_budget;   /* seconds, 0: unbounded */
	size_t reply_max;
};

struct worker {
	pid_t pid;                /* 0: no process */
	int to, from;             /* our ends of its stdin and stdout */
	int logfd;                /* memfd holding the worker's stderr */
	int ready;                /* said hello */
	struct job_priv *job;     /* running, or NULL */
	double deadline;          /* give up on the job after this (0: never) */
	struct buf rbuf;          /* frame being read */
};

struct pool {
	enum sandbox_mode mode;
	char **argv;              /* [sandbox prefix...] exe __worker */
	struct scratch *scratch;
	unsigned long counter;
	int nw;
	struct worker *w;
	struct job_priv **queue;  /* FIFO of submitted jobs */
	size_t qhead, qnr, qalloc;
	struct job_priv **done;   /* finished without a worker (infra errors) */
	size_t dnr, dalloc;
	struct buf last_err;      /* why the last worker start failed */
	struct buf frame;         /* scratch space for encoding */
};

static void scratch_unref(struct scratch *s)
{
	if (!s || --s->refs > 0)
		return;
	if (s->fd >= 0)
		close(s->fd);
	free(s->path);
	free(s);
}

static void close_fd(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

static void set_infra(struct pool_job *job, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void set_infra(struct pool_job *job, const char *fmt, ...)
{
	va_list ap;

	job->infra_error = 1;
	buf_reset(&job->infra_msg);
	va_start(ap, fmt);
	buf_vaddf(&job->infra_msg, fmt, ap);
	va_end(ap);
}

/* First line of what the worker (or bubblewrap) wrote to its stderr. */
static void worker_log_line(struct worker *w, struct buf *out)
{
	char tmp[512];
	ssize_t n;
	char *nl;

	buf_reset(out);
	if (w->logfd < 0)
		return;
	n = pread(w->logfd, tmp, sizeof(tmp) - 1, 0);
	if (n <= 0)
		return;
	tmp[n] = '\0';
	if ((nl = strchr(tmp, '\n')))
		*nl = '\0';
	buf_addstr(out, tmp);
}

static void describe_exit(struct buf *b, int status)
{
	if (WIFEXITED(status))
		buf_addf(b, "exited with status %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		buf_addf(b, "was killed by signal %d", WTERMSIG(status));
	else
		buf_addstr(b, "stopped");
}

/*
 * Make sure w's process is gone and reaped; describe how it ended in why
 * (may be NULL).  The pid is ours and unreaped, so signalling it is safe.
 */
static void worker_stop(struct worker *w, int sig, struct buf *why)
{
	int status = 0;

	close_fd(&w->to);
	close_fd(&w->from);
	if (w->pid > 0) {
		if (sig) {
			kill(w->pid, sig);
		} else {
			/* It closed its pipe: give it a moment to exit by itself,
			   so that the reason we report is its own. */
			int i;
			for (i = 0; i < 100; i++) {
				pid_t r = waitpid(w->pid, &status, WNOHANG);
				if (r == w->pid || (r < 0 && errno != EINTR))
					goto reaped;
				usleep(2000);
			}
			kill(w->pid, SIGKILL);
		}
		while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
			;
	reaped:
		if (why) {
			struct buf log = BUF_INIT;

			buf_addf(why, "worker %d ", (int)w->pid);
			describe_exit(why, status);
			worker_log_line(w, &log);
			if (log.len)
				buf_addf(why, " (%s)", log.data);
			buf_release(&log);
		}
	}
	w->pid = 0;
	w->ready = 0;
	w->job = NULL;
	w->deadline = 0;
	close_fd(&w->logfd);
	buf_reset(&w->rbuf);
}

/* Fork and exec one worker; it is not ready until its hello arrives. */
static int worker_spawn(struct pool *p, struct worker *w, struct buf *err)
{
	int to[2] = { -1, -1 }, from[2] = { -1, -1 };
	const char *const *env = run_default_env();
	pid_t parent = getpid();
	sigset_t none;
	pid_t pid;

	w->logfd = memfd_create("veripref-worker-stderr", MFD_CLOEXEC);
	if (w->logfd < 0)
		w->logfd = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (pipe2(to, O_CLOEXEC) < 0 || pipe2(from, O_CLOEXEC) < 0 || w->logfd < 0) {
		buf_setf(err, "cannot create pipes for a worker: %s", strerror(errno));
		goto fail;
	}
	/* Keep all of them clear of 0..2 so the child's dup2()s cannot collide. */
	if (to[0] <= 2 || from[1] <= 2 || w->logfd <= 2) {
		int *fds[3] = { &to[0], &from[1], &w->logfd };
		int i;
		for (i = 0; i < 3; i++)
			if (*fds[i] <= 2) {
				int nfd = fcntl(*fds[i], F_DUPFD_CLOEXEC, 3);
				close(*fds[i]);
				*fds[i] = nfd;
			}
	}
	sigemptyset(&none);
	pid = fork();
	if (pid < 0) {
		buf_setf(err, "cannot start a worker: fork: %s", strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		static const char msg[] = "veripref: cannot execute the worker\n";

		if (dup2(to[0], 0) < 0 || dup2(from[1], 1) < 0 || dup2(w->logfd, 2) < 0)
			_exit(127);
		if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
			close_range(3, ~0U, 0);
		signal(SIGPIPE, SIG_DFL);
		sigprocmask(SIG_SETMASK, &none, NULL);
		/* If veripref dies, the worker kills its job and leaves. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(127);
		if (p->mode == SANDBOX_NONE)
			sandbox_enter_fallback();
		execve(p->argv[0], p->argv, (char *const *)env);
		if (write(2, msg, sizeof(msg) - 1) < 0)
			_exit(127);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	w->pid = pid;
	w->to = to[1];
	w->from = from[0];
	w->ready = 0;
	w->job = NULL;
	buf_reset(&w->rbuf);
	return 0;
fail:
	close_fd(&to[0]);
	close_fd(&to[1]);
	close_fd(&from[0]);
	close_fd(&from[1]);
	close_fd(&w->logfd);
	return -1;
}

/*
 * Read what is available of w's current frame (one read).  Returns 1 when a
 * whole frame is in w->rbuf (length word stripped), 0 when more is needed,
 * -1 on EOF or error, -2 when the frame is longer than max.
 */
static int read_frame(struct worker *w, size_t max)
{
	char tmp[65536];
	size_t want;
	uint32_t flen;
	ssize_t n;

	if (w->rbuf.len < 4) {
		want = 4 - w->rbuf.len;
	} else {
		memcpy(&flen, w->rbuf.data, 4);
		if (flen > max)
			return -2;
		want = 4 + (size_t)flen - w->rbuf.len;
	}
	if (want > sizeof(tmp))
		want = sizeof(tmp);
	if (want) {
		n = read(w->from, tmp, want);
		if (n < 0)
			return (errno == EINTR || errno == EAGAIN) ? 0 : -1;
		if (n == 0)
			return -1;
		buf_add(&w->rbuf, tmp, (size_t)n);
	}
	if (w->rbuf.len < 4)
		return 0;
	memcpy(&flen, w->rbuf.data, 4);
	if (flen > max)
		return -2;
	return w->rbuf.len == 4 + (size_t)flen;
}

/* Wait for the hellos of every started, not yet ready worker. */
static void await_hellos(struct pool *p)
{
	double deadline = now_sec() + START_TIMEOUT_SEC;
	int i;

	for (;;) {
		struct pollfd pfd[64];
		int idx[64], n = 0, r;
		double now = now_sec();

		for (i = 0; i < p->nw && n < 64; i++)
			if (p->w[i].pid > 0 && !p->w[i].ready) {
				pfd[n].fd = p->w[i].from;
				pfd[n].events = POLLIN;
				idx[n++] = i;
			}
		if (!n)
			return;
		if (now >= deadline) {
			for (r = 0; r < n; r++) {
				buf_setf(&p->last_err, "worker did not start within %.0f s: ",
					 START_TIMEOUT_SEC);
				worker_stop(&p->w[idx[r]], SIGKILL, &p->last_err);
			}
			return;
		}
		r = poll(pfd, (nfds_t)n, (int)((deadline - now) * 1000) + 1);
		if (r < 0 && errno != EINTR)
			return;
		for (r = 0; r < n; r++) {
			struct worker *w = &p->w[idx[r]];
			int got;

			if (!pfd[r].revents)
				continue;
			got = read_frame(w, 64);
			if (got == 1) {
				struct cursor c = { (unsigned char *)w->rbuf.data + 4,
						    w->rbuf.len - 4, 0 };
				if (get_u32(&c) == MAGIC_HELLO && !c.bad) {
					w->ready = 1;
					buf_reset(&w->rbuf);
					continue;
				}
				got = -2;
			}
			if (got < 0) {
				buf_setf(&p->last_err, "cannot start worker: ");
				worker_stop(w, got == -1 ? 0 : SIGKILL, &p->last_err);
			}
		}
	}
}

/* Start (or restart) worker i and wait until it is ready.  0 or -1. */
static int worker_start_one(struct pool *p, int i)
{
	struct worker *w = &p->w[i];

	if (worker_spawn(p, w, &p->last_err) < 0)
		return -1;
	await_hellos(p);
	return w->ready ? 0 : -1;
}

/*
 * Job directories are created and removed thousands of times: on a disk
 * filesystem that costs milliseconds per job (measured on ext4: mkdir 0.6 ms,
 * rmdir 3 ms), on tmpfs microseconds.  So /dev/shm when it is a tmpfs we may
 * write with room to spare (container defaults of 64 MiB are not), else /tmp.
 */
static const char *default_scratch_parent(void)
{
	struct statfs sf;

	if (!statfs("/dev/shm", &sf) && sf.f_type == TMPFS_MAGIC &&
	    (unsigned long long)sf.f_bavail * (unsigned long long)sf.f_bsize >= SHM_MIN_FREE &&
	    !access("/dev/shm", W_OK | X_OK))
		return "/dev/shm";
	return "/tmp";
}

/*
 * A veripref killed with SIGKILL leaves its scratch root behind -- in RAM
 * when it is on /dev/shm.  Every pool holds an flock on its root, so a root
 * of ours whose lock is free belongs to a dead process: remove it.  Roots
 * touched in the last minute are left alone (a pool that has just created
 * its root may not hold the lock yet).
 */
static void sweep_stale_roots(const char *parent, const char *mine)
{
	const char *base = strrchr(mine, '/') + 1;
	time_t now = time(NULL);
	struct dirent *de;
	int pfd;
	DIR *d;

	pfd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (pfd < 0)
		return;
	if (!(d = fdopendir(dup(pfd)))) {
		close(pfd);
		return;
	}
	while ((de = readdir(d))) {
		struct stat st;
		int fd;

		if (strncmp(de->d_name, "veripref-", 9) || strlen(de->d_name) != 15 ||
		    !strcmp(de->d_name, base))
			continue;
		fd = openat(pfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (!fstat(fd, &st) && st.st_uid == geteuid() &&
		    st.st_mtime < now - 60 && !flock(fd, LOCK_EX | LOCK_NB))
			rm_tree_at(pfd, de->d_name);
		close(fd);
	}
	closedir(d);
	close(pfd);
}

struct pool *pool_new(const struct pool_opts *opts, struct buf *err)
{
	const char *inner[3] = { NULL, "__worker", NULL };
	const char *parent;
	const char **ro = NULL;
	char exe[PATH_MAX], tmpl[PATH_MAX];
	struct pool *p;
	size_t nro = 0, i;
	int k, started = 0;

	if (opts->workers < 1 || opts->workers > 1024) {
		buf_setf(err, "the number of workers must be between 1 and 1024, not %d",
			 opts->workers);
		return NULL;
	}
	if (!opts->worker_exe || !realpath(opts->worker_exe, exe) || access(exe, X_OK) < 0) {
		buf_setf(err, "cannot use '%s' as the worker program: %s",
			 opts->worker_exe ? opts->worker_exe : "(none)",
			 opts->worker_exe ? strerror(errno) : "no program given");
		return NULL;
	}
	parent = opts->tmp_dir ? opts->tmp_dir : default_scratch_parent();
	if (snprintf(tmpl, sizeof(tmpl), "%s/veripref-XXXXXX", parent) >= (int)sizeof(tmpl)) {
		buf_setf(err, "temporary directory name too long: '%s'", parent);
		return NULL;
	}

	p = xcalloc(1, sizeof(*p));
	buf_init(&p->last_err, 0);
	buf_init(&p->frame, 0);
	p->mode = (enum sandbox_mode)opts->sandbox;
	if (p->mode == SANDBOX_AUTO)
		p->mode = sandbox_bwrap_usable() ? SANDBOX_BWRAP : SANDBOX_NONE;

	if (!mkdtemp(tmpl)) {
		buf_setf(err, "cannot create a scratch directory in '%s': %s",
			 parent, strerror(errno));
		goto fail;
	}
	p->scratch = xcalloc(1, sizeof(*p->scratch));
	p->scratch->refs = 1;
	p->scratch->path = xstrdup(tmpl);
	p->scratch->fd = open(tmpl, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (p->scratch->fd < 0) {
		buf_setf(err, "cannot open '%s': %s", tmpl, strerror(errno));
		rmdir(tmpl);
		goto fail;
	}
	/* Held while the pool lives: tells sweep_stale_roots() we are alive. */
	flock(p->scratch->fd, LOCK_EX | LOCK_NB);
	sweep_stale_roots(parent, p->scratch->path);

	/* The worker program itself must be visible even if it lives in /tmp. */
	while (opts->ro_binds && opts->ro_binds[nro])
		nro++;
	ro = xcalloc(nro + 2, sizeof(*ro));
	for (i = 0; i < nro; i++)
		ro[i] = opts->ro_binds[i];
	ro[nro] = exe;
	inner[0] = exe;
	p->argv = sandbox_argv(p->mode, tmpl, ro, opts->rw_binds, inner, err);
	free(ro);
	if (!p->argv)
		goto fail;
	p->nw = opts->workers;
	p->w = xcalloc((size_t)p->nw, sizeof(*p->w));
	for (k = 0; k < p->nw; k++) {
		p->w[k].to = p->w[k].from = p->w[k].logfd = -1;
		buf_init(&p->w[k].rbuf, 0);
	}
	for (k = 0; k < p->nw; k++)
		if (worker_spawn(p, &p->w[k], &p->last_err) < 0)
			break;
	await_hellos(p);
	for (k = 0; k < p->nw; k++)
		started += p->w[k].ready;
	if (started < p->nw) {
		buf_setf(err, "%s", p->last_err.len ? p->last_err.data
			 : "cannot start the workers");
		goto fail;
	}
	return p;
fail:
	pool_free(p);
	return NULL;
}

const char *pool_scratch_root(const struct pool *p)
{
	return p->scratch->path;
}

struct pool_job *pool_job_new(struct pool *p)
{
	struct job_priv *j = xcalloc(1, sizeof(*j));
	struct pool_job *job = &j->pub;
	int i;

	for (i = 0; i < POOL_MAX_STEPS; i++) {
		buf_init(&job->res[i].out, 0);
		buf_init(&job->res[i].err, 0);
	}
	buf_init(&job->infra_msg, 0);
	snprintf(j->name, sizeof(j->name), "j%lu", p->counter++);
	j->scratch = p->scratch;
	p->scratch->refs++;
	job->dir = xmalloc(strlen(p->scratch->path) + 1 + strlen(j->name) + 1);
	sprintf(job->dir, "%s/%s", p->scratch->path, j->name);
	if (mkdirat(p->scratch->fd, j->name, 0700) < 0)
		set_infra(job, "cannot create job directory '%s': %s",
			  job->dir, strerror(errno));
	return job;
}

void pool_job_add_step(struct pool_job *job, const char *const *argv,
		       const struct run_limits *lim, int merge_stderr)
{
	struct pool_step *s;
	size_t n = 0, i;

	if (job->nsteps >= POOL_MAX_STEPS) {
		set_infra(job, "a job has at most %d steps", POOL_MAX_STEPS);
		return;
	}
	if (!argv || !argv[0]) {
		set_infra(job, "step %d of a job has no command", job->nsteps + 1);
		return;
	}
	s = &job->steps[job->nsteps++];
	while (argv[n])
		n++;
	s->argv = xcalloc(n + 1, sizeof(*s->argv));
	for (i = 0; i < n; i++)
		s->argv[i] = xstrdup(argv[i]);
	if (lim)
		s->lim = *lim;
	else
		memset(&s->lim, 0, sizeof(s->lim));
	s->merge_stderr = merge_stderr;
}

void pool_job_free(struct pool_job *job)
{
	struct job_priv *j = (struct job_priv *)job;
	int i, k;

	if (!job)
		return;
	if (j->scratch && !j->scratch->removed)
		rm_tree_at(j->scratch->fd, j->name);
	scratch_unref(j->scratch);
	for (i = 0; i < job->nsteps; i++) {
		for (k = 0; job->steps[i].argv[k]; k++)
			free(job->steps[i].argv[k]);
		free(job->steps[i].argv);
	}
	for (i = 0; i < POOL_MAX_STEPS; i++)
		run_result_release(&job->res[i]);
	buf_release(&job->infra_msg);
	free(job->dir);
	free(j);
}

/* j is done without (further) work: pool_next() returns it next. */
static void finish_now(struct pool *p, struct job_priv *j)
{
	ALLOC_GROW(p->done, p->dnr + 1, p->dalloc);
	p->done[p->dnr++] = j;
}

static void encode_job(struct buf *b, const struct pool_job *job, uint32_t flags)
{
	int i, k;

	frame_begin(b, MAGIC_JOB);
	put_u32(b, flags);
	put_str(b, job->dir);
	put_u32(b, (uint32_t)job->nsteps);
	for (i = 0; i < job->nsteps; i++) {
		const struct pool_step *s = &job->steps[i];
		int argc = 0;

		while (s->argv[argc])
			argc++;
		put_u32(b, (uint32_t)argc);
		for (k = 0; k < argc; k++)
			put_str(b, s->argv[k]);
		put_f64(b, s->lim.wall_sec);
		put_i64(b, s->lim.cpu_sec);
		put_u64(b, s->lim.as_bytes);
		put_u64(b, s->lim.fsize_bytes);
		put_i64(b, s->lim.nofile);
		put_i64(b, s->lim.nproc);
		put_u64(b, s->lim.out_cap);
		put_u32(b, (uint32_t)s->merge_stderr);
	}
	frame_end(b);
}

/* Bounds of the reply to job, and how long it may take. */
static void job_budget(struct job_priv *j)
{
	const struct pool_job *job = &j->pub;
	int i, bounded = 1;
	double sec = JOB_SLACK_SEC;
	size_t max = 64;

	for (i = 0; i < job->nsteps; i++) {
		size_t cap = job->steps[i].lim.out_cap ? job->steps[i].lim.out_cap
			: DEFAULT_OUT_CAP;
		max += 64 + 2 * cap;
		if (job->steps[i].lim.wall_sec > 0)
			sec += job->steps[i].lim.wall_sec + 1.0;
		else
			bounded = 0;
	}
	j->reply_max = max;
	j->deadline_budget = bounded ? sec : 0;
}

/*
 * Hand j to idle worker w.  Returns 0, or -1 when the worker turned out to be
 * dead (it is then reaped and j untouched).
 */
static int dispatch(struct pool *p, struct worker *w, struct job_priv *j)
{
	if (j->pub.nsteps == 0) {
		/* Nothing to run: done at once. */
		finish_now(p, j);
		return 0;
	}
	encode_job(&p->frame, &j->pub, p->mode == SANDBOX_BWRAP ? JOB_SWEEP_PIDNS : 0);
	if (p->frame.len - 4 > MAX_JOB_FRAME) {
		set_infra(&j->pub, "job too large to send to a worker (%zu bytes)",
			  p->frame.len);
		finish_now(p, j);
		return 0;
	}
	if (write_all_nosigpipe(w->to, p->frame.data, p->frame.len) < 0) {
		buf_setf(&p->last_err, "cannot send a job: ");
		worker_stop(w, SIGKILL, &p->last_err);
		return -1;
	}
	job_budget(j);
	w->job = j;
	w->deadline = j->deadline_budget > 0 ? now_sec() + j->deadline_budget : 0;
	buf_reset(&w->rbuf);
	return 0;
}

/* Parse a reply frame into job.  0, or -1 with a sentence in why. */
static int parse_reply(struct worker *w, struct job_priv *j, struct buf *why)
{
	struct pool_job *job = &j->pub;
	struct cursor c = { (unsigned char *)w->rbuf.data + 4, w->rbuf.len - 4, 0 };
	uint32_t n;
	int i;

	if (get_u32(&c) != MAGIC_REPLY)
		goto bad;
	n = get_u32(&c);
	if (c.bad || n > (uint32_t)job->nsteps)
		goto bad;
	for (i = 0; i < (int)n; i++) {
		struct run_result *r = &job->res[i];
		size_t cap = job->steps[i].lim.out_cap ? job->steps[i].lim.out_cap
			: DEFAULT_OUT_CAP;
		const unsigned char *out, *err;
		size_t olen, elen;
		uint32_t st = get_u32(&c);

		r->status = (enum run_status)st;
		r->code = get_i32(&c);
		r->signo = get_i32(&c);
		r->spawn_errno = get_i32(&c);
		r->wall_sec = get_f64(&c);
		r->out.truncated = 0;
		r->err.truncated = 0;
		{
			uint32_t ot = get_u32(&c), et = get_u32(&c);
			out = get_bytes(&c, &olen);
			err = get_bytes(&c, &elen);
			if (c.bad || st > RUN_SPAWN_ERROR || olen > cap || elen > cap)
				goto bad;
			buf_reset(&r->out);
			buf_reset(&r->err);
			r->out.max = cap;
			r->err.max = cap;
			buf_add(&r->out, out, olen);
			buf_add(&r->err, err, elen);
			r->out.truncated = ot != 0;
			r->err.truncated = et != 0;
		}
	}
	if (c.left)
		goto bad;
	job->steps_run = (int)n;
	return 0;
bad:
	buf_setf(why, "malformed reply from worker %d", (int)w->pid);
	return -1;
}

/* The job on w cannot finish: record why, replace the worker. */
static void worker_failed(struct pool *p, int i, int sig, const char *what)
{
	struct worker *w = &p->w[i];
	struct job_priv *j = w->job;
	struct buf why = BUF_INIT;

	buf_addstr(&why, what);
	worker_stop(w, sig, &why);
	if (j) {
		set_infra(&j->pub, "%s", why.data);
		finish_now(p, j);
	}
	buf_release(&why);
	worker_start_one(p, i);
}

static struct job_priv *pop_done(struct pool *p)
{
	struct job_priv *j;

	if (!p->dnr)
		return NULL;
	j = p->done[0];
	memmove(p->done, p->done + 1, (p->dnr - 1) * sizeof(*p->done));
	p->dnr--;
	return j;
}

/* Give queued jobs to idle workers (restarting dead ones). */
static void dispatch_queued(struct pool *p)
{
	int i, failures = 0;

	for (i = 0; i < p->nw && p->qhead < p->qnr; i++) {
		struct worker *w = &p->w[i];

		while (!w->job && p->qhead < p->qnr) {
			struct job_priv *j = p->queue[p->qhead];

			if (!w->ready && worker_start_one(p, i) < 0)
				break;
			if (!dispatch(p, w, j)) {
				p->qhead++;
				continue;
			}
			/* The worker died while idle; it is restarted above. */
			if (++failures > 2 * p->nw) {
				p->qhead++;
				set_infra(&j->pub, "workers keep dying: %s",
					  p->last_err.data);
				finish_now(p, j);
			}
		}
	}
	/* No worker at all can run anything: fail what waits. */
	for (i = 0; i < p->nw; i++)
		if (p->w[i].ready)
			return;
	while (p->qhead < p->qnr) {
		struct job_priv *j = p->queue[p->qhead++];
		set_infra(&j->pub, "no worker could be started: %s",
			  p->last_err.len ? p->last_err.data : "unknown error");
		finish_now(p, j);
	}
}

void pool_submit(struct pool *p, struct pool_job *job)
{
	struct job_priv *j = (struct job_priv *)job;

	job->steps_run = 0;
	if (job->infra_error) {
		finish_now(p, j);
		return;
	}
	if (p->qhead > 64 && p->qhead * 2 > p->qnr) {
		memmove(p->queue, p->queue + p->qhead,
			(p->qnr - p->qhead) * sizeof(*p->queue));
		p->qnr -= p->qhead;
		p->qhead = 0;
	}
	ALLOC_GROW(p->queue, p->qnr + 1, p->qalloc);
	p->queue[p->qnr++] = j;
	/* Start it now if a worker is idle: results come back sooner. */
	dispatch_queued(p);
}

struct pool_job *pool_next(struct pool *p)
{
	struct job_priv *j;

	for (;;) {
		struct pollfd pfd[1024];
		int idx[1024], n = 0, i, r, timeout = -1;
		double now;

		if ((j = pop_done(p)))
			return &j->pub;
		dispatch_queued(p);
		if ((j = pop_done(p)))
			return &j->pub;

		now = now_sec();
		for (i = 0; i < p->nw; i++) {
			struct worker *w = &p->w[i];
			if (!w->job)
				continue;
			if (w->deadline > 0) {
				int ms;
				if (now >= w->deadline) {
					worker_failed(p, i, SIGKILL,
						      "job did not finish within its deadline; ");
					break;
				}
				ms = (int)((w->deadline - now) * 1000) + 1;
				if (timeout < 0 || ms < timeout)
					timeout = ms;
			}
			pfd[n].fd = w->from;
			pfd[n].events = POLLIN;
			idx[n++] = i;
		}
		if (i < p->nw)
			continue;     /* a worker was replaced; start over */
		if (!n)
			return NULL;
		r = poll(pfd, (nfds_t)n, timeout);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return NULL;
		}
		for (r = 0; r < n; r++) {
			struct worker *w = &p->w[idx[r]];
			int got;

			if (!pfd[r].revents)
				continue;
			j = w->job;
			got = read_frame(w, j->reply_max);
			if (got == 0)
				continue;
			if (got == 1) {
				struct buf why = BUF_INIT;
				if (!parse_reply(w, j, &why)) {
					w->job = NULL;
					w->deadline = 0;
					buf_reset(&w->rbuf);
					buf_release(&why);
					return &j->pub;
				}
				worker_failed(p, idx[r], SIGKILL, why.data);
				buf_release(&why);
				break;
			}
			worker_failed(p, idx[r], got == -2 ? SIGKILL : 0,
				      got == -2 ? "oversized reply from worker; " : "");
			break;
		}
	}
}

void pool_free(struct pool *p)
{
	double deadline;
	int i;
	size_t q;

	if (!p)
		return;
	/* Jobs the caller handed over and never got back. */
	for (q = p->qhead; q < p->qnr; q++)
		pool_job_free(&p->queue[q]->pub);
	for (q = 0; q < p->dnr; q++)
		pool_job_free(&p->done[q]->pub);
	/* Idle workers leave on end of file; busy ones are told to stop. */
	for (i = 0; i < p->nw; i++) {
		struct worker *w = &p->w[i];
		close_fd(&w->to);
		if (w->pid > 0 && w->job)
			kill(w->pid, SIGTERM);
	}
	deadline = now_sec() + STOP_TIMEOUT_SEC;
	for (i = 0; i < p->nw; i++) {
		struct worker *w = &p->w[i];
		int status;

		while (w->pid > 0) {
			pid_t r = waitpid(w->pid, &status, WNOHANG);
			if (r == w->pid || (r < 0 && errno != EINTR)) {
				w->pid = 0;
				break;
			}
			if (now_sec() >= deadline) {
				kill(w->pid, SIGKILL);
				while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
					;
				w->pid = 0;
				break;
			}
			usleep(2000);
		}
		if (w->job)
			pool_job_free(&w->job->pub);
		w->job = NULL;
		worker_stop(w, 0, NULL);
		buf_release(&w->rbuf);
	}
	if (p->scratch) {
		if (p->scratch->fd >= 0) {
			unsigned long seq = 0;
			int pass;
			for (pass = 0; pass < 100; pass++) {
				rm_contents(p->scratch->fd, p->scratch->fd, 0, &seq);
				if (!rmdir(p->scratch->path) || errno != ENOTEMPTY)
					break;
			}
		}
		p->scratch->removed = 1;
		scratch_unref(p->scratch);
	}
	sandbox_argv_free(p->argv);
	free(p->w);
	free(p->queue);
	free(p->done);
	buf_release(&p->last_err);
	buf_release(&p->frame);
	free(p);
}

/* ---- the worker side -------------------------------------------------- */

static void on_term(int sig)
{
	run_kill_running();
	_exit(128 + sig);
}

/*
 * Kill every process of our pid namespace but its init and us, and wait
 * (up to a second) until init has reaped them, so the next job starts alone.
 * kill(-1) fails with ESRCH when there is nobody to kill: the common case
 * costs one system call.
 */
static void sweep_pidns(void)
{
	int i;

	/*
	 * Belt and braces: under bubblewrap we are pid 2 (its init is 1).
	 * Anywhere else kill(-1) would hit the whole machine.
	 */
	if (getpid() > 2)
		return;
	if (kill(-1, SIGKILL) < 0)
		return;
	for (i = 0; i < 1000 && kill(-1, 0) == 0; i++)
		usleep(1000);
}

static int send_frame(int out, struct buf *b)
{
	frame_end(b);
	return buf_write_fd(out, b->data, b->len);
}

static int run_job(const unsigned char *payload, size_t len, struct buf *reply)
{
	struct cursor c = { payload, len, 0 };
	struct pool_step steps[POOL_MAX_STEPS];
	struct run_result res = RUN_RESULT_INIT;
	char *dir = NULL, *home = NULL, *tmpdir = NULL;
	const char *env[6];
	uint32_t nsteps, i, k, flags;
	size_t run = 0, count_at;
	int ret = -1;

	memset(steps, 0, sizeof(steps));
	if (get_u32(&c) != MAGIC_JOB)
		goto out;
	flags = get_u32(&c);
	dir = get_strdup(&c);
	nsteps = get_u32(&c);
	if (c.bad || nsteps > POOL_MAX_STEPS)
		goto out;
	for (i = 0; i < nsteps; i++) {
		struct pool_step *s = &steps[i];
		uint32_t argc = get_u32(&c);

		if (c.bad || argc == 0 || argc > MAX_ARGC)
			goto out;
		s->argv = xcalloc(argc + 1, sizeof(*s->argv));
		for (k = 0; k < argc; k++)
			if (!(s->argv[k] = get_strdup(&c)))
				goto out;
		s->lim.wall_sec = get_f64(&c);
		s->lim.cpu_sec = (long)get_i64(&c);
		s->lim.as_bytes = (size_t)get_u64(&c);
		s->lim.fsize_bytes = (size_t)get_u64(&c);
		s->lim.nofile = (long)get_i64(&c);
		s->lim.nproc = (long)get_i64(&c);
		s->lim.out_cap = (size_t)get_u64(&c);
		s->merge_stderr = (int)get_u32(&c);
	}
	if (c.bad || c.left)
		goto out;

	/* Tools that write to $HOME or $TMPDIR write into the job directory. */
	home = xmalloc(strlen(dir) + 6);
	sprintf(home, "HOME=%s", dir);
	tmpdir = xmalloc(strlen(dir) + 8);
	sprintf(tmpdir, "TMPDIR=%s", dir);
	env[0] = "PATH=/usr/local/bin:/usr/bin:/bin";
	env[1] = home;
	env[2] = tmpdir;
	env[3] = "LANG=C";
	env[4] = "TZ=UTC";
	env[5] = NULL;

	frame_begin(reply, MAGIC_REPLY);
	count_at = reply->len;
	put_u32(reply, 0);
	for (i = 0; i < nsteps; i++) {
		struct run_cmd cmd = { 0 };
		enum run_status st;

		cmd.argv = (const char *const *)steps[i].argv;
		cmd.env = env;
		cmd.dir = dir;
		cmd.lim = steps[i].lim;
		cmd.merge_stderr = steps[i].merge_stderr;
		st = run_command(&cmd, &res);
		put_u32(reply, (uint32_t)st);
		put_i32(reply, res.code);
		put_i32(reply, res.signo);
		put_i32(reply, res.spawn_errno);
		put_f64(reply, res.wall_sec);
		put_u32(reply, (uint32_t)res.out.truncated);
		put_u32(reply, (uint32_t)res.err.truncated);
		put_bytes(reply, res.out.data, res.out.len);
		put_bytes(reply, res.err.data, res.err.len);
		run++;
		if (st != RUN_OK)
			break;
	}
	{
		uint32_t n32 = (uint32_t)run;
		memcpy(reply->data + count_at, &n32, 4);
	}
	if (flags & JOB_SWEEP_PIDNS)
		sweep_pidns();
	ret = 0;
out:
	for (i = 0; i < POOL_MAX_STEPS; i++) {
		if (!steps[i].argv)
			continue;
		for (k = 0; steps[i].argv[k]; k++)
			free(steps[i].argv[k]);
		free(steps[i].argv);
	}
	run_result_release(&res);
	free(dir);
	free(home);
	free(tmpdir);
	return ret;
}

int pool_worker_main(int in, int out)
{
	struct buf frame = BUF_INIT, reply = BUF_INIT;
	struct sigaction sa;
	int ret = 3;

	/* This is a process of its own: set it up like one. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/*
	 * Jobs run as our user: without this they could open
	 * /proc/<worker>/fd/1 and forge replies.
	 */
	prctl(PR_SET_DUMPABLE, 0);

	frame_begin(&reply, MAGIC_HELLO);
	put_u32(&reply, (uint32_t)getpid());
	if (send_frame(out, &reply) < 0)
		goto out;

	for (;;) {
		uint32_t len;
		int r = read_full(in, &len, sizeof(len));

		if (r == 0) {
			ret = 0;
			break;
		}
		if (r < 0 || len > MAX_JOB_FRAME)
			break;
		buf_reset(&frame);
		/* Grow once to len, then read straight into the buffer. */
		{
			char *tmp = xmalloc(len ? len : 1);
			if (read_full(in, tmp, len) != 1 && len) {
				free(tmp);
				break;
			}
			buf_add(&frame, tmp, len);
			free(tmp);
		}
		if (run_job((const unsigned char *)frame.data, frame.len, &reply) < 0)
			break;
		if (send_frame(out, &reply) < 0)
			break;
	}
out:
	buf_release(&frame);
	buf_release(&reply);
	return ret;
}
