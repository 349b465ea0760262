/*
 * yosys: port and parameter extraction through Yosys's elaborator.
 *
 * The source is copied into a private temporary directory as src.v so that
 * no path ever needs quoting inside a Yosys script, Yosys runs there through
 * run_command() (deadline, scrubbed environment, capped output), and the
 * JSON it writes is parsed with cJSON.  See yosys.h for the contract.
 */
#define _GNU_SOURCE
#include "sim/yosys.h"
#include "sim/run.h"
#include "sim/xalloc.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define YOSYS_DEFAULT_TIMEOUT 60.0
#define YOSYS_MAX_SOURCE (16u << 20)
#define YOSYS_MAX_JSON (256u << 20)

const char *yosys_dir_name(enum yosys_dir d)
{
	switch (d) {
	case YOSYS_INPUT: return "input";
	case YOSYS_OUTPUT: return "output";
	case YOSYS_INOUT: return "inout";
	}
	return "?";
}

void yosys_module_init(struct yosys_module *m)
{
	memset(m, 0, sizeof(*m));
}

void yosys_module_release(struct yosys_module *m)
{
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->nports; i++)
		free(m->ports[i].name);
	for (i = 0; i < m->nparams; i++) {
		free(m->params[i].name);
		free(m->params[i].value);
	}
	free(m->ports);
	free(m->params);
	free(m->name);
	yosys_module_init(m);
}

const struct yosys_port *yosys_find_port(const struct yosys_module *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->nports; i++)
		if (!strcmp(m->ports[i].name, name))
			return &m->ports[i];
	return NULL;
}

/* Yosys writes attribute and parameter integers as MSB-first bit strings. */
static int bits_to_u64(const char *s, uint64_t *out)
{
	size_t n = strlen(s), i;
	uint64_t v = 0;

	if (n == 0 || n > 64)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] != '0' && s[i] != '1')
			return -1;
		v = (v << 1) | (uint64_t)(s[i] - '0');
	}
	*out = v;
	return 0;
}

static int is_top_module(const cJSON *mod)
{
	const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(mod, "attributes");
	const cJSON *top = cJSON_GetObjectItemCaseSensitive(attrs, "top");
	uint64_t v;

	if (cJSON_IsNumber(top))
		return top->valuedouble != 0;
	if (cJSON_IsString(top) && bits_to_u64(top->valuestring, &v) == 0)
		return v != 0;
	return 0;
}

static int parse_ports(const cJSON *ports, struct yosys_module *out, struct buf *err)
{
	const cJSON *p;
	size_t alloc = 0;

	cJSON_ArrayForEach(p, ports) {
		const cJSON *dir = cJSON_GetObjectItemCaseSensitive(p, "direction");
		const cJSON *bits = cJSON_GetObjectItemCaseSensitive(p, "bits");
		const cJSON *sgn = cJSON_GetObjectItemCaseSensitive(p, "signed");
		struct yosys_port *yp;
		enum yosys_dir d;

		if (!p->string || !cJSON_IsString(dir) || !cJSON_IsArray(bits)) {
			buf_setf(err, "port '%s' of module '%s' has no direction or bits",
				 p->string ? p->string : "?", out->name);
			return -1;
		}
		if (!strcmp(dir->valuestring, "input"))
			d = YOSYS_INPUT;
		else if (!strcmp(dir->valuestring, "output"))
			d = YOSYS_OUTPUT;
		else if (!strcmp(dir->valuestring, "inout"))
			d = YOSYS_INOUT;
		else {
			buf_setf(err, "port '%s' of module '%s' has unknown direction '%s'",
				 p->string, out->name, dir->valuestring);
			return -1;
		}
		if (cJSON_GetArraySize(bits) < 1) {
			buf_setf(err, "port '%s' of module '%s' has no bits", p->string, out->name);
			return -1;
		}
		ALLOC_GROW(out->ports, out->nports + 1, alloc);
		yp = &out->ports[out->nports++];
		yp->name = xstrdup(p->string);
		yp->dir = d;
		yp->width = cJSON_GetArraySize(bits);
		yp->is_signed = (cJSON_IsNumber(sgn) && sgn->valuedouble != 0) ||
				cJSON_IsTrue(sgn);
	}
	return 0;
}

