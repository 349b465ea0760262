#include "sim/buf.h"
#include "sim/xalloc.h"
#include "testbench/vscan.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define EXPECT_CLEAN(src) \
	do { \
		struct buf why_ = BUF_INIT; \
		enum vscan_result r_ = vscan_check(src, strlen(src), &why_, NULL); \
		cr_assert_eq(r_, VSCAN_CLEAN, "source: %s\nwhy: %s", src, why_.data); \
		buf_release(&why_); \
	} while (0)

#define EXPECT_FORBIDDEN(src, msg) \
	do { \
		struct buf why_ = BUF_INIT; \
		enum vscan_result r_ = vscan_check(src, strlen(src), &why_, NULL); \
		cr_assert_eq(r_, VSCAN_FORBIDDEN, "source: %s", src); \
		cr_assert_str_eq(why_.data, msg, "source: %s", src); \
		buf_release(&why_); \
	} while (0)

static const char adder[] =
	"// 8-bit adder\n"
	"`timescale 1ns/1ps\n"
	"`define W 8\n"
	"module adder8(input [`W-1:0] a, input [7:0] b, input cin,\n"
	"              output [7:0] sum, output cout);\n"
	"  localparam integer L = $clog2(256);\n"
	"  assign {cout, sum} = a + b + cin; /* $display in a comment */\n"
	"  wire [7:0] t = $signed(a) >>> 1;\n"
	"  sub u1(.x(a[0]), .y(sum[1]), .*);\n"
	"  initial if (0) ; // \"$finish\"\n"
	"endmodule\n";

Test(vscan, a_plain_adder_is_clean)
{
	unsigned long line = 99;
	struct buf why = BUF_INIT;

	cr_assert_eq(vscan_check(adder, strlen(adder), &why, &line), VSCAN_CLEAN);
	cr_assert_eq(line, 99);  /* untouched when clean */
	cr_assert_str_eq(why.data, "");
	buf_release(&why);
}

