#define _GNU_SOURCE
#include "sim/pool.h"
#include "sim/sandbox.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * A hang fails the test (SIGALRM) instead of stalling the suite.  Not
 * Criterion's .timeout: with --jobs=2 its runner leaks memory that
 * LeakSanitizer reports under `make check`.
 */
#define HANG_GUARD(sec) alarm(sec)

/* tests/run.sh exports VERIPREF; by hand: VERIPREF=$PWD/veripref build/tests/test_pool */
static const char *worker_exe(void)
{
	const char *v = getenv("VERIPREF");
	return v ? v : "./veripref";
}

static struct pool *start(int workers, enum sandbox_mode mode)
{
	struct pool_opts o = { 0 };
	struct buf err = BUF_INIT;
	struct pool *p;

	o.workers = workers;
	o.worker_exe = worker_exe();
	o.sandbox = mode;
	p = pool_new(&o, &err);
	cr_assert_not_null(p, "pool_new: %s", err.data);
	buf_release(&err);
	return p;
}

static void skip_without_bwrap(void)
{
	if (!sandbox_bwrap_usable())
		cr_skip_test("bubblewrap is not usable here");
}

static void add_sh(struct pool_job *job, const char *script, double wall)
{
	const char *argv[] = { "sh", "-c", script, NULL };
	struct run_limits lim = { 0 };

	lim.wall_sec = wall;
	pool_job_add_step(job, argv, &lim, 0);
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void fifty_jobs(enum sandbox_mode mode)
{
	struct pool *p = start(2, mode);
	int seen[50] = { 0 }, i, n = 0;
	struct pool_job *job;

	for (i = 0; i < 50; i++) {
		const char *argv[] = { "sh", "-c", "echo $0", NULL, NULL };
		char name[16];

		snprintf(name, sizeof(name), "job%d", i);
		argv[3] = name;
		job = pool_job_new(p);
		job->data = (void *)(long)i;
		pool_job_add_step(job, argv, NULL, 0);
		pool_submit(p, job);
	}
	while ((job = pool_next(p))) {
		char want[16];
		long i2 = (long)job->data;

		cr_assert_eq(job->infra_error, 0, "%s", job->infra_msg.data);
		cr_assert_eq(job->steps_run, 1);
		cr_assert_eq(job->res[0].status, RUN_OK);
		snprintf(want, sizeof(want), "job%ld\n", i2);
		cr_assert_str_eq(job->res[0].out.data, want);
		seen[i2]++;
		n++;
		pool_job_free(job);
	}
	cr_assert_eq(n, 50);
	for (i = 0; i < 50; i++)
		cr_assert_eq(seen[i], 1);
	cr_assert_null(pool_next(p));
	pool_free(p);
}

Test(pool, fifty_jobs_on_two_workers_without_sandbox)
{
	HANG_GUARD(60);
	fifty_jobs(SANDBOX_NONE);
}

Test(pool, fifty_jobs_on_two_workers_in_bwrap)
{
	HANG_GUARD(60);
	skip_without_bwrap();
	fifty_jobs(SANDBOX_BWRAP);
}

Test(pool, next_on_an_idle_pool_is_null)
{
	HANG_GUARD(30);
	struct pool *p = start(1, SANDBOX_NONE);

	cr_assert_null(pool_next(p));
	pool_free(p);
	pool_free(NULL);
	pool_job_free(NULL);
}

Test(pool, failing_step_stops_the_job)
{
	HANG_GUARD(30);
	struct pool *p = start(1, SANDBOX_NONE);
	struct pool_job *job = pool_job_new(p);
	char ran[4200];

	add_sh(job, "echo first; exit 3", 10);
	add_sh(job, "touch ran", 10);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->infra_error, 0);
	cr_assert_eq(job->steps_run, 1);
	cr_assert_eq(job->res[0].status, RUN_NONZERO);
	cr_assert_eq(job->res[0].code, 3);
	cr_assert_str_eq(job->res[0].out.data, "first\n");
	snprintf(ran, sizeof(ran), "%s/ran", job->dir);
	cr_assert_eq(exists(ran), 0);
	pool_job_free(job);
	pool_free(p);
}

