/*
 * veripref pairs: read a matrix file, select preference pairs per task and
 * write them in a trainer's format (stdout or -o FILE), with a summary of
 * kept and dropped tasks on stderr.  The file is streamed one task at a time.
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/matrix.h"
#include "pipeline/pairs.h"
#include "pipeline/score.h"
#include "sim/buf.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char usage_text[] =
	"usage: veripref pairs [options] FILE\n"
	"       veripref pairs RUN\n"
	"\n"
	"With a run directory (see veripref run), runs the pairs stage of that run\n"
	"with its stored settings and writes RUN/pairs.<format>.jsonl.\n"
	"\n"
	"Turn the ranked candidates of a matrix file ('-' for standard input) into\n"
	"preference data.  Tasks need a \"prompt\" and candidates a \"text\".\n"
	"\n"
	"  -s, --strategy S       best-worst (default), all, dstc\n"
	"  -m, --method M         ranking for best-worst/all: truth (default), truth-all,\n"
	"                         maxpass, codet, b4, cluster, pagerank\n"
	"      --codet-power P    CodeT's p (default 0.5)\n"
	"  -f, --format F         trl (default), trl-chat, kto, llamafactory\n"
	"  -o, --output FILE      write records to FILE (default: standard output);\n"
	"                         llamafactory also writes FILE's dataset_info.json\n"
	"      --dataset-name N   llamafactory dataset name (default: FILE without extension)\n"
	"      --min-margin X     keep pairs whose score gap is at least X (default 0)\n"
	"      --length-ratio R   keep pairs whose longer text is at most R times the shorter\n"
	"      --max-pairs N      pairs per task (default 1; 16 for all)\n"
	"      --seed N           seed for choices among ties (default 1)\n"
	"      --ranked-only      never reject a candidate the method does not rank\n"
	"                         (did not run, or no evidence)\n"
	"      --dropped FILE     write {\"task_id\",\"reason\"} per dropped task to FILE\n"
	"      --max-line BYTES   longest accepted line (default 268435456)\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 ok, 2 usage error, 3 unreadable or malformed file, write error.\n";

struct opts {
	struct pairs_options po;
	enum pairs_format fmt;
	const char *output, *dataset_name, *dropped, *file;
	size_t max_line;
};

static int parse_opts(int argc, char **argv, struct opts *o)
{
	enum { OPT_POWER = 256, OPT_DSNAME, OPT_MARGIN, OPT_LRATIO, OPT_MAXPAIRS, OPT_SEED,
	       OPT_RANKED, OPT_DROPPED, OPT_MAXLINE };
	static const struct option longopts[] = {
		{ "strategy", required_argument, NULL, 's' },
		{ "method", required_argument, NULL, 'm' },
		{ "codet-power", required_argument, NULL, OPT_POWER },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "dataset-name", required_argument, NULL, OPT_DSNAME },
		{ "min-margin", required_argument, NULL, OPT_MARGIN },
		{ "length-ratio", required_argument, NULL, OPT_LRATIO },
		{ "max-pairs", required_argument, NULL, OPT_MAXPAIRS },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "ranked-only", no_argument, NULL, OPT_RANKED },
		{ "dropped", required_argument, NULL, OPT_DROPPED },
		{ "max-line", required_argument, NULL, OPT_MAXLINE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	long l;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":s:m:f:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 's':
			if (!strcmp(optarg, "best-worst"))
				o->po.strategy = PAIRS_BEST_WORST;
			else if (!strcmp(optarg, "all"))
				o->po.strategy = PAIRS_ALL;
			else if (!strcmp(optarg, "dstc"))
				o->po.strategy = PAIRS_DSTC;
			else
				return cli_usage_error("pairs", "unknown strategy '%s' (best-worst, all, dstc)", optarg);
			break;
		case 'm':
			if (score_method_parse(optarg, &o->po.method))
				return cli_usage_error("pairs", "unknown method '%s'", optarg);
			break;
		case OPT_POWER:
			o->po.params.codet_power = strtod(optarg, &end);
			if (!*optarg || *end || !(o->po.params.codet_power >= 0 && o->po.params.codet_power <= 100))
				return cli_usage_error("pairs", "--codet-power wants a number in [0, 100], not '%s'", optarg);
			break;
		case 'f':
			if (!strcmp(optarg, "trl"))
				o->fmt = PAIRS_TRL;
			else if (!strcmp(optarg, "trl-chat"))
				o->fmt = PAIRS_TRL_CHAT;
			else if (!strcmp(optarg, "kto"))
				o->fmt = PAIRS_KTO;
			else if (!strcmp(optarg, "llamafactory"))
				o->fmt = PAIRS_LLAMAFACTORY;
			else
				return cli_usage_error("pairs", "unknown format '%s' (trl, trl-chat, kto, llamafactory)", optarg);
			break;
		case 'o':
			o->output = optarg;
			break;
		case OPT_DSNAME:
			if (!*optarg)
				return cli_usage_error("pairs", "--dataset-name wants a name");
			o->dataset_name = optarg;
			break;
		case OPT_MARGIN:
			o->po.min_margin = strtod(optarg, &end);
			if (!*optarg || *end || o->po.min_margin != o->po.min_margin)
				return cli_usage_error("pairs", "--min-margin wants a number, not '%s'", optarg);
			break;
		case OPT_LRATIO:
			o->po.length_ratio = strtod(optarg, &end);
			if (!*optarg || *end || !(o->po.length_ratio >= 1))
				return cli_usage_error("pairs", "--length-ratio wants a number >= 1, not '%s'", optarg);
			break;
		case OPT_MAXPAIRS:
			if (cli_parse_long(optarg, 1, LONG_MAX, &l))
				return cli_usage_error("pairs", "--max-pairs wants a whole number >= 1, not '%s'", optarg);
			o->po.max_pairs = (size_t)l;
			break;
		case OPT_SEED:
			if (cli_parse_long(optarg, 0, LONG_MAX, &l))
				return cli_usage_error("pairs", "--seed wants a whole number >= 0, not '%s'", optarg);
			o->po.seed = (uint64_t)l;
			break;
		case OPT_RANKED:
			o->po.ranked_only = 1;
			break;
		case OPT_DROPPED:
			o->dropped = optarg;
			break;
		case OPT_MAXLINE:
			if (cli_parse_long(optarg, 1, LONG_MAX, &l))
				return cli_usage_error("pairs", "--max-line wants a positive number of bytes, not '%s'", optarg);
			o->max_line = (size_t)l;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return -1;
		case ':':
			return cli_usage_error("pairs", "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("pairs", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("pairs", optind == argc ? "no matrix file given" :
				       "expected one matrix file, got %d arguments", argc - optind);
	o->file = argv[optind];
	if (o->dataset_name && o->fmt != PAIRS_LLAMAFACTORY)
		return cli_usage_error("pairs", "--dataset-name goes with --format llamafactory");
	return 0;
}

/* Write dataset_info.json next to the output file, keeping other entries. */
static int write_dataset_info(const struct opts *o)
{
	struct buf path = BUF_INIT, old = BUF_INIT, text = BUF_INIT, err = BUF_INIT, name = BUF_INIT;
	const char *slash = strrchr(o->output, '/');
	const char *base = slash ? slash + 1 : o->output;
	const char *dot;
	int have_old, ret = -1;

	if (slash)
		buf_add(&path, o->output, (size_t)(slash - o->output) + 1);
	buf_addstr(&path, "dataset_info.json");
	if (o->dataset_name) {
		buf_addstr(&name, o->dataset_name);
	} else {
		dot = strrchr(base, '.');
		buf_add(&name, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
	}
	have_old = buf_read_file(&old, path.data) == 0;
	if (!have_old && errno != ENOENT) {
		cli_error("cannot read '%s': %s", path.data, strerror(errno));
		goto out;
	}
	if (pairs_dataset_info(&text, have_old ? old.data : NULL, name.data, base, &err)) {
		cli_error("'%s': %s", path.data, err.data);
		goto out;
	}
	if (buf_write_file(path.data, text.data, text.len)) {
		cli_error("cannot write '%s': %s", path.data, strerror(errno));
		goto out;
	}
	ret = 0;
out:
	buf_release(&path);
	buf_release(&old);
	buf_release(&text);
	buf_release(&err);
	buf_release(&name);
	return ret;
}

static void write_dropped(FILE *fp, const struct matrix_task *t, enum pairs_drop why)
{
	cJSON *o = cJSON_CreateObject();
	char *line;

	cJSON_AddStringToObject(o, "task_id", t->task_id);
	cJSON_AddStringToObject(o, "reason", pairs_drop_name(why));
	line = cJSON_PrintUnformatted(o);
	if (!line) {
		fprintf(stderr, "veripref: fatal: out of memory printing JSON\n");
		abort();
	}
	fprintf(fp, "%s\n", line);
	cJSON_free(line);
	cJSON_Delete(o);
}

static int close_file(FILE *fp, const char *path)
{
	int bad = ferror(fp);

	if (fp == stdout)
		return bad ? -1 : 0;
	if (fclose(fp) || bad) {
		cli_error("cannot write '%s': %s", path, strerror(errno ? errno : EIO));
		return -1;
	}
	return 0;
}

int cmd_pairs(int argc, char **argv)
{
	struct opts o = { .po = PAIRS_OPTIONS_INIT, .fmt = PAIRS_TRL };
	struct matrix_task t = MATRIX_TASK_INIT;
	struct pairs_set s = PAIRS_SET_INIT;
	struct matrix_reader *rd = NULL;
	struct buf rec = BUF_INIT;
	FILE *out = stdout, *dropped = NULL;
	size_t drops[PAIRS_NDROP] = { 0 }, tasks = 0, records = 0, ndropped = 0;
	size_t desirable = 0, undesirable = 0, i;
	char err[MATRIX_ERR_MAX];
	int rc, status = EXIT_RUNTIME;

	/* `veripref pairs RUN`: the stage of a run directory (cmd_run.c). */
	if (cmd_run_is_run_form(argc, argv))
		return cmd_run_stage("pairs", argc, argv);
	rc = parse_opts(argc, argv, &o);
	if (rc)
		return rc < 0 ? EXIT_OK : rc;
	rd = matrix_reader_open(o.file, o.max_line, err);
	if (!rd) {
		cli_error("%s", err);
		return EXIT_RUNTIME;
	}
	if (o.output && !(out = fopen(o.output, "w"))) {
		cli_error("cannot open '%s' for writing: %s", o.output, strerror(errno));
		out = NULL;
		goto out;
	}
	if (o.dropped && !(dropped = fopen(o.dropped, "w"))) {
		cli_error("cannot open '%s' for writing: %s", o.dropped, strerror(errno));
		goto out;
	}
	while ((rc = matrix_reader_next(rd, &t, err)) > 0) {
		tasks++;
		pairs_select(&t, &o.po, &s);
		if (!s.n) {
			drops[s.drop]++;
			ndropped++;
			if (dropped)
				write_dropped(dropped, &t, s.drop);
			continue;
		}
		buf_reset(&rec);
		pairs_format(&rec, &t, &o.po, o.fmt, &s, &desirable, &undesirable);
		for (i = 0; i < rec.len; i++)
			records += rec.data[i] == '\n';
		if (fwrite(rec.data, 1, rec.len, out) != rec.len)
			break;
	}
	if (rc < 0) {
		cli_error("%s", err);
		goto out;
	}
	if (ferror(out)) {
		cli_error("cannot write '%s': %s", o.output ? o.output : "standard output",
			  strerror(errno ? errno : EIO));
		goto out;
	}
	fprintf(stderr, "pairs: %zu task%s, %zu kept, %zu record%s", tasks, tasks == 1 ? "" : "s",
		tasks - ndropped, records, records == 1 ? "" : "s");
	if (ndropped) {
		const char *sep = "; dropped: ";

		for (i = 1; i < PAIRS_NDROP; i++)
			if (drops[i]) {
				fprintf(stderr, "%s%s %zu", sep, pairs_drop_name((enum pairs_drop)i), drops[i]);
				sep = ", ";
			}
	}
	fputc('\n', stderr);
	if (!records)
		cli_warning("no record written: every task was dropped");
	if (o.fmt == PAIRS_KTO)
		fprintf(stderr, "kto: %zu desirable, %zu undesirable\n", desirable, undesirable);
	if (o.fmt == PAIRS_LLAMAFACTORY) {
		if (!o.output)
			cli_warning("dataset_info.json is written only with --output FILE");
		else if (write_dataset_info(&o))
			goto out;
	}
	status = EXIT_OK;
out:
	if (out && close_file(out, o.output ? o.output : "standard output"))
		status = EXIT_RUNTIME;
	if (dropped && close_file(dropped, o.dropped))
		status = EXIT_RUNTIME;
	buf_release(&rec);
	pairs_set_release(&s);
	matrix_task_release(&t);
	matrix_reader_close(rd);
	return status;
}
