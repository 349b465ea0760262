#include "sim/buf.h"
#include "sim/xalloc.h"
#include "testbench/vmutate.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Sites of src for the operators in ops (0: all). */
static struct vmutate_sites sites_of(const char *src, unsigned ops)
{
	struct vmutate_sites s = VMUTATE_SITES_INIT;

	vmutate_find_sites(src, strlen(src), ops, &s);
	return s;
}

/* Site i of s has this operator, position, description and mutated text. */
static void expect_site(const char *src, const struct vmutate_sites *s, size_t i, enum vmutate_op op,
			unsigned long line, unsigned long col, const char *desc, const char *text)
{
	char *t;

	cr_assert_lt(i, s->nr, "site %zu of %zu for:\n%s", i, s->nr, src);
	cr_assert_str_eq(vmutate_op_name(s->v[i].op), vmutate_op_name(op), "site %zu: %s", i, s->v[i].desc);
	cr_assert_eq(s->v[i].line, line, "site %zu: %s", i, s->v[i].desc);
	cr_assert_eq(s->v[i].col, col, "site %zu: %s", i, s->v[i].desc);
	cr_assert_str_eq(s->v[i].desc, desc);
	t = vmutate_apply(src, strlen(src), &s->v[i], NULL);
	cr_assert_str_eq(t, text, "site %zu: %s", i, s->v[i].desc);
	free(t);
}

Test(vmutate, operator_names_are_stable_and_parse_back)
{
	static const char *const names[] = {
		"arith", "relop", "logic", "bitwise", "notdrop", "condneg", "const", "bitflip",
		"blocking", "edge", "casedrop", "swap",
	};
	enum vmutate_op op;
	unsigned i;

	cr_assert_eq(VMUTATE_NOPS, 12);
	for (i = 0; i < VMUTATE_NOPS; i++) {
		cr_assert_str_eq(vmutate_op_name((enum vmutate_op)i), names[i]);
		cr_assert_eq(vmutate_op_parse(names[i], &op), 0);
		cr_assert_eq(op, (enum vmutate_op)i);
	}
	cr_assert_str_eq(vmutate_op_name(VMUTATE_NOPS), "?");
	cr_assert_eq(vmutate_op_parse("nope", &op), -1);
	cr_assert_eq(vmutate_op_parse(NULL, &op), -1);
}

Test(vmutate, an_adder_gives_exactly_the_plus_to_minus_mutant)
{
	const char *src = "assign y = a + b;\n";
	struct vmutate_sites s = sites_of(src, 0);

	cr_assert_eq(s.nr, 1);
	expect_site(src, &s, 0, VMUTATE_ARITH, 1, 14, "line 1 col 14: '+' -> '-'", "assign y = a - b;\n");
	vmutate_sites_release(&s);
}

Test(vmutate, subtraction_swaps_operands_and_operator)
{
	const char *src = "assign y = a - b;\n";
	struct vmutate_sites s = sites_of(src, 0);

	cr_assert_eq(s.nr, 2);
	expect_site(src, &s, 0, VMUTATE_SWAP, 1, 12, "line 1 col 12: 'a - b' -> 'b - a'", "assign y = b - a;\n");
	expect_site(src, &s, 1, VMUTATE_ARITH, 1, 14, "line 1 col 14: '-' -> '+'", "assign y = a + b;\n");
	vmutate_sites_release(&s);
}

Test(vmutate, multiplication_becomes_addition)
{
	const char *src = "assign p = a * b;";
	struct vmutate_sites s = sites_of(src, 0);

	cr_assert_eq(s.nr, 1);
	expect_site(src, &s, 0, VMUTATE_ARITH, 1, 14, "line 1 col 14: '*' -> '+'", "assign p = a + b;");
	vmutate_sites_release(&s);
	/* The '*' of a sensitivity list is no operator. */
	s = sites_of("always @(*) y = a;", VMUTATE_BIT(VMUTATE_ARITH));
	cr_assert_eq(s.nr, 0);
	vmutate_sites_release(&s);
	s = sites_of("always @* y = a;", VMUTATE_BIT(VMUTATE_ARITH));
	cr_assert_eq(s.nr, 0);
	vmutate_sites_release(&s);
}