Test(pool, steps_run_in_order_in_the_job_directory)
{
	HANG_GUARD(30);
	struct pool *p = start(1, SANDBOX_NONE);
	struct pool_job *job = pool_job_new(p);
	struct buf want = BUF_INIT;

	add_sh(job, "echo one > f", 10);
	add_sh(job, "cat f; pwd; echo $HOME $TMPDIR", 10);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->steps_run, 2);
	cr_assert_eq(job->res[0].status, RUN_OK);
	cr_assert_eq(job->res[1].status, RUN_OK);
	buf_addf(&want, "one\n%s\n%s %s\n", job->dir, job->dir, job->dir);
	cr_assert_str_eq(job->res[1].out.data, want.data);
	buf_release(&want);
	pool_job_free(job);
	pool_free(p);
}

Test(pool, job_directories_are_fresh_and_removed)
{
	HANG_GUARD(30);
	struct pool *p = start(1, SANDBOX_NONE);
	struct pool_job *a = pool_job_new(p), *b = pool_job_new(p);
	const char *root = pool_scratch_root(p);
	char path[4200];
	struct stat st;
	DIR *d;
	struct dirent *de;
	int entries = 0;

	cr_assert_str_neq(a->dir, b->dir);
	cr_assert_eq(strncmp(a->dir, root, strlen(root)), 0);
	cr_assert_eq(a->dir[strlen(root)], '/');
	cr_assert_eq(stat(a->dir, &st), 0);
	cr_assert(S_ISDIR(st.st_mode));
	cr_assert_eq(st.st_mode & 07777, 0700);
	d = opendir(a->dir);
	while ((de = readdir(d)))
		entries++;
	closedir(d);
	cr_assert_eq(entries, 2);   /* . and .. */

	add_sh(a, "echo x > f; mkdir -p s/t/u; echo y > s/t/u/g; chmod 000 s/t", 10);
	pool_submit(p, a);
	cr_assert_eq(pool_next(p), a);
	cr_assert_eq(a->res[0].status, RUN_OK);
	snprintf(path, sizeof(path), "%s/f", a->dir);
	cr_assert(exists(path));
	snprintf(path, sizeof(path), "%s", a->dir);
	pool_job_free(a);
	cr_assert_eq(exists(path), 0);
	snprintf(path, sizeof(path), "%s", b->dir);
	pool_job_free(b);
	cr_assert_eq(exists(path), 0);
	pool_free(p);
}

static void hostile_symlinks(enum sandbox_mode mode)
{
	struct pool *p = start(1, mode);
	struct pool_job *job = pool_job_new(p);
	char canary[] = "/tmp/vp-canary-XXXXXX";
	char keep[64], sub[64], subkeep[80], dir[4200];
	struct buf script = BUF_INIT;

	cr_assert_not_null(mkdtemp(canary));
	snprintf(keep, sizeof(keep), "%s/keep", canary);
	snprintf(sub, sizeof(sub), "%s/sub", canary);
	snprintf(subkeep, sizeof(subkeep), "%s/sub/keep2", canary);
	cr_assert_eq(buf_write_file(keep, "k", 1), 0);
	cr_assert_eq(mkdir(sub, 0755), 0);
	cr_assert_eq(buf_write_file(subkeep, "k", 1), 0);

	/* Links to the canary (outside the sandbox's view, but the host would
	   follow them), to /etc, at the top and 100 directories deep. */
	buf_addf(&script,
		 "ln -s %s c; ln -s %s ck; ln -s /etc etc; ln -s / root;"
		 "mkdir d; ln -s %s d/c; "
		 "i=0; while [ $i -lt 100 ]; do mkdir n; cd n; i=$((i+1)); done;"
		 "ln -s %s deep; ln -s /etc deepetc; echo z > zz",
		 canary, keep, sub, sub);
	add_sh(job, script.data, 20);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->res[0].status, RUN_OK, "%s", job->res[0].err.data);
	snprintf(dir, sizeof(dir), "%s", job->dir);
	pool_job_free(job);

	cr_assert_eq(exists(dir), 0);
	cr_assert(exists(keep));
	cr_assert(exists(subkeep));
	cr_assert(exists("/etc/passwd"));
	unlink(subkeep);
	rmdir(sub);
	unlink(keep);
	rmdir(canary);
	buf_release(&script);
	pool_free(p);
}

