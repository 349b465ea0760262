/*
 * Unit tests of pair selection and the trainer formats.  The adder task:
 *   a0 111 "ADD_OK"      truth 1
 *   a1 110 "ADD_HALF"    truth 2/3 (multiplicity 2)
 *   a2 000 "ADD_BAD"     truth 0
 *   a3 000 "ADD_SYNTAX"  did not run (ok=false): unranked, with a message
 * Test passers (ok candidates, with multiplicity): t0 3, t1 3, t2 1.
 */
#include "pipeline/matrix.h"
#include "pipeline/pairs.h"
#include "pipeline/score.h"
#include "sim/buf.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char adder[] =
	"{\"task_id\":\"adder\",\"prompt\":\"Write an adder.\",\"candidates\":["
	"{\"id\":\"a0\",\"text\":\"ADD_OK\",\"ok\":true},"
	"{\"id\":\"a1\",\"text\":\"ADD_HALF\",\"ok\":true,\"multiplicity\":2},"
	"{\"id\":\"a2\",\"text\":\"ADD_BAD\",\"ok\":true},"
	"{\"id\":\"a3\",\"text\":\"ADD_SYNTAX\",\"ok\":false,\"message\":\"syntax error near ')'\"}],"
	"\"tests\":[{\"id\":\"t0\",\"text\":\"assert add(1,1)==2\"},{\"id\":\"t1\",\"text\":\"assert add(0,0)==0\"},"
	"{\"id\":\"t2\",\"text\":\"assert add(2,2)==4\"}],"
	"\"matrix\":[\"111\",\"110\",\"000\",\"000\"]}";

static void load(struct matrix_task *t, const char *json)
{
	char err[MATRIX_ERR_MAX];

	cr_assert_eq(matrix_task_parse(t, json, strlen(json), err), 0, "%s", err);
}

/* "a0>a3,a1>a2": the pairs of s by candidate id. */
static void expect_pairs(const struct matrix_task *t, const struct pairs_set *s, const char *want)
{
	char got[1024] = "";
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (i)
			strcat(got, ",");
		strcat(got, t->cand[s->pair[i].chosen].id);
		strcat(got, ">");
		strcat(got, t->cand[s->pair[i].rejected].id);
	}
	cr_assert_str_eq(got, want);
	cr_assert_eq(s->drop, s->n ? PAIRS_KEPT : s->drop);
}

static enum pairs_drop drop_of(const char *json, const struct pairs_options *o)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct pairs_set s = PAIRS_SET_INIT;
	enum pairs_drop d;

	load(&t, json);
	pairs_select(&t, o, &s);
	d = s.n ? PAIRS_KEPT : s.drop;
	pairs_set_release(&s);
	matrix_task_release(&t);
	return d;
}

Test(pairs, best_worst_rejects_the_unranked_bottom)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct pairs_set s = PAIRS_SET_INIT;
	struct pairs_options o = PAIRS_OPTIONS_INIT;

	load(&t, adder);
	pairs_select(&t, &o, &s);
	expect_pairs(&t, &s, "a0>a3");
	cr_assert_eq(s.pair[0].chosen_score, 1);
	cr_assert(isnan(s.pair[0].rejected_score));
	/* --ranked-only: the bottom ranked group is {a2}, margin 1 - 0 = 1. */
	o.ranked_only = 1;
	pairs_select(&t, &o, &s);
	expect_pairs(&t, &s, "a0>a2");
	cr_assert_eq(s.pair[0].rejected_score, 0);
	pairs_set_release(&s);
	matrix_task_release(&t);
}

Test(pairs, min_margin_and_length_ratio_drop_tasks)
{
	struct pairs_options o = PAIRS_OPTIONS_INIT;

	o.ranked_only = 1;
	o.min_margin = 1;          /* a0 - a2 = 1: kept */
	cr_assert_eq(drop_of(adder, &o), PAIRS_KEPT);
	o.min_margin = 1.5;
	cr_assert_eq(drop_of(adder, &o), PAIRS_DROP_MARGIN);
	/* Against the unranked a3 any margin is met. */
	o.ranked_only = 0;
	cr_assert_eq(drop_of(adder, &o), PAIRS_KEPT);
	/* "ADD_SYNTAX" (10 bytes) / "ADD_OK" (6) = 1.67. */
	o.length_ratio = 1.5;
	cr_assert_eq(drop_of(adder, &o), PAIRS_DROP_LENGTH);
	o.length_ratio = 1.7;
	cr_assert_eq(drop_of(adder, &o), PAIRS_KEPT);
}

/*
 * all: every candidate against every lower group.  Margins: a0>a3, a1>a3,
 * a2>a3 infinite (a3 unranked), a0>a2 1, a1>a2 2/3, a0>a1 1/3.  Largest
 * first; the three infinite ones in a seeded random order.
 */
