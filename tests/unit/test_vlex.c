#include "sim/buf.h"
#include "sim/xalloc.h"
#include "testbench/vlex.h"

#include <criterion/criterion.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/*
 * Render the token stream as "kind:text kind:text ...", comments included,
 * flags appended as !u (unterminated), !e (escaped), !b (block), !c (continued).
 */
static char *dump_n(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	struct vlex lx;
	struct vlex_tok t;

	vlex_init(&lx, s, n);
	while (vlex_next(&lx, &t)) {
		if (b.len)
			buf_addch(&b, ' ');
		buf_addf(&b, "%s:%.*s", vlex_kind_name(t.kind), (int)t.len, s + t.off);
		if (t.flags & VLEX_F_UNTERMINATED)
			buf_addstr(&b, "!u");
		if (t.flags & VLEX_F_ESCAPED)
			buf_addstr(&b, "!e");
		if (t.flags & VLEX_F_BLOCK)
			buf_addstr(&b, "!b");
		if (t.flags & VLEX_F_CONTINUED)
			buf_addstr(&b, "!c");
	}
	return buf_detach(&b, NULL);
}

static char *dump(const char *s)
{
	return dump_n(s, strlen(s));
}

#define EXPECT_TOKENS(src, want) \
	do { \
		char *got_ = dump(src); \
		cr_assert_str_eq(got_, want, "source: %s", src); \
		free(got_); \
	} while (0)

Test(vlex, keyword_table_is_sorted_for_bsearch)
{
	/* Every keyword must be found; a misplaced one would be missed by bsearch. */
	const char *some[] = { "accept_on", "always_ff", "endmodule", "macromodule", "module",
			       "bind", "xor", "wire", "logic", "unique0", "s_until_with" };
	size_t i;
	for (i = 0; i < sizeof(some) / sizeof(some[0]); i++)
		cr_assert(vlex_is_keyword(some[i], strlen(some[i])), "%s", some[i]);
	cr_assert_not(vlex_is_keyword("modul", 5));
	cr_assert_not(vlex_is_keyword("modulex", 7));
	cr_assert_not(vlex_is_keyword("Module", 6));
	cr_assert_not(vlex_is_keyword("wire", 3));
}

Test(vlex, simple_module_header)
{
	EXPECT_TOKENS("module m(input a, output [7:0] q);",
		      "keyword:module ident:m op:( keyword:input ident:a op:, keyword:output "
		      "op:[ number:7 op:: number:0 op:] ident:q op:) op:;");
}

Test(vlex, identifiers_may_contain_dollar_after_the_first_char)
{
	EXPECT_TOKENS("a$b _x1 $c", "ident:a$b ident:_x1 sysname:$c");
}

Test(vlex, escaped_identifier_ends_at_whitespace)
{
	EXPECT_TOKENS("\\foo+bar  x", "ident:\\foo+bar!e ident:x");
	EXPECT_TOKENS("\\a.b[0]\ty", "ident:\\a.b[0]!e ident:y");
	/* A backslash followed by a blank starts nothing. */
	EXPECT_TOKENS("\\ x", "invalid:\\ ident:x");
	EXPECT_TOKENS("x \\", "ident:x invalid:\\");
}

Test(vlex, sized_and_based_numbers)
{
	EXPECT_TOKENS("8'hFF 'h1f 4'b10x1 16'sd5 'o7 32'HDEAD_beef",
		      "number:8'hFF number:'h1f number:4'b10x1 number:16'sd5 number:'o7 "
		      "number:32'HDEAD_beef");
}

Test(vlex, blanks_between_size_base_and_value_stay_in_one_number)
{
	EXPECT_TOKENS("8 'h ff;", "number:8 'h ff op:;");
	EXPECT_TOKENS("x = 4 'b 1010 + 1;", "ident:x op:= number:4 'b 1010 op:+ number:1 op:;");
}

Test(vlex, unbased_unsized_and_casts)
{
	EXPECT_TOKENS("'0 '1 'x 'Z", "number:'0 number:'1 number:'x number:'Z");
	EXPECT_TOKENS("8'(x) '{a}", "number:8 op:' op:( ident:x op:) op:' op:{ ident:a op:}");
	EXPECT_TOKENS("'1a", "op:' number:1 ident:a");
}

Test(vlex, reals_and_time_literals)
{
	EXPECT_TOKENS("1.5e3 2.0 3E-2 1e 10ns #5 1.5ps 4sx",
		      "number:1.5e3 number:2.0 number:3E-2 number:1 ident:e number:10ns "
		      "op:# number:5 number:1.5ps number:4 ident:sx");
	/* A bit-select is not a real. */
	EXPECT_TOKENS("a[1.]", "ident:a op:[ number:1 op:. op:]");
}