Test(pool, removing_a_hostile_job_follows_no_symlink)
{
	HANG_GUARD(60);
	hostile_symlinks(SANDBOX_NONE);
}

Test(pool, removing_a_hostile_bwrap_job_follows_no_symlink)
{
	HANG_GUARD(60);
	skip_without_bwrap();
	hostile_symlinks(SANDBOX_BWRAP);
}

static void worker_death(enum sandbox_mode mode)
{
	struct pool *p = start(1, mode);
	struct pool_job *job = pool_job_new(p);
	int i;

	add_sh(job, "kill -9 $PPID; sleep 5", 10);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->infra_error, 1);
	cr_assert_neq(job->infra_msg.len, 0);
	if (mode == SANDBOX_NONE)
		cr_assert_not_null(strstr(job->infra_msg.data, "killed by signal 9"),
				   "%s", job->infra_msg.data);
	pool_job_free(job);

	/* The replacement worker runs later jobs. */
	for (i = 0; i < 3; i++) {
		job = pool_job_new(p);
		add_sh(job, "echo alive", 10);
		pool_submit(p, job);
	}
	for (i = 0; i < 3; i++) {
		job = pool_next(p);
		cr_assert_not_null(job);
		cr_assert_eq(job->infra_error, 0, "%s", job->infra_msg.data);
		cr_assert_str_eq(job->res[0].out.data, "alive\n");
		pool_job_free(job);
	}
	cr_assert_null(pool_next(p));
	pool_free(p);
}

Test(pool, job_that_kills_its_worker_is_an_infra_error)
{
	HANG_GUARD(60);
	worker_death(SANDBOX_NONE);
}

Test(pool, job_that_kills_its_bwrap_worker_is_an_infra_error)
{
	HANG_GUARD(60);
	skip_without_bwrap();
	worker_death(SANDBOX_BWRAP);
}

Test(pool, step_timeout_is_reported_and_the_pool_goes_on)
{
	HANG_GUARD(60);
	struct pool *p = start(1, SANDBOX_NONE);
	struct pool_job *job = pool_job_new(p);

	add_sh(job, "sleep 100", 0.3);
	add_sh(job, "echo never", 10);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->infra_error, 0);
	cr_assert_eq(job->steps_run, 1);
	cr_assert_eq(job->res[0].status, RUN_TIMEOUT);
	pool_job_free(job);

	job = pool_job_new(p);
	add_sh(job, "echo next", 10);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_str_eq(job->res[0].out.data, "next\n");
	pool_job_free(job);
	pool_free(p);
}

Test(pool, large_output_crosses_the_pipe_capped)
{
	HANG_GUARD(60);
	struct pool *p = start(1, SANDBOX_NONE);
	struct pool_job *job = pool_job_new(p);
	const char *argv[] = { "sh", "-c", "head -c 300000 /dev/zero; head -c 5000 /dev/zero >&2", NULL };
	struct run_limits lim = { 0 };
	size_t i;

	lim.wall_sec = 20;
	lim.out_cap = 200000;
	pool_job_add_step(job, argv, &lim, 0);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->res[0].status, RUN_OK);
	cr_assert_eq(job->res[0].out.len, 200000);
	cr_assert_eq(job->res[0].out.truncated, 1);
	cr_assert_eq(job->res[0].err.len, 5000);
	cr_assert_eq(job->res[0].err.truncated, 0);
	for (i = 0; i < 200000; i++)
		cr_assert_eq(job->res[0].out.data[i], 0);
	pool_job_free(job);
	pool_free(p);
}

