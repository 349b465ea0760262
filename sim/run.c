/*
 * run: spawn one child with a deadline, rlimits and capped capture.  See
 * run.h for the contract.
 *
 * Shape (git's run-command.c): everything that allocates -- the PATH lookup,
 * the environment, the pipes -- happens before fork(); the child only makes
 * system calls and reports a failure to exec through a close-on-exec pipe.
 * Added: the child leads its own process group, a pidfd tells the parent when
 * the child exits even while a grandchild still holds the output pipes, and
 * the group is SIGKILLed before the leader is reaped.  The leader's pid (which
 * is also the group id) cannot be reused until we reap it, so kill(-pgid) can
 * never reach an unrelated group.
 */
#define _GNU_SOURCE
#include "sim/run.h"
#include "sim/buf.h"
#include "sim/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define RUN_DEFAULT_CAP ((size_t)1 << 20)
/* SIGTERM first; what is still alive this long afterwards gets SIGKILL. */
#define RUN_KILL_GRACE_MS 200
/*
 * After the leader exited and its group was killed, output already in the
 * pipes is read to the end; a writer that left the group (setsid) and keeps a
 * pipe open is not waited for longer than this.
 */
#define RUN_DRAIN_MS 100

static volatile sig_atomic_t running_pgid;

static const char *const default_env[] = {
	"PATH=/usr/local/bin:/usr/bin:/bin",
	"HOME=/nonexistent",
	"LANG=C",
	"TZ=UTC",
	NULL,
};

const char *const *run_default_env(void)
{
	return default_env;
}

const char *run_strstatus(enum run_status st)
{
	switch (st) {
	case RUN_OK: return "ok";
	case RUN_NONZERO: return "nonzero";
	case RUN_TIMEOUT: return "timeout";
	case RUN_SIGNALED: return "signaled";
	case RUN_SPAWN_ERROR: return "spawn_error";
	}
	return "unknown";
}

void run_result_release(struct run_result *res)
{
	if (!res)
		return;
	buf_release(&res->out);
	buf_release(&res->err);
}

void run_kill_running(void)
{
	pid_t pg = (pid_t)running_pgid;

	if (pg > 0)
		kill(-pg, SIGKILL);
}