Test(vmutate, relational_operators_swap_both_ways)
{
	const char *src = "assign lt = x < y;";
	struct vmutate_sites s = sites_of(src, 0);

	cr_assert_eq(s.nr, 3);
	expect_site(src, &s, 0, VMUTATE_SWAP, 1, 13, "line 1 col 13: 'x < y' -> 'y < x'", "assign lt = y < x;");
	expect_site(src, &s, 1, VMUTATE_RELOP, 1, 15, "line 1 col 15: '<' -> '<='", "assign lt = x <= y;");
	expect_site(src, &s, 2, VMUTATE_RELOP, 1, 15, "line 1 col 15: '<' -> '>'", "assign lt = x > y;");
	vmutate_sites_release(&s);

	src = "assign e = (p == q) | (p != q) | (p >= q);";
	s = sites_of(src, VMUTATE_BIT(VMUTATE_RELOP));
	cr_assert_eq(s.nr, 4);
	expect_site(src, &s, 0, VMUTATE_RELOP, 1, 15, "line 1 col 15: '==' -> '!='",
		    "assign e = (p != q) | (p != q) | (p >= q);");
	expect_site(src, &s, 1, VMUTATE_RELOP, 1, 26, "line 1 col 26: '!=' -> '=='",
		    "assign e = (p == q) | (p == q) | (p >= q);");
	expect_site(src, &s, 2, VMUTATE_RELOP, 1, 37, "line 1 col 37: '>=' -> '>'",
		    "assign e = (p == q) | (p != q) | (p > q);");
	expect_site(src, &s, 3, VMUTATE_RELOP, 1, 37, "line 1 col 37: '>=' -> '<='",
		    "assign e = (p == q) | (p != q) | (p <= q);");
	vmutate_sites_release(&s);
}

Test(vmutate, logical_and_bitwise_operators_and_dropped_negations)
{
	const char *src = "assign y = ~a & !b || c ^ d;";
	struct vmutate_sites s = sites_of(src, 0);

	cr_assert_eq(s.nr, 5);
	expect_site(src, &s, 0, VMUTATE_NOTDROP, 1, 12, "line 1 col 12: '~' removed", "assign y = a & !b || c ^ d;");
	expect_site(src, &s, 1, VMUTATE_BITWISE, 1, 15, "line 1 col 15: '&' -> '|'", "assign y = ~a | !b || c ^ d;");
	expect_site(src, &s, 2, VMUTATE_NOTDROP, 1, 17, "line 1 col 17: '!' removed", "assign y = ~a & b || c ^ d;");
	expect_site(src, &s, 3, VMUTATE_LOGIC, 1, 20, "line 1 col 20: '||' -> '&&'", "assign y = ~a & !b && c ^ d;");
	expect_site(src, &s, 4, VMUTATE_BITWISE, 1, 25, "line 1 col 25: '^' -> '&'", "assign y = ~a & !b || c & d;");
	vmutate_sites_release(&s);
	/* A removal that would glue two operators into one leaves a space. */
	src = "assign y = a-~-b;";
	s = sites_of(src, VMUTATE_BIT(VMUTATE_NOTDROP));
	cr_assert_eq(s.nr, 1);
	expect_site(src, &s, 0, VMUTATE_NOTDROP, 1, 14, "line 1 col 14: '~' removed", "assign y = a- -b;");
	vmutate_sites_release(&s);
}

Test(vmutate, sequential_block_edges_conditions_and_assignments)
{
	const char *src =
		"always @(posedge clk) begin\n"
		"  if (rst) q <= 0;\n"
		"  else q <= d;\n"
		"end\n";
	struct vmutate_sites s = sites_of(src, 0);

	cr_assert_eq(s.nr, 5);
	expect_site(src, &s, 0, VMUTATE_EDGE, 1, 10, "line 1 col 10: 'posedge' -> 'negedge'",
		    "always @(negedge clk) begin\n  if (rst) q <= 0;\n  else q <= d;\nend\n");
	expect_site(src, &s, 1, VMUTATE_CONDNEG, 2, 3, "line 2 col 3: 'if (rst)' -> 'if (!(rst))'",
		    "always @(posedge clk) begin\n  if (!(rst)) q <= 0;\n  else q <= d;\nend\n");
	expect_site(src, &s, 2, VMUTATE_BLOCKING, 2, 14, "line 2 col 14: '<=' -> '=' (non-blocking to blocking)",
		    "always @(posedge clk) begin\n  if (rst) q = 0;\n  else q <= d;\nend\n");
	expect_site(src, &s, 3, VMUTATE_CONST, 2, 17, "line 2 col 17: '0' -> '1'",
		    "always @(posedge clk) begin\n  if (rst) q <= 1;\n  else q <= d;\nend\n");
	expect_site(src, &s, 4, VMUTATE_BLOCKING, 3, 10, "line 3 col 10: '<=' -> '=' (non-blocking to blocking)",
		    "always @(posedge clk) begin\n  if (rst) q <= 0;\n  else q = d;\nend\n");
	vmutate_sites_release(&s);
}