static void limits_and_spawn_errors(enum sandbox_mode mode)
{
	struct pool *p = start(1, mode);
	struct pool_job *job = pool_job_new(p);
	const char *missing[] = { "no-such-program-vp", NULL };
	const char *lim_argv[] = { "sh", "-c", "ulimit -t; ulimit -f", NULL };
	struct run_limits lim = { 0 };

	lim.cpu_sec = 9;
	lim.fsize_bytes = 1 << 20;
	pool_job_add_step(job, lim_argv, &lim, 1);
	pool_job_add_step(job, missing, NULL, 0);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->steps_run, 2);
	/* dash reports -f in 512-byte blocks. */
	cr_assert_str_eq(job->res[0].out.data, "9\n2048\n");
	cr_assert_eq(job->res[1].status, RUN_SPAWN_ERROR);
	cr_assert_eq(job->res[1].spawn_errno, ENOENT);
	pool_job_free(job);

	/* The deadline applies inside the worker (and its sandbox) too. */
	job = pool_job_new(p);
	add_sh(job, "sleep 100", 0.3);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->infra_error, 0);
	cr_assert_eq(job->res[0].status, RUN_TIMEOUT);
	pool_job_free(job);
	pool_free(p);
}

Test(pool, spawn_errors_and_limits_reach_the_caller)
{
	HANG_GUARD(30);
	limits_and_spawn_errors(SANDBOX_NONE);
}

Test(pool, spawn_errors_and_limits_reach_the_caller_in_bwrap)
{
	HANG_GUARD(30);
	skip_without_bwrap();
	limits_and_spawn_errors(SANDBOX_BWRAP);
}

Test(pool, job_may_outlive_its_pool)
{
	HANG_GUARD(30);
	struct pool *p = start(1, SANDBOX_NONE);
	struct pool_job *job = pool_job_new(p);
	char root[4200];

	snprintf(root, sizeof(root), "%s", pool_scratch_root(p));
	cr_assert(exists(root));
	pool_free(p);
	cr_assert_eq(exists(root), 0);
	pool_job_free(job);
}

Test(pool, bad_worker_programs_are_reported)
{
	HANG_GUARD(30);
	struct pool_opts o = { 0 };
	struct buf err = BUF_INIT;

	o.workers = 1;
	o.sandbox = SANDBOX_NONE;
	o.worker_exe = "/nonexistent/veripref";
	cr_assert_null(pool_new(&o, &err));
	cr_assert_str_eq(err.data, "cannot use '/nonexistent/veripref' as the worker "
			 "program: No such file or directory");
	/* A program that does not speak the protocol. */
	o.worker_exe = "/bin/true";
	cr_assert_null(pool_new(&o, &err));
	cr_assert_not_null(strstr(err.data, "exited with status 0"), "%s", err.data);
	o.worker_exe = worker_exe();
	o.workers = 0;
	cr_assert_null(pool_new(&o, &err));
	cr_assert_str_eq(err.data, "the number of workers must be between 1 and 1024, not 0");
	buf_release(&err);
}

Test(pool, missing_bind_path_is_reported)
{
	HANG_GUARD(30);
	struct pool_opts o = { 0 };
	struct buf err = BUF_INIT;
	const char *ro[] = { "/nonexistent-vp-bind", NULL };

	skip_without_bwrap();
	o.workers = 1;
	o.sandbox = SANDBOX_BWRAP;
	o.worker_exe = worker_exe();
	o.ro_binds = ro;
	cr_assert_null(pool_new(&o, &err));
	cr_assert_str_eq(err.data, "cannot make '/nonexistent-vp-bind' visible in the "
			 "sandbox: No such file or directory");
	buf_release(&err);
}

