#include "testbench/vnorm.h"

#include <criterion/criterion.h>
#include <string.h>

static uint64_t H(const char *s)
{
	return vnorm_hash(s, strlen(s));
}

Test(vnorm, comments_whitespace_and_line_endings_do_not_matter)
{
	uint64_t base = H("module m(input a, output y);\n  assign y = ~a;\nendmodule\n");

	cr_assert_eq(H("module m(input a,output y);assign y=~a;endmodule"), base);
	cr_assert_eq(H("// header\r\nmodule m(input a, /* in */ output y);\r\n"
		       "\tassign y = ~a; // invert\r\nendmodule\r\n"), base);
	cr_assert_eq(H("module m(\n  input a,\n  output y\n);\nassign y =\n  ~a;\nendmodule"), base);
}

Test(vnorm, any_token_change_changes_the_hash)
{
	uint64_t base = H("assign y = a & b;");

	cr_assert_neq(H("assign y = a | b;"), base);
	cr_assert_neq(H("assign y = a & c;"), base);
	cr_assert_neq(H("assign y = a & b; ;"), base);
	cr_assert_neq(H("assign y = a && b;"), base);
	cr_assert_neq(H("assign y = a & \"b\";"), base);
	cr_assert_neq(H("assign Y = a & b;"), base);
}

Test(vnorm, tokens_are_separated)
{
	cr_assert_neq(H("a b"), H("ab"));
	cr_assert_neq(H("ab c"), H("a bc"));
	cr_assert_neq(H("x == y"), H("x = = y"));
	/* "1" as a number vs as part of a name. */
	cr_assert_neq(H("a1"), H("a 1"));
}

Test(vnorm, blanks_inside_based_numbers_are_dropped)
{
	cr_assert_eq(H("x = 8 'h ff;"), H("x = 8'hff;"));
	cr_assert_neq(H("x = 8'hff;"), H("x = 8'hfe;"));
}

Test(vnorm, directive_lines_keep_their_line_breaks)
{
	/* `define A b  then c  is not  `define A b c */
	cr_assert_neq(H("`define A b\nc"), H("`define A b c"));
	/* A line continuation is not a line break. */
	cr_assert_eq(H("`define A b \\\n c\nx"), H("`define A b c\nx"));
	/* Ordinary code reflowed around a directive keeps its hash. */
	cr_assert_eq(H("`timescale 1ns/1ps\nmodule m;\nendmodule"),
		     H("`timescale 1ns/1ps\nmodule\nm;endmodule"));
}

Test(vnorm, empty_and_comment_only_inputs_agree_and_hex_is_16_digits)
{
	char hex[17];

	cr_assert_eq(vnorm_hash(NULL, 0), H("  // nothing\n/* at all */ "));
	vnorm_hex(0x0123456789abcdefULL, hex);
	cr_assert_str_eq(hex, "0123456789abcdef");
	vnorm_hex(1, hex);
	cr_assert_str_eq(hex, "0000000000000001");
}