Test(vmutate, less_equal_is_told_apart_from_non_blocking_assignment)
{
	const char *src = "always @(negedge c) if (a <= b) q <= 1'b1;";
	struct vmutate_sites s = sites_of(src, 0);

	/* edge, condneg, swap, relop x2, blocking, const */
	cr_assert_eq(s.nr, 7);
	expect_site(src, &s, 0, VMUTATE_EDGE, 1, 10, "line 1 col 10: 'negedge' -> 'posedge'",
		    "always @(posedge c) if (a <= b) q <= 1'b1;");
	expect_site(src, &s, 1, VMUTATE_CONDNEG, 1, 21, "line 1 col 21: 'if (a <= b)' -> 'if (!(a <= b))'",
		    "always @(negedge c) if (!(a <= b)) q <= 1'b1;");
	expect_site(src, &s, 2, VMUTATE_SWAP, 1, 25, "line 1 col 25: 'a <= b' -> 'b <= a'",
		    "always @(negedge c) if (b <= a) q <= 1'b1;");
	expect_site(src, &s, 3, VMUTATE_RELOP, 1, 27, "line 1 col 27: '<=' -> '<'",
		    "always @(negedge c) if (a < b) q <= 1'b1;");
	expect_site(src, &s, 4, VMUTATE_RELOP, 1, 27, "line 1 col 27: '<=' -> '>='",
		    "always @(negedge c) if (a >= b) q <= 1'b1;");
	expect_site(src, &s, 5, VMUTATE_BLOCKING, 1, 35, "line 1 col 35: '<=' -> '=' (non-blocking to blocking)",
		    "always @(negedge c) if (a <= b) q = 1'b1;");
	expect_site(src, &s, 6, VMUTATE_CONST, 1, 38, "line 1 col 38: '1'b1' -> '1'b0'",
		    "always @(negedge c) if (a <= b) q <= 1'b0;");
	vmutate_sites_release(&s);
}

Test(vmutate, blocking_assignments_only_in_statements)
{
	/* A for header, a continuous assignment and a declaration are no statements. */
	const char *src =
		"wire w = a;\n"
		"assign v = b;\n"
		"always @* begin : blk\n"
		"  for (i = 0; i < 4; i = i + 1) x[i] = w;\n"
		"  case (s) 0: y = 1; default: {p, q} = 2; endcase\n"
		"  r = s ? t : u;\n"
		"end\n"
		"assign #1 w2 = a;\n"
		"wire #(2) w3 = a;\n"
		"initial begin #5 x = 1; @(posedge c) #1 y <= 2; @e z = 3; end\n";
	struct vmutate_sites s = sites_of(src, VMUTATE_BIT(VMUTATE_BLOCKING));

	cr_assert_eq(s.nr, 7);
	cr_assert_str_eq(s.v[0].desc, "line 4 col 38: '=' -> '<=' (blocking to non-blocking)");
	cr_assert_str_eq(s.v[1].desc, "line 5 col 17: '=' -> '<=' (blocking to non-blocking)");
	cr_assert_str_eq(s.v[2].desc, "line 5 col 38: '=' -> '<=' (blocking to non-blocking)");
	cr_assert_str_eq(s.v[3].desc, "line 6 col 5: '=' -> '<=' (blocking to non-blocking)");
	cr_assert_str_eq(s.v[4].desc, "line 10 col 20: '=' -> '<=' (blocking to non-blocking)");
	cr_assert_str_eq(s.v[5].desc, "line 10 col 43: '<=' -> '=' (non-blocking to blocking)");
	cr_assert_str_eq(s.v[6].desc, "line 10 col 54: '=' -> '<=' (blocking to non-blocking)");
	vmutate_sites_release(&s);
}

