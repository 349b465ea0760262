/*
 * veripref tbcheck: validate the testbenches of a task.
 *
 * For each testbench (the task's tb/NAME.v files, plus with --differential one bench
 * from pipeline/tbdiff.h) it asks two questions: does it pass the reference
 * in every chosen simulator (a bench that fails its own reference is
 * rejected, loudly), and how strong is it — the share of mutants of ref.v
 * (testbench/vmutate.h) it kills.  All grading goes through grade_run(): one
 * call for the reference against every bench, then one call per accepted
 * bench with every mutant as a candidate (Icarus only).  This file parses,
 * counts and prints; it does not simulate anything itself.
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/grade.h"
#include "pipeline/gradeopt.h"
#include "pipeline/tbdiff.h"
#include "sim/buf.h"
#include "sim/xalloc.h"
#include "testbench/task.h"
#include "testbench/vmutate.h"

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
	"                        [--format text|jsonl] [grading options]\n"
	"\n"
	"Check every testbench of the task in DIR (tb/*.v, and with --differential one\n"
	"bench generated as by 'veripref tbgen --seed S', named 'differential(seed=S)'):\n"
	"  - it must compile and pass the reference (DIR/ref.v) in every simulator\n"
	"    chosen with --sim; otherwise it is REJECTED with the reason;\n"
	"  - its mutation score: up to N mutants of ref.v ('veripref mutate --max N\n"
	"    --seed S') are graded against it with Icarus only (whatever --sim says);\n"
	"    a mutant is killed when its outcome is not pass, a mutant that does not\n"
	"    compile is invalid; score = killed / valid mutants.\n"
	"\n"
	"options:\n"
	"  -t, --task DIR         task folder (task.json, ref.v, tb/*.v)\n"
	"  -d, --differential     also check a generated differential bench\n"
	"  -s, --seed S           seed of the mutants and of the differential bench,\n"
	"                         0..2^64-1 (default 1)\n"
	"  -m, --max-mutants N    at most N mutants, 1..100000 (default 40)\n"
	"  -f, --format FMT       text (default) or jsonl: one object per testbench with\n"
	"                         task, testbench, kind, compiles, passes_reference,\n"
	"                         mutants_valid, mutants_killed, mutation_score,\n"
	"                         verdict, reason\n"
	"  -h, --help             show this help\n"
	"grading options (defaults: --sim iverilog, --timeout 10):\n"
	"%s\n"
	"Exit status: 0 every testbench is ok, 1 some testbench is rejected,\n"
	"2 usage error, 3 runtime error (missing task or reference, no testbench,\n"
	"a simulator or Yosys missing).\n";

/* What tbcheck finds out about one testbench. */
struct bench {
	const char *name;
	int differential;
	int compiles[SIM_NKINDS];
	int passes[SIM_NKINDS];
	int rejected;
	struct buf reason;
	size_t valid, killed;
};

/* Record the reference's cell c in b; the first failing simulator gives the reason. */
static void note_reference(struct bench *b, const struct grade_cell *c)
{
	const char *msg = c->message && *c->message ? c->message : grade_outcome_name(c->outcome);

	b->compiles[c->sim] = c->outcome != GRADE_COMPILE_ERROR;
	b->passes[c->sim] = c->outcome == GRADE_PASS;
	if (c->outcome == GRADE_PASS || b->rejected)
		return;
	b->rejected = 1;
	if (c->outcome == GRADE_COMPILE_ERROR)
		buf_addf(&b->reason, "does not compile under %s: %s", sim_name(c->sim), msg);
	else
		buf_addf(&b->reason, "fails the reference under %s (%s): %s", sim_name(c->sim),
			 grade_outcome_name(c->outcome), msg);
}

static void print_text(const struct bench *b, unsigned sims, const struct grade_cell *ref_cells,
		       size_t nref, int tb)
{
	size_t k;

	printf("%-9s %s ", b->rejected ? "REJECTED" : "ok", b->name);
	for (k = 0; k < nref; k++)
		if (ref_cells[k].tb == tb && (sims & (1u << ref_cells[k].sim)))
			printf(" %s:%s", sim_name(ref_cells[k].sim),
			       grade_outcome_name(ref_cells[k].outcome));
	if (b->rejected)
		printf("  %s\n", b->reason.data);
	else if (b->valid)
		printf("  mutants %zu/%zu killed (%.2f)\n", b->killed, b->valid,
		       (double)b->killed / (double)b->valid);
	else
		printf("  mutants 0/0 killed (no valid mutant)\n");
}

