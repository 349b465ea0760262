/*
 * Unit tests of the verdict adapter: the exact rewrite of a bench's print
 * calls, and the reading of tagged output by pass/fail/count rules,
 * including untagged forgeries that must change nothing.
 */
#include "sim/buf.h"
#include "testbench/vadapt.h"
#include "testbench/verdict.h"

#include <criterion/criterion.h>
#include <string.h>

#define NONCE 0x0123456789abcdefULL
#define TAG "@vpo:0123456789abcdef:"

Test(vadapt, tags_string_formats_of_every_print_family_only)
{
	const char *src =
		"module tb; // $display(\"in a comment\")\n"
		"initial begin\n"
		"  $display(\"Mismatches: %1d in %1d samples\", e, n);\n"
		"  $write(\"x\"); $displayh(\"h\"); $strobe (\"s\");\n"
		"  $fdisplay(fd[0], \"to %0d\", 1); $fwrite(32'h8000_0001, \"w\");\n"
		"  $display; $display(); $display(s); $sformat(s, \"no\");\n"
		"  $display(\"say \\\"$display(\\\"\"); $monitor(\"m %b\", q);\n"
		"end\n"
		"`define SHOW(v) $display(\"v=%0d\", v)\n"
		"endmodule\n";
	struct buf out = BUF_INIT;

	cr_assert_eq(vadapt_tag_prints(src, strlen(src), &out), 9);
	cr_assert_str_eq(out.data,
		"module tb; // $display(\"in a comment\")\n"
		"initial begin\n"
		"  $display(\"@vpo:%016h:Mismatches: %1d in %1d samples\", `VP_NONCE, e, n);\n"
		"  $write(\"@vpo:%016h:x\", `VP_NONCE); $displayh(\"@vpo:%016h:h\", `VP_NONCE); $strobe (\"@vpo:%016h:s\", `VP_NONCE);\n"
		"  $fdisplay(fd[0], \"@vpo:%016h:to %0d\", `VP_NONCE, 1); $fwrite(32'h8000_0001, \"@vpo:%016h:w\", `VP_NONCE);\n"
		"  $display; $display(); $display(s); $sformat(s, \"no\");\n"
		"  $display(\"@vpo:%016h:say \\\"$display(\\\"\", `VP_NONCE); $monitor(\"@vpo:%016h:m %b\", `VP_NONCE, q);\n"
		"end\n"
		"`define SHOW(v) $display(\"@vpo:%016h:v=%0d\", `VP_NONCE, v)\n"
		"endmodule\n");
	buf_release(&out);
}

static void parse(const struct vadapt_rules *r, const char *out, struct verdict *v)
{
	struct vadapt a;
	struct buf err = BUF_INIT;

	cr_assert_eq(vadapt_compile(&a, r, &err), 0, "%s", err.data);
	verdict_init(v);
	vadapt_parse(&a, out, strlen(out), NONCE, v);
	vadapt_release(&a);
	buf_release(&err);
}

static const struct vadapt_rules veval = {
	"^Mismatches: 0 in [0-9]+ samples$", "^TIMEOUT", "^Mismatches: ([0-9]+) in ([0-9]+) samples$",
};

Test(vadapt, verilog_eval_rules_pass_count_and_timeout)
{
	struct verdict v;

	parse(&veval, TAG "Hint: Output 'q' has no mismatches.\n" TAG "Mismatches: 0 in 40 samples\r\n", &v);
	cr_assert(verdict_is_pass(&v));
	cr_assert_eq(v.passed, 40);
	cr_assert_eq(v.total, 40);
	verdict_release(&v);

	parse(&veval, TAG "Mismatches: 3 in 40 samples\n", &v);
	cr_assert_not(verdict_is_pass(&v));
	cr_assert_eq(v.passed, 37);
	cr_assert_eq(v.total, 40);
	cr_assert_str_eq(v.first_fail.data, "count line 'Mismatches: 3 in 40 samples'");
	verdict_release(&v);

	parse(&veval, TAG "TIMEOUT\n" TAG "Mismatches: 0 in 7 samples\n", &v);
	cr_assert_not(verdict_is_pass(&v));
	cr_assert_eq(v.passed, 7);
	cr_assert_str_eq(v.first_fail.data, "fail line 'TIMEOUT'");
	verdict_release(&v);
}

Test(vadapt, untagged_and_foreign_tagged_lines_are_never_read)
{
	struct verdict v;

	/* Forged: untagged, wrong nonce, tag not at line start. */
	parse(&veval,
	      "Mismatches: 0 in 40 samples\n"
	      "@vpo:0000000000000001:Mismatches: 0 in 40 samples\n"
	      "x " TAG "Mismatches: 0 in 40 samples\n"
	      TAG "Mismatches: 5 in 40 samples\n", &v);
	cr_assert_not(verdict_is_pass(&v));
	cr_assert_eq(v.passed, 35);
	verdict_release(&v);

	parse(&veval, "Mismatches: 0 in 40 samples\n", &v);
	cr_assert_not(verdict_is_pass(&v));
	cr_assert_eq(v.total, 1);
	cr_assert_eq(v.passed, 0);
	cr_assert_str_eq(v.first_fail.data,
			 "no line matched the pass rule; the testbench printed no tagged line");
	verdict_release(&v);
}

Test(vadapt, pass_rule_alone_and_write_then_display_on_one_line)
{
	const struct vadapt_rules rtllm = { "Your Design Passed", NULL, NULL };
	struct verdict v;

	parse(&rtllm, TAG "=====" TAG "Your Design Passed=====\n", &v);
	cr_assert(verdict_is_pass(&v));
	cr_assert_eq(v.total, 1);
	verdict_release(&v);

	parse(&rtllm, TAG "Error at 30\n" TAG "Test completed with 2 failures\n", &v);
	cr_assert_not(verdict_is_pass(&v));
	cr_assert_str_eq(v.first_fail.data,
			 "no line matched the pass rule; last line 'Test completed with 2 failures'");
	verdict_release(&v);
}

Test(vadapt, bad_rules_are_reported)
{
	struct vadapt a;
	struct buf err = BUF_INIT;
	struct vadapt_rules r = { "ok", NULL, "^([0-9]+)$" };

	cr_assert_eq(vadapt_compile(&a, &r, &err), -1);
	cr_assert_str_eq(err.data, "rule 'count' must have exactly two groups (failures, total), not 1");
	r.count = NULL;
	r.fail = "(";
	cr_assert_eq(vadapt_compile(&a, &r, &err), -1);
	cr_assert_str_eq(err.data,
			 "rule 'fail' is not a valid extended regular expression: Unmatched ( or \\(");
	r.pass = NULL;
	cr_assert_eq(vadapt_compile(&a, &r, &err), -1);
	cr_assert_str_eq(err.data, "rule 'pass' is missing");
	vadapt_release(NULL);
	buf_release(&err);
}
