/*
 * tbllm: the conversation that turns a task's spec into a validated,
 * LLM-written testbench (see tbllm.h).
 *
 * One attempt is a small state machine: scenarios -> write -> (validate ->
 * decide -> repair)* -> kept or rejected.  Each kind of feedback (compile,
 * reference, strength) has its own budget of R repair rounds for the whole
 * attempt, so a bench that is strengthened and then stops compiling can still
 * be repaired.  The prompts are the templates of testbench/prompts/; the
 * audit writer numbers every file it writes so the directory reads as the
 * conversation's transcript.
 */
#include "pipeline/tbllm.h"

#include "pipeline/extract.h"
#include "pipeline/llm.h"
#include "pipeline/prompt.h"
#include "pipeline/tbval.h"
#include "sim/xalloc.h"
#include "testbench/harness.h"
#include "testbench/task.h"
#include "testbench/vlex.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Template names (testbench/prompts/<name>.txt). */
#define P_SYSTEM "tb_system.v1"
#define P_SCENARIOS "tb_scenarios.v1"
#define P_SCENARIOS_REPAIR "tb_scenarios_repair.v1"
#define P_WRITE "tb_write.v1"
#define P_REPAIR_COMPILE "tb_repair_compile.v1"
#define P_REPAIR_REF "tb_repair_ref.v1"
#define P_STRENGTHEN "tb_strengthen.v1"

/* Feedback pasted into a prompt is cut here, so a runaway log cannot fill the context. */
#define FEEDBACK_MAX 8000
/* Cap on any one reply or testbench kept in memory. */
#define TEXT_MAX ((size_t)4 << 20)

void tbllm_feedback_init(struct tbllm_feedback *fb)
{
	memset(fb, 0, sizeof(*fb));
	buf_init(&fb->compile_log, 1u << 20);
	buf_init(&fb->ref_failures, 1u << 20);
	buf_init(&fb->uncovered, 1u << 20);
	buf_init(&fb->survivors, 1u << 20);
	buf_init(&fb->report, 16u << 20);
	buf_init(&fb->reason, 4096);
	fb->toggle_coverage = -1;
}

void tbllm_feedback_release(struct tbllm_feedback *fb)
{
	if (!fb)
		return;
	buf_release(&fb->compile_log);
	buf_release(&fb->ref_failures);
	buf_release(&fb->uncovered);
	buf_release(&fb->survivors);
	buf_release(&fb->report);
	buf_release(&fb->reason);
}

void tbllm_opts_init(struct tbllm_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->attempts = 1;
	o->rounds = 3;
	o->min_coverage = 0.8;
	o->min_mutation = 0.8;
}

const char *tbllm_outcome_name(enum tbllm_outcome o)
{
	switch (o) {
	case TBLLM_KEPT: return "kept";
	case TBLLM_REJECTED: return "rejected";
	case TBLLM_DROPPED: return "dropped";
	}
	return "?";
}

const char *tbllm_step_name(enum tbllm_step s)
{
	switch (s) {
	case TBLLM_STEP_COMPILE: return "compile";
	case TBLLM_STEP_REFERENCE: return "reference";
	case TBLLM_STEP_STRENGTH: return "strength";
	case TBLLM_STEP_KEEP: return "keep";
	case TBLLM_STEP_REJECT: return "reject";
	}
	return "?";
}

/* ---- pure helpers ---- */

static const char *skip_line(const char *p)
{
	const char *nl = strchr(p, '\n');

	return nl ? nl + 1 : p + strlen(p);
}

int tbllm_interface(const char *spec, struct buf *out, struct buf *err)
{
	const char *p = spec, *body, *end;

	/* The "## Interface" heading, at the start of a line. */
	for (;;) {
		if (!strncmp(p, "## Interface", 12) && (p[12] == '\n' || p[12] == '\r' ||
							 p[12] == ' ' || !p[12]))
			break;
		p = skip_line(p);
		if (!*p) {
			buf_setf(err, "spec.md has no '## Interface' section");
			return -1;
		}
	}
	/* Its first fence, before the next heading. */
	for (p = skip_line(p); *p; p = skip_line(p)) {
		if (!strncmp(p, "## ", 3))
			break;
		if (!strncmp(p, "```", 3))
			goto fence;
	}
	buf_setf(err, "spec.md: the '## Interface' section has no fenced code block");
	return -1;
fence:
	body = skip_line(p);
	for (end = body; *end; end = skip_line(end))
		if (!strncmp(end, "```", 3))
			break;
	if (!*end) {
		buf_setf(err, "spec.md: the code block of '## Interface' is never closed");
		return -1;
	}
	buf_reset(out);
	buf_add(out, body, (size_t)(end - body));
	buf_rtrim(out);
	if (!out->len) {
		buf_setf(err, "spec.md: the code block of '## Interface' is empty");
		return -1;
	}
	return 0;
}

