/*
 * tbval: one testbench of rtl_tasks/adder8 validated end to end with Icarus
 * (grading goes through the pool's worker: tests/run.sh exports VERIPREF;
 * by hand: VERIPREF=$PWD/veripref build/tests/test_tbval from the repo root).
 *
 * adder8's ref.v has 6 mutation sites on line 9 (veripref mutate):
 *   0 const 9:27 {1'b1,a}   1 arith 9:36 a-b   2 const 9:39 {1'b1,b}
 *   3 arith 9:48 ..-cin     4 const 9:51 8'd1  5 bitflip 9:51 8'd128
 * The one-vector bench below (a=b=cin=0, expects 0) kills 0, 2, 4 and 5 and
 * lets 1 and 3 survive (0-0+0 = 0+0-0 = 0): score 4/6.
 */
#include "pipeline/cli.h"
#include "pipeline/grade.h"
#include "pipeline/tbval.h"
#include "sim/buf.h"
#include "testbench/task.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static struct buf harness = BUF_INIT;
static struct grade_opts go;
static struct task task;
static char *cache_root;

static void setup(void)
{
	struct buf err = BUF_INIT;
	const char *v = getenv("VERIPREF");

	cr_assert_eq(buf_read_file(&harness, "testbench/vp_harness.vh"), 0);
	grade_opts_init(&go);
	go.jobs = 2;
	go.harness_text = harness.data;
	go.worker_exe = v ? v : "./veripref";
	go.cache_root = cache_root = cli_cache_root();   /* Verilator's runtime, as commands use */
	task_init(&task);
	cr_assert_eq(task_load(&task, "rtl_tasks/adder8", &err), 0, "%s", err.data);
	buf_release(&err);
}

static void teardown(void)
{
	task_release(&task);
	buf_release(&harness);
	free(cache_root);
}

TestSuite(tbval, .init = setup, .fini = teardown);

#define WEAK_HEAD \
	"`include \"vp_harness.vh\"\n" \
	"module tb;\n" \
	"  reg [7:0] a, b; reg cin; wire [7:0] sum; wire cout;\n" \
	"  `VP_INIT\n" \
	"  adder8 dut (.a(a), .b(b), .cin(cin), .sum(sum), .cout(cout));\n" \
	"  initial begin\n" \
	"    a = 0; b = 0; cin = 0; #1;\n"

static const char weak_tb[] = WEAK_HEAD
	"    `VP_CHECK(\"sum\", sum, 8'h00)\n"
	"    `VP_CHECK(\"cout\", cout, 1'b0)\n"
	"    `VP_DONE\n"
	"  end\n"
	"endmodule\n";

/* Expects sum 1 for 0+0+0, and cout 1: two checks fail on the reference. */
static const char wrong_tb[] = WEAK_HEAD
	"    `VP_CHECK(\"sum\", sum, 8'h01)\n"
	"    `VP_CHECK(\"cout\", cout, 1'b1)\n"
	"    `VP_DONE\n"
	"  end\n"
	"endmodule\n";

static const char broken_tb[] =
	"module tb;\n"
	"  initial begin\n"
	"    undeclared_thing = 1;\n"
	"  end\n"
	"endmodule\n";

static void check(const char *text, unsigned what, double min_score, struct tbval_report *r)
{
	struct tbval_opts o;
	struct buf err = BUF_INIT;

	tbval_opts_init(&o, &go);
	o.what = what;
	o.min_mutation_score = min_score;
	cr_assert_eq(tbval_check(&o, &task, &(struct grade_testbench){ .name = "t.v", .text = text, .len = strlen(text) }, r, &err), 0, "%s", err.data);
	buf_release(&err);
}

