/*
 * veripref tbgen: write a differential testbench for a task.
 *
 * Reads DIR/task.json and DIR/ref.v, gets the reference's interface from
 * Yosys (sim/yosys.h), renames every module of the reference to
 * <name>__vpref_<hash> so it cannot clash with the candidate's modules, and
 * writes one self-contained file: the renamed reference followed by the
 * `tb` module from testbench/tbgen.h.  A grader compiles `candidate.v tb.v`.
 *
 * task.json is read here with cJSON, not with testbench/task.h, because the
 * fields only this command uses (params, dont_care, constraints) are not in
 * struct task yet; moving them there is the clean-up to do next.
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "sim/buf.h"
#include "sim/xalloc.h"
#include "sim/yosys.h"
#include "testbench/tbgen.h"
#include "testbench/vmod.h"
#include "testbench/vnorm.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage_text[] =
	"usage: veripref tbgen --task DIR [--kind differential|signature] [--seed S] [-o FILE]\n"
	"\n"
	"Write a differential testbench for the task in DIR: the reference (DIR/ref.v,\n"
	"its modules renamed <name>__vpref_<hash>) and the candidate (module named by\n"
	"task.json's \"top\") get identical random and corner stimuli and every output\n"
	"is compared (X/Z on the reference is don't-care).  The output file holds the\n"
	"renamed reference and module `tb`; compile it after the candidate with\n"
	"testbench/vp_harness.vh on the include path.  Ports come from Yosys.\n"
	"\n"
	"--kind signature drives the candidate alone with the same stimuli and prints\n"
	"'@vp:<nonce>:NOTE signature <hex> samples <n>', a hash of its output trace\n"
	"(0 checks); the interface comes from --interface FILE or DIR/ref.v.\n"
	"\n"
	"  -t, --task DIR       task directory (task.json, ref.v)\n"
	"  -k, --kind K         differential (the default) or signature\n"
	"  -i, --interface FILE signature: any Verilog file declaring the top module\n"
	"                       (default DIR/ref.v)\n"
	"  -s, --seed S         stimulus seed, 0..2^64-1 (default 1); the same seed\n"
	"                       gives the same file\n"
	"  -p, --param NAME=V   override (or add) a parameter of task.json's \"params\"\n"
	"                       for both instances, e.g. WIDTH=12 (repeatable)\n"
	"      --cycles N       sequential tasks: random cycles after reset (default 4000)\n"
	"      --vectors N      combinational tasks over 16 input bits: random vectors\n"
	"                       (default 10000)\n"
	"  -o, --output FILE    write to FILE instead of standard output\n"
	"  -h, --help           show this help\n"
	"\n"
	"Exit status: 0 ok, 2 usage error, 3 unreadable task, Yosys failure or an\n"
	"interface a differential bench cannot drive (inout ports).\n";

struct task_info {
	char *top;
	char *clock;
	char *reset;
	int reset_active_low;
	int reset_sync;
	int seq;
	struct tbgen_param *params;   /* names and values owned */
	size_t nparams;
	/* "dont_care" and "constraints"; every string owned. */
	char **ignore;
	size_t nignore;
	struct tbgen_when *when;
	size_t nwhen;
	struct tbgen_latency *latency;
	size_t nlatency;
	struct tbgen_hold *holds;     /* inputs arrays owned too */
	size_t nholds;
	struct tbgen_range *ranges;
	size_t nranges;
	char *assume;
};

