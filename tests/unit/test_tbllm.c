/*
 * tbllm: the pure helpers (interface, scenario JSON, check names, decision
 * rule) and the round state machine driven by scripted replies and a fake
 * validator.  The validator reads directives the scripted testbenches carry
 * in a comment ("// FAKE compile" ...), so each test states exactly what
 * validation says about each bench; the real validation is covered by
 * tests/cli/tbgen_llm*.sh.
 */
#include "pipeline/tbllm.h"
#include "sim/buf.h"
#include "sim/xalloc.h"
#include "testbench/task.h"

#include <cjson/cJSON.h>
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char spec_text[] =
	"# demo: a demo\n"
	"\n"
	"## Interface\n"
	"```verilog\n"
	"module demo (\n"
	"    input  wire a,\n"
	"    output wire y\n"
	");\n"
	"```\n"
	"\n"
	"## Behaviour\n"
	"y = a.\n";

Test(tbllm, interface_is_the_first_block_of_its_section)
{
	struct buf out = BUF_INIT, err = BUF_INIT;

	cr_assert_eq(tbllm_interface(spec_text, &out, &err), 0);
	cr_assert_str_eq(out.data, "module demo (\n    input  wire a,\n    output wire y\n);");
	cr_assert_eq(tbllm_interface("# x\n## Behaviour\n```verilog\nmodule x;\n```\n", &out, &err), -1);
	cr_assert_str_eq(err.data, "spec.md has no '## Interface' section");
	cr_assert_eq(tbllm_interface("## Interface\ntext\n## Behaviour\n```v\nm\n```\n", &out, &err), -1);
	cr_assert_str_eq(err.data, "spec.md: the '## Interface' section has no fenced code block");
	cr_assert_eq(tbllm_interface("## Interface\n```verilog\nmodule x;\n", &out, &err), -1);
	cr_assert_str_eq(err.data, "spec.md: the code block of '## Interface' is never closed");
	buf_release(&out);
	buf_release(&err);
}

Test(tbllm, interface_of_a_bundled_task)
{
	struct task t;
	struct buf out = BUF_INIT, err = BUF_INIT;

	task_init(&t);
	cr_assert_eq(task_load(&t, "rtl_tasks/counter8", &err), 0, "%s", err.data);
	cr_assert_eq(tbllm_interface(t.spec, &out, &err), 0);
	cr_assert_str_eq(out.data, "module counter8 (\n    input  wire       clk,\n"
			 "    input  wire       rst,\n    input  wire       en,\n"
			 "    output reg  [7:0] q\n);");
	task_release(&t);
	buf_release(&out);
	buf_release(&err);
}

#define SC1 "{\"name\":\"zero\",\"intent\":\"i\",\"stimulus\":\"s\",\"expected\":\"e\"}"
#define SC2 "{\"name\":\"one\",\"intent\":\"i2\",\"stimulus\":\"s2\",\"expected\":\"e2\"}"

Test(tbllm, scenarios_from_object_array_or_fence)
{
	struct tbllm_scenarios s;
	struct buf err = BUF_INIT;

	cr_assert_eq(tbllm_parse_scenarios("{\"scenarios\": [" SC1 "," SC2 "]}", &s, &err), 0);
	cr_assert_eq(s.nr, 2);
	cr_assert_str_eq(s.v[0].name, "zero");
	cr_assert_str_eq(s.v[1].expected, "e2");
	tbllm_scenarios_release(&s);
	cr_assert_eq(tbllm_parse_scenarios("Here you go:\n```json\n[" SC2 "]\n```\nDone.", &s, &err), 0);
	cr_assert_eq(s.nr, 1);
	cr_assert_str_eq(s.v[0].intent, "i2");
	tbllm_scenarios_release(&s);
	cr_assert_eq(tbllm_parse_scenarios("```\n[" SC1 "]\n```", &s, &err), 0);
	cr_assert_eq(s.nr, 1);
	tbllm_scenarios_release(&s);
	buf_release(&err);
}