Test(vlex, strings_with_escapes)
{
	EXPECT_TOKENS("$display(\"a\\\"b\\\\\", x);",
		      "sysname:$display op:( string:\"a\\\"b\\\\\" op:, ident:x op:) op:;");
	EXPECT_TOKENS("\"// not a comment\" /* \"not a string\" */",
		      "string:\"// not a comment\" comment:/* \"not a string\" */!b");
}

Test(vlex, unterminated_strings_stop_at_the_newline)
{
	EXPECT_TOKENS("\"abc\nx", "string:\"abc!u ident:x");
	EXPECT_TOKENS("\"abc\\", "string:\"abc\\!u");
	EXPECT_TOKENS("\"ab\\\ncd\" e", "string:\"ab\\\ncd\"!c ident:e");
}

Test(vlex, comments_do_not_nest)
{
	EXPECT_TOKENS("a /* x /* y */ b */ c",
		      "ident:a comment:/* x /* y */!b ident:b op:* op:/ ident:c");
	EXPECT_TOKENS("a // c /* d\nb", "ident:a comment:// c /* d ident:b");
	EXPECT_TOKENS("a /* never closed", "ident:a comment:/* never closed!u!b");
	EXPECT_TOKENS("/*/ x", "comment:/*/ x!u!b");
	EXPECT_TOKENS("/**/x", "comment:/**/!b ident:x");
}

Test(vlex, directives_paste_and_stringify)
{
	EXPECT_TOKENS("`define CAT(a,b) a``b\n`CAT(x,y)",
		      "directive:`define ident:CAT op:( ident:a op:, ident:b op:) ident:a "
		      "paste:`` ident:b directive:`CAT op:( ident:x op:, ident:y op:)");
	EXPECT_TOKENS("`\"x`\" `\\`\" ` x",
		      "stringify:`\" ident:x stringify:`\" stringify:`\\`\" invalid:` ident:x");
	EXPECT_TOKENS("$sys``tem", "sysname:$sys paste:`` ident:tem");
}

Test(vlex, define_with_line_continuation_keeps_lines)
{
	const char *s = "`define M(x) \\\n  x + 1\nassign y = `M(2);";
	struct vlex lx;
	struct vlex_tok t;
	unsigned long lines[32];
	unsigned flags[32];
	size_t n = 0;

	EXPECT_TOKENS(s, "directive:`define ident:M op:( ident:x op:) ident:x op:+ number:1 "
			 "keyword:assign ident:y op:= directive:`M op:( number:2 op:) op:;");
	vlex_init(&lx, s, strlen(s));
	while (vlex_next(&lx, &t) && n < 32) {
		lines[n] = t.line;
		flags[n] = t.flags;
		n++;
	}
	cr_assert_eq(n, 16);
	cr_assert_eq(lines[0], 1);
	cr_assert_eq(lines[5], 2);            /* x after the continuation */
	cr_assert_eq(flags[5] & VLEX_F_NL_BEFORE, 0);
	cr_assert_eq(lines[8], 3);            /* assign */
	cr_assert_eq(flags[8] & VLEX_F_NL_BEFORE, VLEX_F_NL_BEFORE);
	cr_assert_eq(flags[0] & VLEX_F_FIRST, VLEX_F_FIRST);
	cr_assert_eq(flags[1] & VLEX_F_FIRST, 0);
}

Test(vlex, operators_longest_match)
{
	EXPECT_TOKENS("a<<<=b===c!==d->e|->f::g", "ident:a op:<<<= ident:b op:=== ident:c "
		      "op:!== ident:d op:-> ident:e op:|-> ident:f op::: ident:g");
	EXPECT_TOKENS(".a(x), .*", "op:. ident:a op:( ident:x op:) op:, op:.*");
	EXPECT_TOKENS("x[3+:4]", "ident:x op:[ number:3 op:+: number:4 op:]");
}

Test(vlex, line_numbers_and_offsets_with_crlf)
{
	const char *s = "a\r\n/* 1\n2 */ b\r\n\r\n  \"s\" 8 'h\n ff c";
	struct vlex lx;
	struct vlex_tok t;
	size_t off[8];
	unsigned long line[8];
	size_t n = 0;

	vlex_init(&lx, s, strlen(s));
	while (vlex_next(&lx, &t) && n < 8) {
		off[n] = t.off;
		line[n] = t.line;
		n++;
	}
	cr_assert_eq(n, 6);
	cr_assert_eq(line[0], 1);
	cr_assert_eq(off[1], 3);
	cr_assert_eq(line[1], 2);  /* comment */
	cr_assert_eq(line[2], 3);  /* b */
	cr_assert_eq(off[2], 13);
	cr_assert_eq(line[3], 5);  /* "s" */
	cr_assert_eq(line[4], 5);  /* 8 'h\n ff */
	cr_assert_eq(line[5], 6);  /* c */
	cr_assert_eq(t.kind, VLEX_EOF);
	cr_assert_eq(t.off, strlen(s));
}