static void task_info_release(struct task_info *t)
{
	size_t i;

	free(t->top);
	free(t->clock);
	free(t->reset);
	for (i = 0; i < t->nparams; i++) {
		free((char *)t->params[i].name);
		free((char *)t->params[i].value);
	}
	free(t->params);
	for (i = 0; i < t->nignore; i++)
		free(t->ignore[i]);
	free(t->ignore);
	for (i = 0; i < t->nwhen; i++) {
		free((char *)t->when[i].output);
		free((char *)t->when[i].expr);
	}
	free(t->when);
	for (i = 0; i < t->nlatency; i++)
		free((char *)t->latency[i].output);
	free(t->latency);
	for (i = 0; i < t->nholds; i++) {
		size_t k;

		for (k = 0; k < t->holds[i].ninputs; k++)
			free((char *)t->holds[i].inputs[k]);
		free((void *)t->holds[i].inputs);
		free((char *)t->holds[i].expr);
	}
	free(t->holds);
	for (i = 0; i < t->nranges; i++)
		free((char *)t->ranges[i].input);
	free(t->ranges);
	free(t->assume);
	memset(t, 0, sizeof(*t));
}

static int opt_string(const cJSON *root, const char *key, char **out, const char *path,
		      struct buf *err)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);

	if (!v || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v) || !*v->valuestring) {
		buf_setf(err, "'%s': \"%s\" must be a non-empty string or null", path, key);
		return -1;
	}
	*out = xstrdup(v->valuestring);
	return 0;
}

/* A JSON array of non-empty strings, copied into *out / *n. */
static int string_array(const cJSON *v, char ***out, size_t *n, const char *path,
			const char *what, struct buf *err)
{
	const cJSON *e;
	size_t alloc = 0;

	if (!cJSON_IsArray(v)) {
		buf_setf(err, "'%s': %s must be an array of strings", path, what);
		return -1;
	}
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e) || !*e->valuestring) {
			buf_setf(err, "'%s': %s must be an array of strings", path, what);
			return -1;
		}
		ALLOC_GROW(*out, *n + 1, alloc);
		(*out)[(*n)++] = xstrdup(e->valuestring);
	}
	return 0;
}

/*
 * The optional don't-care and constraint objects:
 *   "dont_care": {"ignore": [out...], "compare_when": {out: expr},
 *                 "latency": {out: cycles}}
 *   "constraints": {"hold": [{"inputs": [in...], "while": expr}],
 *                   "range": {in: [lo, hi]}, "assume": expr}
 */