Test(tbllm, scenario_errors_say_what_to_fix)
{
	struct tbllm_scenarios s;
	struct buf err = BUF_INIT;

	cr_assert_eq(tbllm_parse_scenarios("{\"scenarios\": [\n  {\"name\": \"a\",,}\n]}", &s, &err), -1);
	/* the second comma is at line 2, column 16 */
	cr_assert_str_eq(err.data, "the reply is not valid JSON (parse error at line 2, column 16)");
	cr_assert_eq(s.nr, 0);
	cr_assert_eq(tbllm_parse_scenarios("{\"tests\": []}", &s, &err), -1);
	cr_assert_str_eq(err.data, "the JSON object has no \"scenarios\" array");
	cr_assert_eq(tbllm_parse_scenarios("[]", &s, &err), -1);
	cr_assert_str_eq(err.data, "the \"scenarios\" array is empty");
	cr_assert_eq(tbllm_parse_scenarios("42", &s, &err), -1);
	cr_assert_str_eq(err.data, "the JSON value is neither an object nor an array");
	cr_assert_eq(tbllm_parse_scenarios("[" SC1 ",{\"name\":\"b\",\"intent\":\"i\",\"stimulus\":\"s\",\"expected\":\"  \"}]",
					   &s, &err), -1);
	cr_assert_str_eq(err.data, "scenario 2 has no non-empty \"expected\" string");
	cr_assert_eq(tbllm_parse_scenarios("[" SC1 "," SC1 "]", &s, &err), -1);
	cr_assert_str_eq(err.data, "scenarios 1 and 2 are both named \"zero\"");
	cr_assert_eq(tbllm_parse_scenarios("[{\"name\":\"a b\",\"intent\":\"i\",\"stimulus\":\"s\",\"expected\":\"e\"}]",
					   &s, &err), -1);
	cr_assert_str_eq(err.data, "scenario 1: name \"a b\" must be made of letters, digits and underscores");
	cr_assert_eq(tbllm_parse_scenarios("[1]", &s, &err), -1);
	cr_assert_str_eq(err.data, "scenario 1 is not a JSON object");
	cr_assert_eq(tbllm_parse_scenarios("  \n", &s, &err), -1);
	cr_assert_str_eq(err.data, "the reply is empty; a JSON object was expected");
	buf_release(&err);
}

Test(tbllm, check_names_are_distinct_literals_outside_comments)
{
	static const char tb[] =
		"// `VP_CHECK(\"in_comment\", a, 1)\n"
		"initial begin\n"
		"  `VP_CHECK(\"zero_y\", y, 1'b0)\n"
		"  `VP_CHECK ( \"one_y\" , y, 1'b1)\n"
		"  `VP_CHECK(\"zero_y\", y, 1'b0)\n"
		"  `VP_CHECK(name, y, 1'b0)\n"
		"  $display(\"`VP_CHECK(\\\"in_string\\\", y, 0)\");\n"
		"  /* `VP_CHECK(\"block\", y, 0) */\n"
		"end\n";
	char **names;
	size_t n = tbllm_check_names(tb, strlen(tb), &names);

	cr_assert_eq(n, 2);
	cr_assert_str_eq(names[0], "zero_y");
	cr_assert_str_eq(names[1], "one_y");
	tbllm_names_free(names, n);
}

Test(tbllm, missing_checks_are_named)
{
	struct tbllm_scenarios s;
	struct buf err = BUF_INIT, p = BUF_INIT;
	static const char tb[] = "`VP_CHECK(\"zero_a\", y, 0) `VP_CHECK(\"zero_b\", y, 0)";

	cr_assert_eq(tbllm_parse_scenarios("[" SC1 "," SC2 "]", &s, &err), 0);
	cr_assert_eq(tbllm_missing_checks(&s, tb, strlen(tb), &p), 1);
	cr_assert_str_eq(p.data, "these scenarios have no `VP_CHECK whose name (a string literal) starts "
			 "with the scenario's name: one (the testbench has 2 distinct named checks for 2 scenarios).");
	buf_reset(&p);
	cr_assert_eq(tbllm_missing_checks(&s, "`VP_CHECK(\"one\", y, 1)", 22, &p), 1);
	cr_assert(strstr(p.data, ": zero (the testbench has 1 distinct named check for 2 scenarios)."));
	buf_reset(&p);
	cr_assert_eq(tbllm_missing_checks(&s, "`VP_CHECK(\"one\",y,1)`VP_CHECK(\"zero\",y,0)", 40, &p), 0);
	cr_assert_str_eq(p.data, "");
	tbllm_scenarios_release(&s);
	/* "carry_out" is a prefix match for both scenarios, but one check is not two */
	cr_assert_eq(tbllm_parse_scenarios("[{\"name\":\"carry\",\"intent\":\"i\",\"stimulus\":\"s\",\"expected\":\"e\"},"
					   "{\"name\":\"carry_out\",\"intent\":\"i\",\"stimulus\":\"s\",\"expected\":\"e\"}]",
					   &s, &err), 0, "%s", err.data);
	cr_assert_eq(tbllm_missing_checks(&s, "`VP_CHECK(\"carry_out\",y,1)", strlen("`VP_CHECK(\"carry_out\",y,1)"), &p), 1);
	cr_assert_str_eq(p.data, "the testbench has 1 distinct named check for 2 scenarios; "
			 "give every scenario a check of its own.");
	tbllm_scenarios_release(&s);
	buf_release(&err);
	buf_release(&p);
}