/* Live (not zombie) process with this pid. */
static int alive(pid_t pid)
{
	char path[64], line[512], *rp, state;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (!(f = fopen(path, "r")))
		return 0;
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	rp = strrchr(line, ')');
	return rp && sscanf(rp + 1, " %c", &state) == 1 && state != 'Z' && state != 'X';
}

Test(pool, pool_free_kills_a_running_job)
{
	HANG_GUARD(60);
	struct pool *p = start(1, SANDBOX_NONE);
	struct pool_job *job = pool_job_new(p);
	char dir[] = "/tmp/vp-test-pool-XXXXXX";
	char pidfile[64], script[300];
	struct buf b = BUF_INIT;
	int pid = 0, i;

	cr_assert_not_null(mkdtemp(dir));
	snprintf(pidfile, sizeof(pidfile), "%s/pid", dir);
	snprintf(script, sizeof(script), "sleep 100 & echo $! > %s.tmp; mv %s.tmp %s; wait",
		 pidfile, pidfile, pidfile);
	add_sh(job, script, 0);
	pool_submit(p, job);
	for (i = 0; i < 1000 && buf_read_file(&b, pidfile) < 0; i++)
		usleep(5000);
	cr_assert_eq(sscanf(b.data, "%d", &pid), 1);
	cr_assert(alive(pid));
	pool_free(p);        /* frees the job too */
	for (i = 0; i < 500 && alive(pid); i++)
		usleep(10000);
	cr_assert_eq(alive(pid), 0);
	unlink(pidfile);
	rmdir(dir);
	buf_release(&b);
}

/* A TCP listener on 127.0.0.1; returns its port. */
static int listen_loopback(int *fd)
{
	struct sockaddr_in a;
	socklen_t len = sizeof(a);

	*fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	cr_assert_geq(*fd, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(*fd, (struct sockaddr *)&a, sizeof(a)), 0);
	cr_assert_eq(listen(*fd, 8), 0);
	cr_assert_eq(getsockname(*fd, (struct sockaddr *)&a, &len), 0);
	return ntohs(a.sin_port);
}

static void no_network(enum sandbox_mode mode)
{
	struct pool *p = start(1, mode);
	struct pool_job *job = pool_job_new(p);
	char connect_ok[300];
	int lfd, port = listen_loopback(&lfd);

	/* Positive control: the same connection works from here. */
	snprintf(connect_ok, sizeof(connect_ok),
		 "python3 -c \"import socket; socket.create_connection(('127.0.0.1', %d), 2)\"",
		 port);
	{
		struct run_cmd cmd = { 0 };
		struct run_result r = RUN_RESULT_INIT;
		const char *argv[] = { "sh", "-c", connect_ok, NULL };
		cmd.argv = argv;
		cmd.lim.wall_sec = 20;
		cr_assert_eq(run_command(&cmd, &r), RUN_OK, "%s", r.err.data);
		run_result_release(&r);
	}
	add_sh(job, "grep -c : /proc/net/dev; grep -o '^ *[a-z0-9]*:' /proc/net/dev", 20);
	add_sh(job, connect_ok, 20);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->res[0].status, RUN_OK);
	cr_assert_str_eq(job->res[0].out.data, "1\n    lo:\n");
	cr_assert_eq(job->steps_run, 2);
	cr_assert_eq(job->res[1].status, RUN_NONZERO);
	/* "Connection refused" (bwrap brings up its own lo) or "Network is
	   unreachable" (lo down): either way, nothing reached our listener
	   apart from the control connection. */
	cr_assert_not_null(strstr(job->res[1].err.data, "Error"), "%s", job->res[1].err.data);
	{
		int c1 = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
		int c2 = accept4(lfd, NULL, NULL, SOCK_NONBLOCK);
		cr_assert_geq(c1, 0);
		cr_assert_eq(c2, -1);
		cr_assert(errno == EAGAIN || errno == EWOULDBLOCK);
		close(c1);
	}
	pool_job_free(job);
	close(lfd);
	pool_free(p);
}