static int is_name(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

static void line_col(const char *text, const char *at, unsigned long *line, unsigned long *col)
{
	const char *p;

	*line = 1;
	*col = 1;
	for (p = text; p < at && *p; p++) {
		if (*p == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

static char *field(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	const char *s;

	if (!cJSON_IsString(v))
		return NULL;
	for (s = v->valuestring; isspace((unsigned char)*s); s++)
		;
	return *s ? xstrdup(v->valuestring) : NULL;
}

int tbllm_parse_scenarios(const char *reply, struct tbllm_scenarios *out, struct buf *err)
{
	static const char *const keys[] = { "name", "intent", "stimulus", "expected" };
	struct buf code = BUF_INIT;
	const char *text, *end = NULL;
	cJSON *root = NULL;
	const cJSON *arr, *item;
	enum extract_status es;
	size_t i, n;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	es = extract_code(reply, "json", &code);
	text = es == EXTRACT_FENCE || es == EXTRACT_TRUNCATED ? code.data : reply;
	while (isspace((unsigned char)*text))
		text++;
	if (!*text) {
		buf_setf(err, "the reply is empty; a JSON object was expected");
		goto out;
	}
	root = cJSON_ParseWithOpts(text, &end, 1);
	if (!root) {
		unsigned long line, col;

		if (!end)
			end = text + strlen(text);
		line_col(text, end, &line, &col);
		if (!*end)
			buf_setf(err, "the reply is not valid JSON: it ends at line %lu before the value is complete%s",
				 line, es == EXTRACT_TRUNCATED ? " (the code block was never closed)" : "");
		else
			/* cJSON points one byte past the offending one. */
			buf_setf(err, "the reply is not valid JSON (parse error at line %lu, column %lu)",
				 line, col > 1 ? col - 1 : col);
		goto out;
	}
	if (cJSON_IsArray(root)) {
		arr = root;
	} else if (cJSON_IsObject(root)) {
		arr = cJSON_GetObjectItemCaseSensitive(root, "scenarios");
		if (!cJSON_IsArray(arr)) {
			buf_setf(err, "the JSON object has no \"scenarios\" array");
			goto out;
		}
	} else {
		buf_setf(err, "the JSON value is neither an object nor an array");
		goto out;
	}
	n = (size_t)cJSON_GetArraySize(arr);
	if (!n) {
		buf_setf(err, "the \"scenarios\" array is empty");
		goto out;
	}
	if (n > TBLLM_MAX_SCENARIOS) {
		buf_setf(err, "there are %zu scenarios; at most %d are allowed", n,
			 TBLLM_MAX_SCENARIOS);
		goto out;
	}
	out->v = xcalloc(n, sizeof(*out->v));
	i = 0;
	cJSON_ArrayForEach(item, arr) {
		struct tbllm_scenario *s = &out->v[i];
		char **f[4];
		size_t k, j;

		f[0] = &s->name;
		f[1] = &s->intent;
		f[2] = &s->stimulus;
		f[3] = &s->expected;
		out->nr = ++i;
		if (!cJSON_IsObject(item)) {
			buf_setf(err, "scenario %zu is not a JSON object", i);
			goto out;
		}
		for (k = 0; k < 4; k++) {
			*f[k] = field(item, keys[k]);
			if (!*f[k]) {
				buf_setf(err, "scenario %zu has no non-empty \"%s\" string", i, keys[k]);
				goto out;
			}
		}
		if (!is_name(s->name)) {
			buf_setf(err, "scenario %zu: name \"%.64s\" must be made of letters, digits and underscores",
				 i, s->name);
			goto out;
		}
		for (j = 0; j + 1 < i; j++)
			if (!strcmp(out->v[j].name, s->name)) {
				buf_setf(err, "scenarios %zu and %zu are both named \"%.64s\"", j + 1, i,
					 s->name);
				goto out;
			}
	}
	ret = 0;
out:
	if (ret)
		tbllm_scenarios_release(out);
	cJSON_Delete(root);
	buf_release(&code);
	return ret;
}

void tbllm_scenarios_release(struct tbllm_scenarios *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nr; i++) {
		free(s->v[i].name);
		free(s->v[i].intent);
		free(s->v[i].stimulus);
		free(s->v[i].expected);
	}
	free(s->v);
	s->v = NULL;
	s->nr = 0;
}

/* The next token that is not a comment; 0 at the end. */
static int next_code(struct vlex *lx, struct vlex_tok *t)
{
	while (vlex_next(lx, t))
		if (t->kind != VLEX_COMMENT)
			return 1;
	return 0;
}

size_t tbllm_check_names(const char *tb, size_t len, char ***names)
{
	struct vlex lx;
	struct vlex_tok t;
	char **v = NULL;
	size_t n = 0, alloc = 0, i;

	vlex_init(&lx, tb, len);
	while (next_code(&lx, &t)) {
		const char *s;
		char *name;

		if (t.kind != VLEX_DIRECTIVE || !vlex_tok_eq(&lx, &t, "`VP_CHECK"))
			continue;
		if (!next_code(&lx, &t) || !vlex_tok_eq(&lx, &t, "("))
			continue;
		if (!next_code(&lx, &t) || t.kind != VLEX_STRING || (t.flags & VLEX_F_UNTERMINATED))
			continue;
		s = vlex_tok_text(&lx, &t);
		name = xstrndup(s + 1, t.len - 2);
		for (i = 0; i < n; i++)
			if (!strcmp(v[i], name))
				break;
		if (i < n) {
			free(name);
			continue;
		}
		ALLOC_GROW(v, n + 1, alloc);
		v[n++] = name;
	}
	*names = v;
	return n;
}

void tbllm_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

size_t tbllm_missing_checks(const struct tbllm_scenarios *s, const char *tb, size_t len,
			    struct buf *problems)
{
	char **names;
	size_t n = tbllm_check_names(tb, len, &names), i, k, missing = 0;

	for (i = 0; i < s->nr; i++) {
		size_t l = strlen(s->v[i].name);

		for (k = 0; k < n; k++)
			if (!strncmp(names[k], s->v[i].name, l))
				break;
		if (k < n)
			continue;
		if (!missing++)
			buf_addstr(problems, "these scenarios have no `VP_CHECK whose name (a string literal) starts with the scenario's name: ");
		else
			buf_addstr(problems, ", ");
		buf_addstr(problems, s->v[i].name);
	}
	if (missing) {
		buf_addf(problems, " (the testbench has %zu distinct named check%s for %zu scenario%s).",
			 n, n == 1 ? "" : "s", s->nr, s->nr == 1 ? "" : "s");
	} else if (n < s->nr) {
		/* Prefixes can overlap ("carry", "carry_out"): count distinct names too. */
		buf_addf(problems, "the testbench has %zu distinct named check%s for %zu scenarios; "
			 "give every scenario a check of its own.", n, n == 1 ? "" : "s", s->nr);
		missing = 1;
	}
	tbllm_names_free(names, n);
	return missing;
}

int tbllm_done_in_task(const char *tb, size_t len)
{
	struct vlex lx;
	struct vlex_tok t;
	int depth = 0;

	vlex_init(&lx, tb, len);
	while (next_code(&lx, &t)) {
		if (t.kind == VLEX_KEYWORD &&
		    (vlex_tok_eq(&lx, &t, "task") || vlex_tok_eq(&lx, &t, "function")))
			depth++;
		else if (t.kind == VLEX_KEYWORD &&
			 (vlex_tok_eq(&lx, &t, "endtask") || vlex_tok_eq(&lx, &t, "endfunction")))
			depth -= depth > 0;
		else if (depth && t.kind == VLEX_DIRECTIVE && vlex_tok_eq(&lx, &t, "`VP_DONE"))
			return 1;
	}
	return 0;
}

/* The first line of text (at most 300 bytes), appended to b. */
static void add_first_line(struct buf *b, const char *text)
{
	size_t n;

	while (*text == '\n' || *text == '\r')
		text++;
	n = strcspn(text, "\r\n");
	if (n > 300)
		n = 300;
	buf_add(b, text, n);
}

enum tbllm_step tbllm_decide(const struct tbllm_feedback *fb, int structure_ok,
			     double min_coverage, double min_mutation, struct buf *why)
{
	double score;

	if (!fb->compiles) {
		if (fb->reason.len) {
			buf_addstr(why, fb->reason.data);
			return TBLLM_STEP_COMPILE;
		}
		buf_addstr(why, "does not compile");
		if (fb->compile_log.len) {
			buf_addstr(why, ": ");
			add_first_line(why, fb->compile_log.data);
		}
		return TBLLM_STEP_COMPILE;
	}
	if (!structure_ok) {
		buf_addstr(why, "breaks the testbench rules (a named check per scenario, `VP_DONE outside tasks)");
		return TBLLM_STEP_COMPILE;
	}
	if (!fb->ref_run) {
		buf_addstr(why, "was not run on the reference");
		return TBLLM_STEP_REJECT;
	}
	if (!fb->passes_ref) {
		if (fb->reason.len) {
			buf_addstr(why, fb->reason.data);
			return TBLLM_STEP_REFERENCE;
		}
		buf_addstr(why, "fails on the reference");
		if (fb->ref_failures.len) {
			buf_addstr(why, ": ");
			add_first_line(why, fb->ref_failures.data);
		}
		return TBLLM_STEP_REFERENCE;
	}
	if (min_coverage > 0 && !fb->coverage_run) {
		buf_addstr(why, "line coverage could not be measured");
		if (fb->reason.len)
			buf_addf(why, " (%s)", fb->reason.data);
		return TBLLM_STEP_REJECT;
	}
	if (min_mutation > 0 && !fb->mutation_run) {
		buf_addstr(why, "the mutation score could not be measured");
		return TBLLM_STEP_REJECT;
	}
	if (fb->coverage_run && fb->line_coverage + 1e-9 < min_coverage) {
		buf_addf(why, "line coverage %.1f%% is under the minimum %.1f%%",
			 fb->line_coverage * 100, min_coverage * 100);
		return TBLLM_STEP_STRENGTH;
	}
	if (fb->mutation_run && min_mutation > 0) {
		score = fb->mutants_valid ? (double)fb->mutants_killed / (double)fb->mutants_valid : 0;
		if (!fb->mutants_valid) {
			buf_addstr(why, "no valid mutant to measure the mutation score");
			return TBLLM_STEP_REJECT;
		}
		if (score + 1e-9 < min_mutation) {
			buf_addf(why, "mutation score %.2f (%zu of %zu mutants killed) is under the minimum %.2f",
				 score, fb->mutants_killed, fb->mutants_valid, min_mutation);
			return TBLLM_STEP_STRENGTH;
		}
	}
	return TBLLM_STEP_KEEP;
}

/* ---- audit ---- */

struct audit {
	const char *dir;    /* NULL: audit off */
	int seq;
	cJSON *files;       /* file names of the current attempt (borrowed) */
};

static int mkdir_p(const char *dir, struct buf *err)
{
	char *p, *path = xstrdup(dir);
	int ret = -1;

	for (p = path + 1; ; p++) {
		if (*p && *p != '/')
			continue;
		{
			char c = *p;

			*p = '\0';
			if (mkdir(path, 0755) < 0 && errno != EEXIST) {
				buf_setf(err, "cannot create '%s': %s", path, strerror(errno));
				goto out;
			}
			*p = c;
			if (!c)
				break;
		}
	}
	ret = 0;
out:
	free(path);
	return ret;
}

/* Write one numbered file "NNN-aK-label" into the audit directory. */
static int audit_write(struct audit *a, int attempt, const char *label, const char *data,
		       size_t len, struct buf *err)
{
	struct buf name = BUF_INIT, path = BUF_INIT;
	int ret = 0;

	if (!a->dir)
		return 0;
	a->seq++;
	if (attempt > 0)
		buf_addf(&name, "%03d-a%d-%s", a->seq, attempt, label);
	else
		buf_addf(&name, "%03d-%s", a->seq, label);
	buf_addf(&path, "%s/%s", a->dir, name.data);
	if (buf_write_file(path.data, data, len) < 0) {
		buf_setf(err, "cannot write '%s': %s", path.data, strerror(errno));
		ret = -1;
	} else if (a->files) {
		cJSON_AddItemToArray(a->files, cJSON_CreateString(name.data));
	}
	buf_release(&name);
	buf_release(&path);
	return ret;
}

static int audit_json(struct audit *a, int attempt, const char *label, cJSON *o, struct buf *err)
{
	char *s;
	int ret;

	if (!a->dir)
		return 0;
	s = cJSON_Print(o);
	ret = audit_write(a, attempt, label, s, strlen(s), err);
	free(s);
	return ret;
}

/* ---- one attempt ---- */

struct run {
	const struct tbllm_opts *o;
	const struct task *t;
	struct tbllm_result *res;
	struct audit audit;
	const char *system;
	struct buf iface;
	struct buf *err;
};

struct attempt_state {
	int index;                      /* 1-based */
	struct tbllm_attempt *at;
	struct tbllm_scenarios sc;
	struct buf scen_json;           /* the scenarios as pretty JSON, for the prompts */
	struct buf tb;                  /* the current testbench */
	int nvalid;                     /* validations so far */
};

/*
 * Fill template name with kv, ask the model, store the exchange in the
 * audit.  Returns 0 with the reply's text in reply, or -1 with err set.
 */
static int ask(struct run *r, struct attempt_state *st, const char *label, const char *tmpl_name,
	       const char *const *kv, size_t nkv, struct buf *reply)
{
	const char *tmpl = prompt_get(tmpl_name);
	struct buf user = BUF_INIT;
	struct tbllm_reply rep;
	cJSON *o = NULL;
	int ret = -1;

	memset(&rep, 0, sizeof(rep));
	buf_init(&rep.text, TEXT_MAX);
	if (!tmpl) {
		buf_setf(r->err, "prompt template '%s' is not compiled in", tmpl_name);
		goto out;
	}
	if (prompt_fill(tmpl, kv, nkv, &user, r->err) < 0)
		goto out;
	st->at->requests++;
	r->res->requests++;
	if (r->o->chat(r->o->chat_ctx, st->index, r->system, user.data, &rep, r->err) < 0)
		goto out;
	r->res->prompt_tokens += rep.prompt_tokens;
	r->res->completion_tokens += rep.completion_tokens;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "step", label);
	cJSON_AddStringToObject(o, "template", tmpl_name);
	cJSON_AddStringToObject(o, "system_template", P_SYSTEM);
	if (r->o->model)
		cJSON_AddStringToObject(o, "model", r->o->model);
	cJSON_AddStringToObject(o, "system", r->system);
	cJSON_AddStringToObject(o, "prompt", user.data);
	cJSON_AddStringToObject(o, "reply", rep.text.data);
	cJSON_AddNumberToObject(o, "prompt_tokens", (double)rep.prompt_tokens);
	cJSON_AddNumberToObject(o, "completion_tokens", (double)rep.completion_tokens);
	cJSON_AddBoolToObject(o, "cached", rep.cached);
	cJSON_AddBoolToObject(o, "truncated", rep.truncated);
	{
		struct buf l = BUF_INIT;

		buf_addf(&l, "%s.json", label);
		ret = audit_json(&r->audit, st->index, l.data, o, r->err);
		buf_release(&l);
	}
	if (ret < 0)
		goto out;
	buf_reset(reply);
	buf_add(reply, rep.text.data, rep.text.len);
	ret = 0;
out:
	cJSON_Delete(o);
	buf_release(&user);
	buf_release(&rep.text);
	return ret;
}

/* Record a decision file and the attempt's outcome. */
static int decide_file(struct run *r, struct attempt_state *st, const char *step,
		       const char *decision, const char *reason)
{
	cJSON *o = cJSON_CreateObject();
	int ret;

	cJSON_AddNumberToObject(o, "attempt", st->index);
	cJSON_AddNumberToObject(o, "validation", st->nvalid);
	cJSON_AddStringToObject(o, "step", step);
	cJSON_AddStringToObject(o, "decision", decision);
	cJSON_AddStringToObject(o, "reason", reason);
	cJSON_AddNumberToObject(o, "compile_rounds", st->at->compile_rounds);
	cJSON_AddNumberToObject(o, "reference_rounds", st->at->ref_rounds);
	cJSON_AddNumberToObject(o, "strength_rounds", st->at->strength_rounds);
	ret = audit_json(&r->audit, st->index, "decision.json", o, r->err);
	cJSON_Delete(o);
	return ret;
}

static void finish(struct attempt_state *st, enum tbllm_outcome out, const char *reason)
{
	st->at->outcome = out;
	free(st->at->reason);
	st->at->reason = xstrdup(reason);
}

/* The scenarios as a JSON array (one object per line), for the prompts. */
static void scenarios_json(const struct tbllm_scenarios *s, struct buf *out)
{
	size_t i;

	buf_reset(out);
	buf_addstr(out, "[\n");
	for (i = 0; i < s->nr; i++) {
		cJSON *o = cJSON_CreateObject();
		char *txt;

		cJSON_AddStringToObject(o, "name", s->v[i].name);
		cJSON_AddStringToObject(o, "intent", s->v[i].intent);
		cJSON_AddStringToObject(o, "stimulus", s->v[i].stimulus);
		cJSON_AddStringToObject(o, "expected", s->v[i].expected);
		txt = cJSON_PrintUnformatted(o);
		buf_addf(out, "  %s%s\n", txt, i + 1 < s->nr ? "," : "");
		free(txt);
		cJSON_Delete(o);
	}
	buf_addstr(out, "]");
}

/* Step 1: the scenario list, with one repair.  1 = got it, 0 = dropped, -1 = error. */
static int get_scenarios(struct run *r, struct attempt_state *st)
{
	const struct task *t = r->t;
	struct buf reply = BUF_INIT, perr = BUF_INIT, why = BUF_INIT;
	const char *kv[] = {
		"top", t->top, "kind", t->kind == TASK_SEQ ? "sequential" : "combinational",
		"clock", t->clock ? t->clock : "none", "reset", t->reset ? t->reset : "none",
		"spec", t->spec, "interface", r->iface.data,
	};
	int ret = -1;

	buf_init(&reply, TEXT_MAX);
	if (ask(r, st, "scenarios", P_SCENARIOS, kv, sizeof(kv) / sizeof(kv[0]) / 2, &reply) < 0)
		goto out;
	if (!tbllm_parse_scenarios(reply.data, &st->sc, &perr)) {
		ret = 1;
		goto out;
	}
	{
		const char *rkv[] = { "error", perr.data, "reply", reply.data };
		struct buf again = BUF_INIT;

		buf_init(&again, TEXT_MAX);
		if (decide_file(r, st, "scenarios", "repair", perr.data) < 0 ||
		    ask(r, st, "scenarios-repair", P_SCENARIOS_REPAIR, rkv, 2, &again) < 0) {
			buf_release(&again);
			goto out;
		}
		buf_reset(&perr);
		if (!tbllm_parse_scenarios(again.data, &st->sc, &perr)) {
			buf_release(&again);
			ret = 1;
			goto out;
		}
		buf_release(&again);
	}
	buf_addf(&why, "the scenario list is not usable after one repair: %s", perr.data);
	finish(st, TBLLM_DROPPED, why.data);
	ret = decide_file(r, st, "scenarios", "dropped", why.data) < 0 ? -1 : 0;
out:
	buf_release(&reply);
	buf_release(&perr);
	buf_release(&why);
	return ret;
}

/* Take the Verilog out of a reply into st->tb.  0, or -1 when there is none. */
static int take_code(struct attempt_state *st, const char *reply)
{
	enum extract_status es = extract_code(reply, "verilog", &st->tb);

	if (es == EXTRACT_NONE) {
		buf_reset(&st->tb);
		return -1;
	}
	return 0;
}

/* Paste feedback, cut at FEEDBACK_MAX bytes. */
static void paste(struct buf *out, const char *text, const char *none)
{
	size_t n = strlen(text);

	if (!n) {
		buf_addstr(out, none);
		return;
	}
	if (n <= FEEDBACK_MAX) {
		buf_addstr(out, text);
		return;
	}
	buf_add(out, text, FEEDBACK_MAX);
	buf_addf(out, "\n[... %zu more bytes cut]", n - FEEDBACK_MAX);
}

/* Validate st->tb (or fake a compile failure when the reply had no code). */
static int validate(struct run *r, struct attempt_state *st, int have_code,
		    struct tbllm_feedback *fb)
{
	struct buf name = BUF_INIT, label = BUF_INIT;
	cJSON *o = NULL;
	int ret = -1;

	st->nvalid++;
	st->at->validations += have_code;
	buf_addf(&name, "llm_a%d_v%d.v", st->index, st->nvalid);
	if (!have_code) {
		buf_addstr(&fb->compile_log, "the reply contains no ```verilog fenced code block with the testbench");
		ret = 0;
		goto out;
	}
	buf_addf(&label, "tb-v%d.v", st->nvalid);
	if (audit_write(&r->audit, st->index, label.data, st->tb.data, st->tb.len, r->err) < 0)
		goto out;
	if (r->o->validate(r->o->validate_ctx, name.data, st->tb.data, st->tb.len, fb, r->err) < 0)
		goto out;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "testbench", name.data);
	cJSON_AddBoolToObject(o, "compiles", fb->compiles);
	cJSON_AddStringToObject(o, "compile_log", fb->compile_log.data);
	cJSON_AddBoolToObject(o, "reference_run", fb->ref_run);
	cJSON_AddBoolToObject(o, "passes_reference", fb->passes_ref);
	cJSON_AddStringToObject(o, "reference_failures", fb->ref_failures.data);
	if (fb->coverage_run) {
		cJSON_AddNumberToObject(o, "line_coverage", fb->line_coverage);
		if (fb->toggle_coverage >= 0)
			cJSON_AddNumberToObject(o, "toggle_coverage", fb->toggle_coverage);
		cJSON_AddStringToObject(o, "uncovered", fb->uncovered.data);
	}
	if (fb->mutation_run) {
		cJSON_AddNumberToObject(o, "mutants_valid", (double)fb->mutants_valid);
		cJSON_AddNumberToObject(o, "mutants_killed", (double)fb->mutants_killed);
		cJSON_AddStringToObject(o, "survivors", fb->survivors.data);
	}
	if (fb->report.len) {
		cJSON *rep = cJSON_Parse(fb->report.data);

		if (rep)
			cJSON_AddItemToObject(o, "report", rep);
		else
			cJSON_AddStringToObject(o, "report", fb->report.data);
	}
	buf_reset(&label);
	buf_addf(&label, "validate-v%d.json", st->nvalid);
	if (audit_json(&r->audit, st->index, label.data, o, r->err) < 0)
		goto out;
	ret = 0;
out:
	cJSON_Delete(o);
	buf_release(&name);
	buf_release(&label);
	return ret;
}

static void note_strength(struct tbllm_attempt *at, const struct tbllm_feedback *fb)
{
	at->line_coverage = fb->coverage_run ? fb->line_coverage : -1;
	at->mutants_valid = fb->mutation_run ? fb->mutants_valid : 0;
	at->mutants_killed = fb->mutation_run ? fb->mutants_killed : 0;
	at->mutation_score = fb->mutation_run && fb->mutants_valid ?
		(double)fb->mutants_killed / (double)fb->mutants_valid : -1;
}

/* Steps 2-6 for one attempt whose scenarios are known.  0 or -1. */
static int write_and_repair(struct run *r, struct attempt_state *st)
{
	const struct tbllm_opts *o = r->o;
	const struct task *t = r->t;
	struct buf reply = BUF_INIT, fbtext = BUF_INIT, why = BUF_INIT, summary = BUF_INIT;
	struct buf uncovered = BUF_INIT, survivors = BUF_INIT;
	struct tbllm_feedback fb;
	int have_code, ret = -1;

	tbllm_feedback_init(&fb);
	buf_init(&reply, TEXT_MAX);
	buf_init(&st->tb, TEXT_MAX);
	scenarios_json(&st->sc, &st->scen_json);
	{
		const char *kv[] = {
			"top", t->top, "example_name", st->sc.v[0].name,
			"harness", vp_harness_text, "spec", t->spec, "interface", r->iface.data,
			"scenarios", st->scen_json.data,
		};
		if (ask(r, st, "write", P_WRITE, kv, sizeof(kv) / sizeof(kv[0]) / 2, &reply) < 0)
			goto out;
	}
	have_code = take_code(st, reply.data) == 0;
	for (;;) {
		enum tbllm_step step;
		int structure_ok = 1, *budget;
		const char *tmpl, *label;
		struct buf problems = BUF_INIT;

		tbllm_feedback_release(&fb);
		tbllm_feedback_init(&fb);
		if (validate(r, st, have_code, &fb) < 0)
			goto out;
		if (have_code && fb.compiles) {
			if (tbllm_missing_checks(&st->sc, st->tb.data, st->tb.len, &problems))
				structure_ok = 0;
			if (tbllm_done_in_task(st->tb.data, st->tb.len)) {
				buf_addf(&problems, "%s`VP_DONE is called inside a task or function; call it "
					 "directly at the end of the main initial block (a design could call "
					 "the task and end the test early).", problems.len ? "\n" : "");
				structure_ok = 0;
			}
		}
		buf_reset(&why);
		step = tbllm_decide(&fb, structure_ok, o->min_coverage, o->min_mutation, &why);
		note_strength(st->at, &fb);
		if (step == TBLLM_STEP_KEEP) {
			buf_release(&problems);
			buf_reset(&why);
			buf_addstr(&why, "compiles in every simulator and passes on the reference");
			if (fb.coverage_run)
				buf_addf(&why, "; line coverage %.1f%%", fb.line_coverage * 100);
			if (fb.mutation_run && fb.mutants_valid)
				buf_addf(&why, "; mutation score %.2f (%zu of %zu killed)",
					 (double)fb.mutants_killed / (double)fb.mutants_valid,
					 fb.mutants_killed, fb.mutants_valid);
			finish(st, TBLLM_KEPT, why.data);
			if (decide_file(r, st, "keep", "kept", why.data) < 0)
				goto out;
			break;
		}
		budget = step == TBLLM_STEP_COMPILE ? &st->at->compile_rounds :
			 step == TBLLM_STEP_REFERENCE ? &st->at->ref_rounds : &st->at->strength_rounds;
		if (step == TBLLM_STEP_REJECT || *budget >= o->rounds) {
			buf_release(&problems);
			if (step != TBLLM_STEP_REJECT)
				buf_addf(&why, " (after %d %s repair round%s)", *budget,
					 tbllm_step_name(step), *budget == 1 ? "" : "s");
			finish(st, TBLLM_REJECTED, why.data);
			if (decide_file(r, st, tbllm_step_name(step), "rejected", why.data) < 0)
				goto out;
			break;
		}
		(*budget)++;
		if (decide_file(r, st, tbllm_step_name(step), "repair", why.data) < 0) {
			buf_release(&problems);
			goto out;
		}
		buf_reset(&fbtext);
		switch (step) {
		case TBLLM_STEP_COMPILE:
			tmpl = P_REPAIR_COMPILE;
			label = "repair-compile";
			if (!fb.compiles)
				paste(&fbtext, fb.compile_log.data, "compilation failed without a message");
			else
				buf_addstr(&fbtext, problems.data);
			break;
		case TBLLM_STEP_REFERENCE:
			tmpl = P_REPAIR_REF;
			label = "repair-reference";
			paste(&fbtext, fb.ref_failures.data, "the testbench did not report a verdict");
			break;
		default:
			tmpl = P_STRENGTHEN;
			label = "strengthen";
			buf_reset(&summary);
			buf_addstr(&summary, why.data);
			if (fb.coverage_run) {
				buf_addf(&summary, ". Line coverage of the reference: %.1f%% (minimum %.1f%%)",
					 fb.line_coverage * 100, o->min_coverage * 100);
				if (fb.toggle_coverage >= 0)
					buf_addf(&summary, ", toggle coverage %.1f%%", fb.toggle_coverage * 100);
			}
			if (fb.mutation_run)
				buf_addf(&summary, ". Mutants killed: %zu of %zu (minimum score %.2f)",
					 fb.mutants_killed, fb.mutants_valid, o->min_mutation);
			buf_addch(&summary, '.');
			buf_reset(&uncovered);
			paste(&uncovered, fb.uncovered.data, "(none)");
			buf_reset(&survivors);
			paste(&survivors, fb.survivors.data, "(none)");
			break;
		}
		buf_release(&problems);
		{
			const char *kv[] = {
				"top", t->top, "spec", t->spec, "interface", r->iface.data,
				"scenarios", st->scen_json.data, "testbench", st->tb.data,
				"errors", fbtext.data, "failures", fbtext.data,
				"summary", summary.data, "uncovered", uncovered.data,
				"survivors", survivors.data,
			};
			if (ask(r, st, label, tmpl, kv, sizeof(kv) / sizeof(kv[0]) / 2, &reply) < 0)
				goto out;
		}
		have_code = take_code(st, reply.data) == 0;
	}
	ret = 0;
out:
	if (st->tb.len) {
		st->at->tb = xstrndup(st->tb.data, st->tb.len);
		st->at->tb_len = st->tb.len;
	}
	tbllm_feedback_release(&fb);
	buf_release(&reply);
	buf_release(&fbtext);
	buf_release(&why);
	buf_release(&summary);
	buf_release(&uncovered);
	buf_release(&survivors);
	return ret;
}

static cJSON *attempt_json(const struct tbllm_attempt *at, int index, cJSON *files)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, "attempt", index);
	cJSON_AddStringToObject(o, "outcome", tbllm_outcome_name(at->outcome));
	cJSON_AddStringToObject(o, "reason", at->reason ? at->reason : "");
	cJSON_AddNumberToObject(o, "scenarios", (double)at->nscenarios);
	cJSON_AddNumberToObject(o, "requests", at->requests);
	cJSON_AddNumberToObject(o, "validations", at->validations);
	cJSON_AddNumberToObject(o, "compile_rounds", at->compile_rounds);
	cJSON_AddNumberToObject(o, "reference_rounds", at->ref_rounds);
	cJSON_AddNumberToObject(o, "strength_rounds", at->strength_rounds);
	if (at->line_coverage >= 0)
		cJSON_AddNumberToObject(o, "line_coverage", at->line_coverage);
	else
		cJSON_AddNullToObject(o, "line_coverage");
	if (at->mutation_score >= 0)
		cJSON_AddNumberToObject(o, "mutation_score", at->mutation_score);
	else
		cJSON_AddNullToObject(o, "mutation_score");
	cJSON_AddNumberToObject(o, "mutants_killed", (double)at->mutants_killed);
	cJSON_AddNumberToObject(o, "mutants_valid", (double)at->mutants_valid);
	cJSON_AddItemToObject(o, "files", files);
	return o;
}