Test(tbllm, vp_done_inside_a_task_is_found)
{
	static const char in_task[] = "task finish; begin `VP_DONE end endtask\n";
	static const char in_func[] = "function f; input x; begin `VP_DONE f = x; end endfunction";
	static const char direct[] = "task t; begin end endtask\ninitial begin t; `VP_DONE end\n"
				     "// task x; `VP_DONE\n";

	cr_assert_eq(tbllm_done_in_task(in_task, strlen(in_task)), 1);
	cr_assert_eq(tbllm_done_in_task(in_func, strlen(in_func)), 1);
	cr_assert_eq(tbllm_done_in_task(direct, strlen(direct)), 0);
}

static void good_feedback(struct tbllm_feedback *fb)
{
	fb->compiles = 1;
	fb->ref_run = 1;
	fb->passes_ref = 1;
	fb->coverage_run = 1;
	fb->line_coverage = 0.9;
	fb->mutation_run = 1;
	fb->mutants_valid = 10;
	fb->mutants_killed = 8;
}

Test(tbllm, decision_rule_in_order)
{
	struct tbllm_feedback fb;
	struct buf why = BUF_INIT;

	tbllm_feedback_init(&fb);
	buf_addstr(&fb.compile_log, "iverilog:\ntb.v:3: syntax error\n");
	cr_assert_eq(tbllm_decide(&fb, 1, 0.8, 0.8, &why), TBLLM_STEP_COMPILE);
	cr_assert_str_eq(why.data, "does not compile: iverilog:");
	/* the validator's own sentence wins */
	buf_reset(&why);
	buf_addstr(&fb.reason, "does not compile under iverilog: tb.v:3: syntax error");
	cr_assert_eq(tbllm_decide(&fb, 1, 0.8, 0.8, &why), TBLLM_STEP_COMPILE);
	cr_assert_str_eq(why.data, "does not compile under iverilog: tb.v:3: syntax error");
	buf_reset(&fb.reason);
	good_feedback(&fb);
	buf_reset(&why);
	cr_assert_eq(tbllm_decide(&fb, 0, 0.8, 0.8, &why), TBLLM_STEP_COMPILE);
	cr_assert_str_eq(why.data, "breaks the testbench rules (a named check per scenario, `VP_DONE outside tasks)");
	buf_reset(&why);
	fb.passes_ref = 0;
	buf_addstr(&fb.ref_failures, "FAIL wrap_q got=ff exp=0 t=95000\n");
	cr_assert_eq(tbllm_decide(&fb, 1, 0.8, 0.8, &why), TBLLM_STEP_REFERENCE);
	cr_assert_str_eq(why.data, "fails on the reference: FAIL wrap_q got=ff exp=0 t=95000");
	buf_reset(&why);
	fb.ref_run = 0;
	cr_assert_eq(tbllm_decide(&fb, 1, 0.8, 0.8, &why), TBLLM_STEP_REJECT);
	fb.ref_run = 1;
	fb.passes_ref = 1;
	/* exactly at the thresholds: kept */
	fb.line_coverage = 0.8;
	cr_assert_eq(tbllm_decide(&fb, 1, 0.8, 0.8, &why), TBLLM_STEP_KEEP);
	buf_reset(&why);
	fb.line_coverage = 0.75;
	cr_assert_eq(tbllm_decide(&fb, 1, 0.8, 0.8, &why), TBLLM_STEP_STRENGTH);
	cr_assert_str_eq(why.data, "line coverage 75.0% is under the minimum 80.0%");
	buf_reset(&why);
	cr_assert_eq(tbllm_decide(&fb, 1, 0.7, 0.8, &why), TBLLM_STEP_KEEP);
	fb.mutants_killed = 7;
	cr_assert_eq(tbllm_decide(&fb, 1, 0.7, 0.8, &why), TBLLM_STEP_STRENGTH);
	cr_assert_str_eq(why.data, "mutation score 0.70 (7 of 10 mutants killed) is under the minimum 0.80");
	buf_reset(&why);
	cr_assert_eq(tbllm_decide(&fb, 1, 0.7, 0.7, &why), TBLLM_STEP_KEEP);
	fb.mutants_valid = 0;
	fb.mutants_killed = 0;
	cr_assert_eq(tbllm_decide(&fb, 1, 0.7, 0.7, &why), TBLLM_STEP_REJECT);
	cr_assert_str_eq(why.data, "no valid mutant to measure the mutation score");
	buf_reset(&why);
	cr_assert_eq(tbllm_decide(&fb, 1, 0.7, 0, &why), TBLLM_STEP_KEEP);
	fb.coverage_run = 0;
	cr_assert_eq(tbllm_decide(&fb, 1, 0.7, 0, &why), TBLLM_STEP_REJECT);
	cr_assert_str_eq(why.data, "line coverage could not be measured");
	buf_reset(&why);
	cr_assert_eq(tbllm_decide(&fb, 1, 0, 0, &why), TBLLM_STEP_KEEP);
	tbllm_feedback_release(&fb);
	buf_release(&why);
}

