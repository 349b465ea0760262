/*
 * veripref mutate: RTL mutants of a task's reference (ref.v), for measuring
 * testbenches by mutation score and as offline hard negatives.
 *
 * The mutants come from testbench/vmutate (lexer-level operators, seeded
 * sampling); this command reads the reference, keeps only the mutants that
 * compile with Icarus (`iverilog -g2012 -o /dev/null`, 20 s each, through
 * vmutate_keep_compiling()), and writes them to a directory with a JSONL manifest or to
 * standard output as JSONL.
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "sim/buf.h"
#include "sim/xalloc.h"
#include "testbench/vmutate.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define REF_MAX ((size_t)16 << 20)
#define COMPILE_TIMEOUT 20.0

static const char usage_text[] =
	"usage: veripref mutate --task DIR [--max N] [--seed S] [--out DIR]\n"
	"                       [--format text|jsonl] [--ops LIST] [--no-compile-check]\n"
	"\n"
	"Write mutants of the task's reference DIR/ref.v: each is the reference with\n"
	"one lexer-level edit (operator swap, constant +-1, negated if, dropped case\n"
	"item, ...).  Mutants that do not compile with iverilog -g2012 are discarded\n"
	"and counted.  A summary line goes to standard error.\n"
	"\n"
	"  -t, --task DIR          task directory (or its task.json); reads DIR/ref.v\n"
	"  -n, --max N             at most N mutants, sampled from all sites when there\n"
	"                          are more (default 0: every site)\n"
	"  -s, --seed S            sampling seed (default 1); same seed, same mutants\n"
	"  -o, --out DIR           write DIR/m0001.v ... and DIR/mutants.jsonl\n"
	"                          (created if missing)\n"
	"  -f, --format F          standard output: jsonl (default without --out; with\n"
	"                          the mutated text unless --out) or text (one line per\n"
	"                          mutant); with --out nothing is printed unless asked\n"
	"      --ops LIST          comma-separated operators (default: all):\n"
	"                          arith relop logic bitwise notdrop condneg const\n"
	"                          bitflip blocking edge casedrop swap\n"
	"      --no-compile-check  keep every mutant without compiling it\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 ok, 2 usage error, 3 unreadable task, unwritable output, or\n"
	"iverilog missing or failing on the reference itself.\n";

enum format { FMT_DEFAULT, FMT_NONE, FMT_TEXT, FMT_JSONL };

struct opts {
	const char *task;
	long max;
	long seed;
	const char *out;
	enum format format;
	unsigned ops;
	int compile_check;
};

static int parse_ops(const char *list, unsigned *ops)
{
	char *copy = xstrdup(list), *save = NULL, *p;
	int ret = 0;

	*ops = 0;
	for (p = strtok_r(copy, ",", &save); p; p = strtok_r(NULL, ",", &save)) {
		enum vmutate_op op;

		if (vmutate_op_parse(p, &op)) {
			ret = cli_usage_error("mutate", "unknown operator '%s' in --ops", p);
			goto out;
		}
		*ops |= VMUTATE_BIT(op);
	}
	if (!*ops)
		ret = cli_usage_error("mutate", "--ops wants at least one operator name");
out:
	free(copy);
	return ret;
}

/* Returns -1 to go on, or the exit code to return. */
static int parse_opts(int argc, char **argv, struct opts *o)
{
	enum { OPT_OPS = 256, OPT_NOCHECK };
	static const struct option longopts[] = {
		{ "task", required_argument, NULL, 't' },
		{ "max", required_argument, NULL, 'n' },
		{ "seed", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "ops", required_argument, NULL, OPT_OPS },
		{ "no-compile-check", no_argument, NULL, OPT_NOCHECK },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c, r;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":t:n:s:o:f:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			o->task = optarg;
			break;
		case 'n':
			if (cli_parse_long(optarg, 0, 1000000, &o->max))
				return cli_usage_error("mutate", "--max wants a whole number in [0, 1000000], not '%s'", optarg);
			break;
		case 's':
			if (cli_parse_long(optarg, 0, LONG_MAX, &o->seed))
				return cli_usage_error("mutate", "--seed wants a non-negative whole number, not '%s'", optarg);
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'f':
			if (!strcmp(optarg, "text"))
				o->format = FMT_TEXT;
			else if (!strcmp(optarg, "jsonl"))
				o->format = FMT_JSONL;
			else
				return cli_usage_error("mutate", "unknown format '%s' (text or jsonl)", optarg);
			break;
		case OPT_OPS:
			if ((r = parse_ops(optarg, &o->ops)))
				return r;
			break;
		case OPT_NOCHECK:
			o->compile_check = 0;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		case ':':
			return cli_usage_error("mutate", "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("mutate", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("mutate", "unexpected argument '%s'", argv[optind]);
	if (!o->task)
		return cli_usage_error("mutate", "no task given (--task DIR)");
	if (o->format == FMT_DEFAULT)
		o->format = o->out ? FMT_NONE : FMT_JSONL;
	return -1;
}

/* DIR/ref.v for a task directory, or for the directory of a task.json file. */
static char *ref_path(const char *task)
{
	struct stat st;
	struct buf b = BUF_INIT;

	if (!stat(task, &st) && S_ISREG(st.st_mode)) {
		const char *slash = strrchr(task, '/');

		if (slash)
			buf_add(&b, task, (size_t)(slash - task + 1));
		buf_addstr(&b, "ref.v");
	} else {
		buf_addstr(&b, task);
		if (b.len && b.data[b.len - 1] != '/')
			buf_addch(&b, '/');
		buf_addstr(&b, "ref.v");
	}
	return buf_detach(&b, NULL);
}

static void show_progress(size_t done, size_t total, void *arg)
{
	(void)arg;
	fprintf(stderr, "\rmutate: compiling %zu/%zu", done + 1, total);
}

static cJSON *mutant_json(const struct vmutant *m, const char *file, const char *id)
{
	cJSON *o = cJSON_CreateObject();

	if (file)
		cJSON_AddStringToObject(o, "file", file);
	else
		cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "op", vmutate_op_name(m->op));
	cJSON_AddNumberToObject(o, "line", (double)m->line);
	cJSON_AddNumberToObject(o, "col", (double)m->col);
	cJSON_AddStringToObject(o, "desc", m->desc);
	cJSON_AddNumberToObject(o, "site", (double)m->site);
	if (!file)
		cJSON_AddStringToObject(o, "text", m->text);
	return o;
}

static int make_dir(const char *dir)
{
	struct stat st;

	if (!mkdir(dir, 0777))
		return 0;
	if (errno == EEXIST && !stat(dir, &st) && S_ISDIR(st.st_mode))
		return 0;
	cli_error("cannot create directory '%s': %s", dir, strerror(errno == EEXIST ? ENOTDIR : errno));
	return -1;
}

int cmd_mutate(int argc, char **argv)
{
	struct opts o = { NULL, 0, 1, NULL, FMT_DEFAULT, 0, 1 };
	struct buf src = BUF_INIT, err = BUF_INIT, why = BUF_INIT, path = BUF_INIT, manifest = BUF_INIT;
	struct vmutate_set *set = NULL;
	char *ref = NULL, tmpdir[PATH_MAX] = "";
	size_t i;
	long discarded = 0;
	int ret = EXIT_RUNTIME, r, progress = cli_progress_enabled();

	if ((r = parse_opts(argc, argv, &o)) >= 0)
		return r;
	ref = ref_path(o.task);
	buf_init(&src, REF_MAX);
	if (buf_read_file(&src, ref)) {
		cli_error("cannot open '%s': %s", ref, strerror(errno));
		goto out;
	}
	set = vmutate_generate(src.data, src.len, (size_t)o.max, (uint64_t)o.seed, o.ops);

	if (o.compile_check) {
		const char *t = getenv("TMPDIR");

		if (!t || !*t)
			t = "/tmp";
		if (snprintf(tmpdir, sizeof(tmpdir), "%s/vp-mutate-XXXXXX", t) >= (int)sizeof(tmpdir) ||
		    !mkdtemp(tmpdir)) {
			cli_error("cannot create a temporary directory in '%s': %s", t, strerror(errno));
			tmpdir[0] = '\0';
			goto out;
		}
		/* A reference that does not compile is the task's error, not "0 mutants". */
		switch (vmutate_compile(tmpdir, src.data, src.len, COMPILE_TIMEOUT, &why, &err)) {
		case VMUTATE_CC_OK:
			break;
		case VMUTATE_CC_FAILED:
			cli_error("'%s' does not compile with iverilog -g2012: %s", ref, why.data);
			goto out;
		case VMUTATE_CC_ERROR:
			cli_error("%s; use --no-compile-check to skip the compile check", err.data);
			goto out;
		}
		progress = progress && set->nr > 0;
		discarded = vmutate_keep_compiling(set, tmpdir, COMPILE_TIMEOUT,
						   progress ? show_progress : NULL, NULL, &err);
		if (progress)
			fputc('\n', stderr);
		if (discarded < 0) {
			cli_error("%s", err.data);
			goto out;
		}
	}
	if (o.out && make_dir(o.out))
		goto out;

	for (i = 0; i < set->nr; i++) {
		const struct vmutant *m = &set->v[i];
		char name[32], id[32];
		cJSON *j;
		char *line;

		snprintf(id, sizeof(id), "m%04zu", i + 1);
		snprintf(name, sizeof(name), "m%04zu.v", i + 1);
		if (o.out) {
			buf_reset(&path);
			buf_addf(&path, "%s/%s", o.out, name);
			if (buf_write_file(path.data, m->text, m->len)) {
				cli_error("cannot write '%s': %s", path.data, strerror(errno));
				goto out;
			}
		}
		j = mutant_json(m, o.out ? name : NULL, id);
		line = cJSON_PrintUnformatted(j);
		cJSON_Delete(j);
		if (o.out) {
			buf_addstr(&manifest, line);
			buf_addch(&manifest, '\n');
		}
		if (o.format == FMT_JSONL)
			printf("%s\n", line);
		else if (o.format == FMT_TEXT)
			printf("%-8s %-9s %s\n", o.out ? name : id, vmutate_op_name(m->op), m->desc);
		cJSON_free(line);
	}
	if (o.out) {
		buf_reset(&path);
		buf_addf(&path, "%s/mutants.jsonl", o.out);
		if (buf_write_file(path.data, manifest.data, manifest.len)) {
			cli_error("cannot write '%s': %s", path.data, strerror(errno));
			goto out;
		}
	}
	fflush(stdout);
	if (o.compile_check)
		fprintf(stderr, "mutate: %zu mutants (%ld did not compile, discarded) from %zu sites\n",
			set->nr, discarded, set->nsites);
	else
		fprintf(stderr, "mutate: %zu mutants from %zu sites (compile check skipped)\n",
			set->nr, set->nsites);
	ret = EXIT_OK;
out:
	if (tmpdir[0])
		rmdir(tmpdir);
	vmutate_set_free(set);
	free(ref);
	buf_release(&src);
	buf_release(&err);
	buf_release(&why);
	buf_release(&path);
	buf_release(&manifest);
	return ret;
}