static void pick_best(struct tbllm_result *res)
{
	size_t i;

	res->best = -1;
	for (i = 0; i < res->nattempts; i++) {
		const struct tbllm_attempt *a = &res->attempts[i], *b;

		if (a->outcome != TBLLM_KEPT)
			continue;
		if (res->best < 0) {
			res->best = (int)i;
			continue;
		}
		b = &res->attempts[res->best];
		if (a->mutation_score > b->mutation_score ||
		    (a->mutation_score == b->mutation_score && a->line_coverage > b->line_coverage))
			res->best = (int)i;
	}
}

int tbllm_run(const struct tbllm_opts *o, const struct task *t, struct tbllm_result *res,
	      struct buf *err)
{
	struct run r;
	cJSON *summary = NULL, *list = NULL;
	struct buf why = BUF_INIT;
	int i, ret = -1;

	memset(res, 0, sizeof(*res));
	res->best = -1;
	memset(&r, 0, sizeof(r));
	r.o = o;
	r.t = t;
	r.res = res;
	r.err = err;
	r.audit.dir = o->audit_dir;
	if (o->attempts < 1 || o->rounds < 0 || !o->chat || !o->validate) {
		buf_setf(err, "tbllm: invalid options (attempts %d, rounds %d, callbacks %s)",
			 o->attempts, o->rounds, o->chat && o->validate ? "set" : "missing");
		return -1;
	}
	r.system = prompt_get(P_SYSTEM);
	if (!r.system) {
		buf_setf(err, "prompt template '%s' is not compiled in", P_SYSTEM);
		return -1;
	}
	if (tbllm_interface(t->spec, &r.iface, err) < 0) {
		struct buf e = BUF_INIT;

		buf_setf(&e, "task '%s': %s", t->id, err->data);
		buf_setf(err, "%s", e.data);
		buf_release(&e);
		goto done;
	}
	if (o->audit_dir && mkdir_p(o->audit_dir, err) < 0)
		goto done;