static void parse_params(const cJSON *params, struct yosys_module *out)
{
	const cJSON *p;
	size_t alloc = 0;

	cJSON_ArrayForEach(p, params) {
		struct yosys_param *yp;
		uint64_t v;
		char num[32];

		if (!p->string)
			continue;
		ALLOC_GROW(out->params, out->nparams + 1, alloc);
		yp = &out->params[out->nparams++];
		yp->name = xstrdup(p->string);
		if (cJSON_IsString(p) && bits_to_u64(p->valuestring, &v) == 0) {
			snprintf(num, sizeof(num), "%" PRIu64, v);
			yp->value = xstrdup(num);
			yp->is_number = 1;
		} else if (cJSON_IsNumber(p)) {
			snprintf(num, sizeof(num), "%.0f", p->valuedouble);
			yp->value = xstrdup(num);
			yp->is_number = 1;
		} else {
			yp->value = xstrdup(cJSON_IsString(p) ? p->valuestring : "");
			yp->is_number = 0;
		}
	}
}

int yosys_parse_json(const char *json, size_t len, const char *top,
		     struct yosys_module *out, struct buf *err)
{
	cJSON *root = NULL;
	const cJSON *mods, *mod = NULL, *m;
	int ret = -1;

	root = cJSON_ParseWithLengthOpts(json, len, NULL, 0);
	if (!root) {
		buf_setf(err, "yosys wrote malformed JSON");
		goto out;
	}
	mods = cJSON_GetObjectItemCaseSensitive(root, "modules");
	if (!cJSON_IsObject(mods)) {
		buf_setf(err, "yosys JSON has no \"modules\" object");
		goto out;
	}
	mod = cJSON_GetObjectItemCaseSensitive(mods, top);
	if (!mod)
		cJSON_ArrayForEach(m, mods)
			if (is_top_module(m)) {
				mod = m;
				break;
			}
	if (!cJSON_IsObject(mod)) {
		buf_setf(err, "yosys JSON has no module '%s'", top);
		goto out;
	}
	out->name = xstrdup(mod->string);
	if (parse_ports(cJSON_GetObjectItemCaseSensitive(mod, "ports"), out, err))
		goto out;
	parse_params(cJSON_GetObjectItemCaseSensitive(mod, "parameter_default_values"), out);
	ret = 0;
out:
	if (ret)
		yosys_module_release(out);
	cJSON_Delete(root);
	return ret;
}

static int is_ident(const char *s)
{
	if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
		return 0;
	for (s++; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '$'))
			return 0;
	return 1;
}

/* A decimal (optionally negative) or a based literal such as 8'hff, 'sd5. */
static int is_int_literal(const char *s)
{
	const char *q;

	if (!s || !*s)
		return 0;
	if (*s == '-')
		s++;
	q = s;
	while (isdigit((unsigned char)*q))
		q++;
	if (!*q)
		return q > s;
	if (*q != '\'')
		return 0;
	q++;
	if (*q == 's' || *q == 'S')
		q++;
	if (!strchr("bodhBODH", *q) || !*q)
		return 0;
	q++;
	if (!*q)
		return 0;
	for (; *q; q++)
		if (!(isxdigit((unsigned char)*q) || strchr("xXzZ_?", *q)))
			return 0;
	return 1;
}

/*
 * Yosys's first error line, with our private name src.v replaced by the
 * caller's file name so the message points at the user's file.
 */
static void first_error_line(const char *log, const char *file, struct buf *line)
{
	const char *p = log, *eol, *hit = NULL;

	for (p = log; *p; p = *eol ? eol + 1 : eol) {
		eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		if (memmem(p, (size_t)(eol - p), "ERROR", 5)) {
			hit = p;
			break;
		}
	}
	if (!hit) {
		/* No ERROR line: the last non-empty line is the best we have. */
		for (p = log; *p; p = *eol ? eol + 1 : eol) {
			eol = strchr(p, '\n');
			if (!eol)
				eol = p + strlen(p);
			if (eol > p)
				hit = p;
		}
	}
	if (!hit) {
		buf_addstr(line, "no message");
		return;
	}
	eol = strchr(hit, '\n');
	if (!eol)
		eol = hit + strlen(hit);
	if ((size_t)(eol - hit) > 5 && !strncmp(hit, "src.v", 5)) {
		buf_addstr(line, file);
		hit += 5;
	}
	buf_add(line, hit, (size_t)(eol - hit));
	buf_rtrim(line);
}