Test(pool, bwrap_jobs_have_no_network)
{
	HANG_GUARD(60);
	skip_without_bwrap();
	no_network(SANDBOX_BWRAP);
}

Test(pool, fallback_jobs_have_no_network_when_root)
{
	HANG_GUARD(60);
	if (geteuid() != 0)
		cr_skip_test("leaving the network namespace needs root here");
	no_network(SANDBOX_NONE);
}

Test(pool, bwrap_confines_writes_and_hides_host_tmp)
{
	HANG_GUARD(60);
	struct pool *p;
	struct pool_job *job;
	char visible[] = "/tmp/vp-visible-XXXXXX";
	const char *home = getenv("HOME");
	char home_probe[4200], script[4300], f[4300];

	skip_without_bwrap();
	cr_assert_str_eq(sandbox_describe(SANDBOX_AUTO), "bwrap");
	cr_assert_str_eq(sandbox_describe(SANDBOX_NONE), "rlimits");
	cr_assert_not_null(mkdtemp(visible));
	if (!home || !*home)
		home = "/root";
	snprintf(home_probe, sizeof(home_probe), "%s/vp-sandbox-probe", home);
	{
		struct pool_opts o = { 0 };
		struct buf err = BUF_INIT;

		o.workers = 1;
		o.worker_exe = worker_exe();
		o.sandbox = SANDBOX_BWRAP;
		o.tmp_dir = "/tmp";    /* the scratch root shows through /tmp */
		p = pool_new(&o, &err);
		cr_assert_not_null(p, "%s", err.data);
		buf_release(&err);
	}
	job = pool_job_new(p);
	add_sh(job, "touch /etc/vp-sandbox-probe", 10);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->res[0].status, RUN_NONZERO);
	cr_assert_not_null(strstr(job->res[0].err.data, "Read-only file system"),
			   "%s", job->res[0].err.data);
	cr_assert_eq(exists("/etc/vp-sandbox-probe"), 0);
	pool_job_free(job);

	job = pool_job_new(p);
	snprintf(script, sizeof(script), "touch %s", home_probe);
	add_sh(job, script, 10);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->res[0].status, RUN_NONZERO);
	cr_assert_eq(exists(home_probe), 0);
	pool_job_free(job);

	/* The host's /tmp is private; only the scratch root shows through. */
	job = pool_job_new(p);
	snprintf(script, sizeof(script), "test -e %s", visible);
	add_sh(job, script, 10);
	add_sh(job, "echo written > f", 10);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->steps_run, 1);
	cr_assert_eq(job->res[0].status, RUN_NONZERO);
	cr_assert_eq(job->res[0].code, 1);
	pool_job_free(job);

	job = pool_job_new(p);
	add_sh(job, "echo written > f; ls /tmp | wc -l", 10);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->res[0].status, RUN_OK, "%s", job->res[0].err.data);
	/* Only the mount point of the scratch root (or its parent) is there. */
	cr_assert_str_eq(job->res[0].out.data, "1\n");
	snprintf(f, sizeof(f), "%s/f", job->dir);
	{
		struct buf b = BUF_INIT;
		cr_assert_eq(buf_read_file(&b, f), 0);
		cr_assert_str_eq(b.data, "written\n");
		buf_release(&b);
	}
	pool_job_free(job);
	pool_free(p);
	rmdir(visible);
}