Test(tbval, weak_bench_scores_four_of_six_and_lists_the_two_survivors)
{
	struct tbval_report r;

	check(weak_tb, TBVAL_REF | TBVAL_MUTATION, 0.6, &r);
	cr_assert(r.sim[SIM_ICARUS].ran);
	cr_assert(!r.sim[SIM_VERILATOR].ran);
	cr_assert(r.compiles && r.passes_reference);
	cr_assert_eq(r.sim[SIM_ICARUS].checks_passed, 2);
	cr_assert_eq(r.sim[SIM_ICARUS].checks_total, 2);
	cr_assert_eq(r.nmutants, 6);
	cr_assert_eq(r.valid, 6);
	cr_assert_eq(r.killed, 4);
	cr_assert_eq(r.equivalent, 0);
	cr_assert_float_eq(r.score, 4.0 / 6.0, 1e-12);
	cr_assert(r.mutants[0].valid && r.mutants[0].killed);
	cr_assert(!r.mutants[1].killed && !r.mutants[3].killed);
	cr_assert_str_eq(r.mutants[1].changed,
			 "assign {cout, sum} = {1'b0, a} - {1'b0, b} + {8'd0, cin};");
	cr_assert_str_eq(r.survivors,
			 "arith 9:36: assign {cout, sum} = {1'b0, a} - {1'b0, b} + {8'd0, cin};\n"
			 "arith 9:48: assign {cout, sum} = {1'b0, a} + {1'b0, b} - {8'd0, cin};\n");
	cr_assert_eq(r.verdict, TBVAL_KEPT);
	cr_assert_str_eq(r.reason, "compiles and passes the reference in iverilog; mutation score 0.67");
	tbval_report_release(&r);
	cr_assert_null(r.mutants);
}

Test(tbval, weak_bench_is_rejected_below_the_minimum_score)
{
	struct tbval_report r;

	check(weak_tb, TBVAL_REF | TBVAL_MUTATION, 0.8, &r);
	cr_assert_eq(r.verdict, TBVAL_REJECTED);
	cr_assert_str_eq(r.reason,
			 "mutation score 0.67 (4 of 6 mutants killed) is below the minimum 0.80");
	tbval_report_release(&r);
}

Test(tbval, bench_failing_the_reference_is_rejected_with_every_failing_check)
{
	struct tbval_report r;

	check(wrong_tb, TBVAL_REF | TBVAL_MUTATION, 0.8, &r);
	cr_assert(r.compiles);
	cr_assert(!r.passes_reference);
	cr_assert_eq(r.sim[SIM_ICARUS].outcome, GRADE_FAIL);
	cr_assert_eq(r.sim[SIM_ICARUS].checks_passed, 0);
	cr_assert_eq(r.sim[SIM_ICARUS].checks_total, 2);
	/* Both failures are in the log, tags without the nonce. */
	cr_assert(strstr(r.sim[SIM_ICARUS].log, "@vp:FAIL sum got=0 exp=1 t=1\n"), "%s",
		  r.sim[SIM_ICARUS].log);
	cr_assert(strstr(r.sim[SIM_ICARUS].log, "@vp:FAIL cout got=0 exp=1 t=1\n"), "%s",
		  r.sim[SIM_ICARUS].log);
	cr_assert(strstr(r.sim[SIM_ICARUS].log, "@vp:DONE 0 2\n"), "%s", r.sim[SIM_ICARUS].log);
	/* No mutation stage for a bench that is wrong anyway. */
	cr_assert_eq(r.what, TBVAL_REF);
	cr_assert_eq(r.nmutants, 0);
	cr_assert_eq(r.verdict, TBVAL_REJECTED);
	cr_assert(!strncmp(r.reason, "fails the reference under iverilog (fail): 2 of 2 checks failed; first: check 'sum' got=0 exp=1",
			   strlen("fails the reference under iverilog (fail): 2 of 2 checks failed; first: check 'sum' got=0 exp=1")),
		  "%s", r.reason);
	tbval_report_release(&r);
}

Test(tbval, bench_that_does_not_compile_carries_the_compiler_log)
{
	struct tbval_report r;

	check(broken_tb, TBVAL_REF | TBVAL_MUTATION, 0.8, &r);
	cr_assert(!r.compiles);
	cr_assert(!r.sim[SIM_ICARUS].compiled);
	cr_assert_eq(r.sim[SIM_ICARUS].outcome, GRADE_COMPILE_ERROR);
	cr_assert(strstr(r.sim[SIM_ICARUS].log, "undeclared_thing"), "%s", r.sim[SIM_ICARUS].log);
	/* The job directory's path is not in the log: tb.v is named as is. */
	cr_assert(strstr(r.sim[SIM_ICARUS].log, "tb.v:3:"), "%s", r.sim[SIM_ICARUS].log);
	cr_assert_null(strstr(r.sim[SIM_ICARUS].log, "/tb.v"), "%s", r.sim[SIM_ICARUS].log);
	cr_assert_eq(r.verdict, TBVAL_REJECTED);
	cr_assert(!strncmp(r.reason, "does not compile under iverilog: ", 33), "%s", r.reason);
	tbval_report_release(&r);
}

