/*
 * veripref grade: grade candidate RTL files against a task's testbenches.
 *
 * The first user-facing command and the EDA CI hook.  Parses options, loads
 * the task and the candidate files, calls the grading engine (grade.h) and
 * prints one line or one JSON object per (candidate, testbench, simulator).
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/grade.h"
#include "pipeline/gradebatch.h"
#include "pipeline/tbdiff.h"
#include "pipeline/gradeopt.h"
#include "pipeline/junit.h"
#include "sim/buf.h"
#include "sim/xalloc.h"
#include "testbench/task.h"

#include <cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>


static const char usage_text[] =
	"usage: veripref grade --task DIR [options] FILE...\n"
	"       veripref grade RUN [options]   (the grade stage of a run; see 'veripref run')\n"
	"\n"
	"Grade each candidate Verilog FILE against every testbench of the task in\n"
	"the chosen simulators, each job sandboxed.  Identical candidates (same\n"
	"text modulo comments and whitespace) are simulated once.\n"
	"\n"
	"options:\n"
	"  --task DIR             task folder (task.json, spec.md, ref.v, tb/*.v)\n"
	"  --testbench FILE       grade against FILE instead of the task's tb/*.v\n"
	"                         (repeatable; e.g. a bench from 'veripref tbgen')\n"
	"  --format FMT           text (default) or jsonl\n"
	"  --junit FILE           also write the cells as JUnit XML to FILE (for CI)\n"
	"  --batch K|auto         simulate up to K candidates together (default\n"
	"                         auto: sized from measured costs); only for\n"
	"                         --testbench files written by 'veripref tbgen'\n"
	"                         for this task; the results are those of\n"
	"                         grading one by one (--batch 1)\n"
	"  --precheck             parse each candidate alone ('iverilog -t null',\n"
	"                         'verilator --lint-only') before batching; by\n"
	"                         default the batch compile names broken ones\n"
	"  -h, --help             show this help\n"
	"grading options (defaults: --sim iverilog, --timeout 10):\n"
	"%s\n"
	"Outcomes: pass, fail, compile_error, timeout, crash, forbidden.\n"
	"Exit status: 0 every candidate passed everything, 1 some did not,\n"
	"2 usage error, 3 runtime error (e.g. a simulator is missing).\n";

struct progress_state {
	int enabled;
};

static void progress(void *ctx, size_t done, size_t total)
{
	struct progress_state *ps = ctx;

	if (!ps->enabled)
		return;
	fprintf(stderr, "\rgrading: %zu/%zu jobs", done, total);
	if (done == total)
		fputc('\n', stderr);
	fflush(stderr);
}

static void print_text(const struct grade_cell *c, const struct grade_candidate *cands,
		       const struct grade_testbench *tbs)
{
	printf("%-13s %s  %s  %s  %d/%d  %.0f ms%s%s\n",
	       grade_outcome_name(c->outcome), cands[c->cand].name, tbs[c->tb].name,
	       sim_name(c->sim), c->checks_passed, c->checks_total, c->wall_ms,
	       c->message && *c->message ? "  " : "", c->message ? c->message : "");
}

/*
 * One JUnit testcase per cell: classname the task id, name the candidate
 * (plus "/testbench" when there are several, "/sim" when there are several),
 * every outcome but pass a <failure> whose type is the outcome.  Returns 0,
 * or -1 after printing an error.
 */