static void print_json(const struct bench *b, const char *task, unsigned sims)
{
	cJSON *o = cJSON_CreateObject(), *comp, *pass;
	char *s;
	int k;

	cJSON_AddStringToObject(o, "task", task);
	cJSON_AddStringToObject(o, "testbench", b->name);
	cJSON_AddStringToObject(o, "kind", b->differential ? "differential" : "human");
	comp = cJSON_AddObjectToObject(o, "compiles");
	pass = cJSON_AddObjectToObject(o, "passes_reference");
	for (k = 0; k < SIM_NKINDS; k++)
		if (sims & (1u << k)) {
			cJSON_AddBoolToObject(comp, sim_name((enum sim_kind)k), b->compiles[k]);
			cJSON_AddBoolToObject(pass, sim_name((enum sim_kind)k), b->passes[k]);
		}
	cJSON_AddNumberToObject(o, "mutants_valid", (double)b->valid);
	cJSON_AddNumberToObject(o, "mutants_killed", (double)b->killed);
	if (b->valid)
		cJSON_AddNumberToObject(o, "mutation_score", (double)b->killed / (double)b->valid);
	else
		cJSON_AddNullToObject(o, "mutation_score");
	cJSON_AddStringToObject(o, "verdict", b->rejected ? "REJECTED" : "ok");
	cJSON_AddStringToObject(o, "reason", b->rejected ? b->reason.data : "");
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
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		GRADEOPT_LONGOPTS,
		{ NULL, 0, NULL, 0 }
	};
	struct grade_opts o, mo;
	struct gradeopt_env env = GRADEOPT_ENV_INIT;
	struct task task;
	struct buf err = BUF_INIT, diff = BUF_INIT, diffname = BUF_INIT;
	struct tbdiff_opts to;
	struct grade_testbench *tbs = NULL;
	struct grade_candidate ref, *mcands = NULL;
	struct grade_cell *ref_cells = NULL, *mcells = NULL;
	size_t nref = 0, nm = 0, ntb = 0, k, i, nok = 0;
	struct bench *benches = NULL;
	struct vmutate_set *mutants = NULL;
	const char *task_dir = NULL, *format = "text";
	int differential = 0, c, ret = EXIT_RUNTIME;
	uint64_t seed = 1;
	long max_mutants = 40;
	double score_sum = 0;
	size_t nscored = 0;

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
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "jsonl"))
				return cli_usage_error("tbcheck", "unknown format '%s' (text or jsonl)", optarg);
			format = optarg;
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
	benches = xcalloc(ntb, sizeof(*benches));
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
	for (k = 0; k < ntb; k++) {
		benches[k].name = tbs[k].name;
		benches[k].differential = differential && k == task.ntbs;
		buf_init(&benches[k].reason, 4096);
	}

	/* 1. The reference against every bench in every chosen simulator. */
	memset(&ref, 0, sizeof(ref));
	ref.name = "ref.v";
	ref.text = task.ref;
	ref.len = ref.size = task.ref_len;
	if (grade_run(&o, tbs, (int)ntb, &ref, 1, &ref_cells, &nref, &err) < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	for (i = 0; i < nref; i++)
		note_reference(&benches[ref_cells[i].tb], &ref_cells[i]);

	/* 2. Mutants of the reference against each accepted bench, Icarus only. */
	mutants = vmutate_generate(task.ref, task.ref_len, (size_t)max_mutants, seed, 0);
	mcands = xcalloc(mutants->nr ? mutants->nr : 1, sizeof(*mcands));
	for (i = 0; i < mutants->nr; i++) {
		mcands[i].name = mutants->v[i].desc;
		mcands[i].text = mutants->v[i].text;
		mcands[i].len = mcands[i].size = mutants->v[i].len;
	}
	mo = o;
	mo.sims = 1u << SIM_ICARUS;
	for (k = 0; k < ntb; k++) {
		if (benches[k].rejected || !mutants->nr)
			continue;
		if (grade_run(&mo, &tbs[k], 1, mcands, (int)mutants->nr, &mcells, &nm, &err) < 0) {
			cli_error("%s", err.data);
			goto out;
		}
		for (i = 0; i < nm; i++) {
			if (mcells[i].outcome == GRADE_COMPILE_ERROR)
				continue;
			benches[k].valid++;
			if (mcells[i].outcome != GRADE_PASS)
				benches[k].killed++;
		}
		grade_cells_free(mcells, nm);
		mcells = NULL;
		nm = 0;
	}

	for (k = 0; k < ntb; k++) {
		const struct bench *b = &benches[k];

		if (b->rejected)
			cli_warning("task '%s': testbench '%s' REJECTED: %s", task.id, b->name,
				    b->reason.data);
		else
			nok++;
		if (!b->rejected && b->valid) {
			score_sum += (double)b->killed / (double)b->valid;
			nscored++;
		}
		if (!strcmp(format, "jsonl"))
			print_json(b, task.id, o.sims);
		else
			print_text(b, o.sims, ref_cells, nref, (int)k);
	}
	if (!strcmp(format, "text")) {
		printf("%s: %zu testbench%s, %zu ok, %zu rejected; %zu mutant%s", task.id, ntb,
		       ntb == 1 ? "" : "es", nok, ntb - nok, mutants->nr, mutants->nr == 1 ? "" : "s");
		if (nscored)
			printf(", mean mutation score %.2f", score_sum / (double)nscored);
		printf("\n");
	}
	ret = nok == ntb ? EXIT_OK : EXIT_NEGATIVE;
out:
	grade_cells_free(ref_cells, nref);
	grade_cells_free(mcells, nm);
	free(mcands);
	vmutate_set_free(mutants);
	if (benches)
		for (k = 0; k < ntb; k++)
			buf_release(&benches[k].reason);
	free(benches);
	free(tbs);
	buf_release(&diff);
	buf_release(&diffname);
	buf_release(&err);
	task_release(&task);
	gradeopt_env_release(&env);
	return ret;
}
