/*
 * equiv: Yosys decides equivalence of small designs and their mutants.
 * Every verdict below follows from the Verilog by hand: a reordered sum,
 * dead logic and a lone blocking/non-blocking swap cannot change outputs; a
 * changed operator, reset value or clock edge can; a counter that differs
 * only after 200 cycles cannot be told apart within 10 steps.
 */
#include "sim/equiv.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char adder[] =
	"module add8 (input wire [7:0] a, input wire [7:0] b, input wire cin,\n"
	"             output wire [7:0] sum, output wire cout);\n"
	"    wire [7:0] unused = a & b;\n"
	"    assign {cout, sum} = {1'b0, a} + {1'b0, b} + {8'd0, cin};\n"
	"endmodule\n";

static const char counter[] =
	"module cnt (input wire clk, input wire rst, input wire en, output reg [7:0] q);\n"
	"    always @(posedge clk) begin\n"
	"        if (rst)\n"
	"            q <= 8'd0;\n"
	"        else if (en)\n"
	"            q <= q + 8'd1;\n"
	"    end\n"
	"endmodule\n";

/* text with the first occurrence of from replaced by to (static storage). */
static const char *edit(const char *text, const char *from, const char *to)
{
	static char out[4096];
	const char *p = strstr(text, from);

	cr_assert_not_null(p, "'%s' not in the source", from);
	snprintf(out, sizeof(out), "%.*s%s%s", (int)(p - text), text, to, p + strlen(from));
	return out;
}

static enum equiv_verdict check(const char *gold, const char *gate, const char *top,
				const struct equiv_opts *o, struct buf *detail)
{
	enum equiv_verdict v = EQUIV_UNKNOWN;
	struct buf err = BUF_INIT;

	cr_assert_eq(equiv_check(gold, strlen(gold), gate, strlen(gate), top, o, &v, detail, &err),
		     0, "%s", err.data);
	buf_release(&err);
	return v;
}

/* The number after "name=" in line, or -1. */
static long field(const char *line, const char *name)
{
	char key[64];
	const char *p;

	snprintf(key, sizeof(key), " %s=", name);
	p = strstr(line, key);
	return p ? strtol(p + strlen(key), NULL, 10) : -1;
}

Test(equiv, reordered_sum_and_dead_logic_are_equivalent)
{
	struct buf d = BUF_INIT;

	cr_assert_eq(check(adder, edit(adder, "{1'b0, a} + {1'b0, b}", "{1'b0, b} + {1'b0, a}"),
			   "add8", NULL, &d), EQUIV_EQUIVALENT, "%s", d.data);
	cr_assert_str_eq(d.data, "proven by equiv_simple/equiv_induct");
	cr_assert_eq(check(adder, edit(adder, "a & b", "a | b"), "add8", NULL, &d),
		     EQUIV_EQUIVALENT, "%s", d.data);
	buf_release(&d);
}

Test(equiv, changed_operator_is_different_with_a_true_counterexample)
{
	struct buf d = BUF_INIT;
	long a, b, cin, gold_sum, gate_sum, gold_cout, gate_cout;

	cr_assert_eq(check(adder, edit(adder, "{1'b0, b} +", "{1'b0, b} -"), "add8", NULL, &d),
		     EQUIV_DIFFERENT, "%s", d.data);
	/* "step 1: gate_cout=.. gate_sum=.. gold_cout=.. gold_sum=.. in_a=.. in_b=.. in_cin=.."; the gate computes a + b - cin */
	cr_assert(!strncmp(d.data, "step ", 5), "%s", d.data);
	a = field(d.data, "in_a");
	b = field(d.data, "in_b");
	cin = field(d.data, "in_cin");
	gold_sum = field(d.data, "gold_sum");
	gate_sum = field(d.data, "gate_sum");
	gold_cout = field(d.data, "gold_cout");
	gate_cout = field(d.data, "gate_cout");
	cr_assert(a >= 0 && b >= 0 && cin >= 0 && gold_sum >= 0 && gate_sum >= 0, "%s", d.data);
	/* The counterexample is real: both sides computed from its inputs. */
	cr_assert_eq(gold_sum, (a + b + cin) & 0xff, "%s", d.data);
	cr_assert_eq(gold_cout, ((a + b + cin) >> 8) & 1, "%s", d.data);
	cr_assert_eq(gate_sum, (a + b - cin) & 0xff, "%s", d.data);
	cr_assert_eq(gate_cout, ((a + b - cin) >> 8) & 1, "%s", d.data);
	cr_assert(gold_sum != gate_sum || gold_cout != gate_cout, "%s", d.data);
	buf_release(&d);
}