static int read_rules(const cJSON *root, struct task_info *t, const char *path, struct buf *err)
{
	const cJSON *dc = cJSON_GetObjectItemCaseSensitive(root, "dont_care");
	const cJSON *cs = cJSON_GetObjectItemCaseSensitive(root, "constraints");
	const cJSON *v, *e;
	size_t alloc;

	if (dc && !cJSON_IsObject(dc)) {
		buf_setf(err, "'%s': \"dont_care\" must be an object", path);
		return -1;
	}
	if (cs && !cJSON_IsObject(cs)) {
		buf_setf(err, "'%s': \"constraints\" must be an object", path);
		return -1;
	}
	cJSON_ArrayForEach(e, dc)
		if (strcmp(e->string, "ignore") && strcmp(e->string, "compare_when") &&
		    strcmp(e->string, "latency")) {
			buf_setf(err, "'%s': unknown key \"dont_care.%s\"", path, e->string);
			return -1;
		}
	cJSON_ArrayForEach(e, cs)
		if (strcmp(e->string, "hold") && strcmp(e->string, "range") && strcmp(e->string, "assume")) {
			buf_setf(err, "'%s': unknown key \"constraints.%s\"", path, e->string);
			return -1;
		}
	v = cJSON_GetObjectItemCaseSensitive(dc, "ignore");
	if (v && string_array(v, &t->ignore, &t->nignore, path, "dont_care.ignore", err))
		return -1;
	v = cJSON_GetObjectItemCaseSensitive(dc, "compare_when");
	if (v && !cJSON_IsObject(v)) {
		buf_setf(err, "'%s': dont_care.compare_when must map outputs to expressions", path);
		return -1;
	}
	alloc = 0;
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsString(e)) {
			buf_setf(err, "'%s': dont_care.compare_when must map outputs to expressions", path);
			return -1;
		}
		ALLOC_GROW(t->when, t->nwhen + 1, alloc);
		t->when[t->nwhen].output = xstrdup(e->string);
		t->when[t->nwhen++].expr = xstrdup(e->valuestring);
	}
	v = cJSON_GetObjectItemCaseSensitive(dc, "latency");
	if (v && !cJSON_IsObject(v)) {
		buf_setf(err, "'%s': dont_care.latency must map outputs to cycle counts", path);
		return -1;
	}
	alloc = 0;
	cJSON_ArrayForEach(e, v) {
		if (!cJSON_IsNumber(e) || e->valuedouble != (double)(int)e->valuedouble) {
			buf_setf(err, "'%s': dont_care.latency must map outputs to cycle counts", path);
			return -1;
		}
		ALLOC_GROW(t->latency, t->nlatency + 1, alloc);
		t->latency[t->nlatency].output = xstrdup(e->string);
		t->latency[t->nlatency++].cycles = (int)e->valuedouble;
	}
	v = cJSON_GetObjectItemCaseSensitive(cs, "hold");
	if (v && !cJSON_IsArray(v)) {
		buf_setf(err, "'%s': constraints.hold must be an array", path);
		return -1;
	}
	alloc = 0;
	cJSON_ArrayForEach(e, v) {
		const cJSON *in = cJSON_GetObjectItemCaseSensitive(e, "inputs");
		const cJSON *wh = cJSON_GetObjectItemCaseSensitive(e, "while");
		struct tbgen_hold *h;
		char **names = NULL;
		size_t n = 0;

		if (!cJSON_IsString(wh)) {
			buf_setf(err, "'%s': each constraints.hold needs \"inputs\" and \"while\"", path);
			return -1;
		}
		ALLOC_GROW(t->holds, t->nholds + 1, alloc);
		h = &t->holds[t->nholds++];
		h->expr = xstrdup(wh->valuestring);
		h->inputs = NULL;
		h->ninputs = 0;
		if (string_array(in, &names, &n, path, "constraints.hold.inputs", err)) {
			h->inputs = (const char *const *)names;
			h->ninputs = n;
			return -1;
		}
		h->inputs = (const char *const *)names;
		h->ninputs = n;
	}
	v = cJSON_GetObjectItemCaseSensitive(cs, "range");
	if (v && !cJSON_IsObject(v)) {
		buf_setf(err, "'%s': constraints.range must map inputs to [lo, hi]", path);
		return -1;
	}
	alloc = 0;
	cJSON_ArrayForEach(e, v) {
		const cJSON *lo = cJSON_GetArrayItem(e, 0), *hi = cJSON_GetArrayItem(e, 1);

		if (!cJSON_IsArray(e) || cJSON_GetArraySize(e) != 2 || !cJSON_IsNumber(lo) ||
		    !cJSON_IsNumber(hi) || lo->valuedouble < 0 || hi->valuedouble < 0 ||
		    hi->valuedouble > 4294967295.0 ||
		    lo->valuedouble != (double)(uint64_t)lo->valuedouble ||
		    hi->valuedouble != (double)(uint64_t)hi->valuedouble) {
			buf_setf(err, "'%s': constraints.range must map inputs to [lo, hi]", path);
			return -1;
		}
		ALLOC_GROW(t->ranges, t->nranges + 1, alloc);
		t->ranges[t->nranges].input = xstrdup(e->string);
		t->ranges[t->nranges].lo = (uint64_t)lo->valuedouble;
		t->ranges[t->nranges++].hi = (uint64_t)hi->valuedouble;
	}
	v = cJSON_GetObjectItemCaseSensitive(cs, "assume");
	if (v && !cJSON_IsString(v)) {
		buf_setf(err, "'%s': constraints.assume must be an expression string", path);
		return -1;
	}
	if (v)
		t->assume = xstrdup(v->valuestring);
	return 0;
}