/* ---- the state machine with scripted replies and a fake validator ---- */

struct script {
	const char *const *replies;
	size_t n, next;
	char *prompts[32];      /* the user messages received, in order */
	int fail_at;            /* 1-based request that fails (0: none) */
};

static int chat(void *ctx, int attempt, const char *system, const char *user,
		struct tbllm_reply *out, struct buf *err)
{
	struct script *s = ctx;

	cr_assert(attempt >= 1 && attempt <= 3);

	cr_assert(strstr(system, "verification engineer"));
	cr_assert(s->next < 32);
	s->prompts[s->next] = xstrdup(user);
	if (s->fail_at && (int)s->next + 1 == s->fail_at) {
		s->next++;
		buf_setf(err, "LLM request failed (http): boom");
		return -1;
	}
	cr_assert(s->next < s->n, "unexpected request %zu: %.80s", s->next + 1, user);
	buf_addstr(&out->text, s->replies[s->next++]);
	out->prompt_tokens = 10;
	out->completion_tokens = 5;
	return 0;
}

static void script_free(struct script *s)
{
	size_t i;

	for (i = 0; i < 32; i++)
		free(s->prompts[i]);
}

struct fakeval {
	int calls;
	char names[16][32];
};

/*
 * Directives in the bench: "FAKE compile" (does not compile), "FAKE ref"
 * (fails on the reference), "FAKE cov=P mut=K/V" (strength); default: all
 * good with coverage 1.0 and 10/10 mutants.
 */
static int validate(void *ctx, const char *name, const char *text, size_t len,
		    struct tbllm_feedback *fb, struct buf *err)
{
	struct fakeval *v = ctx;
	const char *p;

	(void)len;
	(void)err;
	cr_assert(v->calls < 16);
	snprintf(v->names[v->calls++], 32, "%s", name);
	if (strstr(text, "FAKE compile")) {
		buf_addstr(&fb->compile_log, "iverilog:\ntb.v:4: syntax error\n");
		return 0;
	}
	fb->compiles = 1;
	fb->ref_run = 1;
	if (strstr(text, "FAKE ref")) {
		buf_addstr(&fb->ref_failures, "iverilog: FAIL zero_y got=1 exp=0 t=1000\n");
		return 0;
	}
	fb->passes_ref = 1;
	fb->coverage_run = 1;
	fb->mutation_run = 1;
	fb->line_coverage = 1.0;
	fb->mutants_valid = 10;
	fb->mutants_killed = 10;
	if ((p = strstr(text, "FAKE cov="))) {
		unsigned k, n;
		double c;

		cr_assert_eq(sscanf(p, "FAKE cov=%lf mut=%u/%u", &c, &k, &n), 3);
		fb->line_coverage = c;
		fb->mutants_killed = k;
		fb->mutants_valid = n;
		buf_addstr(&fb->uncovered, "12:         q <= q + 8'd1;\n");
		buf_addstr(&fb->survivors, "m3 line 12 col 20: + -> -\n");
	}
	return 0;
}