Test(pairs, all_orders_by_margin_and_caps)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct pairs_set s = PAIRS_SET_INIT, s2 = PAIRS_SET_INIT;
	struct pairs_options o = PAIRS_OPTIONS_INIT;
	char first[3][8];
	int seed, differs = 0;
	size_t i;

	load(&t, adder);
	o.strategy = PAIRS_ALL;
	pairs_select(&t, &o, &s);
	cr_assert_eq(s.n, 6);
	for (i = 0; i < 3; i++) {
		cr_assert_eq(s.pair[i].rejected, 3);
		snprintf(first[i], sizeof(first[i]), "%s", t.cand[s.pair[i].chosen].id);
	}
	cr_assert_neq(strcmp(first[0], first[1]), 0);
	cr_assert_neq(strcmp(first[1], first[2]), 0);
	cr_assert_neq(strcmp(first[0], first[2]), 0);
	cr_assert_eq(s.pair[3].chosen, 0);
	cr_assert_eq(s.pair[3].rejected, 2);
	cr_assert_eq(s.pair[4].chosen, 1);
	cr_assert_eq(s.pair[4].rejected, 2);
	cr_assert_eq(s.pair[5].chosen, 0);
	cr_assert_eq(s.pair[5].rejected, 1);
	/* ranked-only: the three finite pairs. */
	o.ranked_only = 1;
	pairs_select(&t, &o, &s);
	expect_pairs(&t, &s, "a0>a2,a1>a2,a0>a1");
	/* The cap keeps the largest margins. */
	o.max_pairs = 2;
	pairs_select(&t, &o, &s);
	expect_pairs(&t, &s, "a0>a2,a1>a2");
	/* A seed gives one order; seeds differ somewhere among 20. */
	o.ranked_only = 0;
	o.max_pairs = 1;
	for (seed = 0; seed < 20; seed++) {
		o.seed = (uint64_t)seed;
		pairs_select(&t, &o, &s);
		pairs_select(&t, &o, &s2);
		cr_assert_eq(s.pair[0].chosen, s2.pair[0].chosen);
		differs |= s.pair[0].chosen != 0;
	}
	cr_assert(differs);
	pairs_set_release(&s);
	pairs_set_release(&s2);
	matrix_task_release(&t);
}

/*
 * dstc: a0 passes the most (3); the hardest test it passes is t2 (1 passer).
 * Fewest passes: a2 and a3 (0), lowest id a2; the easiest test it fails is
 * t0 or t1 (3 passers each), lowest id t0.
 */
Test(pairs, dstc_picks_minimax_pair_with_tests)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct pairs_set s = PAIRS_SET_INIT;
	struct pairs_options o = PAIRS_OPTIONS_INIT;
	struct buf out = BUF_INIT;

	load(&t, adder);
	o.strategy = PAIRS_DSTC;
	pairs_select(&t, &o, &s);
	expect_pairs(&t, &s, "a0>a2");
	cr_assert_eq(s.pair[0].chosen_test, 2);
	cr_assert_eq(s.pair[0].rejected_test, 0);
	cr_assert_eq(s.pair[0].chosen_score, 3);
	cr_assert_eq(s.pair[0].rejected_score, 0);
	pairs_format(&out, &t, &o, PAIRS_TRL, &s, NULL, NULL);
	cr_assert_str_eq(out.data,
		"{\"prompt\":\"Write an adder.\",\"chosen\":\"ADD_OK\\n\\nassert add(2,2)==4\","
		"\"rejected\":\"ADD_BAD\\n\\nassert add(1,1)==2\",\"meta\":{\"task_id\":\"adder\","
		"\"method\":\"dstc\",\"strategy\":\"dstc\",\"chosen\":\"a0\",\"rejected\":\"a2\","
		"\"chosen_score\":3,\"rejected_score\":0,\"margin\":3,\"evidence\":{"
		"\"chosen_only\":[\"t0\",\"t1\",\"t2\"],\"chosen_only_count\":3,\"rejected_only\":[],"
		"\"rejected_only_count\":0,\"rejected_ran\":true,\"chosen_test\":\"t2\","
		"\"rejected_test\":\"t0\"}}}\n");
	/* min-margin 4 > 3 drops it. */
	o.min_margin = 4;
	pairs_select(&t, &o, &s);
	cr_assert_eq(s.n, 0);
	cr_assert_eq(s.drop, PAIRS_DROP_MARGIN);
	buf_release(&out);
	pairs_set_release(&s);
	matrix_task_release(&t);
}