Test(vmutate, constants_keep_width_base_and_case)
{
	const char *src = "assign y = 8'hFF;";
	struct vmutate_sites s = sites_of(src, 0);

	cr_assert_eq(s.nr, 2);
	expect_site(src, &s, 0, VMUTATE_CONST, 1, 12, "line 1 col 12: '8'hFF' -> '8'hFE'", "assign y = 8'hFE;");
	expect_site(src, &s, 1, VMUTATE_BITFLIP, 1, 12, "line 1 col 12: '8'hFF' -> '8'h7F'", "assign y = 8'h7F;");
	vmutate_sites_release(&s);

	src = "assign y = 3;";
	s = sites_of(src, 0);
	cr_assert_eq(s.nr, 2);
	expect_site(src, &s, 0, VMUTATE_CONST, 1, 12, "line 1 col 12: '3' -> '4'", "assign y = 4;");
	expect_site(src, &s, 1, VMUTATE_CONST, 1, 12, "line 1 col 12: '3' -> '2'", "assign y = 2;");
	vmutate_sites_release(&s);

	src = "assign y = 4'b0011 | 8'h07 | 'h1f | 5'd16 | 8'sd_1_0;";
	s = sites_of(src, VMUTATE_BIT(VMUTATE_CONST) | VMUTATE_BIT(VMUTATE_BITFLIP));
	cr_assert_eq(s.nr, 14);
	cr_assert_str_eq(s.v[0].desc, "line 1 col 12: '4'b0011' -> '4'b0100'");
	cr_assert_str_eq(s.v[1].desc, "line 1 col 12: '4'b0011' -> '4'b0010'");
	cr_assert_str_eq(s.v[2].desc, "line 1 col 12: '4'b0011' -> '4'b1011'");
	cr_assert_str_eq(s.v[3].desc, "line 1 col 22: '8'h07' -> '8'h08'");
	cr_assert_str_eq(s.v[4].desc, "line 1 col 22: '8'h07' -> '8'h06'");
	cr_assert_str_eq(s.v[5].desc, "line 1 col 22: '8'h07' -> '8'h87'");
	/* unsized: no top bit to flip */
	cr_assert_str_eq(s.v[6].desc, "line 1 col 30: ''h1f' -> ''h20'");
	cr_assert_str_eq(s.v[7].desc, "line 1 col 30: ''h1f' -> ''h1e'");
	cr_assert_str_eq(s.v[8].desc, "line 1 col 37: '5'd16' -> '5'd17'");
	cr_assert_str_eq(s.v[9].desc, "line 1 col 37: '5'd16' -> '5'd15'");
	cr_assert_str_eq(s.v[10].desc, "line 1 col 37: '5'd16' -> '5'd0'");
	cr_assert_str_eq(s.v[11].desc, "line 1 col 45: '8'sd_1_0' -> '8'sd11'");
	cr_assert_str_eq(s.v[12].desc, "line 1 col 45: '8'sd_1_0' -> '8'sd9'");
	cr_assert_str_eq(s.v[13].desc, "line 1 col 45: '8'sd_1_0' -> '8'sd138'");
	cr_assert_eq(s.v[13].op, VMUTATE_BITFLIP);
	cr_assert_eq(s.v[13].off, 44);
	cr_assert_eq(s.v[13].del, 8);
	vmutate_sites_release(&s);

	/* 0 has no -1; 1'b1 has no +1 and its top bit is its only bit; '0 <-> '1. */
	src = "assign y = {0, 1'b1, '0, '1};";
	s = sites_of(src, 0);
	cr_assert_eq(s.nr, 4);
	expect_site(src, &s, 0, VMUTATE_CONST, 1, 13, "line 1 col 13: '0' -> '1'", "assign y = {1, 1'b1, '0, '1};");
	expect_site(src, &s, 1, VMUTATE_CONST, 1, 16, "line 1 col 16: '1'b1' -> '1'b0'", "assign y = {0, 1'b0, '0, '1};");
	expect_site(src, &s, 2, VMUTATE_CONST, 1, 22, "line 1 col 22: ''0' -> ''1'", "assign y = {0, 1'b1, '1, '1};");
	expect_site(src, &s, 3, VMUTATE_CONST, 1, 26, "line 1 col 26: ''1' -> ''0'", "assign y = {0, 1'b1, '0, '0};");
	vmutate_sites_release(&s);

	/* Unknown digits, reals, time literals and delays are left alone. */
	s = sites_of("assign y = 4'bx01z | 8'h?f; initial #5 r = 1.5; initial #10ns;", VMUTATE_BIT(VMUTATE_CONST));
	cr_assert_eq(s.nr, 0);
	vmutate_sites_release(&s);
}

Test(vmutate, off_by_one_in_comparisons_and_ranges)
{
	const char *src = "reg [7:0] r;\nassign f = x < 10;\n";
	struct vmutate_sites s = sites_of(src, VMUTATE_BIT(VMUTATE_CONST));

	cr_assert_eq(s.nr, 5);
	expect_site(src, &s, 0, VMUTATE_CONST, 1, 6, "line 1 col 6: '7' -> '8'", "reg [8:0] r;\nassign f = x < 10;\n");
	expect_site(src, &s, 1, VMUTATE_CONST, 1, 6, "line 1 col 6: '7' -> '6'", "reg [6:0] r;\nassign f = x < 10;\n");
	expect_site(src, &s, 2, VMUTATE_CONST, 1, 8, "line 1 col 8: '0' -> '1'", "reg [7:1] r;\nassign f = x < 10;\n");
	expect_site(src, &s, 3, VMUTATE_CONST, 2, 16, "line 2 col 16: '10' -> '11'", "reg [7:0] r;\nassign f = x < 11;\n");
	expect_site(src, &s, 4, VMUTATE_CONST, 2, 16, "line 2 col 16: '10' -> '9'", "reg [7:0] r;\nassign f = x < 9;\n");
	vmutate_sites_release(&s);
}

