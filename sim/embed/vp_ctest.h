/*
 * vp_ctest.h -- the verdict protocol between a C test and veripref.
 *
 * A test translation unit includes this file and holds one block:
 *
 *	#include "vp_ctest.h"
 *	VP_TESTS {
 *		int a[] = { 3, 1, 2 };
 *		VP_CHECK(max3(a, 3) == 3);
 *		VP_CHECK(max3(a, 2) == 3);
 *	}
 *
 * Each VP_CHECK site is one check, numbered in source order (GCC's
 * __COUNTER__; do not use __COUNTER__ elsewhere in the file) and named by its
 * line.  The runner forks a fresh child per check; the child runs the block
 * from the top, evaluates only its own check's expression (every time the site
 * is reached, in a loop) and reports through a private pipe to the parent, which
 * alone prints the result lines, tagged with the job's nonce:
 *
 *	@vp:<nonce>:T <check> pass|fail|crash|timeout <message>
 *	@vp:<nonce>:DONE <checks>
 *
 * A child that exits, crashes or hangs before it reports fails its check
 * only.  The children's stdout and stderr go to /dev/null.  Names starting
 * with vp_/VP_ are reserved for this file.  Compile the TU with
 * -DVP_SUITE=<function name>; the runner links one main (VP_MAIN) with the
 * suites vp_suite_gt (ground truth) and vp_suite_gen (generated checks).
 */
#ifndef VP_CTEST_H
#define VP_CTEST_H

#ifndef VP_SUITE
#define VP_SUITE vp_suite_gt
#endif

void vp_check_(int vp_site, int vp_ok, int vp_line, const char *vp_expr);
extern int vp_sel_;

#define VP_TESTS void VP_SUITE(void)

#define VP_CHECK_AT_(vp_site_, vp_expr_) \
	do { \
		if ((vp_site_) == vp_sel_) \
			vp_check_((vp_site_), !!(vp_expr_), __LINE__, #vp_expr_); \
	} while (0)
#define VP_CHECK(vp_expr_) VP_CHECK_AT_(__COUNTER__, vp_expr_)

#ifdef VP_MAIN
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <sys/syscall.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int vp_sel_ = -1;
static int vp_fd_ = -1;
static int vp_seen_;

void vp_suite_gt(void) __attribute__((weak));
void vp_suite_gen(void) __attribute__((weak));

static void vp_put_(const char *s)
{
	size_t n = strlen(s);

	while (n) {
		ssize_t w = write(vp_fd_, s, n);
		if (w <= 0) {
			if (w < 0 && errno == EINTR)
				continue;
			_exit(3);
		}
		s += w;
		n -= (size_t)w;
	}
}

void vp_check_(int vp_site, int vp_ok, int vp_line, const char *vp_expr)
{
	char m[400];

	(void)vp_site;
	vp_seen_++;
	if (vp_ok)
		return;
	snprintf(m, sizeof(m), "fail line %d: %.300s", vp_line, vp_expr);
	vp_put_(m);
	_exit(0);
}

/*
 * Forbid creating processes (threads stay allowed) and opening files for
 * writing: RLIMIT_NPROC does not hold root, so this is what stops a fork
 * bomb; system() and fopen(..., "w") fail.  The same
 * filter as the Python runner's _no_fork(), x86_64 and aarch64 only.
 */
static void vp_no_fork_(void)
{
#if defined(__x86_64__)
	const unsigned arch = 0xc000003eu, nfork = 57, nvfork = 58, nclone = 56,
		nopen = 2, ncreat = 85, nopenat = 257;
#elif defined(__aarch64__)
	const unsigned arch = 0xc00000b7u, nfork = 0xffffffffu, nvfork = 0xffffffffu,
		nclone = 220, nopen = 0xffffffffu, ncreat = 0xffffffffu, nopenat = 56;
#else
	return;
#endif
#if defined(__x86_64__) || defined(__aarch64__)
	const unsigned wr = 0x243;   /* O_WRONLY | O_RDWR | O_CREAT | O_TRUNC */
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 4),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, arch, 0, 15),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nfork, 14, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nvfork, 13, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 435, 13, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 437, 12, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, ncreat, 10, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nopen, 4, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nopenat, 5, 0),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nclone, 0, 6),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 16),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x10000, 4, 5),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 24),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, wr, 3, 2),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, 32),
		BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, wr, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
	};
	struct sock_fprog prog = { (unsigned short)(sizeof(f) / sizeof(f[0])), f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0)
		prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0);