#define SCEN "```json\n{\"scenarios\": [" \
	"{\"name\":\"zero\",\"intent\":\"a=0\",\"stimulus\":\"a=0\",\"expected\":\"y=0\"}," \
	"{\"name\":\"one\",\"intent\":\"a=1\",\"stimulus\":\"a=1\",\"expected\":\"y=1\"}]}\n```\n"
#define TB(directive) "```verilog\n// " directive "\nmodule tb;\n`VP_INIT\ninitial begin\n" \
	"`VP_CHECK(\"zero_y\", y, 1'b0)\n`VP_CHECK(\"one_y\", y, 1'b1)\n`VP_DONE\nend\nendmodule\n```\n"

struct fixture {
	struct task t;
	struct tbllm_opts o;
	struct script s;
	struct fakeval v;
	struct tbllm_result res;
	struct buf err;
};

static void setup(struct fixture *f, const char *const *replies, size_t n)
{
	memset(f, 0, sizeof(*f));
	task_init(&f->t);
	f->t.id = xstrdup("demo");
	f->t.top = xstrdup("demo");
	f->t.spec = xstrdup(spec_text);
	tbllm_opts_init(&f->o);
	f->s.replies = replies;
	f->s.n = n;
	f->o.chat = chat;
	f->o.chat_ctx = &f->s;
	f->o.validate = validate;
	f->o.validate_ctx = &f->v;
	buf_init(&f->err, 0);
}

static void teardown(struct fixture *f)
{
	tbllm_result_release(&f->res);
	script_free(&f->s);
	task_release(&f->t);
	buf_release(&f->err);
}

Test(tbllm, invalid_scenarios_repaired_once_then_kept)
{
	static const char *const replies[] = { "{\"scenarios\": [", SCEN, TB("good") };
	struct fixture f;

	setup(&f, replies, 3);
	cr_assert_eq(tbllm_run(&f.o, &f.t, &f.res, &f.err), 0, "%s", f.err.data);
	cr_assert_eq(f.s.next, 3);
	cr_assert_eq(f.res.requests, 3);
	cr_assert_eq(f.res.prompt_tokens, 30);
	cr_assert_eq(f.res.completion_tokens, 15);
	/* the parse error went back with the broken reply */
	cr_assert(strstr(f.s.prompts[1], "could not be used: the reply is not valid JSON: it ends at line 1 before the value is complete"));
	cr_assert(strstr(f.s.prompts[1], "{\"scenarios\": ["));
	/* the write prompt carries the scenarios, the harness and the interface */
	cr_assert(strstr(f.s.prompts[2], "\"name\":\"zero\""));
	cr_assert(strstr(f.s.prompts[2], "`define VP_CHECK"));
	cr_assert(strstr(f.s.prompts[2], "module demo ("));
	cr_assert(strstr(f.s.prompts[2], "`demo dut (...)`"));
	cr_assert_eq(f.v.calls, 1);
	cr_assert_str_eq(f.v.names[0], "llm_a1_v1.v");
	cr_assert_eq(f.res.best, 0);
	cr_assert_eq(f.res.attempts[0].outcome, TBLLM_KEPT);
	cr_assert_eq(f.res.attempts[0].nscenarios, 2);
	cr_assert_str_eq(f.res.attempts[0].reason, "compiles in every simulator and passes on the reference; "
			 "line coverage 100.0%; mutation score 1.00 (10 of 10 killed)");
	cr_assert(strstr(f.res.attempts[0].tb, "// good\nmodule tb;"));
	teardown(&f);
}

Test(tbllm, scenarios_invalid_twice_drop_the_attempt)
{
	static const char *const replies[] = { "not json", "[{\"name\": \"x\"}]" };
	struct fixture f;

	setup(&f, replies, 2);
	cr_assert_eq(tbllm_run(&f.o, &f.t, &f.res, &f.err), 0);
	cr_assert_eq(f.s.next, 2);
	cr_assert_eq(f.v.calls, 0);
	cr_assert_eq(f.res.best, -1);
	cr_assert_eq(f.res.attempts[0].outcome, TBLLM_DROPPED);
	cr_assert_str_eq(f.res.attempts[0].reason, "the scenario list is not usable after one repair: "
			 "scenario 1 has no non-empty \"intent\" string");
	cr_assert_null(f.res.attempts[0].tb);
	teardown(&f);
}