static double now_sec(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int is_executable_file(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return 0;
	return S_ISREG(st.st_mode) && !access(path, X_OK);
}

char *run_lookup(const char *argv0, const char *const *env)
{
	const char *path = "/usr/local/bin:/usr/bin:/bin";
	size_t n0 = strlen(argv0);
	int saw_eacces = 0;
	const char *p;
	size_t i;

	if (!env)
		env = run_default_env();
	for (i = 0; env[i]; i++)
		if (!strncmp(env[i], "PATH=", 5)) {
			path = env[i] + 5;
			break;
		}
	p = path;
	while (*p) {
		const char *colon = strchr(p, ':');
		size_t len = colon ? (size_t)(colon - p) : strlen(p);

		if (len && p[0] == '/') {
			char *cand = xmalloc(len + 1 + n0 + 1);

			memcpy(cand, p, len);
			cand[len] = '/';
			memcpy(cand + len + 1, argv0, n0 + 1);
			if (is_executable_file(cand))
				return cand;
			if (!access(cand, F_OK))
				saw_eacces = 1;
			free(cand);
		}
		if (!colon)
			break;
		p = colon + 1;
	}
	errno = saw_eacces ? EACCES : ENOENT;
	return NULL;
}

/* Move fd above 2 so that the child's dup2() onto 0..2 cannot clobber it. */
static int fd_above_stdio(int fd)
{
	int nfd;

	if (fd > 2)
		return fd;
	nfd = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return nfd;
}

static int make_pipe(int fds[2])
{
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	fds[0] = fd_above_stdio(fds[0]);
	fds[1] = fd_above_stdio(fds[1]);
	if (fds[0] < 0 || fds[1] < 0) {
		int e = errno;
		if (fds[0] >= 0)
			close(fds[0]);
		if (fds[1] >= 0)
			close(fds[1]);
		errno = e;
		return -1;
	}
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

static void set_limit(int resource, rlim_t soft, rlim_t hard)
{
	struct rlimit rl;

	rl.rlim_cur = soft;
	rl.rlim_max = hard;
	setrlimit(resource, &rl);
}

/* The child's side: async-signal-safe calls only, then exec. */
static void __attribute__((noreturn))
child(const struct run_cmd *cmd, const char *path, char *const *envp,
      int in_fd, int out_fd, int err_fd, int report_fd)
{
	const struct run_limits *lim = &cmd->lim;
	struct sigaction sa;
	sigset_t none;
	int e;

	setpgid(0, 0);
	/* The caller may have blocked or ignored signals; exec'd code gets
	   the defaults (SIG_IGN would survive execve). */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
		goto fail;
	/* Nothing but 0..2 (and the report pipe, close-on-exec) survives exec:
	   a hostile child must not inherit our database or sockets. */
	if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0) {
		/* Pre-5.11 kernels: close everything but the report pipe. */
		if (report_fd > 3)
			close_range(3, (unsigned)report_fd - 1, 0);
		close_range((unsigned)report_fd + 1, ~0U, 0);
	}
	if (cmd->dir && chdir(cmd->dir) < 0)
		goto fail;

	set_limit(RLIMIT_CORE, 0, 0);
	if (lim->cpu_sec > 0)
		/* The soft limit sends SIGXCPU, the hard one SIGKILL a second later. */
		set_limit(RLIMIT_CPU, (rlim_t)lim->cpu_sec, (rlim_t)lim->cpu_sec + 1);
	if (lim->as_bytes)
		set_limit(RLIMIT_AS, lim->as_bytes, lim->as_bytes);
	if (lim->fsize_bytes)
		set_limit(RLIMIT_FSIZE, lim->fsize_bytes, lim->fsize_bytes);
	if (lim->nofile > 0)
		set_limit(RLIMIT_NOFILE, (rlim_t)lim->nofile, (rlim_t)lim->nofile);
	if (lim->nproc > 0)
		set_limit(RLIMIT_NPROC, (rlim_t)lim->nproc, (rlim_t)lim->nproc);

	execve(path, (char *const *)cmd->argv, envp);
fail:
	e = errno;
	while (write(report_fd, &e, sizeof(e)) < 0 && errno == EINTR)
		;
	_exit(127);
}

/* Capture from one pipe into b; past the cap, read and discard. */
static int drain_once(int *fd, struct buf *b)
{
	char tmp[65536];
	ssize_t n = read(*fd, tmp, sizeof(tmp));

	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN)
			return 0;
		close_fd(fd);
		return -1;
	}
	if (n == 0) {
		close_fd(fd);
		return 0;
	}
	buf_add(b, tmp, (size_t)n);
	return 1;
}

static int ms_until(double t, double now)
{
	double ms = (t - now) * 1000.0;

	if (ms <= 0)
		return 0;
	if (ms > 1e9)
		return 1000000000;
	return (int)ms + 1;
}

/*
 * Whether the child has exited, without reaping it (the zombie keeps its pid
 * and with it the group id reserved).
 */
static int child_exited(pid_t pid)
{
	siginfo_t si;

	si.si_pid = 0;
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) < 0)
		return errno != EINTR;
	return si.si_pid == pid;
}

enum run_status run_command(const struct run_cmd *cmd, struct run_result *res)
{
	const char *const *env = cmd->env ? cmd->env : default_env;
	size_t cap = cmd->lim.out_cap ? cmd->lim.out_cap : RUN_DEFAULT_CAP;
	int inp[2] = { -1, -1 }, outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	int rep[2] = { -1, -1 };
	int pidfd = -1, status = 0, exited = 0, timed_out = 0, killed = 0;
	int epipe = 0, sigpipe_was_pending = 0, mask_changed = 0;
	const char *in = cmd->in;
	size_t in_off = 0, in_len = cmd->in ? cmd->in_len : 0;
	double start, deadline = 0, kill_at = 0, drain_until = 0;
	sigset_t pipe_set, old_mask;
	char *path = NULL;
	pid_t pid;
	int e, n;