	res->attempts = xcalloc((size_t)o->attempts, sizeof(*res->attempts));
	res->nattempts = (size_t)o->attempts;
	summary = cJSON_CreateObject();
	cJSON_AddStringToObject(summary, "task", t->id);
	cJSON_AddStringToObject(summary, "model", o->model ? o->model : "");
	cJSON_AddNumberToObject(summary, "attempts", o->attempts);
	cJSON_AddNumberToObject(summary, "rounds", o->rounds);
	cJSON_AddNumberToObject(summary, "min_coverage", o->min_coverage);
	cJSON_AddNumberToObject(summary, "min_mutation_score", o->min_mutation);
	{
		static const char *const names[] = { P_SYSTEM, P_SCENARIOS, P_SCENARIOS_REPAIR, P_WRITE,
						     P_REPAIR_COMPILE, P_REPAIR_REF, P_STRENGTHEN };
		cJSON *p = cJSON_AddArrayToObject(summary, "prompts");
		size_t k;

		for (k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			cJSON_AddItemToArray(p, cJSON_CreateString(names[k]));
	}
	list = cJSON_CreateArray();

	for (i = 0; i < o->attempts; i++) {
		struct attempt_state st;
		cJSON *files = cJSON_CreateArray();
		int rc;

		memset(&st, 0, sizeof(st));
		st.index = i + 1;
		st.at = &res->attempts[i];
		st.at->line_coverage = -1;
		st.at->mutation_score = -1;
		r.audit.files = files;
		rc = get_scenarios(&r, &st);
		if (rc > 0) {
			st.at->nscenarios = st.sc.nr;
			rc = write_and_repair(&r, &st);
		}
		tbllm_scenarios_release(&st.sc);
		buf_release(&st.scen_json);
		buf_release(&st.tb);
		r.audit.files = NULL;
		if (rc < 0) {
			if (!st.at->reason)
				finish(&st, TBLLM_REJECTED, "the run stopped on an error");
			cJSON_AddItemToArray(list, attempt_json(st.at, st.index, files));
			res->nattempts = (size_t)i + 1;
			goto done;
		}
		cJSON_AddItemToArray(list, attempt_json(st.at, st.index, files));
	}
	ret = 0;
done:
	pick_best(res);
	if (summary) {
		if (res->best >= 0) {
			cJSON_AddStringToObject(summary, "decision", "kept");
			cJSON_AddNumberToObject(summary, "kept_attempt", res->best + 1);
			buf_addf(&why, "attempt %d kept: %s", res->best + 1,
				 res->attempts[res->best].reason);
		} else {
			cJSON_AddStringToObject(summary, "decision", ret < 0 ? "error" : "none");
			cJSON_AddNullToObject(summary, "kept_attempt");
			if (ret < 0)
				buf_addf(&why, "the run stopped: %s", err->data);
			else
				buf_addf(&why, "no testbench was kept: %zu attempt%s, every one rejected or dropped",
					 res->nattempts, res->nattempts == 1 ? "" : "s");
		}
		cJSON_AddStringToObject(summary, "reason", why.data);
		cJSON_AddNumberToObject(summary, "requests", res->requests);
		cJSON_AddNumberToObject(summary, "prompt_tokens", (double)res->prompt_tokens);
		cJSON_AddNumberToObject(summary, "completion_tokens", (double)res->completion_tokens);
		cJSON_AddItemToObject(summary, "attempt_results", list);
		list = NULL;
		if (o->audit_dir) {
			char *s = cJSON_Print(summary);
			struct buf path = BUF_INIT;

			buf_addf(&path, "%s/summary.json", o->audit_dir);
			if (buf_write_file(path.data, s, strlen(s)) < 0 && ret == 0) {
				buf_setf(err, "cannot write '%s': %s", path.data, strerror(errno));
				ret = -1;
			}
			buf_release(&path);
			free(s);
		}
	}
	cJSON_Delete(list);
	cJSON_Delete(summary);
	buf_release(&why);
	buf_release(&r.iface);
	return ret;
}

void tbllm_result_release(struct tbllm_result *res)
{
	size_t i;

	if (!res)
		return;
	for (i = 0; i < res->nattempts; i++) {
		free(res->attempts[i].reason);
		free(res->attempts[i].tb);
	}
	free(res->attempts);
	memset(res, 0, sizeof(*res));
	res->best = -1;
}

/* ---- chat over llm.h ---- */

int tbllm_chat_llm(void *ctx, int attempt, const char *system, const char *user,
		   struct tbllm_reply *out, struct buf *err)
{
	struct tbllm_llm_ctx *c = ctx;
	struct llm_message msgs[2];
	struct llm_request req = LLM_REQUEST_INIT;
	struct llm_result *res = NULL;
	uint64_t id;
	int ret = -1;

