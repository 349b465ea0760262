/*
 * veripref tasks: validate a corpus of RTL tasks.
 *
 * Every task must load (task.json, spec.md, ref.v, tb/NAME.v), its reference
 * must pass every testbench in every chosen simulator, and the reference must
 * be clean under `verilator --lint-only -Wall`.  This is what `make demo`
 * runs today and what `make test` runs over rtl_tasks/.
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/grade.h"
#include "pipeline/gradeopt.h"
#include "sim/buf.h"
#include "sim/run.h"
#include "sim/xalloc.h"
#include "testbench/task.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: veripref tasks [options] DIR...\n"
	"\n"
	"Validate RTL tasks.  Each DIR is a task folder (with task.json) or a folder\n"
	"of task folders.  A task is ok when it loads, has a reference, the reference\n"
	"passes every testbench in every chosen simulator, and the reference is clean\n"
	"under 'verilator --lint-only -Wall'.\n"
	"\n"
	"options:\n"
	"  --no-lint              skip the Verilator lint of references\n"
	"  -h, --help             show this help\n"
	"grading options (defaults: --sim both, --timeout 20):\n"
	"%s\n"
	"Exit status: 0 every task is ok, 1 some task is not, 2 usage, 3 runtime error.\n";

static int is_task_dir(const char *dir)
{
	struct buf p = BUF_INIT;
	int yes;

	buf_addf(&p, "%s/task.json", dir);
	yes = access(p.data, F_OK) == 0;
	buf_release(&p);
	return yes;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Append the task folders named by arg (itself, or its sorted children). */