Test(vmutate, case_items_and_default_are_dropped_whole)
{
	const char *src =
		"always @(*)\n"
		"  case (s)\n"
		"    2'd0: if (e) y = a; else y = b;\n"
		"    2'd1, 2'd2: begin y = b; end\n"
		"    default: y = c;\n"
		"  endcase\n";
	struct vmutate_sites s = sites_of(src, VMUTATE_BIT(VMUTATE_CASEDROP));

	cr_assert_eq(s.nr, 3);
	expect_site(src, &s, 0, VMUTATE_CASEDROP, 3, 5, "line 3 col 5: case item '2'd0' dropped",
		    "always @(*)\n  case (s)\n    \n    2'd1, 2'd2: begin y = b; end\n    default: y = c;\n  endcase\n");
	expect_site(src, &s, 1, VMUTATE_CASEDROP, 4, 5, "line 4 col 5: case item '2'd1, 2'd2' dropped",
		    "always @(*)\n  case (s)\n    2'd0: if (e) y = a; else y = b;\n    \n    default: y = c;\n  endcase\n");
	expect_site(src, &s, 2, VMUTATE_CASEDROP, 5, 5, "line 5 col 5: default item dropped",
		    "always @(*)\n  case (s)\n    2'd0: if (e) y = a; else y = b;\n    2'd1, 2'd2: begin y = b; end\n    \n  endcase\n");
	vmutate_sites_release(&s);

	/* A case with one item keeps it (an empty case is not Verilog). */
	s = sites_of("always @* case (s) default: y = c; endcase", VMUTATE_BIT(VMUTATE_CASEDROP));
	cr_assert_eq(s.nr, 0);
	vmutate_sites_release(&s);

	/* Nested cases: both levels give their items; ternary colons are not labels. */
	src = "always @* casez (a) 1'b0: case (b) 0: y = c ? d : e; 1: y = 0; endcase default: y = 1; endcase";
	s = sites_of(src, VMUTATE_BIT(VMUTATE_CASEDROP));
	cr_assert_eq(s.nr, 4);
	cr_assert_str_eq(s.v[0].desc, "line 1 col 21: case item '1'b0' dropped");
	cr_assert_str_eq(s.v[1].desc, "line 1 col 36: case item '0' dropped");
	cr_assert_str_eq(s.v[2].desc, "line 1 col 54: case item '1' dropped");
	cr_assert_str_eq(s.v[3].desc, "line 1 col 72: default item dropped");
	expect_site(src, &s, 0, VMUTATE_CASEDROP, 1, 21, "line 1 col 21: case item '1'b0' dropped",
		    "always @* casez (a)  default: y = 1; endcase");
	vmutate_sites_release(&s);
}

Test(vmutate, negated_condition_wraps_the_whole_condition)
{
	const char *src = "always @* if ((a) && b) y = 1; else if (c) y = 0;";
	struct vmutate_sites s = sites_of(src, VMUTATE_BIT(VMUTATE_CONDNEG));

	cr_assert_eq(s.nr, 2);
	expect_site(src, &s, 0, VMUTATE_CONDNEG, 1, 11, "line 1 col 11: 'if ((a) && b)' -> 'if (!((a) && b))'",
		    "always @* if (!((a) && b)) y = 1; else if (c) y = 0;");
	expect_site(src, &s, 1, VMUTATE_CONDNEG, 1, 37, "line 1 col 37: 'if (c)' -> 'if (!(c))'",
		    "always @* if ((a) && b) y = 1; else if (!(c)) y = 0;");
	vmutate_sites_release(&s);
}

Test(vmutate, operand_swaps_only_for_whole_subexpressions)
{
	const char *src = "assign y = a - b - c;";
	struct vmutate_sites s = sites_of(src, VMUTATE_BIT(VMUTATE_SWAP));

	/* (a - b) - c: a - b is a subexpression, b - c is not. */
	cr_assert_eq(s.nr, 1);
	expect_site(src, &s, 0, VMUTATE_SWAP, 1, 12, "line 1 col 12: 'a - b' -> 'b - a'", "assign y = b - a - c;");
	vmutate_sites_release(&s);

	src = "assign y = (p << 2) | x[i >> 1] | (k * a - b) | (a - b * k) | (-a % b);";
	s = sites_of(src, VMUTATE_BIT(VMUTATE_SWAP));
	cr_assert_eq(s.nr, 2);
	expect_site(src, &s, 0, VMUTATE_SWAP, 1, 13, "line 1 col 13: 'p << 2' -> '2 << p'",
		    "assign y = (2 << p) | x[i >> 1] | (k * a - b) | (a - b * k) | (-a % b);");
	expect_site(src, &s, 1, VMUTATE_SWAP, 1, 25, "line 1 col 25: 'i >> 1' -> '1 >> i'",
		    "assign y = (p << 2) | x[1 >> i] | (k * a - b) | (a - b * k) | (-a % b);");
	vmutate_sites_release(&s);

	/* Range bounds are not swapped ([1-W:0] is reversed or negative). */
	s = sites_of("reg [W-1:0] r; assign y = x[AW-1:0] | x[0:N-1] | x[i-1+:2];", VMUTATE_BIT(VMUTATE_SWAP));
	cr_assert_eq(s.nr, 0);
	vmutate_sites_release(&s);

	/* Swapping equal operands would change nothing: no site. */
	src = "assign y = a - a;";
	s = sites_of(src, 0);
	cr_assert_eq(s.nr, 1);
	cr_assert_eq(s.v[0].op, VMUTATE_ARITH);
	vmutate_sites_release(&s);
}