Test(tbllm, compile_repair_converges)
{
	static const char *const replies[] = { SCEN, TB("FAKE compile"), TB("fixed") };
	struct fixture f;

	setup(&f, replies, 3);
	cr_assert_eq(tbllm_run(&f.o, &f.t, &f.res, &f.err), 0);
	cr_assert_eq(f.s.next, 3);
	cr_assert_eq(f.v.calls, 2);
	cr_assert(strstr(f.s.prompts[2], "fix these problems:\n\niverilog:\ntb.v:4: syntax error\n"));
	cr_assert(strstr(f.s.prompts[2], "// FAKE compile\nmodule tb;"));
	cr_assert_eq(f.res.attempts[0].outcome, TBLLM_KEPT);
	cr_assert_eq(f.res.attempts[0].compile_rounds, 1);
	cr_assert_eq(f.res.attempts[0].ref_rounds, 0);
	teardown(&f);
}

Test(tbllm, never_compiles_stops_after_R_rounds)
{
	static const char *const replies[] = { SCEN, TB("FAKE compile"), TB("FAKE compile"),
					       TB("FAKE compile") };
	struct fixture f;

	setup(&f, replies, 4);
	f.o.rounds = 2;
	cr_assert_eq(tbllm_run(&f.o, &f.t, &f.res, &f.err), 0);
	cr_assert_eq(f.s.next, 4);      /* scenarios, write, 2 repairs */
	cr_assert_eq(f.v.calls, 3);
	cr_assert_eq(f.res.best, -1);
	cr_assert_eq(f.res.attempts[0].outcome, TBLLM_REJECTED);
	cr_assert_eq(f.res.attempts[0].compile_rounds, 2);
	cr_assert_str_eq(f.res.attempts[0].reason,
			 "does not compile: iverilog: (after 2 compile repair rounds)");
	teardown(&f);
}

Test(tbllm, reply_without_code_counts_as_a_compile_failure)
{
	static const char *const replies[] = { SCEN, "I cannot do that.", TB("fixed") };
	struct fixture f;

	setup(&f, replies, 3);
	cr_assert_eq(tbllm_run(&f.o, &f.t, &f.res, &f.err), 0);
	cr_assert_eq(f.v.calls, 1);     /* nothing to validate in the first reply */
	cr_assert(strstr(f.s.prompts[2], "the reply contains no ```verilog fenced code block"));
	cr_assert_eq(f.res.attempts[0].outcome, TBLLM_KEPT);
	cr_assert_eq(f.res.attempts[0].compile_rounds, 1);
	teardown(&f);
}

Test(tbllm, missing_scenario_check_is_sent_back)
{
	static const char *const replies[] = {
		SCEN,
		"```verilog\nmodule tb; `VP_INIT initial begin `VP_CHECK(\"zero_y\", y, 0) `VP_DONE end endmodule\n```",
		TB("fixed"),
	};
	struct fixture f;

	setup(&f, replies, 3);
	cr_assert_eq(tbllm_run(&f.o, &f.t, &f.res, &f.err), 0);
	cr_assert(strstr(f.s.prompts[2], "starts with the scenario's name: one (the testbench has 1 distinct named check for 2 scenarios)."));
	cr_assert_eq(f.res.attempts[0].outcome, TBLLM_KEPT);
	cr_assert_eq(f.res.attempts[0].compile_rounds, 1);
	teardown(&f);
}

Test(tbllm, reference_failure_fixed_then_kept)
{
	static const char *const replies[] = { SCEN, TB("FAKE ref"), TB("fixed") };
	struct fixture f;

	setup(&f, replies, 3);
	cr_assert_eq(tbllm_run(&f.o, &f.t, &f.res, &f.err), 0);
	cr_assert(strstr(f.s.prompts[2], "fails on the reference implementation"));
	cr_assert(strstr(f.s.prompts[2], "iverilog: FAIL zero_y got=1 exp=0 t=1000"));
	cr_assert_eq(f.res.attempts[0].outcome, TBLLM_KEPT);
	cr_assert_eq(f.res.attempts[0].ref_rounds, 1);
	teardown(&f);
}

Test(tbllm, failing_reference_is_never_kept)
{
	static const char *const replies[] = { SCEN, TB("FAKE ref"), TB("FAKE ref") };
	struct fixture f;

	setup(&f, replies, 3);
	f.o.rounds = 1;
	f.o.min_coverage = 0;
	f.o.min_mutation = 0;
	cr_assert_eq(tbllm_run(&f.o, &f.t, &f.res, &f.err), 0);
	cr_assert_eq(f.res.best, -1);
	cr_assert_eq(f.res.attempts[0].outcome, TBLLM_REJECTED);
	cr_assert_str_eq(f.res.attempts[0].reason, "fails on the reference: iverilog: FAIL zero_y got=1 "
			 "exp=0 t=1000 (after 1 reference repair round)");
	teardown(&f);
}

