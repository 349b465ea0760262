/*
 * equiv: Yosys equivalence of a design and a mutant.  See equiv.h.
 */
#define _GNU_SOURCE
#include "sim/equiv.h"
#include "sim/run.h"
#include "sim/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define EQUIV_LOG_MAX ((size_t)4 << 20)
#define DETAIL_MAX 400

static const char *const verdict_names[] = { "equivalent", "not_equivalent", "unknown" };

const char *equiv_verdict_name(enum equiv_verdict v)
{
	return (unsigned)v < 3 ? verdict_names[v] : "?";
}

void equiv_opts_init(struct equiv_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->timeout = 20;
	o->max_steps = 40;
	o->mem_bytes = (size_t)4 << 30;
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

/* The first line of log holding "ERROR", else its last non-blank line. */
static void error_line(const char *log, struct buf *out)
{
	const char *p, *eol, *hit = NULL;

	for (p = log; *p; p = *eol ? eol + 1 : eol) {
		eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		if (memmem(p, (size_t)(eol - p), "ERROR", 5)) {
			hit = p;
			break;
		}
		if (eol > p)
			hit = p;
	}
	if (!hit) {
		buf_addstr(out, "no message");
		return;
	}
	eol = strchr(hit, '\n');
	buf_add(out, hit, eol ? (size_t)(eol - hit) : strlen(hit));
	buf_rtrim(out);
}

/*
 * The counterexample table of `sat -show-inputs -show-outputs` as one line:
 * the public signals (names starting with a backslash) of the last time
 * step, trigger left out.  Rows are "  TIME NAME DEC HEX BIN" (TIME a
 * number or "init") or, without -tempinduct, "  NAME DEC HEX BIN".
 */
static void cex_line(const char *log, struct buf *out)
{
	const char *p, *eol;
	long last = -1;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		for (p = log; *p; p = *eol ? eol + 1 : eol) {
			char tok[5][160];
			int n;
			long t = 0;
			const char *name, *val;

			eol = strchr(p, '\n');
			if (!eol)
				eol = p + strlen(p);
			if ((size_t)(eol - p) >= 700)
				continue;
			{
				char line[700];
				memcpy(line, p, (size_t)(eol - p));
				line[eol - p] = '\0';
				n = sscanf(line, "%159s %159s %159s %159s %159s", tok[0], tok[1],
					   tok[2], tok[3], tok[4]);
			}
			if (n == 5 && isdigit((unsigned char)tok[0][0])) {
				t = strtol(tok[0], NULL, 10);
				name = tok[1];
				val = strcmp(tok[2], "--") ? tok[2] : tok[4];
			} else if (n == 4 && tok[0][0] == '\\') {
				name = tok[0];
				val = strcmp(tok[1], "--") ? tok[1] : tok[3];
			} else {
				continue;
			}
			if (name[0] != '\\' || !strcmp(name, "\\trigger"))
				continue;
			if (pass == 0) {
				if (t > last)
					last = t;
			} else if (t == last && out->len < DETAIL_MAX) {
				if (!out->len && n == 5)
					buf_addf(out, "step %ld:", t);
				buf_addf(out, "%s%s=%s", out->len ? " " : "", name + 1, val);
			}
		}
	}
}

/*
 * Run yosys -q -p script in dir for at most wall seconds.  Returns 1 when it
 * exited 0, 0 with *v unknown and a reason in detail when it failed or ran
 * out of time, -1 with err when it could not be started.
 */
static int run_yosys(const char *dir, const char *script, double wall, size_t mem,
		     struct buf *detail, struct buf *err)
{
	struct run_result res = RUN_RESULT_INIT;
	struct buf line = BUF_INIT;
	struct run_cmd cmd;
	const char *argv[5];
	int ret = 0;

	argv[0] = "yosys";
	argv[1] = "-q";
	argv[2] = "-p";
	argv[3] = script;
	argv[4] = NULL;
	memset(&cmd, 0, sizeof(cmd));
	cmd.argv = argv;
	cmd.dir = dir;
	cmd.lim.wall_sec = wall;
	cmd.lim.cpu_sec = (long)wall + 2;
	cmd.lim.as_bytes = mem;
	cmd.lim.fsize_bytes = EQUIV_LOG_MAX * 4;
	cmd.lim.out_cap = 64u << 10;
	cmd.merge_stderr = 1;

	switch (run_command(&cmd, &res)) {
	case RUN_OK:
		ret = 1;
		break;
	case RUN_SPAWN_ERROR:
		buf_setf(err, "cannot run yosys: %s", strerror(res.spawn_errno));
		ret = -1;
		break;
	case RUN_TIMEOUT:
		buf_setf(detail, "yosys timed out after %g s", wall);
		break;
	case RUN_SIGNALED:
		buf_setf(detail, "yosys was killed by signal %d (memory or CPU limit)", res.signo);
		break;
	case RUN_NONZERO:
		error_line(res.out.data, &line);
		buf_setf(detail, "yosys failed: %s", line.data);
		break;
	}
	run_result_release(&res);
	buf_release(&line);
	return ret;
}