static int write_junit(const char *path, const char *task_id, const struct grade_cell *cells,
		       size_t ncells, const struct grade_candidate *cands,
		       const struct grade_testbench *tbs, size_t ntb, unsigned sims)
{
	struct junit_case *jc = xcalloc(ncells + 1, sizeof(*jc));
	struct buf *names = xcalloc(ncells + 1, sizeof(*names));
	struct buf *details = xcalloc(ncells + 1, sizeof(*details));
	struct buf err = BUF_INIT, suite = BUF_INIT;
	int multi_sim = (sims & (sims - 1)) != 0, ret = -1;
	FILE *f = NULL;
	size_t k;

	for (k = 0; k < ncells; k++) {
		const struct grade_cell *c = &cells[k];

		buf_addstr(&names[k], cands[c->cand].name);
		if (ntb > 1)
			buf_addf(&names[k], "/%s", tbs[c->tb].name);
		if (multi_sim)
			buf_addf(&names[k], "/%s", sim_name(c->sim));
		jc[k].classname = task_id;
		jc[k].name = names[k].data;
		jc[k].time_s = c->wall_ms / 1000.0;
		if (c->outcome == GRADE_PASS)
			continue;
		buf_addf(&details[k], "%s: %d/%d checks passed with testbench %s in %s%s%s\n",
			 grade_outcome_name(c->outcome), c->checks_passed, c->checks_total,
			 tbs[c->tb].name, sim_name(c->sim), c->message && *c->message ? "\n" : "",
			 c->message ? c->message : "");
		jc[k].status = JUNIT_FAILURE;
		jc[k].type = grade_outcome_name(c->outcome);
		jc[k].message = c->message && *c->message ? c->message : grade_outcome_name(c->outcome);
		jc[k].detail = details[k].data;
	}
	buf_addf(&suite, "veripref grade %s", task_id);
	if (!(f = fopen(path, "w"))) {
		cli_error("cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	if (junit_write(f, suite.data, jc, ncells, &err) < 0) {
		cli_error("%s: %s", path, err.data);
		goto out;
	}
	if (fclose(f)) {
		f = NULL;
		cli_error("cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	f = NULL;
	ret = 0;
out:
	if (f)
		fclose(f);
	for (k = 0; k < ncells; k++) {
		buf_release(&names[k]);
		buf_release(&details[k]);
	}
	free(names);
	free(details);
	free(jc);
	buf_release(&err);
	buf_release(&suite);
	return ret;
}

static void print_json(const struct grade_cell *c, const struct grade_candidate *cands,
		       const struct grade_testbench *tbs)
{
	cJSON *o = cJSON_CreateObject();
	char *s;

	cJSON_AddStringToObject(o, "candidate", cands[c->cand].name);
	cJSON_AddStringToObject(o, "testbench", tbs[c->tb].name);
	cJSON_AddStringToObject(o, "sim", sim_name(c->sim));
	cJSON_AddStringToObject(o, "outcome", grade_outcome_name(c->outcome));
	cJSON_AddNumberToObject(o, "checks_passed", c->checks_passed);
	cJSON_AddNumberToObject(o, "checks_total", c->checks_total);
	cJSON_AddStringToObject(o, "message", c->message ? c->message : "");
	cJSON_AddNumberToObject(o, "wall_ms", (double)(long)(c->wall_ms + 0.5));
	if (c->same_as >= 0)
		cJSON_AddStringToObject(o, "same_as", cands[c->same_as].name);
	s = cJSON_PrintUnformatted(o);
	puts(s);
	free(s);
	cJSON_Delete(o);
}

int cmd_grade(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "task", required_argument, NULL, 't' },
		{ "testbench", required_argument, NULL, 'b' },
		{ "format", required_argument, NULL, 'f' },
		{ "junit", required_argument, NULL, 'j' },
		{ "batch", required_argument, NULL, 'B' },
		{ "precheck", no_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		GRADEOPT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct grade_opts o;
	struct progress_state ps = { 0 };
	struct task task;
	int task_loaded = 0;
	struct buf err = BUF_INIT;
	struct buf *texts = NULL, *tbtexts = NULL;
	const char **tbpaths = NULL;
	size_t ntbpaths = 0, tballoc = 0, ntb;
	struct grade_candidate *cands = NULL;
	struct grade_testbench *tbs = NULL;
	struct grade_cell *cells = NULL;
	size_t ncells = 0, k, counts[GRADE_NOUTCOMES] = { 0 };
	struct gradeopt_env env = GRADEOPT_ENV_INIT;
	const char *task_dir = NULL, *format = "text", *junit_path = NULL;
	int ncand, i, c, ret = EXIT_RUNTIME, all_pass = 1;
	int batch = GRADEBATCH_AUTO;
	int precheck = 0;
	struct tbdiff_bench **diff = NULL;
	struct gradebatch_opts bo;
	struct gradebatch_stats bst;

	/* `veripref grade RUN`: the grading stage of a run directory (cmd_run.c). */
	if (cmd_run_is_run_form(argc, argv))
		return cmd_run_stage("grade", argc, argv);
	grade_opts_init(&o);

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			task_dir = optarg;
			break;
		case 'b':
			ALLOC_GROW(tbpaths, ntbpaths + 1, tballoc);
			tbpaths[ntbpaths++] = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "jsonl"))
				return cli_usage_error("grade", "unknown format '%s' (text or jsonl)", optarg);
			format = optarg;
			break;
		case 'j':
			junit_path = optarg;
			break;
		case 'P':
			precheck = 1;
			break;
		case 'B':
			if (gradebatch_parse(optarg, &batch)) {
				free(tbpaths);
				return cli_usage_error("grade", "--batch wants 'auto' or a number in 1..%d, not '%s'",
						       GRADEBATCH_MAX, optarg);
			}
			break;
		case 'h':
			printf(usage_text, gradeopt_help);
			return EXIT_OK;
		default:
			switch (gradeopt_parse("grade", c, optarg, &o, &env)) {
			case 1:
				break;
			case 0:
				return cli_usage_error("grade", "bad option");
			default:
				return EXIT_USAGE;
			}
		}
	}
	if (!task_dir || optind >= argc) {
		free(tbpaths);
		return cli_usage_error("grade", !task_dir ? "--task DIR is required"
				       : "no candidate files given");
	}

	if (gradeopt_env_init(&env, &o) < 0)
		goto out;

	task_init(&task);
	if (task_load(&task, task_dir, &err) < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	task_loaded = 1;
	if (ntbpaths) {
		/* --testbench files replace the task's own benches. */
		ntb = ntbpaths;
		tbs = xcalloc(ntb, sizeof(*tbs));
		tbtexts = xcalloc(ntb, sizeof(*tbtexts));
		for (k = 0; k < ntb; k++) {
			buf_init(&tbtexts[k], TASK_FILE_MAX);
			if (buf_read_file(&tbtexts[k], tbpaths[k]) < 0) {
				cli_error("cannot read testbench '%s': %s", tbpaths[k], strerror(errno));
				goto out;
			}
			tbs[k].name = tbpaths[k];
			tbs[k].text = tbtexts[k].data;
			tbs[k].len = tbtexts[k].len;
		}
	} else {
		ntb = task.ntbs;
		if (ntb == 0) {
			cli_error("task '%s' has no testbenches in %s/tb (give one with --testbench FILE)",
				  task.id, task_dir);
			goto out;
		}
		tbs = xcalloc(ntb, sizeof(*tbs));
		grade_task_testbenches(&task, tbs);
	}

	ncand = argc - optind;
	texts = xcalloc((size_t)ncand, sizeof(*texts));
	cands = xcalloc((size_t)ncand, sizeof(*cands));
	for (i = 0; i < ncand; i++) {
		const char *path = argv[optind + i];
		/* Read one byte past the cap so oversize files are detected, not cut. */
		buf_init(&texts[i], o.max_candidate_bytes + 1);
		if (buf_read_file(&texts[i], path) < 0) {
			struct stat st;
			if (errno != EFBIG || stat(path, &st) < 0) {
				cli_error("cannot read candidate '%s': %s", path, strerror(errno));
				goto out;
			}
			cands[i].size = (size_t)st.st_size;
		} else {
			cands[i].size = texts[i].len;
		}
		cands[i].name = path;
		cands[i].text = texts[i].data;
		cands[i].len = texts[i].len;
	}

	ps.enabled = cli_progress_enabled();
	o.progress = progress;
	o.progress_ctx = &ps;
	if (batch != 1 && ntbpaths) {
		/* Only benches tbgen wrote for this task can be batched. */
		diff = xcalloc(ntb, sizeof(*diff));
		for (k = 0; k < ntb; k++) {
			diff[k] = tbdiff_bench_recognise(task_dir, tbs[k].text, tbs[k].len, &err);
			if (!diff[k] && err.len) {
				cli_error("%s", err.data);
				goto out;
			}
			if (!diff[k])
				fprintf(stderr, "veripref: note: '%s' is not a differential testbench "
					"generated for this task; graded one candidate at a time\n",
					tbs[k].name);
		}
	}
	memset(&bo, 0, sizeof(bo));
	bo.batch = batch;
	bo.precheck = precheck;
	bo.diff = (const struct tbdiff_bench *const *)diff;
	if (gradebatch_run(&o, &bo, tbs, (int)ntb, cands, ncand, &cells, &ncells, &bst, &err) < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	if (batch != 1 && diff) {
		struct buf line = BUF_INIT;

		gradebatch_stats_line(&bst, &line);
		fprintf(stderr, "%s\n", line.data);
		buf_release(&line);
	}

	for (k = 0; k < ncells; k++) {
		counts[cells[k].outcome]++;
		if (cells[k].outcome != GRADE_PASS)
			all_pass = 0;
		if (!strcmp(format, "jsonl"))
			print_json(&cells[k], cands, tbs);
		else
			print_text(&cells[k], cands, tbs);
	}
	if (!strcmp(format, "text")) {
		printf("%d candidate%s x %d testbench%s: %zu cell%s", ncand, ncand == 1 ? "" : "s",
		       (int)ntb, ntb == 1 ? "" : "es", ncells, ncells == 1 ? "" : "s");
		for (i = 0; i < GRADE_NOUTCOMES; i++)
			if (counts[i])
				printf(", %zu %s", counts[i], grade_outcome_name((enum grade_outcome)i));
		printf("\n");
	}
	if (junit_path &&
	    write_junit(junit_path, task.id, cells, ncells, cands, tbs, ntb, o.sims) < 0)
		goto out;
	ret = all_pass ? EXIT_OK : EXIT_NEGATIVE;
out:
	grade_cells_free(cells, ncells);
	if (texts)
		for (i = 0; i < argc - optind; i++)
			buf_release(&texts[i]);
	free(texts);
	free(cands);
	free(tbs);
	if (tbtexts)
		for (k = 0; k < ntbpaths; k++)
			buf_release(&tbtexts[k]);
	free(tbtexts);
	if (diff)
		for (k = 0; k < ntb; k++)
			tbdiff_bench_free(diff[k]);
	free(diff);
	free(tbpaths);
	if (task_loaded)
		task_release(&task);
	buf_release(&err);
	gradeopt_env_release(&env);
	return ret;
}
