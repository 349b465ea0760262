#define _GNU_SOURCE
#include "sim/run.h"

#include <criterion/criterion.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/*
 * A hang fails the test (SIGALRM) instead of stalling the suite.  Not
 * Criterion's .timeout: with --jobs=2 its runner leaks memory that
 * LeakSanitizer reports under `make check`.
 */
#define HANG_GUARD(sec) alarm(sec)

/* Run argv with limits lim (NULL: none) and optional stdin. */
static enum run_status run(struct run_result *res, const char *const *argv,
			   const struct run_limits *lim, const char *in)
{
	struct run_cmd cmd = { 0 };

	cmd.argv = argv;
	if (lim)
		cmd.lim = *lim;
	cmd.in = in;
	cmd.in_len = in ? strlen(in) : 0;
	return run_command(&cmd, res);
}

/* Live (not zombie) processes whose process group is pgid. */
static int live_in_group(pid_t pgid)
{
	DIR *d = opendir("/proc");
	struct dirent *de;
	int n = 0;

	cr_assert_not_null(d);
	while ((de = readdir(d))) {
		char path[300], line[1024], *rp;
		FILE *f;
		char state;
		int ppid, pgrp;

		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", de->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		if (!fgets(line, sizeof(line), f)) {
			fclose(f);
			continue;
		}
		fclose(f);
		/* "pid (comm) S ppid pgrp ..."; comm may contain spaces. */
		if (!(rp = strrchr(line, ')')))
			continue;
		if (sscanf(rp + 1, " %c %d %d", &state, &ppid, &pgrp) != 3)
			continue;
		if (pgrp == pgid && state != 'Z' && state != 'X')
			n++;
	}
	closedir(d);
	return n;
}

/*
 * SIGKILL is delivered asynchronously; give the killed processes up to 5 s
 * to disappear.  A survivor (sleep 100) would still be there.
 */
static int group_gone(pid_t pgid)
{
	int i;

	for (i = 0; i < 500; i++) {
		if (!live_in_group(pgid))
			return 1;
		usleep(10000);
	}
	return 0;
}

Test(run, true_is_ok_with_code_0)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "true", NULL };

	cr_assert_eq(run(&res, argv, NULL, NULL), RUN_OK);
	cr_assert_eq(res.status, RUN_OK);
	cr_assert_eq(res.code, 0);
	cr_assert_eq(res.out.len, 0);
	cr_assert_eq(res.err.len, 0);
	run_result_release(&res);
}

Test(run, exit_code_is_reported)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "sh", "-c", "exit 7", NULL };

	cr_assert_eq(run(&res, argv, NULL, NULL), RUN_NONZERO);
	cr_assert_eq(res.code, 7);
	cr_assert_str_eq(run_strstatus(res.status), "nonzero");
	run_result_release(&res);
}

Test(run, stdout_and_stderr_are_captured_separately)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "sh", "-c", "echo out; echo err >&2", NULL };

	cr_assert_eq(run(&res, argv, NULL, NULL), RUN_OK);
	cr_assert_str_eq(res.out.data, "out\n");
	cr_assert_str_eq(res.err.data, "err\n");
	run_result_release(&res);
}

Test(run, merge_stderr_puts_both_streams_in_out)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "sh", "-c", "echo a; echo b >&2; echo c", NULL };
	struct run_cmd cmd = { 0 };

	cmd.argv = argv;
	cmd.merge_stderr = 1;
	cr_assert_eq(run_command(&cmd, &res), RUN_OK);
	cr_assert_str_eq(res.out.data, "a\nb\nc\n");
	cr_assert_eq(res.err.len, 0);
	run_result_release(&res);
}

Test(run, hanging_child_times_out)
{
	HANG_GUARD(20);
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "sleep", "100", NULL };
	struct run_limits lim = { 0 };

	lim.wall_sec = 0.3;
	cr_assert_eq(run(&res, argv, &lim, NULL), RUN_TIMEOUT);
	cr_assert_str_eq(run_strstatus(res.status), "timeout");
	run_result_release(&res);
}