	res->status = RUN_SPAWN_ERROR;
	res->code = 0;
	res->signo = 0;
	res->spawn_errno = 0;
	res->wall_sec = 0;
	buf_reset(&res->out);
	buf_reset(&res->err);
	res->out.max = cap;
	res->err.max = cap;
	start = now_sec();

	if (!cmd->argv || !cmd->argv[0]) {
		res->spawn_errno = EINVAL;
		return res->status;
	}
	if (strchr(cmd->argv[0], '/'))
		path = xstrdup(cmd->argv[0]);
	else if (!(path = run_lookup(cmd->argv[0], env))) {
		res->spawn_errno = errno;
		return res->status;
	}

	if (make_pipe(rep) < 0 || make_pipe(outp) < 0 ||
	    (!cmd->merge_stderr && make_pipe(errp) < 0))
		goto spawn_fail;
	if (in_len) {
		if (make_pipe(inp) < 0)
			goto spawn_fail;
		if (fcntl(inp[1], F_SETFL, O_NONBLOCK) < 0)
			goto spawn_fail;
		/*
		 * A child that exits without reading its input must not kill
		 * us with SIGPIPE: block it for this call and swallow the one
		 * our write raises (unless one was already pending).
		 */
		sigemptyset(&pipe_set);
		sigaddset(&pipe_set, SIGPIPE);
		{
			sigset_t pend;
			sigpending(&pend);
			sigpipe_was_pending = sigismember(&pend, SIGPIPE);
		}
		pthread_sigmask(SIG_BLOCK, &pipe_set, &old_mask);
		mask_changed = 1;
	} else {
		inp[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
		if (inp[0] < 0 || (inp[0] = fd_above_stdio(inp[0])) < 0)
			goto spawn_fail;
	}

	pid = fork();
	if (pid < 0)
		goto spawn_fail;
	if (pid == 0)
		child(cmd, path, (char *const *)env, inp[0],
		      outp[1], cmd->merge_stderr ? outp[1] : errp[1], rep[1]);

	/* Also in the parent, so that the group exists before any kill(). */
	setpgid(pid, pid);
	running_pgid = pid;
	close_fd(&inp[0]);
	close_fd(&outp[1]);
	close_fd(&errp[1]);
	close_fd(&rep[1]);

	/* Blocks until the child execs (EOF) or reports why it could not. */
	do
		n = (int)read(rep[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close_fd(&rep[0]);
	if (n == (int)sizeof(e)) {
		waitpid(pid, &status, 0);
		running_pgid = 0;
		res->spawn_errno = e;
		goto out;
	}

	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (cmd->lim.wall_sec > 0)
		deadline = start + cmd->lim.wall_sec;

	for (;;) {
		struct pollfd pfd[4];
		int nfd = 0, i_in = -1, i_out = -1, i_err = -1, i_pid = -1;
		int timeout = -1;
		double now;

		if (inp[1] >= 0) {
			i_in = nfd;
			pfd[nfd].fd = inp[1];
			pfd[nfd++].events = POLLOUT;
		}
		if (outp[0] >= 0) {
			i_out = nfd;
			pfd[nfd].fd = outp[0];
			pfd[nfd++].events = POLLIN;
		}
		if (errp[0] >= 0) {
			i_err = nfd;
			pfd[nfd].fd = errp[0];
			pfd[nfd++].events = POLLIN;
		}
		if (!exited && pidfd >= 0) {
			i_pid = nfd;
			pfd[nfd].fd = pidfd;
			pfd[nfd++].events = POLLIN;
		}
		if (exited && outp[0] < 0 && errp[0] < 0)
			break;

		now = now_sec();
		if (exited) {
			if (now >= drain_until)
				break;
			timeout = ms_until(drain_until, now);
		} else if (killed) {
			timeout = -1;
		} else if (timed_out) {
			if (now >= kill_at) {
				kill(-pid, SIGKILL);
				killed = 1;
				continue;
			}
			timeout = ms_until(kill_at, now);
		} else if (deadline > 0) {
			if (now >= deadline) {
				kill(-pid, SIGTERM);
				timed_out = 1;
				kill_at = now + RUN_KILL_GRACE_MS / 1000.0;
				continue;
			}
			timeout = ms_until(deadline, now);
		}
		/* Without a pidfd (old kernels), check for exit now and then. */
		if (!exited && pidfd < 0 && (timeout < 0 || timeout > 10))
			timeout = 10;

		if (poll(pfd, (nfds_t)nfd, timeout) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (i_in >= 0 && (pfd[i_in].revents & (POLLOUT | POLLERR | POLLHUP))) {
			ssize_t w = write(inp[1], in + in_off, in_len - in_off);
			if (w > 0)
				in_off += (size_t)w;
			else if (w < 0 && errno != EINTR && errno != EAGAIN) {
				if (errno == EPIPE)
					epipe = 1;
				in_off = in_len;
			}
			if (in_off == in_len)
				close_fd(&inp[1]);
		}
		if (i_out >= 0 && (pfd[i_out].revents & (POLLIN | POLLHUP | POLLERR)))
			drain_once(&outp[0], &res->out);
		if (i_err >= 0 && (pfd[i_err].revents & (POLLIN | POLLHUP | POLLERR)))
			drain_once(&errp[0], &res->err);

		if (!exited && (i_pid >= 0 ? (pfd[i_pid].revents != 0)
				 : (pidfd < 0 && child_exited(pid)))) {
			/*
			 * The leader is a zombie now and still holds its pid,
			 * so the group id cannot have been recycled: kill what
			 * it left behind, then read what is left in the pipes.
			 */
			kill(-pid, SIGKILL);
			exited = 1;
			close_fd(&inp[1]);
			drain_until = now_sec() + RUN_DRAIN_MS / 1000.0;
		}
	}

	if (!exited)
		kill(-pid, SIGKILL);
	running_pgid = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (timed_out) {
		res->status = RUN_TIMEOUT;
	} else if (WIFEXITED(status)) {
		res->code = WEXITSTATUS(status);
		res->status = res->code ? RUN_NONZERO : RUN_OK;
	} else if (WIFSIGNALED(status)) {
		res->signo = WTERMSIG(status);
		res->status = RUN_SIGNALED;
	} else {
		res->status = RUN_NONZERO;
	}
	goto out;

spawn_fail:
	res->spawn_errno = errno;
out:
	close_fd(&pidfd);
	close_fd(&inp[0]);
	close_fd(&inp[1]);
	close_fd(&outp[0]);
	close_fd(&outp[1]);
	close_fd(&errp[0]);
	close_fd(&errp[1]);
	close_fd(&rep[0]);
	close_fd(&rep[1]);
	if (mask_changed) {
		if (epipe && !sigpipe_was_pending) {
			struct timespec zero = { 0, 0 };
			sigtimedwait(&pipe_set, NULL, &zero);
		}
		pthread_sigmask(SIG_SETMASK, &old_mask, NULL);
	}
	free(path);
	res->wall_sec = now_sec() - start;
	return res->status;
}

void run_remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct buf path = BUF_INIT;

	if (d) {
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			buf_reset(&path);
			buf_addf(&path, "%s/%s", dir, e->d_name);
			unlink(path.data);
		}
		closedir(d);
	}
	rmdir(dir);
	buf_release(&path);
}