/* Read the fields of task.json a differential bench needs. */
static int read_task(const char *path, struct task_info *t, struct buf *err)
{
	struct buf text = BUF_INIT;
	cJSON *root = NULL;
	const cJSON *v, *p;
	size_t alloc = 0;
	int ret = -1;

	buf_init(&text, 1u << 20);
	if (buf_read_file(&text, path)) {
		buf_setf(err, "cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	root = cJSON_ParseWithLengthOpts(text.data, text.len, NULL, 0);
	if (!cJSON_IsObject(root)) {
		buf_setf(err, "'%s' is not a JSON object", path);
		goto out;
	}
	if (opt_string(root, "top", &t->top, path, err) ||
	    opt_string(root, "clock", &t->clock, path, err) ||
	    opt_string(root, "reset", &t->reset, path, err))
		goto out;
	if (!t->top) {
		buf_setf(err, "'%s' has no \"top\"", path);
		goto out;
	}
	v = cJSON_GetObjectItemCaseSensitive(root, "kind");
	if (!cJSON_IsString(v) || (strcmp(v->valuestring, "comb") && strcmp(v->valuestring, "seq"))) {
		buf_setf(err, "'%s': \"kind\" must be \"comb\" or \"seq\"", path);
		goto out;
	}
	t->seq = !strcmp(v->valuestring, "seq");
	v = cJSON_GetObjectItemCaseSensitive(root, "reset_active");
	if (v && !(cJSON_IsString(v) && (!strcmp(v->valuestring, "high") ||
					 !strcmp(v->valuestring, "low")))) {
		buf_setf(err, "'%s': \"reset_active\" must be \"high\" or \"low\"", path);
		goto out;
	}
	t->reset_active_low = v && !strcmp(v->valuestring, "low");
	v = cJSON_GetObjectItemCaseSensitive(root, "reset_sync");
	t->reset_sync = !v || cJSON_IsTrue(v);
	v = cJSON_GetObjectItemCaseSensitive(root, "params");
	if (v && !cJSON_IsObject(v)) {
		buf_setf(err, "'%s': \"params\" must be an object", path);
		goto out;
	}
	cJSON_ArrayForEach(p, v) {
		char num[32];
		struct tbgen_param *tp;

		if (!cJSON_IsNumber(p) || p->valuedouble != (double)(long long)p->valuedouble) {
			buf_setf(err, "'%s': parameter \"%s\" must be an integer", path, p->string);
			goto out;
		}
		snprintf(num, sizeof(num), "%lld", (long long)p->valuedouble);
		ALLOC_GROW(t->params, t->nparams + 1, alloc);
		tp = &t->params[t->nparams++];
		tp->name = xstrdup(p->string);
		tp->value = xstrdup(num);
	}
	if (read_rules(root, t, path, err))
		goto out;
	ret = 0;
out:
	cJSON_Delete(root);
	buf_release(&text);
	return ret;
}

/*
 * Append ref's modules, renamed with suffix, to out.  0, or -1 with err set
 * when the reference does not declare top.
 */
static int rename_reference(const char *src, size_t len, const char *top, const char *suffix,
			    struct buf *out, struct buf *err)
{
	struct vmod_list mods = VMOD_LIST_INIT;
	int ok;

	vmod_declared(src, len, &mods);
	ok = vmod_list_has(&mods, top);
	vmod_list_release(&mods);
	if (!ok) {
		buf_setf(err, "the reference declares no module '%s'", top);
		return -1;
	}
	return vmod_rename(src, len, suffix, out, err) < 0 ? -1 : 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int cmd_tbgen(int argc, char **argv)
{
	enum { OPT_CYCLES = 256, OPT_VECTORS };
	static const struct option longopts[] = {
		{ "task", required_argument, NULL, 't' },
		{ "kind", required_argument, NULL, 'k' },
		{ "interface", required_argument, NULL, 'i' },
		{ "param", required_argument, NULL, 'p' },
		{ "seed", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "cycles", required_argument, NULL, OPT_CYCLES },
		{ "vectors", required_argument, NULL, OPT_VECTORS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL, *output = NULL, *iface = NULL;
	const char *overrides[64];   /* into argv; no allocation before the options are parsed */
	size_t noverrides = 0;
	int sig = 0;
	uint64_t seed = 1;
	long cycles = 0, vectors = 0;
	struct task_info task;
	struct yosys_module mod = YOSYS_MODULE_INIT;
	struct yosys_chparam *chp = NULL;
	struct tbgen_port *ports = NULL;
	struct tbgen_spec spec;
	struct buf path = BUF_INIT, ref = BUF_INIT, text = BUF_INIT, err = BUF_INIT;
	char suffix[32];
	int c, status = EXIT_RUNTIME;
	size_t i;

	memset(&task, 0, sizeof(task));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":t:k:i:p:s:o:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			dir = optarg;
			break;
		case 'k':
			if (!strcmp(optarg, "signature"))
				sig = 1;
			else if (!strcmp(optarg, "differential"))
				sig = 0;
			else
				return cli_usage_error("tbgen", "unknown --kind '%s' (differential or signature)",
						       optarg);
			break;
		case 'i':
			iface = optarg;
			break;
		case 'p': {
			const char *eq = strchr(optarg, '=');
			long long v;
			char *end;

			if (!eq || eq == optarg || !eq[1])
				return cli_usage_error("tbgen", "--param wants NAME=VALUE, not '%s'", optarg);
			errno = 0;
			v = strtoll(eq + 1, &end, 10);
			(void)v;
			if (errno || *end)
				return cli_usage_error("tbgen", "--param %s: the value must be an integer", optarg);
			if (noverrides == sizeof(overrides) / sizeof(overrides[0]))
				return cli_usage_error("tbgen", "too many --param options");
			overrides[noverrides++] = optarg;
			break;
		}
		case 's':
			if (parse_u64(optarg, &seed))
				return cli_usage_error("tbgen", "--seed wants a number in 0..2^64-1, not '%s'",
						       optarg);
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_CYCLES:
			if (cli_parse_long(optarg, 1, 100000000, &cycles))
				return cli_usage_error("tbgen", "--cycles wants a positive number, not '%s'", optarg);
			break;
		case OPT_VECTORS:
			if (cli_parse_long(optarg, 1, 100000000, &vectors))
				return cli_usage_error("tbgen", "--vectors wants a positive number, not '%s'", optarg);
			break;
		case 'h':
			fputs(usage_text, stdout);
			return EXIT_OK;
		case ':':
			return cli_usage_error("tbgen", "option '%s' needs a value", argv[optind - 1]);
		default:
			return cli_usage_error("tbgen", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("tbgen", "unexpected argument '%s'", argv[optind]);
	if (!dir)
		return cli_usage_error("tbgen", "--task DIR is required");
	if (iface && !sig)
		return cli_usage_error("tbgen", "--interface is for --kind signature");

	buf_addf(&path, "%s/task.json", dir);
	if (read_task(path.data, &task, &err))
		goto fail;
	for (i = 0; i < noverrides; i++) {
		const char *eq = strchr(overrides[i], '=');
		size_t k, alloc = task.nparams;

		for (k = 0; k < task.nparams; k++)
			if (strlen(task.params[k].name) == (size_t)(eq - overrides[i]) &&
			    !strncmp(task.params[k].name, overrides[i], (size_t)(eq - overrides[i])))
				break;
		if (k == task.nparams) {
			ALLOC_GROW(task.params, task.nparams + 1, alloc);
			task.params[k].name = xstrndup(overrides[i], (size_t)(eq - overrides[i]));
			task.params[k].value = NULL;
			task.nparams++;
		}
		free((char *)task.params[k].value);
		task.params[k].value = xstrdup(eq + 1);
	}

	buf_reset(&path);
	if (iface)
		buf_addstr(&path, iface);
	else
		buf_addf(&path, "%s/ref.v", dir);
	buf_init(&ref, 16u << 20);
	if (buf_read_file(&ref, path.data)) {
		if (errno == ENOENT && sig && !iface)
			buf_setf(&err, "cannot open '%s': %s (give the interface with --interface FILE)",
				 path.data, strerror(errno));
		else if (errno == ENOENT && !sig)
			buf_setf(&err, "cannot open '%s': %s (a differential testbench needs the reference)",
				 path.data, strerror(errno));
		else
			buf_setf(&err, "cannot open '%s': %s", path.data, strerror(errno));
		goto fail;
	}

	chp = xcalloc(task.nparams ? task.nparams : 1, sizeof(*chp));
	for (i = 0; i < task.nparams; i++) {
		chp[i].name = task.params[i].name;
		chp[i].value = task.params[i].value;
	}
	if (yosys_extract(path.data, task.top, chp, task.nparams, NULL, &mod, &err))
		goto fail;

	ports = xcalloc(mod.nports ? mod.nports : 1, sizeof(*ports));
	for (i = 0; i < mod.nports; i++) {
		ports[i].name = mod.ports[i].name;
		ports[i].dir = mod.ports[i].dir == YOSYS_INPUT ? TBGEN_IN :
			       mod.ports[i].dir == YOSYS_OUTPUT ? TBGEN_OUT : TBGEN_INOUT;
		ports[i].width = mod.ports[i].width;
		ports[i].is_signed = mod.ports[i].is_signed;
	}

	/* A stable suffix derived from the reference's tokens. */
	snprintf(suffix, sizeof(suffix), "__vpref_%08" PRIx32,
		 (uint32_t)vnorm_hash(ref.data, ref.len));
	if (!sig)
		buf_addf(&text, "// Reference for '%s', modules renamed with suffix %s.\n",
			 task.top, suffix);
	if (!sig && rename_reference(ref.data, ref.len, task.top, suffix, &text, &err)) {
		struct buf inner = BUF_INIT;

		buf_addstr(&inner, err.data);
		buf_setf(&err, "%s: %s", path.data, inner.data);
		buf_release(&inner);
		goto fail;
	}
	if (!sig) {
		if (text.len && text.data[text.len - 1] != '\n')
			buf_addch(&text, '\n');
		buf_addch(&text, '\n');
	}

	memset(&spec, 0, sizeof(spec));
	spec.top = task.top;
	buf_reset(&path);
	buf_addf(&path, "%s%s", task.top, suffix);
	spec.ref_module = path.data;
	spec.ports = ports;
	spec.nports = mod.nports;
	spec.params = task.params;
	spec.nparams = task.nparams;
	spec.kind = task.seq ? TBGEN_SEQ : TBGEN_COMB;
	spec.clock = task.clock;
	spec.reset = task.reset;
	spec.reset_active_low = task.reset_active_low;
	spec.reset_sync = task.reset_sync;
	spec.seed = seed;
	spec.cycles = cycles;
	spec.vectors = vectors;
	spec.ignore = (const char *const *)task.ignore;
	spec.nignore = task.nignore;
	spec.when = task.when;
	spec.nwhen = task.nwhen;
	spec.latency = task.latency;
	spec.nlatency = task.nlatency;
	spec.holds = task.holds;
	spec.nholds = task.nholds;
	spec.ranges = task.ranges;
	spec.nranges = task.nranges;
	spec.assume = task.assume;
	if ((sig ? tbgen_signature : tbgen_differential)(&spec, &text, &err)) {
		struct buf inner = BUF_INIT;

		buf_addstr(&inner, err.data);
		buf_setf(&err, "task '%s': %s", dir, inner.data);
		buf_release(&inner);
		goto fail;
	}

	if (output) {
		if (buf_write_file(output, text.data, text.len)) {
			buf_setf(&err, "cannot write '%s': %s", output, strerror(errno));
			goto fail;
		}
	} else {
		fwrite(text.data, 1, text.len, stdout);
	}
	status = EXIT_OK;
	goto out;
fail:
	cli_error("%s", err.data);
out:
	task_info_release(&task);
	yosys_module_release(&mod);
	free(chp);
	free(ports);
	buf_release(&path);
	buf_release(&ref);
	buf_release(&text);
	buf_release(&err);
	return status;
}