Test(tbllm, weak_bench_strengthened_or_rejected)
{
	static const char *const strengthened[] = { SCEN, TB("FAKE cov=0.5 mut=2/10"), TB("strong") };
	static const char *const weak[] = { SCEN, TB("FAKE cov=0.9 mut=2/10"), TB("FAKE cov=0.95 mut=5/10") };
	struct fixture f;

	setup(&f, strengthened, 3);
	cr_assert_eq(tbllm_run(&f.o, &f.t, &f.res, &f.err), 0);
	cr_assert(strstr(f.s.prompts[2], "too weak to\ncatch wrong implementations: line coverage 50.0% is "
			 "under the minimum 80.0%. Line coverage of the reference: 50.0% (minimum 80.0%). "
			 "Mutants killed: 2 of 10 (minimum score 0.80)."));
	cr_assert(strstr(f.s.prompts[2], "12:         q <= q + 8'd1;"));
	cr_assert(strstr(f.s.prompts[2], "m3 line 12 col 20: + -> -"));
	cr_assert_eq(f.res.attempts[0].outcome, TBLLM_KEPT);
	cr_assert_eq(f.res.attempts[0].strength_rounds, 1);
	teardown(&f);

	setup(&f, weak, 3);
	f.o.rounds = 1;
	cr_assert_eq(tbllm_run(&f.o, &f.t, &f.res, &f.err), 0);
	cr_assert_eq(f.res.attempts[0].outcome, TBLLM_REJECTED);
	cr_assert_str_eq(f.res.attempts[0].reason, "mutation score 0.50 (5 of 10 mutants killed) is under the "
			 "minimum 0.80 (after 1 strength repair round)");
	cr_assert_eq(f.res.attempts[0].mutants_killed, 5);
	cr_assert_eq(f.res.attempts[0].line_coverage, 0.95);
	teardown(&f);
}

Test(tbllm, best_of_several_attempts)
{
	/* attempt 1 kept at 0.9, attempt 2 kept at 1.0, attempt 3 rejected */
	static const char *const replies[] = {
		SCEN, TB("FAKE cov=0.9 mut=9/10"),
		SCEN, TB("good"),
		SCEN, TB("FAKE ref"),
	};
	struct fixture f;

	setup(&f, replies, 6);
	f.o.attempts = 3;
	f.o.rounds = 0;
	cr_assert_eq(tbllm_run(&f.o, &f.t, &f.res, &f.err), 0);
	cr_assert_eq(f.res.nattempts, 3);
	cr_assert_eq(f.res.attempts[0].outcome, TBLLM_KEPT);
	cr_assert_eq(f.res.attempts[1].outcome, TBLLM_KEPT);
	cr_assert_eq(f.res.attempts[2].outcome, TBLLM_REJECTED);
	cr_assert_str_eq(f.res.attempts[2].reason, "fails on the reference: iverilog: FAIL zero_y got=1 "
			 "exp=0 t=1000 (after 0 reference repair rounds)");
	cr_assert_eq(f.res.best, 1);
	cr_assert_str_eq(f.v.names[2], "llm_a3_v1.v");
	teardown(&f);
}

Test(tbllm, chat_error_stops_the_run)
{
	static const char *const replies[] = { SCEN };
	struct fixture f;

	setup(&f, replies, 1);
	f.s.fail_at = 2;
	cr_assert_eq(tbllm_run(&f.o, &f.t, &f.res, &f.err), -1);
	cr_assert_str_eq(f.err.data, "LLM request failed (http): boom");
	cr_assert_eq(f.res.best, -1);
	teardown(&f);
}

static cJSON *read_json(const char *path)
{
	struct buf b = BUF_INIT;
	cJSON *o;

	cr_assert_eq(buf_read_file(&b, path), 0, "%s", path);
	o = cJSON_Parse(b.data);
	cr_assert_not_null(o, "%s", path);
	buf_release(&b);
	return o;
}