	msgs[0].role = "system";
	msgs[0].content = system;
	msgs[1].role = "user";
	msgs[1].content = user;
	req.model = c->model;
	req.messages = msgs;
	req.nmessages = 2;
	req.temperature = c->temperature;
	req.max_tokens = c->max_tokens;
	req.has_seed = c->has_seed;
	req.seed = c->seed + (attempt > 1 ? attempt - 1 : 0);
	id = llm_submit(c->client, &req, NULL);
	/* Requests go one at a time, so the next result is ours; skip strays all the same. */
	while ((res = llm_next(c->client)) && res->id != id) {
		llm_result_free(res);
		res = NULL;
	}
	if (!res) {
		buf_setf(err, "the LLM client lost request %llu", (unsigned long long)id);
		goto out;
	}
	if (res->status != LLM_OK || !res->nsamples || !res->samples[0].content) {
		buf_setf(err, "LLM request failed (%s): %s", llm_strerror(res->status), res->err.data);
		goto out;
	}
	buf_addstr(&out->text, res->samples[0].content);
	out->prompt_tokens = res->prompt_tokens;
	out->completion_tokens = res->completion_tokens;
	out->cached = res->samples[0].cached;
	out->truncated = res->samples[0].truncated;
	ret = 0;
out:
	llm_result_free(res);
	return ret;
}

/* ---- validation over tbval.h ---- */

/* The FAIL lines of a simulation log, or its last lines when it has none. */
static void failing_lines(const char *log, struct buf *out)
{
	const char *p = log, *tail;
	size_t n = 0, len = strlen(log);

	while (*p) {
		const char *eol = p + strcspn(p, "\n");

		if (strstr(p, "@vp:FAIL ") && strstr(p, "@vp:FAIL ") < eol) {
			buf_add(out, p, (size_t)(eol - p));
			buf_addch(out, '\n');
			n++;
		}
		p = *eol ? eol + 1 : eol;
	}
	if (n)
		return;
	tail = len > 2000 ? log + len - 2000 : log;
	if (tail != log) {
		tail += strcspn(tail, "\n");
		if (*tail)
			tail++;
	}
	buf_addstr(out, tail);
	if (out->len && out->data[out->len - 1] != '\n')
		buf_addch(out, '\n');
}

static void add_killable(struct buf *out, const char *survivors)
{
	static const char eq[] = " (equivalent)";
	const char *p = survivors;

	while (*p) {
		size_t n = strcspn(p, "\n");

		if (!(n >= sizeof(eq) - 1 && !strncmp(p + n - (sizeof(eq) - 1), eq, sizeof(eq) - 1))) {
			buf_add(out, p, n);
			buf_addch(out, '\n');
		}
		p += n;
		if (*p)
			p++;
	}
}

static cJSON *report_json(const struct tbval_report *r)
{
	cJSON *o = cJSON_CreateObject(), *sims = cJSON_AddObjectToObject(o, "simulators"), *ms;
	size_t i;
	int k;

	for (k = 0; k < SIM_NKINDS; k++) {
		const struct tbval_sim *s = &r->sim[k];
		cJSON *so;

		if (!s->ran)
			continue;
		so = cJSON_AddObjectToObject(sims, sim_name((enum sim_kind)k));
		cJSON_AddBoolToObject(so, "compiled", s->compiled);
		cJSON_AddBoolToObject(so, "passes", s->passes);
		cJSON_AddStringToObject(so, "outcome", grade_outcome_name(s->outcome));
		cJSON_AddNumberToObject(so, "checks_passed", s->checks_passed);
		cJSON_AddNumberToObject(so, "checks_total", s->checks_total);
		cJSON_AddStringToObject(so, "message", s->message ? s->message : "");
		cJSON_AddStringToObject(so, "log", s->log ? s->log : "");
	}
	cJSON_AddBoolToObject(o, "compiles", r->compiles);
	cJSON_AddBoolToObject(o, "passes_reference", r->passes_reference);
	if (r->what & TBVAL_COVERAGE) {
		cJSON_AddNumberToObject(o, "lines_hit", (double)r->lines_hit);
		cJSON_AddNumberToObject(o, "lines_total", (double)r->lines_total);
		cJSON_AddNumberToObject(o, "line_pct", r->line_pct);
		cJSON_AddNumberToObject(o, "toggles_hit", (double)r->toggles_hit);
		cJSON_AddNumberToObject(o, "toggles_total", (double)r->toggles_total);
		cJSON_AddNumberToObject(o, "toggle_pct", r->toggle_pct);
		cJSON_AddStringToObject(o, "uncovered", r->uncovered ? r->uncovered : "");
	}
	if (r->what & TBVAL_MUTATION) {
		ms = cJSON_AddArrayToObject(o, "mutants");
		for (i = 0; i < r->nmutants; i++) {
			const struct tbval_mutant *m = &r->mutants[i];
			cJSON *mo = cJSON_CreateObject();

			cJSON_AddStringToObject(mo, "desc", m->desc ? m->desc : "");
			cJSON_AddStringToObject(mo, "changed", m->changed ? m->changed : "");
			cJSON_AddBoolToObject(mo, "valid", m->valid);
			cJSON_AddBoolToObject(mo, "killed", m->killed);
			cJSON_AddStringToObject(mo, "outcome", grade_outcome_name(m->outcome));
			cJSON_AddStringToObject(mo, "equiv", tbval_equiv_name(m->equiv));
			cJSON_AddItemToArray(ms, mo);
		}
		cJSON_AddNumberToObject(o, "valid", (double)r->valid);
		cJSON_AddNumberToObject(o, "killed", (double)r->killed);
		cJSON_AddNumberToObject(o, "equivalent", (double)r->equivalent);
		if (r->score >= 0)
			cJSON_AddNumberToObject(o, "score", r->score);
		else
			cJSON_AddNullToObject(o, "score");
	}
	cJSON_AddStringToObject(o, "verdict", r->verdict == TBVAL_KEPT ? "kept" : "rejected");
	cJSON_AddStringToObject(o, "reason", r->reason ? r->reason : "");
	return o;
}

int tbllm_validate_tbval(void *ctx, const char *tb_name, const char *text, size_t len,
			 struct tbllm_feedback *fb, struct buf *err)
{
	const struct tbllm_tbval_ctx *c = ctx;
	struct grade_testbench tb = { .name = tb_name, .text = text, .len = len };
	struct tbval_report r;
	cJSON *j;
	char *s;
	int k;