int yosys_extract(const char *file, const char *top,
		  const struct yosys_chparam *chparams, size_t nchparams,
		  const struct yosys_opts *opts,
		  struct yosys_module *out, struct buf *err)
{
	struct buf src = BUF_INIT, script = BUF_INIT, path = BUF_INIT;
	struct buf json = BUF_INIT, line = BUF_INIT;
	struct run_result res = RUN_RESULT_INIT;
	struct run_cmd cmd;
	const char *argv[5];
	char *dir = NULL;
	double timeout = opts && opts->timeout > 0 ? opts->timeout : YOSYS_DEFAULT_TIMEOUT;
	const char *tmp = opts && opts->tmpdir ? opts->tmpdir : "/tmp";
	int ret = -1;
	size_t i;

	if (!is_ident(top)) {
		buf_setf(err, "top module name '%s' is not a plain identifier", top ? top : "");
		goto out;
	}
	for (i = 0; i < nchparams; i++) {
		if (!is_ident(chparams[i].name)) {
			buf_setf(err, "parameter name '%s' is not a plain identifier",
				 chparams[i].name ? chparams[i].name : "");
			goto out;
		}
		if (!is_int_literal(chparams[i].value)) {
			buf_setf(err, "value '%s' of parameter %s is not an integer literal",
				 chparams[i].value ? chparams[i].value : "", chparams[i].name);
			goto out;
		}
	}
	buf_init(&src, YOSYS_MAX_SOURCE);
	if (buf_read_file(&src, file)) {
		buf_setf(err, "cannot read '%s': %s", file, strerror(errno));
		goto out;
	}

	buf_addf(&path, "%s/veripref-yosys-XXXXXX", tmp);
	dir = buf_detach(&path, NULL);
	if (!mkdtemp(dir)) {
		buf_setf(err, "cannot create a temporary directory in '%s': %s", tmp, strerror(errno));
		free(dir);
		dir = NULL;
		goto out;
	}
	buf_addf(&path, "%s/src.v", dir);
	if (buf_write_file(path.data, src.data, src.len)) {
		buf_setf(err, "cannot write '%s': %s", path.data, strerror(errno));
		goto out;
	}

	buf_addf(&script, "read_verilog -sv src.v; hierarchy -top %s", top);
	for (i = 0; i < nchparams; i++)
		buf_addf(&script, " -chparam %s %s", chparams[i].name, chparams[i].value);
	buf_addstr(&script, "; proc; write_json out.json");

	argv[0] = "yosys";
	argv[1] = "-q";
	argv[2] = "-p";
	argv[3] = script.data;
	argv[4] = NULL;
	memset(&cmd, 0, sizeof(cmd));
	cmd.argv = argv;
	cmd.dir = dir;
	cmd.lim.wall_sec = timeout;
	cmd.lim.out_cap = 64u << 10;
	cmd.merge_stderr = 1;

	switch (run_command(&cmd, &res)) {
	case RUN_OK:
		break;
	case RUN_SPAWN_ERROR:
		buf_setf(err, "cannot run yosys for '%s': %s", file, strerror(res.spawn_errno));
		goto out;
	case RUN_TIMEOUT:
		buf_setf(err, "yosys timed out after %g s on '%s'", timeout, file);
		goto out;
	case RUN_SIGNALED:
		buf_setf(err, "yosys was killed by signal %d on '%s'", res.signo, file);
		goto out;
	case RUN_NONZERO:
		first_error_line(res.out.data, file, &line);
		buf_setf(err, "yosys cannot elaborate '%s': %s", file, line.data);
		goto out;
	}

	buf_reset(&path);
	buf_addf(&path, "%s/out.json", dir);
	buf_init(&json, YOSYS_MAX_JSON);
	if (buf_read_file(&json, path.data)) {
		buf_setf(err, "yosys wrote no readable JSON for '%s': %s", file, strerror(errno));
		goto out;
	}
	if (yosys_parse_json(json.data, json.len, top, out, err)) {
		struct buf inner = BUF_INIT;

		buf_addstr(&inner, err->data);
		buf_setf(err, "%s (elaborating '%s')", inner.data, file);
		buf_release(&inner);
		goto out;
	}
	ret = 0;
out:
	if (dir)
		run_remove_dir(dir);
	free(dir);
	run_result_release(&res);
	buf_release(&src);
	buf_release(&script);
	buf_release(&path);
	buf_release(&json);
	buf_release(&line);
	return ret;
}