Test(pool, bwrap_daemon_left_by_a_job_is_gone_before_the_next_job)
{
	struct pool *p;
	struct pool_job *a, *b;
	char path[4200], script[200];
	struct buf pid = BUF_INIT;

	HANG_GUARD(60);
	skip_without_bwrap();
	p = start(1, SANDBOX_BWRAP);
	a = pool_job_new(p);
	/* setsid: out of the job's process group, so only the sweep gets it.
	   The pid file appears only once the daemon has its own session. */
	add_sh(a, "setsid sh -c 'echo $$ > daemon.pid; exec sleep 100' >/dev/null 2>&1 &"
		  " while [ ! -s daemon.pid ]; do sleep 0.01; done", 10);
	pool_submit(p, a);
	cr_assert_eq(pool_next(p), a);
	cr_assert_eq(a->res[0].status, RUN_OK);
	snprintf(path, sizeof(path), "%s/daemon.pid", a->dir);
	cr_assert_eq(buf_read_file(&pid, path), 0);
	buf_rtrim(&pid);
	cr_assert_neq(pid.len, 0);

	b = pool_job_new(p);
	snprintf(script, sizeof(script), "test -e /proc/%s", pid.data);
	add_sh(b, "test -e /proc/1", 10);   /* the probe itself works */
	add_sh(b, script, 10);
	pool_submit(p, b);
	cr_assert_eq(pool_next(p), b);
	cr_assert_eq(b->steps_run, 2);
	cr_assert_eq(b->res[0].status, RUN_OK);
	cr_assert_eq(b->res[1].status, RUN_NONZERO);
	cr_assert_eq(b->res[1].code, 1);
	pool_job_free(a);
	pool_job_free(b);
	buf_release(&pid);
	pool_free(p);
}

Test(pool, scratch_root_goes_where_it_is_told)
{
	struct pool_opts o = { 0 };
	struct buf err = BUF_INIT;
	char parent[] = "/tmp/vp-test-parent-XXXXXX";
	struct pool *p;
	const char *root;

	HANG_GUARD(30);
	cr_assert_not_null(mkdtemp(parent));
	o.workers = 1;
	o.worker_exe = worker_exe();
	o.sandbox = SANDBOX_NONE;
	o.tmp_dir = parent;
	p = pool_new(&o, &err);
	cr_assert_not_null(p, "%s", err.data);
	root = pool_scratch_root(p);
	cr_assert_eq(strncmp(root, parent, strlen(parent)), 0);
	cr_assert_eq(strncmp(root + strlen(parent), "/veripref-", 10), 0);
	cr_assert_eq(strlen(root), strlen(parent) + strlen("/veripref-XXXXXX"));
	pool_free(p);
	cr_assert_eq(rmdir(parent), 0);   /* empty again: the root is gone */

	o.tmp_dir = NULL;
	p = pool_new(&o, &err);
	cr_assert_not_null(p, "%s", err.data);
	root = pool_scratch_root(p);
	cr_assert(!strncmp(root, "/dev/shm/veripref-", 18) || !strncmp(root, "/tmp/veripref-", 14),
		  "%s", root);
	pool_free(p);
	buf_release(&err);
}

Test(pool, caller_mistakes_come_back_as_infra_errors)
{
	struct pool *p;
	struct pool_job *job;
	const char *empty[] = { NULL };
	int i;

	HANG_GUARD(30);
	p = start(1, SANDBOX_NONE);
	job = pool_job_new(p);
	pool_job_add_step(job, empty, NULL, 0);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->infra_error, 1);
	cr_assert_str_eq(job->infra_msg.data, "step 1 of a job has no command");
	cr_assert_eq(job->steps_run, 0);
	pool_job_free(job);

	job = pool_job_new(p);
	for (i = 0; i < POOL_MAX_STEPS + 1; i++)
		add_sh(job, "true", 10);
	cr_assert_eq(job->nsteps, POOL_MAX_STEPS);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->infra_error, 1);
	cr_assert_str_eq(job->infra_msg.data, "a job has at most 8 steps");
	pool_job_free(job);

	/* A job without steps is done at once, successfully. */
	job = pool_job_new(p);
	pool_submit(p, job);
	cr_assert_eq(pool_next(p), job);
	cr_assert_eq(job->infra_error, 0);
	cr_assert_eq(job->steps_run, 0);
	pool_job_free(job);
	cr_assert_null(pool_next(p));
	pool_free(p);
}