Test(equiv, sequential_mutants)
{
	struct buf d = BUF_INIT;

	/* One assignment per always block: blocking or not makes no difference. */
	cr_assert_eq(check(counter, edit(counter, "q <= q + 8'd1", "q = q + 8'd1"), "cnt", NULL, &d),
		     EQUIV_EQUIVALENT, "%s", d.data);
	/* Reset value and count step differ after a reset / a count. */
	cr_assert_eq(check(counter, edit(counter, "q <= 8'd0", "q <= 8'd1"), "cnt", NULL, &d),
		     EQUIV_DIFFERENT, "%s", d.data);
	cr_assert(!strncmp(d.data, "step ", 5), "%s", d.data);
	cr_assert_eq(check(counter, edit(counter, "q + 8'd1", "q - 8'd1"), "cnt", NULL, &d),
		     EQUIV_DIFFERENT, "%s", d.data);
	/* The other clock edge: sat alone would clock both alike; clk2fflogic does not. */
	cr_assert_eq(check(counter, edit(counter, "posedge", "negedge"), "cnt", NULL, &d),
		     EQUIV_DIFFERENT, "%s", d.data);
	buf_release(&d);
}

Test(equiv, a_difference_deeper_than_the_bound_is_unknown)
{
	struct equiv_opts o;
	struct buf d = BUF_INIT;

	equiv_opts_init(&o);
	o.max_steps = 10;
	cr_assert_eq(check(counter, edit(counter, "else if (en)", "else if (q == 8'd200)\n q <= 8'd0;\n else if (en)"),
			   "cnt", &o, &d), EQUIV_UNKNOWN, "%s", d.data);
	cr_assert_str_eq(d.data, "no counterexample within 10 steps and the induction did not close");
	buf_release(&d);
}

Test(equiv, a_design_too_big_for_the_deadline_is_unknown)
{
	/*
	 * A deadline Yosys cannot meet gives unknown, never a verdict.  The
	 * deadline is far below Yosys's own start-up time: with 1 s, a quiet
	 * machine proved this (genuinely equivalent) blocking/non-blocking swap
	 * structurally in time, so the outcome depended on the machine's load.
	 */
	static const char mem[] =
		"module m (input wire clk, input wire we, input wire [6:0] wa, input wire [6:0] ra,\n"
		"          input wire [1:0] d, output reg [1:0] q);\n"
		"    reg [1:0] mem [0:127];\n"
		"    always @(posedge clk) begin\n"
		"        if (we) mem[wa] <= d;\n"
		"        q <= mem[ra];\n"
		"    end\n"
		"endmodule\n";
	struct equiv_opts o;
	struct buf d = BUF_INIT;

	equiv_opts_init(&o);
	o.timeout = 0.001;
	cr_assert_eq(check(mem, edit(mem, "q <= mem[ra];", "q = mem[ra];"), "m", &o, &d),
		     EQUIV_UNKNOWN, "%s", d.data);
	cr_assert_str_eq(d.data, "yosys timed out after 0.001 s");
	buf_release(&d);
}

Test(equiv, unreadable_mutant_or_bad_top_is_unknown)
{
	struct buf d = BUF_INIT;

	cr_assert_eq(check(adder, "module add8 (input a; endmodule\n", "add8", NULL, &d), EQUIV_UNKNOWN);
	cr_assert(!strncmp(d.data, "yosys failed: ", 14), "%s", d.data);
	cr_assert(strstr(d.data, "ERROR"), "%s", d.data);
	cr_assert_eq(check(adder, adder, "add8; shell", NULL, &d), EQUIV_UNKNOWN);
	cr_assert_str_eq(d.data, "top module name 'add8; shell' is not a plain identifier");
	cr_assert_str_eq(equiv_verdict_name(EQUIV_DIFFERENT), "not_equivalent");
	buf_release(&d);
}