Test(tbval, task_without_reference_is_an_error)
{
	struct tbval_opts o;
	struct tbval_report r;
	struct buf err = BUF_INIT;
	char *ref = task.ref;

	task.ref = NULL;
	tbval_opts_init(&o, &go);
	cr_assert_eq(tbval_check(&o, &task, &(struct grade_testbench){ .name = "t.v", .text = weak_tb, .len = strlen(weak_tb) }, &r, &err), -1);
	cr_assert_str_eq(err.data, "task 'adder8' has no reference (ref.v): a testbench cannot be validated");
	task.ref = ref;
	tbval_report_release(&r);
	tbval_report_release(NULL);
	buf_release(&err);
}

/*
 * tests/fixtures/tasks/pick: its bench kills the condneg mutant; the two
 * blocking -> non-blocking mutants of an always @* cannot be told apart and
 * Yosys proves it.  A second bench of the same task reuses the verdicts.
 */
Test(tbval, equivalent_survivors_leave_the_denominator_and_are_cached)
{
	struct task pick;
	struct tbval_opts o;
	struct tbval_report r;
	struct buf err = BUF_INIT;
	struct tbval_cache *cache = tbval_cache_new();
	struct grade_testbench gtb;
	int round;

	task_init(&pick);
	cr_assert_eq(task_load(&pick, "tests/fixtures/tasks/pick", &err), 0, "%s", err.data);
	tbval_opts_init(&o, &go);
	o.what = TBVAL_REF | TBVAL_MUTATION | TBVAL_EQUIV;
	o.cache = cache;
	cr_assert_eq(pick.ntbs, 1);
	grade_task_testbenches(&pick, &gtb);
	for (round = 0; round < 2; round++) {
		cr_assert_eq(tbval_check(&o, &pick, &gtb, &r, &err), 0, "%s", err.data);
		cr_assert_eq(r.what, TBVAL_REF | TBVAL_MUTATION | TBVAL_EQUIV);
		cr_assert_eq(r.nmutants, 3);
		cr_assert_eq(r.valid, 3);
		cr_assert_eq(r.killed, 1);
		cr_assert_eq(r.equivalent, 2);
		cr_assert_eq(r.not_equivalent + r.unknown, 0);
		cr_assert_eq(r.mutants[0].equiv, TBVAL_EQ_NONE);   /* killed: not checked */
		cr_assert_eq(r.mutants[1].equiv, TBVAL_EQ_EQUIVALENT);
		cr_assert_str_eq(r.mutants[1].equiv_detail, "proven by equiv_simple/equiv_induct");
		cr_assert_float_eq(r.score, 1.0, 1e-12);
		cr_assert_str_eq(r.survivors, "blocking 9:15: y <= b; (equivalent)\n"
					      "blocking 11:15: y <= a; (equivalent)\n");
		cr_assert_eq(r.verdict, TBVAL_KEPT);
		/* Two verdicts cached by the first round, none added by the second. */
		cr_assert_eq(tbval_cache_size(cache), 2);
		tbval_report_release(&r);
	}
	tbval_cache_free(cache);
	tbval_cache_free(NULL);
	task_release(&pick);
	buf_release(&err);
}

Test(tbval, sims_option_picks_the_simulators_of_the_reference_run)
{
	struct tbval_opts o;
	struct tbval_report r;
	struct buf err = BUF_INIT;

	tbval_opts_init(&o, &go);   /* go asks for Icarus only */
	o.what = TBVAL_REF;
	o.sims = 1u << SIM_VERILATOR;
	cr_assert_eq(tbval_check(&o, &task, &(struct grade_testbench){ .name = "t.v", .text = weak_tb, .len = strlen(weak_tb) }, &r, &err), 0, "%s", err.data);
	cr_assert(!r.sim[SIM_ICARUS].ran);
	cr_assert(r.sim[SIM_VERILATOR].ran);
	cr_assert(r.sim[SIM_VERILATOR].passes);
	cr_assert_eq(r.what, TBVAL_REF);
	cr_assert_eq(r.nmutants, 0);
	cr_assert_str_eq(r.reason, "compiles and passes the reference in verilator");
	tbval_report_release(&r);
	buf_release(&err);
}