/* Make parent/name a directory with a file inside, last modified age s ago. */
static void fake_root(const char *parent, const char *name, int age)
{
	char path[300], file[340];
	struct timespec ts[2];

	snprintf(path, sizeof(path), "%s/%s", parent, name);
	cr_assert_eq(mkdir(path, 0700), 0);
	snprintf(file, sizeof(file), "%s/j0", path);
	cr_assert_eq(mkdir(file, 0700), 0);
	snprintf(file, sizeof(file), "%s/j0/out", path);
	cr_assert_eq(buf_write_file(file, "x", 1), 0);
	clock_gettime(CLOCK_REALTIME, &ts[0]);
	ts[0].tv_sec -= age;
	ts[1] = ts[0];
	cr_assert_eq(utimensat(AT_FDCWD, path, ts, 0), 0);
}

Test(pool, scratch_roots_of_dead_pools_are_swept)
{
	struct pool_opts o = { 0 };
	struct buf err = BUF_INIT;
	char parent[] = "/tmp/vp-test-sweep-XXXXXX";
	char path[300];
	struct pool *p;
	int lockfd;

	HANG_GUARD(30);
	cr_assert_not_null(mkdtemp(parent));
	fake_root(parent, "veripref-dead01", 3600);   /* stale: removed */
	fake_root(parent, "veripref-fresh1", 0);      /* too young: kept */
	fake_root(parent, "veripref-alive1", 3600);   /* locked: kept */
	fake_root(parent, "veripref-other", 3600);    /* not our name: kept */
	snprintf(path, sizeof(path), "%s/veripref-alive1", parent);
	lockfd = open(path, O_RDONLY | O_DIRECTORY);
	cr_assert_geq(lockfd, 0);
	cr_assert_eq(flock(lockfd, LOCK_EX), 0);

	o.workers = 1;
	o.worker_exe = worker_exe();
	o.sandbox = SANDBOX_NONE;
	o.tmp_dir = parent;
	p = pool_new(&o, &err);
	cr_assert_not_null(p, "%s", err.data);
	snprintf(path, sizeof(path), "%s/veripref-dead01", parent);
	cr_assert_eq(exists(path), 0);
	snprintf(path, sizeof(path), "%s/veripref-fresh1/j0/out", parent);
	cr_assert(exists(path));
	snprintf(path, sizeof(path), "%s/veripref-alive1/j0/out", parent);
	cr_assert(exists(path));
	snprintf(path, sizeof(path), "%s/veripref-other/j0/out", parent);
	cr_assert(exists(path));
	/* A second pool must not take the first one's root (it holds the lock). */
	{
		struct pool *q;
		char root[300];
		struct timespec ts[2];

		snprintf(root, sizeof(root), "%s", pool_scratch_root(p));
		clock_gettime(CLOCK_REALTIME, &ts[0]);
		ts[0].tv_sec -= 3600;
		ts[1] = ts[0];
		cr_assert_eq(utimensat(AT_FDCWD, root, ts, 0), 0);
		q = pool_new(&o, &err);
		cr_assert_not_null(q, "%s", err.data);
		cr_assert(exists(root));
		pool_free(q);
	}
	pool_free(p);
	close(lockfd);
	buf_release(&err);
	{
		const char *left[] = { "veripref-fresh1", "veripref-alive1", "veripref-other" };
		int i;
		for (i = 0; i < 3; i++) {
			snprintf(path, sizeof(path), "%s/%s/j0/out", parent, left[i]);
			unlink(path);
			snprintf(path, sizeof(path), "%s/%s/j0", parent, left[i]);
			rmdir(path);
			snprintf(path, sizeof(path), "%s/%s", parent, left[i]);
			rmdir(path);
		}
	}
	cr_assert_eq(rmdir(parent), 0);
}