Test(run, timeout_kills_every_process_of_the_group)
{
	HANG_GUARD(20);
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "sh", "-c", "echo $$; sleep 100 & sleep 100 & wait", NULL };
	struct run_limits lim = { 0 };
	int pgid;

	lim.wall_sec = 1.0;   /* time for sh to print $$ even on a loaded machine */
	cr_assert_eq(run(&res, argv, &lim, NULL), RUN_TIMEOUT);
	cr_assert_eq(sscanf(res.out.data, "%d", &pgid), 1);
	/* Zombies may linger until Criterion (their subreaper) reaps them. */
	cr_assert(group_gone(pgid));
	run_result_release(&res);
}

Test(run, sigterm_ignoring_group_gets_sigkill)
{
	HANG_GUARD(20);
	struct run_result res = RUN_RESULT_INIT;
	/* "trap '' TERM" is inherited by the sleeps as SIG_IGN. */
	const char *argv[] = { "sh", "-c", "trap '' TERM; echo $$; sleep 100 & sleep 100", NULL };
	struct run_limits lim = { 0 };
	int pgid;

	lim.wall_sec = 1.0;   /* time for sh to print $$ even on a loaded machine */
	cr_assert_eq(run(&res, argv, &lim, NULL), RUN_TIMEOUT);
	cr_assert_eq(sscanf(res.out.data, "%d", &pgid), 1);
	cr_assert(group_gone(pgid));
	run_result_release(&res);
}

Test(run, grandchild_left_behind_is_killed)
{
	HANG_GUARD(20);
	struct run_result res = RUN_RESULT_INIT;
	/* The grandchild keeps stdout open; exit must still be noticed. */
	const char *argv[] = { "sh", "-c", "echo $$; sleep 100 & exit 0", NULL };
	int pgid;

	cr_assert_eq(run(&res, argv, NULL, NULL), RUN_OK);
	cr_assert_eq(res.code, 0);
	cr_assert_eq(sscanf(res.out.data, "%d", &pgid), 1);
	cr_assert(group_gone(pgid));
	run_result_release(&res);
}

Test(run, output_flood_is_capped_exactly)
{
	HANG_GUARD(60);
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "head", "-c", "50M", "/dev/zero", NULL };
	struct run_limits lim = { 0 };

	lim.out_cap = 1 << 20;
	cr_assert_eq(run(&res, argv, &lim, NULL), RUN_OK);
	cr_assert_eq(res.out.len, (size_t)1 << 20);
	cr_assert_eq(res.out.truncated, 1);
	cr_assert_eq(res.err.truncated, 0);
	run_result_release(&res);
}

Test(run, both_streams_flooding_do_not_deadlock)
{
	HANG_GUARD(60);
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "sh", "-c",
		"head -c 3M /dev/zero >&2; head -c 3M /dev/zero; echo end >&2", NULL };
	struct run_limits lim = { 0 };

	lim.out_cap = 1000;
	cr_assert_eq(run(&res, argv, &lim, NULL), RUN_OK);
	cr_assert_eq(res.out.len, 1000);
	cr_assert_eq(res.err.len, 1000);
	cr_assert(res.out.truncated && res.err.truncated);
	run_result_release(&res);
}

Test(run, default_cap_is_one_mebibyte)
{
	HANG_GUARD(60);
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "head", "-c", "3M", "/dev/zero", NULL };

	cr_assert_eq(run(&res, argv, NULL, NULL), RUN_OK);
	cr_assert_eq(res.out.len, (size_t)1 << 20);
	cr_assert_eq(res.out.truncated, 1);
	run_result_release(&res);
}

Test(run, killed_by_signal_reports_the_signal)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "sh", "-c", "kill -SEGV $$", NULL };

	cr_assert_eq(run(&res, argv, NULL, NULL), RUN_SIGNALED);
	cr_assert_eq(res.signo, 11);
	run_result_release(&res);
}

Test(run, missing_program_is_a_spawn_error)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "no-such-program-vp", NULL };
	const char *argv2[] = { "/nonexistent/prog", NULL };

	cr_assert_eq(run(&res, argv, NULL, NULL), RUN_SPAWN_ERROR);
	cr_assert_eq(res.spawn_errno, ENOENT);
	/* With a slash: execve() itself fails and reports through the pipe. */
	cr_assert_eq(run(&res, argv2, NULL, NULL), RUN_SPAWN_ERROR);
	cr_assert_eq(res.spawn_errno, ENOENT);
	run_result_release(&res);
}

