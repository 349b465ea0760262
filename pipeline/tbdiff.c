/*
 * tbdiff: a task directory -> a generated (differential or signature)
 * testbench; see tbdiff.h.  Moved out of cmd_tbgen.c so that tbcheck can
 * build the same bench without going through the command.
 */
#define _GNU_SOURCE /* memmem */
#include "pipeline/tbdiff.h"
#include "sim/buf.h"
#include "sim/xalloc.h"
#include "sim/yosys.h"
#include "testbench/tbgen.h"
#include "testbench/vmod.h"
#include "testbench/vnorm.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void tbdiff_opts_init(struct tbdiff_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->kind = TBDIFF_DIFFERENTIAL;
	o->seed = 1;
}

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

/* Apply "NAME=VALUE" overrides to t->params.  0, or -1 with err set. */
static int apply_overrides(struct task_info *t, const char *const *ov, size_t n, struct buf *err)
{
	size_t i, alloc = t->nparams;

	for (i = 0; i < n; i++) {
		const char *eq = ov[i] ? strchr(ov[i], '=') : NULL;
		size_t k, nlen;
		char *end;

		if (!eq || eq == ov[i] || !eq[1]) {
			buf_setf(err, "parameter override '%s' is not NAME=VALUE", ov[i] ? ov[i] : "");
			return -1;
		}
		errno = 0;
		(void)strtoll(eq + 1, &end, 10);
		if (errno || *end) {
			buf_setf(err, "parameter override '%s': the value must be an integer", ov[i]);
			return -1;
		}
		nlen = (size_t)(eq - ov[i]);
		for (k = 0; k < t->nparams; k++)
			if (strlen(t->params[k].name) == nlen && !strncmp(t->params[k].name, ov[i], nlen))
				break;
		if (k == t->nparams) {
			ALLOC_GROW(t->params, t->nparams + 1, alloc);
			t->params[k].name = xstrndup(ov[i], nlen);
			t->params[k].value = NULL;
			t->nparams++;
		}
		free((char *)t->params[k].value);
		t->params[k].value = xstrdup(eq + 1);
	}
	return 0;
}

/* Prefix err with "<prefix>: " (the innermost message stays). */
static void err_context(struct buf *err, const char *prefix)
{
	struct buf inner = BUF_INIT;

	buf_addstr(&inner, err->data);
	buf_setf(err, "%s: %s", prefix, inner.data);
	buf_release(&inner);
}

/* A task read and elaborated once; texts are generated from it on demand. */
struct tbdiff_bench {
	int sig;
	struct task_info task;
	struct yosys_module mod;
	struct tbgen_port *ports;
	struct buf ref;               /* the reference's text */
	char *ref_path;
	char *task_dir;
	char suffix[32];
	char *ref_module;             /* top + suffix */
	uint64_t seed;
	long cycles, vectors;
};

void tbdiff_bench_free(struct tbdiff_bench *b)
{
	if (!b)
		return;
	task_info_release(&b->task);
	yosys_module_release(&b->mod);
	free(b->ports);
	buf_release(&b->ref);
	free(b->ref_path);
	free(b->task_dir);
	free(b->ref_module);
	free(b);
}

const char *tbdiff_bench_top(const struct tbdiff_bench *b)
{
	return b->task.top;
}

size_t tbdiff_bench_nports(const struct tbdiff_bench *b)
{
	return b->mod.nports;
}

const struct tbgen_port *tbdiff_bench_ports(const struct tbdiff_bench *b)
{
	return b->ports;
}

struct tbdiff_bench *tbdiff_bench_new(const char *task_dir, const struct tbdiff_opts *o,
				      struct buf *err)
{
	struct tbdiff_bench *b = xcalloc(1, sizeof(*b));
	struct yosys_chparam *chp = NULL;
	struct buf path = BUF_INIT;
	size_t i;
	int sig = o->kind == TBDIFF_SIGNATURE, ok = 0;

	b->sig = sig;
	b->seed = o->seed;
	b->cycles = o->cycles;
	b->vectors = o->vectors;
	b->task_dir = xstrdup(task_dir);
	b->mod = (struct yosys_module)YOSYS_MODULE_INIT;
	buf_addf(&path, "%s/task.json", task_dir);
	if (read_task(path.data, &b->task, err))
		goto out;
	if (apply_overrides(&b->task, o->overrides, o->noverrides, err))
		goto out;

	buf_reset(&path);
	if (sig && o->interface_file)
		buf_addstr(&path, o->interface_file);
	else
		buf_addf(&path, "%s/ref.v", task_dir);
	b->ref_path = xstrdup(path.data);
	buf_init(&b->ref, 16u << 20);
	if (buf_read_file(&b->ref, path.data)) {
		if (errno == ENOENT && sig && !o->interface_file)
			buf_setf(err, "cannot open '%s': %s (give the interface with --interface FILE)",
				 path.data, strerror(errno));
		else if (errno == ENOENT && !sig)
			buf_setf(err, "cannot open '%s': %s (a differential testbench needs the reference)",
				 path.data, strerror(errno));
		else
			buf_setf(err, "cannot open '%s': %s", path.data, strerror(errno));
		goto out;
	}

	chp = xcalloc(b->task.nparams ? b->task.nparams : 1, sizeof(*chp));
	for (i = 0; i < b->task.nparams; i++) {
		chp[i].name = b->task.params[i].name;
		chp[i].value = b->task.params[i].value;
	}
	if (yosys_extract(path.data, b->task.top, chp, b->task.nparams, NULL, &b->mod, err))
		goto out;