Test(pairs, degenerate_tasks_say_why)
{
	struct pairs_options o = PAIRS_OPTIONS_INIT;
	int strat;

	for (strat = PAIRS_BEST_WORST; strat <= PAIRS_DSTC; strat++) {
		o.strategy = (enum pairs_strategy)strat;
		cr_assert_eq(drop_of("{\"task_id\":\"x\",\"prompt\":\"p\",\"candidates\":["
				     "{\"id\":\"b0\",\"text\":\"x\",\"ok\":true},{\"id\":\"b1\",\"text\":\"y\",\"ok\":true}],"
				     "\"tests\":[{\"id\":\"t0\"},{\"id\":\"t1\"}],\"matrix\":[\"11\",\"11\"]}", &o),
			     PAIRS_DROP_ALL_PASS);
		/* One candidate did not run: not "all pass", but a0 vs the unranked c1. */
		cr_assert_eq(drop_of("{\"task_id\":\"x\",\"prompt\":\"p\",\"candidates\":["
				     "{\"id\":\"b0\",\"text\":\"x\",\"ok\":true},{\"id\":\"b1\",\"text\":\"y\",\"ok\":false}],"
				     "\"tests\":[{\"id\":\"t0\"}],\"matrix\":[\"1\",\"0\"]}", &o),
			     PAIRS_KEPT);
		cr_assert_eq(drop_of("{\"task_id\":\"x\",\"prompt\":\"p\",\"candidates\":["
				     "{\"id\":\"c0\",\"text\":\"x\",\"ok\":true},{\"id\":\"c1\",\"text\":\"y\",\"ok\":false}],"
				     "\"tests\":[{\"id\":\"t0\"}],\"matrix\":[\"0\",\"1\"]}", &o),
			     PAIRS_DROP_NONE_PASS);
		cr_assert_eq(drop_of("{\"task_id\":\"x\",\"candidates\":["
				     "{\"id\":\"d0\",\"text\":\"x\",\"ok\":true},{\"id\":\"d1\",\"text\":\"y\",\"ok\":true}],"
				     "\"tests\":[{\"id\":\"t0\"}],\"matrix\":[\"1\",\"0\"]}", &o),
			     PAIRS_DROP_NO_PROMPT);
		cr_assert_eq(drop_of("{\"task_id\":\"x\",\"prompt\":\"p\",\"candidates\":["
				     "{\"id\":\"e0\",\"text\":\"x\",\"ok\":true}],\"tests\":[],\"matrix\":[\"\"]}", &o),
			     PAIRS_DROP_NO_TESTS);
		/* 10 and 01: equal truth, equal pass counts: one group. */
		cr_assert_eq(drop_of("{\"task_id\":\"x\",\"prompt\":\"p\",\"candidates\":["
				     "{\"id\":\"f0\",\"text\":\"x\",\"ok\":true},{\"id\":\"f1\",\"text\":\"y\",\"ok\":true}],"
				     "\"tests\":[{\"id\":\"t0\"},{\"id\":\"t1\"}],\"matrix\":[\"10\",\"01\"]}", &o),
			     PAIRS_DROP_SINGLE_GROUP);
		/* The passing candidate has no text. */
		cr_assert_eq(drop_of("{\"task_id\":\"x\",\"prompt\":\"p\",\"candidates\":["
				     "{\"id\":\"g0\",\"ok\":true},{\"id\":\"g1\",\"text\":\"y\",\"ok\":true}],"
				     "\"tests\":[{\"id\":\"t0\"}],\"matrix\":[\"1\",\"0\"]}", &o),
			     PAIRS_DROP_NO_TEXT);
	}
	cr_assert_str_eq(pairs_drop_name(PAIRS_DROP_SINGLE_GROUP), "single-group");
	cr_assert_str_eq(pairs_drop_name(PAIRS_DROP_LENGTH), "length-ratio");
}

