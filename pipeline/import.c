/*
 * import: what the benchmark importers share — inferring clock and reset,
 * the interface block, and writing one task folder that is checked by
 * loading it back.  See import.h.
 */
#include "pipeline/import.h"
#include "sim/xalloc.h"
#include "testbench/task.h"
#include "testbench/vlex.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

void import_log_release(struct import_log *log)
{
	if (!log)
		return;
	buf_release(&log->notes);
	buf_release(&log->done);
}

static int one_of(const char *s, const char *const *names)
{
	for (; *names; names++)
		if (!strcasecmp(s, *names))
			return 1;
	return 0;
}

/* Whether src has `posedge name` or `negedge name`. */
static int edge_on(const char *src, size_t len, const char *name)
{
	struct vlex lx;
	struct vlex_tok t;
	int after_edge = 0;

	vlex_init(&lx, src, len);
	while (vlex_next(&lx, &t)) {
		if (t.kind == VLEX_COMMENT)
			continue;
		if (after_edge && t.kind == VLEX_IDENT && vlex_tok_eq(&lx, &t, name))
			return 1;
		after_edge = t.kind == VLEX_KEYWORD &&
			     (vlex_tok_eq(&lx, &t, "posedge") || vlex_tok_eq(&lx, &t, "negedge"));
	}
	return 0;
}

void import_infer_clkrst(const struct vmod_ports *ports, const char *src, size_t len,
			 struct import_clkrst *out)
{
	static const char *const clocks[] = { "clk", "clock", "clk_i", "i_clk", "clk_in", NULL };
	static const char *const resets_high[] = { "reset", "rst", "areset", "arst", "rst_i",
						   "i_rst", "reset_i", "srst", NULL };
	static const char *const resets_low[] = { "rst_n", "reset_n", "resetn", "rstn", "areset_n",
						  "aresetn", "arst_n", "arstn", "rst_ni", "i_rst_n",
						  "nreset", "nrst", NULL };
	size_t i;

	memset(out, 0, sizeof(*out));
	out->reset_active_high = 1;
	out->reset_sync = 1;
	for (i = 0; i < ports->nr; i++) {
		const struct vmod_port *p = &ports->v[i];

		if (p->dir != VMOD_INPUT || p->width != 1)
			continue;
		if (!out->clock && one_of(p->name, clocks)) {
			out->clock = p->name;
		} else if (!out->reset && one_of(p->name, resets_high)) {
			out->reset = p->name;
		} else if (!out->reset && one_of(p->name, resets_low)) {
			out->reset = p->name;
			out->reset_active_high = 0;
		}
	}
	if (out->reset)
		out->reset_sync = !edge_on(src, len, out->reset);
}

void import_interface(const char *top, const struct vmod_ports *ports, struct buf *out)
{
	size_t i, w = 0;

	for (i = 0; i < ports->nr; i++) {
		size_t n = strlen(ports->v[i].range) + (ports->v[i].is_signed ? 7 : 0);
		if (n > w)
			w = n;
	}
	buf_addf(out, "```verilog\nmodule %s (\n", top);
	for (i = 0; i < ports->nr; i++) {
		const struct vmod_port *p = &ports->v[i];
		struct buf type = BUF_INIT;

		if (p->is_signed)
			buf_addstr(&type, "signed ");
		buf_addstr(&type, p->range);
		buf_addf(out, "    %-6s %-*s %s%s\n", vmod_dir_name(p->dir), (int)w, type.data, p->name,
			 i + 1 < ports->nr ? "," : "");
		buf_release(&type);
	}
	buf_addstr(out, ");\n```\n");
}