	b->ports = xcalloc(b->mod.nports ? b->mod.nports : 1, sizeof(*b->ports));
	for (i = 0; i < b->mod.nports; i++) {
		b->ports[i].name = b->mod.ports[i].name;
		b->ports[i].dir = b->mod.ports[i].dir == YOSYS_INPUT ? TBGEN_IN :
				  b->mod.ports[i].dir == YOSYS_OUTPUT ? TBGEN_OUT : TBGEN_INOUT;
		b->ports[i].width = b->mod.ports[i].width;
		b->ports[i].is_signed = b->mod.ports[i].is_signed;
	}

	/* A stable suffix derived from the reference's tokens. */
	snprintf(b->suffix, sizeof(b->suffix), "__vpref_%08" PRIx32,
		 (uint32_t)vnorm_hash(b->ref.data, b->ref.len));
	buf_reset(&path);
	buf_addf(&path, "%s%s", b->task.top, b->suffix);
	b->ref_module = buf_detach(&path, NULL);
	ok = 1;
out:
	free(chp);
	buf_release(&path);
	if (!ok) {
		tbdiff_bench_free(b);
		return NULL;
	}
	return b;
}

int tbdiff_bench_text(const struct tbdiff_bench *b, int nslots, struct buf *out, struct buf *err)
{
	const struct task_info *t = &b->task;
	struct tbgen_spec spec;
	struct buf prefix = BUF_INIT;
	int rc;

	if (!b->sig) {
		buf_addf(out, "// Reference for '%s', modules renamed with suffix %s.\n",
			 t->top, b->suffix);
		if (rename_reference(b->ref.data, b->ref.len, t->top, b->suffix, out, err)) {
			err_context(err, b->ref_path);
			return -1;
		}
		if (out->len && out->data[out->len - 1] != '\n')
			buf_addch(out, '\n');
		buf_addch(out, '\n');
	}

	memset(&spec, 0, sizeof(spec));
	spec.top = t->top;
	spec.ref_module = b->ref_module;
	spec.ports = b->ports;
	spec.nports = b->mod.nports;
	spec.params = t->params;
	spec.nparams = t->nparams;
	spec.kind = t->seq ? TBGEN_SEQ : TBGEN_COMB;
	spec.clock = t->clock;
	spec.reset = t->reset;
	spec.reset_active_low = t->reset_active_low;
	spec.reset_sync = t->reset_sync;
	spec.seed = b->seed;
	spec.cycles = b->cycles;
	spec.vectors = b->vectors;
	spec.ignore = (const char *const *)t->ignore;
	spec.nignore = t->nignore;
	spec.when = t->when;
	spec.nwhen = t->nwhen;
	spec.latency = t->latency;
	spec.nlatency = t->nlatency;
	spec.holds = t->holds;
	spec.nholds = t->nholds;
	spec.ranges = t->ranges;
	spec.nranges = t->nranges;
	spec.assume = t->assume;
	if (b->sig && nslots) {
		buf_setf(err, "a signature testbench cannot be batched");
		return -1;
	}
	if (b->sig)
		rc = tbgen_signature(&spec, out, err);
	else if (nslots)
		rc = tbgen_differential_batch(&spec, nslots, out, err);
	else
		rc = tbgen_differential(&spec, out, err);
	if (rc) {
		buf_addf(&prefix, "task '%s'", b->task_dir);
		err_context(err, prefix.data);
		buf_release(&prefix);
		return -1;
	}
	return 0;
}

int tbdiff_generate(const char *task_dir, const struct tbdiff_opts *o, struct buf *out,
		    struct buf *err)
{
	struct tbdiff_bench *b = tbdiff_bench_new(task_dir, o, err);
	int ret;

	if (!b)
		return -1;
	ret = tbdiff_bench_text(b, 0, out, err);
	tbdiff_bench_free(b);
	return ret;
}

/* The number after the first occurrence of key in text, or -1. */
static long long number_after(const char *text, size_t len, const char *key)
{
	const char *p = memmem(text, len, key, strlen(key));
	char *end;
	long long v;

	if (!p)
		return -1;
	p += strlen(key);
	errno = 0;
	v = strtoll(p, &end, 10);
	return errno || end == p ? -1 : v;
}

struct tbdiff_bench *tbdiff_bench_recognise(const char *task_dir, const char *text, size_t len,
					    struct buf *err)
{
	static const char mark[] = "// Differential testbench for '";
	struct tbdiff_opts o;
	struct tbdiff_bench *b;
	struct buf again = BUF_INIT;
	const char *hdr = memmem(text, len, mark, sizeof(mark) - 1);
	const char *seed;
	long long v;

	buf_reset(err);
	if (!hdr)
		return NULL;
	tbdiff_opts_init(&o);
	seed = memmem(hdr, len - (size_t)(hdr - text), "\n// seed ", 9);
	if (!seed)
		return NULL;
	errno = 0;
	o.seed = strtoull(seed + 9, NULL, 10);
	if (errno)
		return NULL;
	if ((v = number_after(hdr, len - (size_t)(hdr - text), " reset cycles then ")) > 0)
		o.cycles = (long)v;
	if ((v = number_after(hdr, len - (size_t)(hdr - text), "combinational: ")) > 0 &&
	    memmem(hdr, len - (size_t)(hdr - text), "random and corner vectors", 25))
		o.vectors = (long)v;
	if (!(b = tbdiff_bench_new(task_dir, &o, err)))
		return NULL;
	if (tbdiff_bench_text(b, 0, &again, err) < 0 || again.len != len ||
	    memcmp(again.data, text, len)) {
		tbdiff_bench_free(b);
		b = NULL;
	}
	buf_release(&again);
	return b;
}