Test(pairs, formats_carry_the_pair_and_meta)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct pairs_set s = PAIRS_SET_INIT;
	struct pairs_options o = PAIRS_OPTIONS_INIT;
	struct buf out = BUF_INIT;
	const char *meta =
		"\"meta\":{\"task_id\":\"adder\",\"method\":\"truth\",\"strategy\":\"best-worst\","
		"\"chosen\":\"a0\",\"rejected\":\"a3\",\"chosen_score\":1,\"rejected_score\":null,"
		"\"margin\":null,\"evidence\":{\"chosen_only\":[\"t0\",\"t1\",\"t2\"],"
		"\"chosen_only_count\":3,\"rejected_only\":[],\"rejected_only_count\":0,"
		"\"rejected_ran\":false,\"message\":\"syntax error near ')'\"}}}\n";
	char want[2048];
	size_t des = 0, undes = 0;

	load(&t, adder);
	pairs_select(&t, &o, &s);
	pairs_format(&out, &t, &o, PAIRS_TRL, &s, NULL, NULL);
	snprintf(want, sizeof(want), "{\"prompt\":\"Write an adder.\",\"chosen\":\"ADD_OK\","
		 "\"rejected\":\"ADD_SYNTAX\",%s", meta);
	cr_assert_str_eq(out.data, want);
	buf_reset(&out);
	pairs_format(&out, &t, &o, PAIRS_TRL_CHAT, &s, NULL, NULL);
	snprintf(want, sizeof(want), "{\"prompt\":[{\"role\":\"user\",\"content\":\"Write an adder.\"}],"
		 "\"chosen\":[{\"role\":\"assistant\",\"content\":\"ADD_OK\"}],"
		 "\"rejected\":[{\"role\":\"assistant\",\"content\":\"ADD_SYNTAX\"}],%s", meta);
	cr_assert_str_eq(out.data, want);
	buf_reset(&out);
	pairs_format(&out, &t, &o, PAIRS_LLAMAFACTORY, &s, NULL, NULL);
	snprintf(want, sizeof(want), "{\"instruction\":\"Write an adder.\",\"input\":\"\","
		 "\"chosen\":\"ADD_OK\",\"rejected\":\"ADD_SYNTAX\",%s", meta);
	cr_assert_str_eq(out.data, want);
	buf_reset(&out);
	pairs_format(&out, &t, &o, PAIRS_KTO, &s, &des, &undes);
	cr_assert_str_eq(out.data,
		"{\"prompt\":\"Write an adder.\",\"completion\":\"ADD_OK\",\"label\":true,\"meta\":{"
		"\"task_id\":\"adder\",\"method\":\"truth\",\"strategy\":\"best-worst\",\"candidate\":\"a0\","
		"\"score\":1,\"ran\":true,\"failed\":[],\"failed_count\":0}}\n"
		"{\"prompt\":\"Write an adder.\",\"completion\":\"ADD_SYNTAX\",\"label\":false,\"meta\":{"
		"\"task_id\":\"adder\",\"method\":\"truth\",\"strategy\":\"best-worst\",\"candidate\":\"a3\","
		"\"score\":null,\"ran\":false,\"failed\":[\"t0\",\"t1\",\"t2\"],\"failed_count\":3,"
		"\"message\":\"syntax error near ')'\"}}\n");
	cr_assert_eq(des, 1);
	cr_assert_eq(undes, 1);
	buf_release(&out);
	pairs_set_release(&s);
	matrix_task_release(&t);
}

/* In `all`, a1 is chosen (over a2, a3) and rejected (under a0): KTO writes it once, desirable. */
Test(pairs, kto_writes_each_candidate_once)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	struct pairs_set s = PAIRS_SET_INIT;
	struct pairs_options o = PAIRS_OPTIONS_INIT;
	struct buf out = BUF_INIT;
	size_t des = 0, undes = 0;

	load(&t, adder);
	o.strategy = PAIRS_ALL;
	o.ranked_only = 1;
	pairs_select(&t, &o, &s);
	pairs_format(&out, &t, &o, PAIRS_KTO, &s, &des, &undes);
	/* chosen: a0, a1; rejected: a2 only (a1 already written). */
	cr_assert_eq(des, 2);
	cr_assert_eq(undes, 1);
	cr_assert_not_null(strstr(out.data, "\"candidate\":\"a1\""));
	cr_assert_null(strstr(strstr(out.data, "\"candidate\":\"a1\"") + 1, "\"candidate\":\"a1\""));
	buf_release(&out);
	pairs_set_release(&s);
	matrix_task_release(&t);
}

Test(pairs, dataset_info_keeps_other_entries)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	const char *want =
		"{\n\t\"mine\":\t{\n\t\t\"file_name\":\t\"pairs.jsonl\",\n\t\t\"ranking\":\ttrue,\n"
		"\t\t\"columns\":\t{\n\t\t\t\"prompt\":\t\"instruction\",\n\t\t\t\"query\":\t\"input\",\n"
		"\t\t\t\"chosen\":\t\"chosen\",\n\t\t\t\"rejected\":\t\"rejected\"\n\t\t}\n\t}\n}\n";

	cr_assert_eq(pairs_dataset_info(&out, NULL, "mine", "pairs.jsonl", &err), 0);
	cr_assert_str_eq(out.data, want);
	buf_reset(&out);
	cr_assert_eq(pairs_dataset_info(&out, "{\"other\":{\"file_name\":\"o.json\"},\"mine\":1}",
					"mine", "pairs.jsonl", &err), 0);
	cr_assert_not_null(strstr(out.data, "\"other\":\t{\n\t\t\"file_name\":\t\"o.json\""));
	cr_assert_not_null(strstr(out.data, "\"ranking\":\ttrue"));
	cr_assert_null(strstr(out.data, "\"mine\":\t1"));
	buf_reset(&out);
	cr_assert_eq(pairs_dataset_info(&out, "[1]", "mine", "p.jsonl", &err), -1);
	cr_assert_str_eq(err.data, "not a JSON object");
	buf_release(&out);
	buf_release(&err);
}