#endif
}

static double vp_now_(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Run check `site` of `suite` in a fresh child; the verdict in out. */
static void vp_run_one_(void (*suite)(void), int site, double timeout, int null_fd,
			char *out, size_t outsz)
{
	int p[2];
	pid_t pid;
	size_t got = 0;
	double deadline;
	int status, timed_out = 0;

	if (pipe(p) < 0) {
		snprintf(out, outsz, "crash cannot create a pipe");
		return;
	}
	pid = fork();
	if (pid < 0) {
		close(p[0]);
		close(p[1]);
		snprintf(out, outsz, "crash cannot fork");
		return;
	}
	if (pid == 0) {
		/* Own process group, so whatever the check forks dies with it. */
		setpgid(0, 0);
		close(p[0]);
		dup2(null_fd, 0);
		dup2(null_fd, 1);
		dup2(null_fd, 2);
		vp_fd_ = p[1];
		vp_sel_ = site;
		vp_no_fork_();
		suite();
		if (vp_seen_)
			vp_put_("pass");
		else
			vp_put_("fail the check was never reached");
		_exit(0);
	}
	close(p[1]);
	deadline = vp_now_() + timeout;
	for (;;) {
		struct pollfd pf = { p[0], POLLIN, 0 };
		double left = deadline - vp_now_();
		ssize_t r;

		if (left <= 0) {
			timed_out = 1;
			break;
		}
		if (poll(&pf, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		r = read(p[0], out + got, outsz - 1 - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
		if (got >= outsz - 1)
			break;
	}
	out[got] = 0;
	close(p[0]);
	/* The child is candidate code: one line, no control characters. */
	for (size_t k = 0; k < got; k++)
		if ((unsigned char)out[k] < 0x20 || out[k] == 0x7f)
			out[k] = ' ';
	setpgid(pid, pid);   /* (in case the child has not run yet) */
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
	status = 0;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!strncmp(out, "pass", 4) || !strncmp(out, "fail", 4))
		return;
	if (timed_out)
		snprintf(out, outsz, "timeout timed out after %g s", timeout);
	else if (WIFSIGNALED(status) && WTERMSIG(status) != SIGKILL)
		snprintf(out, outsz, "crash killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else if (WIFEXITED(status) && WEXITSTATUS(status))
		snprintf(out, outsz, "crash the check exited with status %d before it reported",
			 WEXITSTATUS(status));
	else
		snprintf(out, outsz, "crash the check exited before it reported");
}

/* argv: nonce n_gt n_gen timeout */
int main(int argc, char **argv)
{
	char line[600];
	int n_gt, n_gen, i, null_fd;
	double timeout;

	if (argc != 5)
		return 2;
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	n_gt = atoi(argv[2]);
	n_gen = atoi(argv[3]);
	timeout = atof(argv[4]);
	null_fd = open("/dev/null", O_RDWR);
	for (i = 0; i < n_gt + n_gen; i++) {
		char out[420];
		int n;

		if (i < n_gt && vp_suite_gt)
			vp_run_one_(vp_suite_gt, i, timeout, null_fd, out, sizeof(out));
		else if (i >= n_gt && vp_suite_gen)
			vp_run_one_(vp_suite_gen, i - n_gt, timeout, null_fd, out, sizeof(out));
		else
			snprintf(out, sizeof(out), "crash no such suite");
		n = snprintf(line, sizeof(line), "@vp:%s:T %d %s\n", argv[1], i, out);
		if (n > 0) {
			vp_fd_ = 1;
			vp_put_(line);
		}
	}
	snprintf(line, sizeof(line), "@vp:%s:DONE %d\n", argv[1], n_gt + n_gen);
	vp_fd_ = 1;
	vp_put_(line);
	return 0;
}
#endif

#endif