Test(vmutate, comments_strings_directives_and_ports_are_never_touched)
{
	const char *src =
		"`timescale 1ns/1ps\n"
		"`define ADD(a, b) ((a) + (b) - 8'hFF)\n"
		"// y = a + b; if (x) posedge 8'hFF\n"
		"/* q <= a - 1; case (s) 0: x = 1; default: x = 2; endcase */\n"
		"module m #(parameter W = 8) (input [W-1:0] a, output [W-1:0] y, input clk);\n"
		"  input [3:0] z;\n"
		"  initial $display(\"a + b < c %d\", a);\n"
		"endmodule\n";
	struct vmutate_sites s = sites_of(src, 0);

	cr_assert_eq(s.nr, 0, "first site: %s", s.nr ? s.v[0].desc : "");
	vmutate_sites_release(&s);

	/* Non-ANSI: the port list and declarations stay, the body mutates. */
	src = "module m(a, y);\n  input [7:0] a;\n  output [7:0] y; // y + 1\n  assign y = a + 8'd1;\nendmodule\n";
	s = sites_of(src, 0);
	cr_assert_eq(s.nr, 4);
	expect_site(src, &s, 0, VMUTATE_ARITH, 4, 16, "line 4 col 16: '+' -> '-'",
		    "module m(a, y);\n  input [7:0] a;\n  output [7:0] y; // y + 1\n  assign y = a - 8'd1;\nendmodule\n");
	cr_assert_str_eq(s.v[1].desc, "line 4 col 18: '8'd1' -> '8'd2'");
	cr_assert_str_eq(s.v[2].desc, "line 4 col 18: '8'd1' -> '8'd0'");
	cr_assert_str_eq(s.v[3].desc, "line 4 col 18: '8'd1' -> '8'd129'");
	vmutate_sites_release(&s);
}

static char *read_all(const char *path, size_t *len)
{
	struct buf b = BUF_INIT;

	cr_assert_eq(buf_read_file(&b, path), 0, "cannot read %s", path);
	return buf_detach(&b, len);
}

/* Every site's edit is in bounds, changes the text, and avoids the comment bytes of src. */
static void check_all_sites(const char *src, size_t len, const char *what)
{
	struct vmutate_sites s = VMUTATE_SITES_INIT;
	size_t i;

	vmutate_find_sites(src, len, 0, &s);
	for (i = 0; i < s.nr; i++) {
		size_t n;
		char *t;

		cr_assert_leq(s.v[i].off + s.v[i].del, len, "%s: %s", what, s.v[i].desc);
		cr_assert(strlen(s.v[i].desc) > 0);
		cr_assert_null(strchr(s.v[i].desc, '\n'));
		t = vmutate_apply(src, len, &s.v[i], &n);
		cr_assert(n != len || memcmp(t, src, len), "%s: identical mutant %s", what, s.v[i].desc);
		free(t);
	}
	vmutate_sites_release(&s);
}

Test(vmutate, every_bundled_task_has_at_least_five_sites_and_no_identical_mutant)
{
	DIR *d = opendir("rtl_tasks");
	struct dirent *de;
	int ntasks = 0;

	cr_assert_not_null(d, "run from the repository root");
	while ((de = readdir(d))) {
		char path[1024];
		struct vmutate_set *set;
		FILE *f;
		char *src;
		size_t len, i;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "rtl_tasks/%s/ref.v", de->d_name);
		if (!(f = fopen(path, "r")))
			continue;
		fclose(f);
		src = read_all(path, &len);
		set = vmutate_generate(src, len, 0, 7, 0);
		cr_assert_geq(set->nsites, 5, "%s: %zu sites", path, set->nsites);
		cr_assert_eq(set->nr, set->nsites);
		for (i = 0; i < set->nr; i++) {
			cr_assert(set->v[i].len != len || memcmp(set->v[i].text, src, len),
				  "%s: identical mutant %s", path, set->v[i].desc);
			cr_assert_eq(set->v[i].site, i);
			/* The first line (a comment) is never touched. */
			cr_assert_eq(memcmp(set->v[i].text, src, strcspn(src, "\n")), 0, "%s", set->v[i].desc);
		}
		check_all_sites(src, len, path);
		vmutate_set_free(set);
		free(src);
		ntasks++;
	}
	closedir(d);
	cr_assert_geq(ntasks, 20);
}