Test(vscan, system_tasks_outside_the_allow_list_are_forbidden_with_their_line)
{
	EXPECT_FORBIDDEN("module m;\ninitial begin\n  $display(\"hi\");\nend\nendmodule\n",
			 "system task '$display' is not allowed in candidate RTL (line 3)");
	EXPECT_FORBIDDEN("initial $finish;", "system task '$finish' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("initial $c(\"system(0);\");", "system task '$c' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("initial x = $random;", "system task '$random' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("initial $readmemh(\"/etc/passwd\", m);",
			 "system task '$readmemh' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("a = $ b;", "lone '$' is not allowed in candidate RTL (line 1)");
}

Test(vscan, allowed_system_functions_are_clean)
{
	EXPECT_CLEAN("localparam A = $clog2(8) + $bits(x) + $size(y) + $countones(z);"
		     "wire [3:0] b = $unsigned($signed(c)); real r = $sqrt(2.0) + $pow(2, 3) + $ln(1.0);"
		     "wire o = $onehot0(v) | $onehot(v) | $isunknown(v);");
	cr_assert(vscan_sysname_allowed("$clog2", 6));
	cr_assert_not(vscan_sysname_allowed("$clog", 5));
	cr_assert_not(vscan_sysname_allowed("$system", 7));
}

Test(vscan, dollar_names_in_strings_comments_and_identifiers_are_fine)
{
	EXPECT_CLEAN("wire [8*8:1] s = \"$display\";\n// $display(\"x\")\n/* $finish */\nwire a$b;");
}

Test(vscan, token_pasting_is_forbidden_even_when_it_builds_an_allowed_name)
{
	EXPECT_FORBIDDEN("`define S(a,b) a``b\ninitial `S($sys,tem)(\"rm -rf /\");",
			 "token pasting '``' is not allowed in candidate RTL (line 1)");
	/* $sys``tem: the fragment is itself caught first. */
	EXPECT_FORBIDDEN("initial $sys``tem(\"id\");",
			 "system task '$sys' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("`define S(a) $clog2``a\n",
			 "token pasting '``' is not allowed in candidate RTL (line 1)");
}

Test(vscan, includes_line_pragma_and_verilator_cpp_are_forbidden)
{
	EXPECT_FORBIDDEN("module m;\n`include \"/etc/passwd\"\nendmodule",
			 "compiler directive '`include' is not allowed in candidate RTL (line 2)");
	EXPECT_FORBIDDEN("`line 1 \"x.v\" 0\n", "compiler directive '`line' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("`pragma protect\n", "compiler directive '`pragma' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("`systemc_implementation\nint x = system(\"id\");\n`verilog\n",
			 "compiler directive '`systemc_implementation' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("`undefineall\n", "compiler directive '`undefineall' is not allowed in candidate RTL (line 1)");
}

Test(vscan, macros_must_be_defined_by_the_candidate)
{
	EXPECT_CLEAN("`ifdef SIM\n`define N 4\n`else\n`define N 8\n`endif\nwire [`N-1:0] x;\n`undef N\n");
	EXPECT_FORBIDDEN("wire [`WIDTH-1:0] x;", "compiler directive '`WIDTH' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("`define include 1\n", "macro name 'include' is not allowed in candidate RTL (line 1)");
}

Test(vscan, dpi_imports_and_exports_are_forbidden_in_any_spacing)
{
	EXPECT_FORBIDDEN("module m;\nimport \"DPI-C\" function int system(input string s);\nendmodule",
			 "DPI import 'import \"DPI-C\"' is not allowed in candidate RTL (line 2)");
	EXPECT_FORBIDDEN("import /* c */\n  \"DPI\" context function void f();",
			 "DPI import 'import \"DPI\"' is not allowed in candidate RTL (line 2)");
	EXPECT_FORBIDDEN("export \"DPI-C\" task t;", "DPI export 'export \"DPI-C\"' is not allowed in candidate RTL (line 1)");
	EXPECT_CLEAN("import my_pkg::*;");
}

Test(vscan, bind_is_forbidden)
{
	EXPECT_FORBIDDEN("bind tb spy s();", "keyword 'bind' is not allowed in candidate RTL (line 1)");
}

Test(vscan, hierarchical_references_are_forbidden_but_named_ports_are_fine)
{
	EXPECT_CLEAN("sub u1 (.a(x), .b(y[3]), .c({p, q}));");
	EXPECT_CLEAN("sub u1 ( .a ( x ) , .b(y) );\nreal r = 1.5;");
	EXPECT_FORBIDDEN("wire x;\nassign x = u1.q;", "hierarchical reference 'u1.q' is not allowed in candidate RTL (line 2)");
	EXPECT_FORBIDDEN("\n\ninitial tb.x = 1;", "hierarchical reference 'tb.x' is not allowed in candidate RTL (line 3)");
	EXPECT_FORBIDDEN("assign y = tb . vp /* c */ . x;", "hierarchical reference 'tb.vp' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("assign y = g[0].u.q;", "hierarchical reference 'g[...].u' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("assign y = g[i[0]][1] .q;", "hierarchical reference 'g[...].q' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("sub u(.a(tb.q));", "hierarchical reference 'tb.q' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("assign y = m[tb.q];", "hierarchical reference 'tb.q' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("defparam \\tb .p = 1;", "hierarchical reference '\\tb.p' is not allowed in candidate RTL (line 1)");
	/* Unbalanced brackets do not confuse the tracker. */
	EXPECT_CLEAN("] ] ] .a(x)");
}

Test(vscan, names_reserved_for_the_harness)
{
	EXPECT_FORBIDDEN("integer vp_total;", "identifier 'vp_total' is reserved for the harness (line 1)");
	EXPECT_FORBIDDEN("initial `VP_DONE", "macro '`VP_DONE' is reserved for the harness (line 1)");
	EXPECT_FORBIDDEN("`define VP_NONCE 64'h1\n", "identifier 'VP_NONCE' is reserved for the harness (line 1)");
	EXPECT_FORBIDDEN("`undef VP_NONCE\n", "identifier 'VP_NONCE' is reserved for the harness (line 1)");
	EXPECT_FORBIDDEN("wire \\vp_passed ;", "identifier '\\vp_passed' is reserved for the harness (line 1)");
	EXPECT_CLEAN("wire vpx_total, Vp_total, my_vp_total;");
}

Test(vscan, lexical_ambiguities_are_forbidden)
{
	EXPECT_FORBIDDEN("wire [7:0] s = \"abc;\n", "unterminated string '\"abc;' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("x\n/* $display", "unterminated comment '/*' is not allowed in candidate RTL (line 2)");
	EXPECT_FORBIDDEN("s = \"a\\\n\";", "string continued over a line break '\"a\\\\x0a\"' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("`define S `\"x`\"\n", "macro stringification '`\"' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("`ifdef X\n/*\n`endif\ninitial $system(\"id\"); // */\n",
			 "compiler directive '`endif' inside a comment is not allowed in candidate RTL (line 3)");
	EXPECT_FORBIDDEN("s = \" `else \";", "compiler directive '`else' inside a string is not allowed in candidate RTL (line 1)");
	EXPECT_CLEAN("// `elsewhere and `ifdefx are not directives\n");
	EXPECT_FORBIDDEN("wire \\a\"b ;", "escaped identifier '\\a\"b' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("wire \\$system ;", "escaped identifier '\\$system' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("wire \\a\x7f ;", "escaped identifier '\\a\\x7f' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("wire a;\n\xc3\xa9", "byte '\\xc3' is not allowed in candidate RTL (line 2)");
	EXPECT_FORBIDDEN("wire a ` b;", "character '`' is not allowed in candidate RTL (line 1)");
	EXPECT_CLEAN("// caf\xc3\xa9\nwire \\a+b ; /* \xff */ wire [8*2:1] s = \"\xc3\xa9\";");
}

Test(vscan, macro_gluing_of_allowed_names_is_forbidden)
{
	EXPECT_FORBIDDEN("`define T tem\nx = $clog2`T;",
			 "macro use '`T' directly after a system function name is not allowed in candidate RTL (line 2)");
	EXPECT_FORBIDDEN("`define F $clog2\nx = `F(4);",
			 "macro body ending in system function '$clog2' is not allowed in candidate RTL (line 1)");
	EXPECT_FORBIDDEN("`define F(a) a + /* two\nlines */ 1\n",
			 "comment spanning lines in a `define body '/*' is not allowed in candidate RTL (line 1)");
	EXPECT_CLEAN("`define L2(x) $clog2(x)\n`define M(a) \\\n  (a + 1) /* one line */\nwire [`L2(8):0] w = `M(2);");
}

Test(vscan, nul_bytes_anywhere_are_forbidden)
{
	const char s[] = "// ok\n/* \0 */";
	struct buf why = BUF_INIT;
	unsigned long line = 0;

	cr_assert_eq(vscan_check(s, sizeof(s) - 1, &why, &line), VSCAN_FORBIDDEN);
	cr_assert_str_eq(why.data, "byte '\\x00' is not allowed in candidate RTL (line 2)");
	cr_assert_eq(line, 2);
	buf_release(&why);
}

Test(vscan, empty_input_is_clean_and_why_may_be_null)
{
	cr_assert_eq(vscan_check("", 0, NULL, NULL), VSCAN_CLEAN);
	cr_assert_eq(vscan_check(NULL, 0, NULL, NULL), VSCAN_CLEAN);
	cr_assert_eq(vscan_check("$system", 7, NULL, NULL), VSCAN_FORBIDDEN);
}

Test(vscan, long_names_are_cut_in_messages)
{
	struct buf src = BUF_INIT, why = BUF_INIT;
	int i;

	buf_addstr(&src, "initial $");
	for (i = 0; i < 100; i++)
		buf_addch(&src, 'a');
	cr_assert_eq(vscan_check(src.data, src.len, &why, NULL), VSCAN_FORBIDDEN);
	cr_assert_str_eq(why.data, "system task '$aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' "
		"is not allowed in candidate RTL (line 1)");
	buf_release(&src);
	buf_release(&why);
}

Test(vscan, size_gate)
{
	struct buf why = BUF_INIT;

	cr_assert_eq(vscan_check_size(2u << 20, 0, &why), 0);
	cr_assert_eq(vscan_check_size((2u << 20) + 1, 0, &why), -1);
	cr_assert_str_eq(why.data, "candidate is 2.0 MiB, over the 2 MiB limit");
	cr_assert_eq(vscan_check_size(12u << 20, 2u << 20, &why), -1);
	cr_assert_str_eq(why.data, "candidate is 12.0 MiB, over the 2 MiB limit");
	cr_assert_eq(vscan_check_size(3000, 1024, &why), -1);
	cr_assert_str_eq(why.data, "candidate is 2.9 KiB, over the 1 KiB limit");
	cr_assert_eq(vscan_check_size(101, 100, NULL), -1);
	cr_assert_eq(vscan_check_size(101, 100, &why), -1);
	cr_assert_str_eq(why.data, "candidate is 101 bytes, over the 100 bytes limit");
	buf_release(&why);
}

static uint64_t rng_state;
static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

Test(vscan, random_token_soup_never_crashes_and_always_decides)
{
	static const char *const parts[] = {
		"a", "tb", ".", "[", "]", "(", ")", ",", "$clog2", "`define", "`X", "X",
		"\n", " ", "\"s\"", "/*c*/", "//c\n", "\\e ", "``", "`\"", "import", "1.5", "8'h1",
	};
	struct buf src = BUF_INIT;
	int round, i;

	for (round = 0; round < 300; round++) {
		rng_state = 0x1234567ULL + (uint64_t)round;
		buf_reset(&src);
		for (i = 0; i < 200; i++)
			buf_addstr(&src, parts[rng() % (sizeof(parts) / sizeof(parts[0]))]);
		/* Exact-size copy so ASan sees any overread. */
		{
			char *copy = xmalloc(src.len);
			struct buf why = BUF_INIT;
			enum vscan_result r;
			memcpy(copy, src.data, src.len);
			r = vscan_check(copy, src.len, &why, NULL);
			cr_assert(r == VSCAN_CLEAN || (r == VSCAN_FORBIDDEN && why.len > 0));
			buf_release(&why);
			free(copy);
		}
	}
	buf_release(&src);
}