Test(tbllm, audit_directory_is_the_transcript)
{
	static const char *const replies[] = { SCEN, TB("FAKE compile"), TB("fixed") };
	static const char *const want[] = {
		"001-a1-scenarios.json", "002-a1-write.json", "003-a1-tb-v1.v",
		"004-a1-validate-v1.json", "005-a1-decision.json", "006-a1-repair-compile.json",
		"007-a1-tb-v2.v", "008-a1-validate-v2.json", "009-a1-decision.json", "summary.json",
	};
	char dir[] = "/tmp/tbllm_audit_XXXXXX";
	struct buf path = BUF_INIT;
	struct fixture f;
	struct dirent **ents;
	cJSON *o, *a;
	int n, i;

	cr_assert_not_null(mkdtemp(dir));
	buf_addf(&path, "%s/sub/audit", dir);
	setup(&f, replies, 3);
	f.o.audit_dir = path.data;
	f.o.model = "m1";
	cr_assert_eq(tbllm_run(&f.o, &f.t, &f.res, &f.err), 0, "%s", f.err.data);
	n = scandir(path.data, &ents, NULL, alphasort);
	cr_assert_eq(n, 2 + 10);
	for (i = 2; i < n; i++)
		cr_assert_str_eq(ents[i]->d_name, want[i - 2]);
	for (i = 0; i < n; i++)
		free(ents[i]);
	free(ents);

	buf_reset(&path);
	buf_addf(&path, "%s/sub/audit/005-a1-decision.json", dir);
	o = read_json(path.data);
	cr_assert_str_eq(cJSON_GetObjectItem(o, "step")->valuestring, "compile");
	cr_assert_str_eq(cJSON_GetObjectItem(o, "decision")->valuestring, "repair");
	cr_assert_str_eq(cJSON_GetObjectItem(o, "reason")->valuestring, "does not compile: iverilog:");
	cJSON_Delete(o);

	buf_reset(&path);
	buf_addf(&path, "%s/sub/audit/006-a1-repair-compile.json", dir);
	o = read_json(path.data);
	cr_assert_str_eq(cJSON_GetObjectItem(o, "template")->valuestring, "tb_repair_compile.v1");
	cr_assert_str_eq(cJSON_GetObjectItem(o, "model")->valuestring, "m1");
	cr_assert_str_eq(cJSON_GetObjectItem(o, "reply")->valuestring, TB("fixed"));
	cJSON_Delete(o);

	buf_reset(&path);
	buf_addf(&path, "%s/sub/audit/summary.json", dir);
	o = read_json(path.data);
	cr_assert_str_eq(cJSON_GetObjectItem(o, "decision")->valuestring, "kept");
	cr_assert_eq(cJSON_GetObjectItem(o, "kept_attempt")->valueint, 1);
	cr_assert_eq(cJSON_GetObjectItem(o, "requests")->valueint, 3);
	a = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "attempt_results"), 0);
	cr_assert_str_eq(cJSON_GetObjectItem(a, "outcome")->valuestring, "kept");
	cr_assert_eq(cJSON_GetObjectItem(a, "compile_rounds")->valueint, 1);
	cr_assert_eq(cJSON_GetArraySize(cJSON_GetObjectItem(a, "files")), 9);
	cr_assert_str_eq(cJSON_GetArrayItem(cJSON_GetObjectItem(a, "files"), 6)->valuestring, "007-a1-tb-v2.v");
	cJSON_Delete(o);
	teardown(&f);

	buf_reset(&path);
	buf_addf(&path, "rm -rf '%s'", dir);
	cr_assert_eq(system(path.data), 0);
	buf_release(&path);
}

Test(tbllm, vp_done_in_a_task_is_sent_back)
{
	static const char *const replies[] = {
		"[{\"name\":\"zero\",\"intent\":\"i\",\"stimulus\":\"s\",\"expected\":\"e\"}]",
		"```verilog\nmodule tb; `VP_INIT task fin; begin `VP_DONE end endtask\n"
		"initial begin `VP_CHECK(\"zero_y\", y, 0) fin; end endmodule\n```",
		"```verilog\nmodule tb; `VP_INIT initial begin `VP_CHECK(\"zero_y\", y, 0) `VP_DONE end endmodule\n```",
	};
	struct fixture f;

	setup(&f, replies, 3);
	cr_assert_eq(tbllm_run(&f.o, &f.t, &f.res, &f.err), 0);
	cr_assert(strstr(f.s.prompts[2], "fix these problems:\n\n`VP_DONE is called inside a task or function;"));
	cr_assert_eq(f.res.attempts[0].outcome, TBLLM_KEPT);
	cr_assert_eq(f.res.attempts[0].compile_rounds, 1);
	teardown(&f);
}