static int same_set(const struct vmutate_set *a, const struct vmutate_set *b)
{
	size_t i;

	if (a->nr != b->nr)
		return 0;
	for (i = 0; i < a->nr; i++)
		if (a->v[i].site != b->v[i].site || a->v[i].len != b->v[i].len ||
		    memcmp(a->v[i].text, b->v[i].text, a->v[i].len) || strcmp(a->v[i].desc, b->v[i].desc))
			return 0;
	return 1;
}

Test(vmutate, same_seed_same_mutants_other_seed_other_mutants)
{
	size_t len, i;
	char *src = read_all("rtl_tasks/seg7_hex/ref.v", &len);
	struct vmutate_set *a = vmutate_generate(src, len, 5, 1, 0);
	struct vmutate_set *b = vmutate_generate(src, len, 5, 1, 0);
	struct vmutate_set *c = vmutate_generate(src, len, 5, 2, 0);
	struct vmutate_set *all = vmutate_generate(src, len, 0, 1, 0);

	cr_assert_gt(a->nsites, 100);
	cr_assert_eq(a->nsites, all->nr);
	cr_assert_eq(a->nr, 5);
	cr_assert(same_set(a, b));
	cr_assert_not(same_set(a, c));
	/* A sample is a set of distinct sites, in site order, each equal to the full run's mutant. */
	for (i = 0; i < a->nr; i++) {
		const struct vmutant *m = &a->v[i];

		if (i > 0)
			cr_assert_gt(m->site, a->v[i - 1].site);
		cr_assert_str_eq(m->text, all->v[m->site].text);
		cr_assert_str_eq(m->desc, all->v[m->site].desc);
		cr_assert_eq(m->op, all->v[m->site].op);
	}
	vmutate_set_free(a);
	vmutate_set_free(b);
	vmutate_set_free(c);
	vmutate_set_free(all);
	free(src);
}

Test(vmutate, the_splitmix64_sample_is_fixed_across_platforms)
{
	/* 9 sites (one per '+'); the sample of 3 with seed 42 is a fixed function of splitmix64. */
	const char *src = "assign y = a + b + c + d + e + f + g + h + i + j;";
	struct vmutate_set *set = vmutate_generate(src, strlen(src), 3, 42, 0);
	struct vmutate_set *again = vmutate_generate(src, strlen(src), 3, 42, 0);
	size_t i;

	cr_assert_eq(set->nsites, 9);
	cr_assert_eq(set->nr, 3);
	cr_assert(same_set(set, again));
	/* Partial Fisher-Yates over 0..8 with uniform() by rejection, computed by hand in Python. */
	cr_assert_eq(set->v[0].site, 1);
	cr_assert_eq(set->v[1].site, 2);
	cr_assert_eq(set->v[2].site, 4);
	for (i = 0; i < set->nr; i++)
		cr_assert_eq(set->v[i].col, 14 + 4 * set->v[i].site);
	vmutate_set_free(again);
	again = vmutate_generate(src, strlen(src), 3, 1, 0);
	cr_assert_eq(again->v[0].site, 3);
	cr_assert_eq(again->v[1].site, 5);
	cr_assert_eq(again->v[2].site, 8);
	vmutate_set_free(set);
	vmutate_set_free(again);
}

Test(vmutate, max_at_or_above_the_site_count_gives_every_site_in_order)
{
	const char *src = "assign y = a - b;\n";
	struct vmutate_set *set = vmutate_generate(src, strlen(src), 2, 99, 0);

	cr_assert_eq(set->nsites, 2);
	cr_assert_eq(set->nr, 2);
	cr_assert_str_eq(set->v[0].text, "assign y = b - a;\n");
	cr_assert_str_eq(set->v[1].text, "assign y = a + b;\n");
	cr_assert_eq(set->v[1].line, 1);
	cr_assert_eq(set->v[1].col, 14);
	cr_assert_str_eq(set->v[1].desc, "line 1 col 14: '-' -> '+'");
	vmutate_set_free(set);

	/* The operator mask filters. */
	set = vmutate_generate(src, strlen(src), 0, 1, VMUTATE_BIT(VMUTATE_ARITH));
	cr_assert_eq(set->nr, 1);
	cr_assert_eq(set->v[0].op, VMUTATE_ARITH);
	vmutate_set_free(set);
}