	if (tbval_check(c->opts, c->task, &tb, &r, err) < 0) {
		tbval_report_release(&r);
		return -1;
	}
	fb->compiles = r.compiles;
	for (k = 0; k < SIM_NKINDS; k++) {
		const struct tbval_sim *sm = &r.sim[k];

		if (!sm->ran)
			continue;
		if (!sm->compiled) {
			buf_addf(&fb->compile_log, "%s:\n%s", sim_name((enum sim_kind)k),
				 sm->log && *sm->log ? sm->log : sm->message ? sm->message : "");
			if (fb->compile_log.len && fb->compile_log.data[fb->compile_log.len - 1] != '\n')
				buf_addch(&fb->compile_log, '\n');
		} else if (!sm->passes) {
			buf_addf(&fb->ref_failures, "%s: %s, %d of %d checks passed%s%s\n",
				 sim_name((enum sim_kind)k), grade_outcome_name(sm->outcome),
				 sm->checks_passed, sm->checks_total,
				 sm->message && *sm->message ? ": " : "", sm->message ? sm->message : "");
			failing_lines(sm->log ? sm->log : "", &fb->ref_failures);
		}
	}
	fb->ref_run = (r.what & TBVAL_REF) && r.compiles;
	fb->passes_ref = fb->ref_run && r.passes_reference;
	if (r.what & TBVAL_COVERAGE) {
		fb->coverage_run = 1;
		fb->line_coverage = r.line_pct / 100;
		fb->toggle_coverage = r.toggle_pct / 100;
		buf_addstr(&fb->uncovered, r.uncovered ? r.uncovered : "");
	}
	if (r.what & TBVAL_MUTATION) {
		fb->mutation_run = 1;
		fb->mutants_valid = r.valid - r.equivalent;
		fb->mutants_killed = r.killed;
		/* A mutant Yosys proved equivalent cannot be killed: do not ask for it. */
		add_killable(&fb->survivors, r.survivors ? r.survivors : "");
	}
	if (!r.compiles || !r.passes_reference ||
	    ((c->opts->what & TBVAL_COVERAGE) && !(r.what & TBVAL_COVERAGE)))
		buf_addstr(&fb->reason, r.reason ? r.reason : "");
	j = report_json(&r);
	s = cJSON_PrintUnformatted(j);
	buf_addstr(&fb->report, s);
	free(s);
	cJSON_Delete(j);
	tbval_report_release(&r);
	return 0;
}