int import_check_dir(const char *dir, struct buf *err)
{
	struct stat st;

	if (stat(dir, &st) < 0) {
		buf_setf(err, "cannot open '%s': %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		buf_setf(err, "cannot open '%s': %s", dir, strerror(ENOTDIR));
		return -1;
	}
	return 0;
}

static int mkdir_p(const char *path, struct buf *err)
{
	char *p = xstrdup(path), *s;
	int ret = -1;

	for (s = p + 1; ; s++) {
		if (*s == '/' || !*s) {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0777) < 0 && errno != EEXIST) {
				buf_setf(err, "cannot create '%s': %s", p, strerror(errno));
				goto out;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	ret = 0;
out:
	free(p);
	return ret;
}

/* Remove what import_write_task() may have written in dir (best effort). */
static void remove_task(const char *dir, const char *tb_name)
{
	static const char *const files[] = { "task.json", "spec.md", "ref.v", NULL };
	struct buf p = BUF_INIT;
	size_t i;

	for (i = 0; files[i]; i++) {
		buf_reset(&p);
		buf_addf(&p, "%s/%s", dir, files[i]);
		unlink(p.data);
	}
	buf_reset(&p);
	buf_addf(&p, "%s/tb/%s", dir, tb_name);
	unlink(p.data);
	buf_reset(&p);
	buf_addf(&p, "%s/tb", dir);
	rmdir(p.data);
	rmdir(dir);
	buf_release(&p);
}

static char *task_json(const struct import_task *it, const struct import_clkrst *cr)
{
	cJSON *o = cJSON_CreateObject(), *tags, *v;
	char *s;
	size_t i;

	cJSON_AddStringToObject(o, "id", it->id);
	cJSON_AddStringToObject(o, "top", it->top);
	if (cr->clock)
		cJSON_AddStringToObject(o, "clock", cr->clock);
	else
		cJSON_AddNullToObject(o, "clock");
	if (cr->reset)
		cJSON_AddStringToObject(o, "reset", cr->reset);
	else
		cJSON_AddNullToObject(o, "reset");
	cJSON_AddStringToObject(o, "reset_active", cr->reset_active_high ? "high" : "low");
	cJSON_AddBoolToObject(o, "reset_sync", cr->reset_sync);
	cJSON_AddStringToObject(o, "kind", cr->clock ? "seq" : "comb");
	tags = cJSON_AddArrayToObject(o, "tags");
	for (i = 0; i < it->ntags; i++)
		cJSON_AddItemToArray(tags, cJSON_CreateString(it->tags[i]));
	if (it->tb_ref_module)
		cJSON_AddStringToObject(o, "tb_ref_module", it->tb_ref_module);
	if (it->verdict.pass) {
		v = cJSON_AddObjectToObject(o, "tb_verdict");
		cJSON_AddStringToObject(v, "pass", it->verdict.pass);
		if (it->verdict.fail)
			cJSON_AddStringToObject(v, "fail", it->verdict.fail);
		if (it->verdict.count)
			cJSON_AddStringToObject(v, "count", it->verdict.count);
	}
	v = cJSON_AddObjectToObject(o, "source");
	cJSON_AddStringToObject(v, "suite", it->suite);
	cJSON_AddStringToObject(v, "path", it->origin);
	s = cJSON_Print(o);
	cJSON_Delete(o);
	return s;
}

int import_write_task(const struct import_opts *o, const struct import_task *it,
		      struct buf *err)
{
	struct vmod_ports ports = VMOD_PORTS_INIT;
	struct import_clkrst cr;
	struct buf dir = BUF_INIT, tbdir = BUF_INIT, spec = BUF_INIT, why = BUF_INIT;
	struct task t;
	struct stat st;
	char *json = NULL;
	int ret = 1;

	buf_addf(&dir, "%s/%s", o->out, it->id);
	buf_addf(&tbdir, "%s/tb", dir.data);
	if (!o->force && stat(dir.data, &st) == 0) {
		buf_setf(err, "'%s' already exists (use --force to replace it)", dir.data);
		goto out;
	}
	if (vmod_ports(it->ref, it->ref_len, it->top, &ports, &why) < 0) {
		buf_setf(err, "reference: %s", why.data);
		goto out;
	}
	import_infer_clkrst(&ports, it->ref, it->ref_len, &cr);

	buf_addstr(&spec, it->spec);
	buf_rtrim(&spec);
	buf_addstr(&spec, "\n\n## Interface\n");
	import_interface(it->top, &ports, &spec);
	json = task_json(it, &cr);

	ret = -1;
	if (mkdir_p(tbdir.data, err) < 0 ||
	    buf_write_in(dir.data, "task.json", json, strlen(json), err) < 0 ||
	    buf_write_in(dir.data, "spec.md", spec.data, spec.len, err) < 0 ||
	    buf_write_in(dir.data, "ref.v", it->ref, it->ref_len, err) < 0 ||
	    buf_write_in(tbdir.data, it->tb_name, it->tb, it->tb_len, err) < 0)
		goto out;

	task_init(&t);
	if (task_load(&t, dir.data, &why) < 0) {
		/* Keep only valid tasks on disk; say why in one line. */
		char *nl = strchr(why.data, '\n');
		if (nl)
			*nl = '\0';
		buf_setf(err, "the imported task does not load: %s", why.data);
		remove_task(dir.data, it->tb_name);
		ret = 1;
		goto out;
	}
	task_release(&t);
	ret = 0;
out:
	vmod_ports_release(&ports);
	buf_release(&dir);
	buf_release(&tbdir);
	buf_release(&spec);
	buf_release(&why);
	free(json);
	return ret;
}