Test(run, bad_working_directory_is_a_spawn_error)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "true", NULL };
	struct run_cmd cmd = { 0 };

	cmd.argv = argv;
	cmd.dir = "/nonexistent-dir-vp";
	cr_assert_eq(run_command(&cmd, &res), RUN_SPAWN_ERROR);
	cr_assert_eq(res.spawn_errno, ENOENT);
	run_result_release(&res);
}

Test(run, working_directory_is_used)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "pwd", NULL };
	struct run_cmd cmd = { 0 };

	cmd.argv = argv;
	cmd.dir = "/usr/share";
	cr_assert_eq(run_command(&cmd, &res), RUN_OK);
	cr_assert_str_eq(res.out.data, "/usr/share\n");
	run_result_release(&res);
}

Test(run, stdin_is_delivered)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "cat", NULL };

	cr_assert_eq(run(&res, argv, NULL, "hello\nworld\n"), RUN_OK);
	cr_assert_str_eq(res.out.data, "hello\nworld\n");
	run_result_release(&res);
}

Test(run, stdin_without_input_is_dev_null)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "wc", "-c", NULL };

	cr_assert_eq(run(&res, argv, NULL, NULL), RUN_OK);
	cr_assert_str_eq(res.out.data, "0\n");
	run_result_release(&res);
}

Test(run, large_stdin_while_reading_output)
{
	HANG_GUARD(60);
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "cat", NULL };
	size_t n = 3 << 20, i;
	char *in = malloc(n + 1);
	struct run_limits lim = { 0 };

	for (i = 0; i < n; i++)
		in[i] = (char)('a' + i % 26);
	in[n] = '\0';
	lim.out_cap = 4 << 20;
	cr_assert_eq(run(&res, argv, &lim, in), RUN_OK);
	cr_assert_eq(res.out.len, n);
	cr_assert_eq(memcmp(res.out.data, in, n), 0);
	free(in);
	run_result_release(&res);
}

Test(run, child_that_ignores_stdin_does_not_kill_us_with_sigpipe)
{
	HANG_GUARD(30);
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "true", NULL };
	size_t n = 4 << 20;
	char *in = malloc(n + 1);

	memset(in, 'x', n);
	in[n] = '\0';
	cr_assert_eq(run(&res, argv, NULL, in), RUN_OK);
	/* We are still alive, and no SIGPIPE is left pending for us. */
	{
		sigset_t pend;
		sigpending(&pend);
		cr_assert_eq(sigismember(&pend, SIGPIPE), 0);
	}
	free(in);
	run_result_release(&res);
}

Test(run, environment_is_scrubbed)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "env", NULL };

	setenv("OPENAI_API_KEY", "secret", 1);
	cr_assert_eq(run(&res, argv, NULL, NULL), RUN_OK);
	cr_assert_str_eq(res.out.data,
			 "PATH=/usr/local/bin:/usr/bin:/bin\nHOME=/nonexistent\n"
			 "LANG=C\nTZ=UTC\n");
	cr_assert_null(strstr(res.out.data, "secret"));
	run_result_release(&res);
}

Test(run, explicit_environment_and_its_path_are_used)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "sh", "-c", "echo $FOO", NULL };
	const char *env[] = { "PATH=/bin", "FOO=bar", NULL };
	const char *env2[] = { "PATH=/nonexistent-vp", NULL };
	struct run_cmd cmd = { 0 };

	cmd.argv = argv;
	cmd.env = env;
	cr_assert_eq(run_command(&cmd, &res), RUN_OK);
	cr_assert_str_eq(res.out.data, "bar\n");
	/* The lookup uses the child's PATH, not ours. */
	cmd.env = env2;
	cr_assert_eq(run_command(&cmd, &res), RUN_SPAWN_ERROR);
	cr_assert_eq(res.spawn_errno, ENOENT);
	run_result_release(&res);
}

Test(run, only_stdio_descriptors_are_inherited)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "ls", "/proc/self/fd", NULL };
	int fd = open("/dev/null", O_RDONLY);   /* deliberately not O_CLOEXEC */

	cr_assert_geq(fd, 0);
	cr_assert_eq(run(&res, argv, NULL, NULL), RUN_OK);
	/* 3 is the directory ls itself opened. */
	cr_assert_str_eq(res.out.data, "0\n1\n2\n3\n");
	close(fd);
	run_result_release(&res);
}