Test(vmutate, empty_input_and_null_frees)
{
	struct vmutate_set *set = vmutate_generate(NULL, 0, 10, 1, 0);
	struct vmutate_sites s = VMUTATE_SITES_INIT;

	cr_assert_eq(set->nr, 0);
	cr_assert_eq(set->nsites, 0);
	vmutate_set_free(set);
	vmutate_set_free(NULL);
	vmutate_sites_release(NULL);
	vmutate_find_sites("", 0, 0, &s);
	cr_assert_eq(s.nr, 0);
	vmutate_sites_release(&s);
}

static uint64_t rng(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return *s >> 33;
}

Test(vmutate, random_bytes_never_crash)
{
	size_t len = 50 * 1024, i, round;
	char *src = xmalloc(len);
	uint64_t st = 12345;

	for (round = 0; round < 4; round++) {
		struct vmutate_set *set;

		for (i = 0; i < len; i++)
			src[i] = (char)rng(&st);
		check_all_sites(src, len, "random bytes");
		set = vmutate_generate(src, len, 20, round, 0);
		for (i = 0; i < set->nr; i++)
			cr_assert(set->v[i].len != len || memcmp(set->v[i].text, src, len));
		vmutate_set_free(set);
	}
	free(src);
}

Test(vmutate, random_verilog_token_soup_never_crashes)
{
	static const char *const words[] = {
		"case", "casez", "endcase", "default", ":", "begin", "end", "if", "else", "(", ")",
		"[", "]", "{", "}", ";", "<=", "=", "a", "b", "8'hFF", "1", "-", "+", "<", "?",
		"@", "*", "#", "posedge", "module", "input", "`define", "\n", "fork", "join",
		"for", "~", "!", "&&", "//", "\"", ".", ",", "4'b1x", "<<",
	};
	size_t nw = sizeof(words) / sizeof(words[0]), round, i;
	uint64_t st = 777;

	for (round = 0; round < 40; round++) {
		struct buf b = BUF_INIT;
		struct vmutate_set *set;

		for (i = 0; i < 3000; i++) {
			buf_addstr(&b, words[rng(&st) % nw]);
			buf_addch(&b, ' ');
		}
		check_all_sites(b.data, b.len, "token soup");
		set = vmutate_generate(b.data, b.len, 10, round, 0);
		vmutate_set_free(set);
		buf_release(&b);
	}
}

static int have_iverilog(void)
{
	return system("command -v iverilog >/dev/null 2>&1") == 0;
}

Test(vmutate, compile_check_keeps_only_mutants_that_compile)
{
	const char *src = "module m(input [3:0] a, output y);\n  assign y = a[1:1];\nendmodule\n";
	char dir[] = "/tmp/vp-test-vmutate-XXXXXX";
	struct buf why = BUF_INIT, err = BUF_INIT;
	struct vmutate_set *set = vmutate_generate(src, strlen(src), 0, 1, 0);
	long removed;

	cr_assert_not_null(mkdtemp(dir));
	/* a[2:1], a[0:1], a[1:2], a[1:0]: the middle two are reversed part-selects */
	cr_assert_eq(set->nr, 4);
	cr_assert_str_eq(set->v[1].desc, "line 2 col 16: '1' -> '0'");
	cr_assert_str_eq(set->v[2].desc, "line 2 col 18: '1' -> '2'");
	if (!have_iverilog()) {
		rmdir(dir);
		vmutate_set_free(set);
		cr_skip_test("iverilog is not installed");
	}
	cr_assert_eq(vmutate_compile(dir, src, strlen(src), 20, &why, &err), VMUTATE_CC_OK);
	cr_assert_eq(vmutate_compile(dir, "module m(;", 10, 20, &why, &err), VMUTATE_CC_FAILED);
	cr_assert_neq(why.len, 0);
	removed = vmutate_keep_compiling(set, dir, 20, NULL, NULL, &err);
	cr_assert_eq(removed, 2, "%s", err.data);
	cr_assert_eq(set->nr, 2);
	cr_assert_eq(set->v[0].site, 0);
	cr_assert_str_eq(set->v[0].desc, "line 2 col 16: '1' -> '2'");
	cr_assert_eq(set->v[1].site, 3);
	cr_assert_str_eq(set->v[1].desc, "line 2 col 18: '1' -> '0'");
	cr_assert_eq(rmdir(dir), 0, "m.v left behind in %s", dir);
	vmutate_set_free(set);
	buf_release(&why);
	buf_release(&err);
}
