/*
 * veripref tbcheck: validate the testbenches of a task.
 *
 * For each testbench (the task's tb/NAME.v files, plus with --differential one
 * bench from pipeline/tbdiff.h) it calls tbval_check() (pipeline/tbval.h):
 * compiles and passes the reference in every chosen simulator, coverage of
 * ref.v, mutation score with Yosys-proven equivalent mutants left out, and a
 * verdict.  One tbval cache per run lets the benches of the task share
 * Yosys verdicts.  This file parses, prints and picks the exit status; it
 * does not simulate anything itself.
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/grade.h"
#include "pipeline/gradeopt.h"
#include "pipeline/tbdiff.h"
#include "pipeline/tbval.h"
#include "sim/buf.h"
#include "sim/xalloc.h"
#include "testbench/task.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: veripref tbcheck --task DIR [--differential] [--seed S] [--max-mutants N]\n"
	"                        [--min-coverage PCT] [--min-mutation-score X]\n"
	"                        [--no-coverage] [--no-equiv] [--equiv-timeout SEC]\n"
	"                        [--equiv-steps N] [--equiv-budget SEC] [--details]\n"
	"                        [--format text|jsonl | --json]\n"
	"                        [grading options]\n"
	"\n"
	"Check every testbench of the task in DIR (tb/*.v, and with --differential one\n"
	"bench generated as by 'veripref tbgen --seed S', named 'differential(seed=S)'):\n"
	"  - it must compile and pass the reference (DIR/ref.v) in every simulator\n"
	"    chosen with --sim; otherwise it is REJECTED with the reason (a human\n"
	"    bench failing its own reference also gets a warning of its own);\n"
	"  - line and toggle coverage of ref.v under the bench, measured with\n"
	"    Verilator --coverage (whatever --sim says); a bench Verilator cannot\n"
	"    build, or below --min-coverage line percent, is REJECTED;\n"
	"  - its mutation score: up to N mutants of ref.v ('veripref mutate --max N\n"
	"    --seed S') are graded against it with Icarus only; a mutant is killed\n"
	"    when its outcome is not pass, one that does not compile is invalid;\n"
	"    Yosys checks every valid mutant that survives (equivalent, not\n"
	"    equivalent, or unknown within --equiv-timeout / --equiv-steps);\n"
	"    score = killed / (valid - equivalent); below --min-mutation-score the\n"
	"    bench is REJECTED.\n"
	"\n"
	"options:\n"
	"  -t, --task DIR         task folder (task.json, ref.v, tb/*.v)\n"
	"  -d, --differential     also check a generated differential bench\n"
	"  -s, --seed S           seed of the mutants and of the differential bench,\n"
	"                         0..2^64-1 (default 1)\n"
	"  -m, --max-mutants N    at most N mutants, 1..100000 (default 40)\n"
	"      --min-coverage PCT reject a bench covering fewer lines of ref.v,\n"
	"                         0..100 (default 80)\n"
	"      --min-mutation-score X  reject a bench scoring below X, 0..1 (default 0.8)\n"
	"      --no-coverage      do not measure coverage\n"
	"      --no-equiv         do not run Yosys on surviving mutants\n"
	"      --equiv-timeout SEC  Yosys deadline per surviving mutant (default 10)\n"
	"      --equiv-budget SEC Yosys time per testbench in all (default 120; 0: no\n"
	"                         limit); survivors past it are unknown\n"
	"      --equiv-steps N    Yosys search depth in half clock cycles (default 40)\n"
	"      --details          text: list uncovered lines and surviving mutants\n"
	"                         under each testbench\n"
	"  -f, --format FMT       text (default) or jsonl: one object per testbench with\n"
	"                         task, testbench, kind, compiles, passes_reference,\n"
	"                         line_coverage, lines_hit, lines_total,\n"
	"                         toggle_coverage, toggles_hit, toggles_total,\n"
	"                         uncovered, mutants_valid, mutants_killed,\n"
	"                         mutants_equivalent, mutants_not_equivalent,\n"
	"                         mutants_unknown, mutation_score, surviving,\n"
	"                         verdict, reason\n"
	"      --json             the same as --format jsonl\n"
	"  -h, --help             show this help\n"
	"grading options (defaults: --sim iverilog, --timeout 10):\n"
	"%s\n"
	"Exit status: 0 every testbench is ok, 1 some testbench is rejected,\n"
	"2 usage error, 3 runtime error (missing task or reference, no testbench,\n"
	"a simulator or Yosys missing).\n";

/* Each line of text (lines end in '\n') as "  <tag> <line>". */
static void print_indented(const char *tag, const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		int n = nl ? (int)(nl - text) : (int)strlen(text);

		printf("  %s %.*s\n", tag, n, text);
		text += n + (nl ? 1 : 0);
	}
}