Test(vlex, nul_and_high_bytes_are_invalid_tokens)
{
	const char s[] = { 'a', 0, 'b', (char)0xc3, (char)0xa9, '"', 0, '"' };
	char *got = dump_n(s, sizeof(s));
	cr_assert_str_eq(got, "ident:a invalid: ident:b invalid:\xc3 invalid:\xa9 string:\"");
	free(got);
}

Test(vlex, eof_is_sticky_and_empty_input_is_fine)
{
	struct vlex lx;
	struct vlex_tok t;

	vlex_init(&lx, NULL, 0);
	cr_assert_eq(vlex_next(&lx, &t), 0);
	cr_assert_eq(t.kind, VLEX_EOF);
	cr_assert_eq(vlex_next(&lx, &t), 0);
	vlex_init(&lx, " \n\t ", 4);
	cr_assert_eq(vlex_next(&lx, &t), 0);
	cr_assert_eq(t.off, 4);
}

/* xorshift64*: deterministic pseudo-random bytes. */
static uint64_t rng_state;
static uint64_t rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

/*
 * Invariants on any input: tokens tile the input in order with only
 * whitespace/continuations between them, each has length >= 1, lines never
 * decrease, and the last line equals 1 + the number of newlines before it.
 */
static void check_invariants(const unsigned char *s, size_t n)
{
	struct vlex lx;
	struct vlex_tok t;
	size_t pos = 0, ntok = 0;
	unsigned long line = 1;

	vlex_init(&lx, s, n);
	while (vlex_next(&lx, &t)) {
		cr_assert_geq(t.off, pos);
		cr_assert_geq(t.len, 1);
		cr_assert_leq(t.off + t.len, n);
		while (pos < t.off) {
			cr_assert(s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' ||
				  s[pos] == '\r' || s[pos] == '\v' || s[pos] == '\f' ||
				  s[pos] == '\\', "byte %zu (0x%02x) skipped", pos, s[pos]);
			if (s[pos] == '\n')
				line++;
			pos++;
		}
		cr_assert_eq(t.line, line, "token at %zu", t.off);
		while (pos < t.off + t.len) {
			if (s[pos] == '\n')
				line++;
			pos++;
		}
		ntok++;
		cr_assert_leq(ntok, n);
	}
	cr_assert_eq(t.off, n);
}

Test(vlex, random_bytes_with_nuls_lex_without_crash)
{
	/* 100 000 bytes from a small alphabet rich in token starters, and raw bytes. */
	static const char alpha[] = "ab$`\"\\/*'8h \n\r\t.[]()`\0\xff:=;_1e";
	size_t n = 100000, i;
	unsigned char *s = xmalloc(n);
	int round;

	for (round = 0; round < 4; round++) {
		rng_state = 0x9E3779B97F4A7C15ULL + (uint64_t)round;
		for (i = 0; i < n; i++) {
			uint64_t r = rng();
			s[i] = (round & 1) ? (unsigned char)r
					   : (unsigned char)alpha[r % (sizeof(alpha) - 1)];
		}
		check_invariants(s, n);
	}
	free(s);
}

Test(vlex, tricky_endings_stay_in_bounds)
{
	/* Each ends right where the lexer wants to look one byte further. */
	static const char *const ends[] = {
		"8 '", "8 's", "8 'h", "8 'h ", "'", "1.", "1e", "1e+", "`", "`\\", "`\\`",
		"\"\\", "/", "/*", "/**", "\\", "\\\r", "$", "10n", "a\\\r\n",
	};
	size_t i;

	for (i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		/* Copy to an exact-size heap block so ASan catches any overread. */
		size_t n = strlen(ends[i]);
		unsigned char *s = xmalloc(n);
		memcpy(s, ends[i], n);
		check_invariants(s, n);
		free(s);
	}
}

Test(vlex, twelve_megabytes_lex_to_the_expected_token_count)
{
	static const char unit[] = "assign q[7:0] = a + 8'hff; // c\n";  /* 11 tokens + comment */
	size_t ulen = sizeof(unit) - 1, reps = (12u << 20) / ulen, i, ntok = 0;
	char *s = xmalloc(reps * ulen);
	struct vlex lx;
	struct vlex_tok t;

	for (i = 0; i < reps; i++)
		memcpy(s + i * ulen, unit, ulen);
	vlex_init(&lx, s, reps * ulen);
	while (vlex_next(&lx, &t))
		ntok++;
	cr_assert_eq(ntok, reps * 13);
	free(s);
}