/* Read dir/name into out (capped).  0, or -1 with a reason in detail. */
static int read_log(const char *dir, const char *name, struct buf *out, struct buf *detail)
{
	struct buf path = BUF_INIT;
	int ret = 0;

	buf_addf(&path, "%s/%s", dir, name);
	buf_init(out, EQUIV_LOG_MAX);
	if (buf_read_file(out, path.data) < 0 && !out->truncated) {
		buf_setf(detail, "yosys wrote no %s: %s", name, strerror(errno));
		ret = -1;
	}
	buf_release(&path);
	return ret;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int equiv_check(const char *gold, size_t gold_len, const char *gate, size_t gate_len,
		const char *top, const struct equiv_opts *opts, enum equiv_verdict *v,
		struct buf *detail, struct buf *err)
{
	struct equiv_opts defaults;
	struct buf path = BUF_INIT, script = BUF_INIT, log = BUF_INIT;
	const char *tmp;
	char *dir = NULL;
	int ret = -1, i, rc;
	size_t prefix;
	double start = now(), wall, left;

	if (!opts) {
		equiv_opts_init(&defaults);
		opts = &defaults;
	}
	tmp = opts->tmpdir ? opts->tmpdir : "/tmp";
	wall = opts->timeout > 0 ? opts->timeout : 20;
	*v = EQUIV_UNKNOWN;
	buf_reset(detail);
	if (!is_ident(top)) {
		buf_setf(detail, "top module name '%s' is not a plain identifier", top ? top : "");
		ret = 0;
		goto out;
	}
	buf_addf(&path, "%s/veripref-equiv-XXXXXX", tmp);
	dir = buf_detach(&path, NULL);
	if (!mkdtemp(dir)) {
		buf_setf(err, "cannot create a temporary directory in '%s': %s", tmp, strerror(errno));
		free(dir);
		dir = NULL;
		goto out;
	}
	for (i = 0; i < 2; i++) {
		buf_reset(&path);
		buf_addf(&path, "%s/%s.v", dir, i ? "gate" : "gold");
		if (buf_write_file(path.data, i ? gate : gold, i ? gate_len : gold_len) < 0) {
			buf_setf(err, "cannot write '%s': %s", path.data, strerror(errno));
			goto out;
		}
	}
	/* Both designs, elaborated apart, as modules gold and gate. */
	for (i = 0; i < 2; i++)
		buf_addf(&script,
			 "read_verilog -sv %s.v; hierarchy -top %s; proc; flatten; memory; opt_clean; "
			 "rename %s %s; design -stash %s; ",
			 i ? "gate" : "gold", top, top, i ? "gate" : "gold", i ? "gate" : "gold");
	buf_addstr(&script, "design -copy-from gold -as gold gold; design -copy-from gate -as gate gate; ");
	prefix = script.len;

	/*
	 * 1. Structural: equiv_make pairs same-named signals, equiv_simple and
	 * equiv_induct prove the pairs (10-150 ms on small designs).  Only a
	 * full proof counts; clk2fflogic first, or a flip-flop on the other
	 * clock edge would pass for the same one.
	 */
	buf_addstr(&script, "clk2fflogic; equiv_make gold gate equiv; hierarchy -top equiv; "
		    "equiv_simple -seq 5; equiv_induct -seq 5; tee -q -o equiv.log equiv_status");
	rc = run_yosys(dir, script.data, wall, opts->mem_bytes, detail, err);
	if (rc < 0)
		goto out;
	if (rc > 0 && read_log(dir, "equiv.log", &log, detail) == 0 &&
	    strstr(log.data, "Equivalence successfully proven!")) {
		*v = EQUIV_EQUIVALENT;
		buf_setf(detail, "proven by equiv_simple/equiv_induct");
		ret = 0;
		goto out;
	}
	buf_release(&log);

	/* 2. The miter: a counterexample, or a proof by temporal induction. */
	left = wall - (now() - start);
	if (left < 0.05) {
		if (!detail->len)
			buf_setf(detail, "yosys timed out after %g s", wall);
		ret = 0;
		goto out;
	}
	buf_setlen(&script, prefix);
	buf_addf(&script,
		 "miter -equiv -flatten -make_outputs -ignore_gold_x gold gate miter; "
		 "hierarchy -top miter; clk2fflogic; "
		 "tee -q -o sat.log sat -tempinduct -prove trigger 0 -enable_undef -set-def-inputs "
		 "-set-init-undef -maxsteps %u -show-inputs -show-outputs miter",
		 opts->max_steps ? opts->max_steps : 40);
	buf_reset(detail);
	rc = run_yosys(dir, script.data, left, opts->mem_bytes, detail, err);
	if (rc < 0)
		goto out;
	if (rc == 0) {
		if (!strncmp(detail->data, "yosys timed out", 15))
			buf_setf(detail, "yosys timed out after %g s", wall);
		ret = 0;
		goto out;
	}
	if (read_log(dir, "sat.log", &log, detail) < 0) {
		ret = 0;
		goto out;
	}
	if (strstr(log.data, "Induction step proven: SUCCESS!") ||
	    strstr(log.data, "no model found: SUCCESS!")) {
		*v = EQUIV_EQUIVALENT;
		buf_addstr(detail, "proven by sat -tempinduct");
	} else if (strstr(log.data, "model found for base case: FAIL!") ||
		   strstr(log.data, "model found: FAIL!")) {
		*v = EQUIV_DIFFERENT;
		cex_line(log.data, detail);
		if (!detail->len)
			buf_addstr(detail, "counterexample found");
	} else {
		buf_addf(detail, "no counterexample within %u steps and the induction did not close",
			 opts->max_steps ? opts->max_steps : 40);
	}
	ret = 0;
out:
	if (dir) {
		run_remove_dir(dir);
		free(dir);
	}
	buf_release(&path);
	buf_release(&script);
	buf_release(&log);
	return ret;
}