/* Each line of text as one string of a new JSON array in o under key. */
static void add_lines(cJSON *o, const char *key, const char *text)
{
	cJSON *a = cJSON_AddArrayToObject(o, key);
	char *line;

	while (*text) {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);

		line = xstrndup(text, n);
		cJSON_AddItemToArray(a, cJSON_CreateString(line));
		free(line);
		text += n + (nl ? 1 : 0);
	}
}

static void print_text(const char *name, const struct tbval_report *r, int details)
{
	int k;

	printf("%-9s %s ", r->verdict == TBVAL_REJECTED ? "REJECTED" : "ok", name);
	for (k = 0; k < SIM_NKINDS; k++)
		if (r->sim[k].ran)
			printf(" %s:%s", sim_name((enum sim_kind)k), grade_outcome_name(r->sim[k].outcome));
	if (r->what & TBVAL_COVERAGE)
		printf("  line %.1f%% toggle %.1f%%", r->line_pct, r->toggle_pct);
	if (r->what & TBVAL_MUTATION) {
		if (r->score >= 0)
			printf("  mutants %zu/%zu killed (%.2f)", r->killed, r->valid - r->equivalent,
			       r->score);
		else
			printf("  mutants 0/0 killed (no valid mutant)");
		if (r->what & TBVAL_EQUIV)
			printf(", %zu equivalent", r->equivalent);
		if (r->unknown)
			printf(", %zu unknown", r->unknown);
	}
	if (r->verdict == TBVAL_REJECTED)
		printf("  %s", r->reason);
	printf("\n");
	if (details) {
		print_indented("uncovered", r->uncovered);
		print_indented("surviving", r->survivors);
	}
}

static void print_json(const char *task, const char *name, int differential,
		       const struct tbval_report *r)
{
	cJSON *o = cJSON_CreateObject(), *comp, *pass;
	char *s;
	int k;

	cJSON_AddStringToObject(o, "task", task);
	cJSON_AddStringToObject(o, "testbench", name);
	cJSON_AddStringToObject(o, "kind", differential ? "differential" : "human");
	comp = cJSON_AddObjectToObject(o, "compiles");
	pass = cJSON_AddObjectToObject(o, "passes_reference");
	for (k = 0; k < SIM_NKINDS; k++)
		if (r->sim[k].ran) {
			cJSON_AddBoolToObject(comp, sim_name((enum sim_kind)k), r->sim[k].compiled);
			cJSON_AddBoolToObject(pass, sim_name((enum sim_kind)k), r->sim[k].passes);
		}
	if (r->what & TBVAL_COVERAGE) {
		cJSON_AddNumberToObject(o, "line_coverage", r->line_pct);
		cJSON_AddNumberToObject(o, "lines_hit", (double)r->lines_hit);
		cJSON_AddNumberToObject(o, "lines_total", (double)r->lines_total);
		cJSON_AddNumberToObject(o, "toggle_coverage", r->toggle_pct);
		cJSON_AddNumberToObject(o, "toggles_hit", (double)r->toggles_hit);
		cJSON_AddNumberToObject(o, "toggles_total", (double)r->toggles_total);
		add_lines(o, "uncovered", r->uncovered);
	}
	cJSON_AddNumberToObject(o, "mutants_valid", (double)r->valid);
	cJSON_AddNumberToObject(o, "mutants_killed", (double)r->killed);
	if (r->what & TBVAL_EQUIV) {
		cJSON_AddNumberToObject(o, "mutants_equivalent", (double)r->equivalent);
		cJSON_AddNumberToObject(o, "mutants_not_equivalent", (double)r->not_equivalent);
		cJSON_AddNumberToObject(o, "mutants_unknown", (double)r->unknown);
	}
	if (r->score >= 0)
		cJSON_AddNumberToObject(o, "mutation_score", r->score);
	else
		cJSON_AddNullToObject(o, "mutation_score");
	if (r->what & TBVAL_MUTATION)
		add_lines(o, "surviving", r->survivors);
	cJSON_AddStringToObject(o, "verdict", r->verdict == TBVAL_REJECTED ? "REJECTED" : "ok");
	cJSON_AddStringToObject(o, "reason", r->verdict == TBVAL_REJECTED ? r->reason : "");
	s = cJSON_PrintUnformatted(o);
	puts(s);
	free(s);
	cJSON_Delete(o);
}