static long limit_of(const char *limits, const char *name)
{
	const char *p = strstr(limits, name);
	char soft[64];

	cr_assert_not_null(p, "no '%s' in /proc/self/limits", name);
	cr_assert_eq(sscanf(p + strlen(name), " %63s", soft), 1);
	if (!strcmp(soft, "unlimited"))
		return -1;
	return atol(soft);
}

Test(run, rlimits_are_applied_in_the_child)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "cat", "/proc/self/limits", NULL };
	struct run_limits lim = { 0 };

	lim.cpu_sec = 7;
	lim.as_bytes = 256 << 20;
	lim.fsize_bytes = 3 << 20;
	lim.nofile = 64;
	lim.nproc = 5000;
	cr_assert_eq(run(&res, argv, &lim, NULL), RUN_OK);
	cr_assert_eq(limit_of(res.out.data, "Max cpu time"), 7);
	cr_assert_eq(limit_of(res.out.data, "Max address space"), 256L << 20);
	cr_assert_eq(limit_of(res.out.data, "Max file size"), 3L << 20);
	cr_assert_eq(limit_of(res.out.data, "Max open files"), 64);
	cr_assert_eq(limit_of(res.out.data, "Max processes"), 5000);
	cr_assert_eq(limit_of(res.out.data, "Max core file size"), 0);
	run_result_release(&res);
}

Test(run, fsize_limit_stops_a_big_write)
{
	HANG_GUARD(30);
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "sh", "-c", "exec head -c 10M /dev/zero > f", NULL };
	char dir[] = "/tmp/vp-test-run-XXXXXX";
	char path[64];
	struct run_cmd cmd = { 0 };
	struct stat st;

	cr_assert_not_null(mkdtemp(dir));
	cmd.argv = argv;
	cmd.dir = dir;
	cmd.lim.fsize_bytes = 1 << 20;
	cr_assert_eq(run_command(&cmd, &res), RUN_SIGNALED);
	cr_assert_eq(res.signo, SIGXFSZ);
	snprintf(path, sizeof(path), "%s/f", dir);
	cr_assert_eq(stat(path, &st), 0);
	cr_assert_eq(st.st_size, 1 << 20);
	unlink(path);
	rmdir(dir);
	run_result_release(&res);
}

Test(run, address_space_limit_stops_a_big_allocation)
{
	HANG_GUARD(30);
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "python3", "-c", "bytearray(2 << 30)", NULL };
	const char *small[] = { "python3", "-c", "bytearray(64 << 20)", NULL };
	struct run_limits lim = { 0 };

	lim.as_bytes = (size_t)512 << 20;
	cr_assert_eq(run(&res, argv, &lim, NULL), RUN_NONZERO);
	cr_assert_eq(res.code, 1);
	cr_assert_not_null(strstr(res.err.data, "MemoryError"));
	/* Python itself runs under that limit: the big allocation failed. */
	cr_assert_eq(run(&res, small, &lim, NULL), RUN_OK);
	run_result_release(&res);
}

Test(run, cpu_limit_stops_a_spinning_child)
{
	HANG_GUARD(30);
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "sh", "-c", "while :; do :; done", NULL };
	struct run_limits lim = { 0 };

	lim.cpu_sec = 1;
	cr_assert_eq(run(&res, argv, &lim, NULL), RUN_SIGNALED);
	cr_assert_eq(res.signo, SIGXCPU);
	run_result_release(&res);
}

Test(run, wall_time_is_measured)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *argv[] = { "sleep", "0.2", NULL };

	cr_assert_eq(run(&res, argv, NULL, NULL), RUN_OK);
	/* sleep 0.2 cannot finish sooner than 0.2 s. */
	cr_assert_geq(res.wall_sec, 0.2);
	run_result_release(&res);
}

Test(run, result_is_reset_between_runs)
{
	struct run_result res = RUN_RESULT_INIT;
	const char *a1[] = { "sh", "-c", "echo first; exit 3", NULL };
	const char *a2[] = { "true", NULL };

	cr_assert_eq(run(&res, a1, NULL, NULL), RUN_NONZERO);
	cr_assert_eq(run(&res, a2, NULL, NULL), RUN_OK);
	cr_assert_eq(res.code, 0);
	cr_assert_str_eq(res.out.data, "");
	run_result_release(&res);
	run_result_release(NULL);
}