static int collect(const char *arg, char ***dirs, size_t *n, size_t *alloc)
{
	DIR *d;
	struct dirent *e;
	size_t first = *n;

	if (is_task_dir(arg)) {
		ALLOC_GROW(*dirs, *n + 1, *alloc);
		(*dirs)[(*n)++] = xstrdup(arg);
		return 0;
	}
	d = opendir(arg);
	if (!d) {
		cli_error("cannot open task folder '%s': %s", arg, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		struct buf p = BUF_INIT;
		if (e->d_name[0] == '.')
			continue;
		buf_addf(&p, "%s/%s", arg, e->d_name);
		if (is_task_dir(p.data)) {
			ALLOC_GROW(*dirs, *n + 1, *alloc);
			(*dirs)[(*n)++] = buf_detach(&p, NULL);
		}
		buf_release(&p);
	}
	closedir(d);
	if (*n == first) {
		cli_error("'%s' holds no task (no task.json in it or its subfolders)", arg);
		return -1;
	}
	qsort(*dirs + first, *n - first, sizeof(**dirs), cmp_str);
	return 0;
}

/* Lint the reference; 0 clean, 1 warnings (first one in msg), -1 could not run. */
static int lint(const struct task *t, const char *ref_path, struct buf *msg)
{
	/* DECLFILENAME: the file is ref.v by convention, never <top>.v. */
	const char *argv[] = { "verilator", "--lint-only", "-Wall", "-Wno-DECLFILENAME",
			       "--top-module", t->top, ref_path, NULL };
	struct run_cmd cmd = { 0 };
	struct run_result res = RUN_RESULT_INIT;
	int ret;

	cmd.argv = argv;
	cmd.lim.wall_sec = 60;
	cmd.lim.out_cap = 64 << 10;
	cmd.merge_stderr = 1;
	run_command(&cmd, &res);
	if (res.status == RUN_OK) {
		ret = 0;
	} else if (res.status == RUN_NONZERO) {
		sim_first_error(res.out.data, NULL, 300, msg);
		if (!msg->len)
			buf_addstr(msg, "verilator --lint-only reported a problem");
		ret = 1;
	} else {
		buf_setf(msg, "cannot run verilator --lint-only (%s)", run_strstatus(res.status));
		ret = -1;
	}
	run_result_release(&res);
	return ret;
}

int cmd_tasks(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "no-lint", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		GRADEOPT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct grade_opts o;
	struct gradeopt_env env = GRADEOPT_ENV_INIT;
	struct buf err = BUF_INIT, msg = BUF_INIT;
	char **dirs = NULL;
	size_t ndirs = 0, alloc = 0, d, nok = 0, nbad = 0;
	int do_lint = 1, c, i, ret = EXIT_RUNTIME;

	grade_opts_init(&o);
	o.sims = (1u << SIM_ICARUS) | (1u << SIM_VERILATOR);
	o.run_timeout = 20;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'L':
			do_lint = 0;
			break;
		case 'h':
			printf(usage_text, gradeopt_help);
			return EXIT_OK;
		default:
			switch (gradeopt_parse("tasks", c, optarg, &o, &env)) {
			case 1:
				break;
			case 0:
				return cli_usage_error("tasks", "bad option");
			default:
				return EXIT_USAGE;
			}
		}
	}
	if (optind >= argc)
		return cli_usage_error("tasks", "no task folder given");
	for (i = optind; i < argc; i++)
		if (collect(argv[i], &dirs, &ndirs, &alloc) < 0)
			goto out;
	if (gradeopt_env_init(&env, &o) < 0)
		goto out;

	for (d = 0; d < ndirs; d++) {
		struct task t;
		struct grade_testbench *tbs;
		struct grade_candidate cand;
		struct grade_cell *cells = NULL;
		size_t ncells = 0, k;
		struct buf ref = BUF_INIT, problems = BUF_INIT;

		buf_reset(&err);
		task_init(&t);
		if (task_load(&t, dirs[d], &err) < 0) {
			printf("FAIL  %s\n", dirs[d]);
			printf("%s%s", err.data, err.len && err.data[err.len - 1] == '\n' ? "" : "\n");
			nbad++;
			continue;
		}
		if (!t.ref) {
			printf("skip  %s: spec-only task (no ref.v)\n", t.id);
			task_release(&t);
			continue;
		}
		if (t.ntbs == 0)
			buf_addf(&problems, "  no testbench in %s/tb\n", t.dir);
		buf_addf(&ref, "%s/ref.v", t.dir);
		tbs = xcalloc(t.ntbs + 1, sizeof(*tbs));
		grade_task_testbenches(&t, tbs);
		cand.name = ref.data;
		cand.text = t.ref;
		cand.len = cand.size = t.ref_len;
		if (t.ntbs && grade_run(&o, tbs, (int)t.ntbs, &cand, 1, &cells, &ncells, &err) < 0) {
			cli_error("%s: %s", t.id, err.data);
			free(tbs);
			buf_release(&ref);
			task_release(&t);
			goto out;
		}
		for (k = 0; k < ncells; k++)
			if (cells[k].outcome != GRADE_PASS)
				buf_addf(&problems, "  ref.v: %s in %s under %s: %s\n",
					 grade_outcome_name(cells[k].outcome), tbs[cells[k].tb].name,
					 sim_name(cells[k].sim), cells[k].message);
		if (do_lint) {
			buf_reset(&msg);
			if (lint(&t, ref.data, &msg) != 0)
				buf_addf(&problems, "  lint: %s\n", msg.data);
		}
		if (problems.len) {
			printf("FAIL  %s\n%s", t.id, problems.data);
			nbad++;
		} else {
			printf("ok    %s  (%zu testbench%s, %zu cell%s pass%s)\n", t.id, t.ntbs,
			       t.ntbs == 1 ? "" : "es", ncells, ncells == 1 ? "" : "s",
			       do_lint ? ", lint clean" : "");
			nok++;
		}
		fflush(stdout);
		grade_cells_free(cells, ncells);
		free(tbs);
		buf_release(&ref);
		buf_release(&problems);
		task_release(&t);
	}
	printf("%zu task%s: %zu ok, %zu failed\n", nok + nbad, nok + nbad == 1 ? "" : "s", nok, nbad);
	ret = nbad ? EXIT_NEGATIVE : EXIT_OK;
out:
	for (d = 0; d < ndirs; d++)
		free(dirs[d]);
	free(dirs);
	gradeopt_env_release(&env);
	buf_release(&err);
	buf_release(&msg);
	return ret;
}