int cmd_tbcheck(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "task", required_argument, NULL, 't' },
		{ "differential", no_argument, NULL, 'd' },
		{ "seed", required_argument, NULL, 's' },
		{ "max-mutants", required_argument, NULL, 'm' },
		{ "min-mutation-score", required_argument, NULL, 'M' },
		{ "min-coverage", required_argument, NULL, 'C' },
		{ "no-coverage", no_argument, NULL, 'N' },
		{ "no-equiv", no_argument, NULL, 'E' },
		{ "details", no_argument, NULL, 'D' },
		{ "equiv-timeout", required_argument, NULL, 'Q' },
		{ "equiv-steps", required_argument, NULL, 'S' },
		{ "equiv-budget", required_argument, NULL, 'B' },
		{ "format", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		GRADEOPT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct grade_opts o;
	struct gradeopt_env env = GRADEOPT_ENV_INIT;
	struct tbval_opts vo;
	struct tbval_report *reps = NULL;
	struct tbval_cache *cache = NULL;
	struct task task;
	struct buf err = BUF_INIT, diff = BUF_INIT, diffname = BUF_INIT;
	struct tbdiff_opts to;
	struct grade_testbench *tbs = NULL;
	size_t ntb = 0, k, nok = 0, nmut = 0;
	const char *task_dir = NULL, *format = "text";
	int differential = 0, details = 0, c, ret = EXIT_RUNTIME;
	uint64_t seed = 1;
	long max_mutants = 40;
	double score_sum = 0, min_score = 0.8, min_cov = 80, equiv_timeout = 10, equiv_budget = 120;
	long equiv_steps = 40;
	unsigned what = TBVAL_REF | TBVAL_COVERAGE | TBVAL_MUTATION | TBVAL_EQUIV;
	size_t nscored = 0;
	char *end;

	grade_opts_init(&o);
	task_init(&task);
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":t:ds:m:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			task_dir = optarg;
			break;
		case 'd':
			differential = 1;
			break;
		case 's':
			if (cli_parse_u64(optarg, &seed))
				return cli_usage_error("tbcheck", "--seed wants a number in 0..2^64-1, not '%s'",
						       optarg);
			break;
		case 'm':
			if (cli_parse_long(optarg, 1, 100000, &max_mutants))
				return cli_usage_error("tbcheck", "--max-mutants wants a number in 1..100000, not '%s'",
						       optarg);
			break;
		case 'M':
			min_score = strtod(optarg, &end);
			if (!*optarg || *end || !(min_score >= 0 && min_score <= 1))
				return cli_usage_error("tbcheck", "--min-mutation-score wants a number in 0..1, not '%s'",
						       optarg);
			break;
		case 'C':
			min_cov = strtod(optarg, &end);
			if (!*optarg || *end || !(min_cov >= 0 && min_cov <= 100))
				return cli_usage_error("tbcheck", "--min-coverage wants a percentage in 0..100, not '%s'",
						       optarg);
			break;
		case 'D':
			details = 1;
			break;
		case 'Q':
			if (cli_parse_seconds(optarg, &equiv_timeout) || equiv_timeout <= 0)
				return cli_usage_error("tbcheck", "--equiv-timeout wants seconds above 0, not '%s'",
						       optarg);
			break;
		case 'B':
			if (cli_parse_seconds(optarg, &equiv_budget))
				return cli_usage_error("tbcheck", "--equiv-budget wants seconds, not '%s'",
						       optarg);
			break;
		case 'S':
			if (cli_parse_long(optarg, 1, 10000, &equiv_steps))
				return cli_usage_error("tbcheck", "--equiv-steps wants a number in 1..10000, not '%s'",
						       optarg);
			break;
		case 'N':
			what &= ~TBVAL_COVERAGE;
			break;
		case 'E':
			what &= ~TBVAL_EQUIV;
			break;
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "jsonl"))
				return cli_usage_error("tbcheck", "unknown format '%s' (text or jsonl)", optarg);
			format = optarg;
			break;
		case 'j':
			format = "jsonl";
			break;
		case 'h':
			printf(usage_text, gradeopt_help);
			return EXIT_OK;
		case ':':
			return cli_usage_error("tbcheck", "option '%s' needs a value", argv[optind - 1]);
		case '?':
			return cli_usage_error("tbcheck", "unknown option '%s'", argv[optind - 1]);
		default:
			switch (gradeopt_parse("tbcheck", c, optarg, &o, &env)) {
			case 1:
				break;
			case 0:
				return cli_usage_error("tbcheck", "unknown option '%s'", argv[optind - 1]);
			default:
				return EXIT_USAGE;
			}
		}
	}
	if (optind < argc)
		return cli_usage_error("tbcheck", "unexpected argument '%s'", argv[optind]);
	if (!task_dir)
		return cli_usage_error("tbcheck", "--task DIR is required");

	if (task_load(&task, task_dir, &err) < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	if (!task.ref) {
		cli_error("task '%s' has no reference (%s/ref.v); tbcheck needs one", task.id, task_dir);
		goto out;
	}
	if (!task.ntbs && !differential) {
		cli_error("task '%s' has no testbenches in %s/tb (add --differential to check a generated one)",
			  task.id, task_dir);
		goto out;
	}
	if (gradeopt_env_init(&env, &o) < 0)
		goto out;

	ntb = task.ntbs + (size_t)differential;
	tbs = xcalloc(ntb, sizeof(*tbs));
	reps = xcalloc(ntb, sizeof(*reps));
	grade_task_testbenches(&task, tbs);
	k = task.ntbs;
	if (differential) {
		tbdiff_opts_init(&to);
		to.seed = seed;
		buf_init(&diff, TASK_FILE_MAX);
		if (tbdiff_generate(task_dir, &to, &diff, &err) < 0) {
			cli_error("%s", err.data);
			goto out;
		}
		buf_addf(&diffname, "differential(seed=%" PRIu64 ")", seed);
		tbs[k].name = diffname.data;
		tbs[k].text = diff.data;
		tbs[k].len = diff.len;
	}

	tbval_opts_init(&vo, &o);
	vo.what = what;
	vo.min_coverage = min_cov;
	vo.cache = cache = tbval_cache_new();
	vo.equiv_timeout = equiv_timeout;
	vo.equiv_steps = (unsigned)equiv_steps;
	vo.equiv_budget = equiv_budget;
	vo.max_mutants = (size_t)max_mutants;
	vo.seed = seed;
	vo.min_mutation_score = min_score;
	for (k = 0; k < ntb; k++) {
		if (tbval_check(&vo, &task, &tbs[k], &reps[k], &err) < 0) {
			cli_error("%s", err.data);
			goto out;
		}
	}

	for (k = 0; k < ntb; k++) {
		const struct tbval_report *r = &reps[k];

		if (r->nmutants > nmut)
			nmut = r->nmutants;
		if (k < task.ntbs && !r->passes_reference)
			cli_warning("task '%s': human testbench '%s' FAILS ITS OWN REFERENCE: the task or the bench is wrong",
				    task.id, tbs[k].name);
		if (r->verdict == TBVAL_REJECTED)
			cli_warning("task '%s': testbench '%s' REJECTED: %s", task.id, tbs[k].name,
				    r->reason);
		else
			nok++;
		if (r->verdict == TBVAL_KEPT && r->score >= 0) {
			score_sum += r->score;
			nscored++;
		}
		if (!strcmp(format, "jsonl"))
			print_json(task.id, tbs[k].name, differential && k == task.ntbs, r);
		else
			print_text(tbs[k].name, r, details);
	}
	if (!strcmp(format, "text")) {
		printf("%s: %zu testbench%s, %zu ok, %zu rejected; %zu mutant%s", task.id, ntb,
		       ntb == 1 ? "" : "es", nok, ntb - nok, nmut, nmut == 1 ? "" : "s");
		if (nscored)
			printf(", mean mutation score %.2f", score_sum / (double)nscored);
		printf("\n");
	}
	ret = nok == ntb ? EXIT_OK : EXIT_NEGATIVE;
out:
	if (reps)
		for (k = 0; k < ntb; k++)
			tbval_report_release(&reps[k]);
	free(reps);
	tbval_cache_free(cache);
	free(tbs);
	buf_release(&diff);
	buf_release(&diffname);
	buf_release(&err);
	task_release(&task);
	gradeopt_env_release(&env);
	return ret;
}
