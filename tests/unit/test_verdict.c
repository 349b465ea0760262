#include "sim/buf.h"
#include "testbench/verdict.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NONCE 0x00c0ffee12345678ULL
#define TAG "@vp:00c0ffee12345678:"

static struct verdict parse(const char *out)
{
	struct verdict v;
	verdict_init(&v);
	verdict_parse(&v, out, strlen(out), NONCE);
	return v;
}

Test(verdict, nonce_literals)
{
	char def[VERDICT_DEFINE_SIZE], tag[VERDICT_TAG_SIZE];

	verdict_nonce_define(NONCE, def);
	cr_assert_str_eq(def, "64'h00c0ffee12345678");
	verdict_nonce_tag(0xFFFFFFFFFFFFFFFFULL, tag);
	cr_assert_str_eq(tag, "@vp:ffffffffffffffff:");
	verdict_nonce_define(0, def);
	cr_assert_str_eq(def, "64'h0000000000000000");
}

Test(verdict, nonces_are_nonzero_and_differ)
{
	uint64_t a = 0, b = 0;

	cr_assert_eq(verdict_nonce_new(&a), 0);
	cr_assert_eq(verdict_nonce_new(&b), 0);
	cr_assert_neq(a, 0);
	cr_assert_neq(a, b);  /* 2^-64 chance of a false failure */
}

Test(verdict, all_checks_pass)
{
	struct verdict v = parse("hello\n" TAG "DONE 12 12\n");

	cr_assert_eq(v.done, 1);
	cr_assert_eq(v.passed, 12);
	cr_assert_eq(v.total, 12);
	cr_assert_eq(v.nfail, 0);
	cr_assert_str_eq(v.first_fail.data, "");
	cr_assert(verdict_is_pass(&v));
	verdict_release(&v);
}

Test(verdict, failures_are_counted_and_the_first_is_described)
{
	struct verdict v = parse(TAG "FAIL sum_ff got=00 exp=01 t=30\n"
				 TAG "FAIL cout got=x exp=1 t=40\n"
				 TAG "DONE 8 10\n");

	cr_assert_eq(v.done, 1);
	cr_assert_eq(v.passed, 8);
	cr_assert_eq(v.total, 10);
	cr_assert_eq(v.nfail, 2);
	cr_assert_str_eq(v.first_fail.data, "check 'sum_ff' got=00 exp=01 t=30");
	cr_assert_not(verdict_is_pass(&v));
	verdict_release(&v);
}

Test(verdict, names_with_spaces_and_field_lookalikes_are_split_from_the_right)
{
	struct verdict v = parse(TAG "FAIL add a got=1 exp=2 t=3 got=ff exp=0f t=100\n");

	cr_assert_str_eq(v.first_fail.data, "check 'add a got=1 exp=2 t=3' got=ff exp=0f t=100");
	cr_assert_eq(v.done, 0);
	verdict_release(&v);
}

Test(verdict, forged_lines_are_ignored)
{
	struct verdict v = parse("@vp:0000000000000000:DONE 5 5\n"    /* harness default nonce */
				 "@vp:00C0FFEE12345678:DONE 5 5\n"     /* uppercase: not the tag */
				 "@vp:00c0ffee1234567:DONE 5 5\n"      /* 15 digits */
				 "DONE 5 5\n"                          /* untagged */
				 "x " TAG "DONE 5 5\n"                 /* text before the tag */
				 " " TAG "FAIL a got=1 exp=1 t=0\n"
				 "@vp:00c0ffee12345678 DONE 5 5\n");  /* no colon */
	cr_assert_eq(v.done, 0);
	cr_assert_eq(v.malformed, 0);
	cr_assert_eq(v.nfail, 0);
	cr_assert_not(verdict_is_pass(&v));
	verdict_release(&v);
}

Test(verdict, crlf_line_endings_and_a_missing_final_newline)
{
	struct verdict v = parse("x\r\n" TAG "FAIL a got=1 exp=2 t=5\r\n" TAG "DONE 3 4");

	cr_assert_eq(v.done, 1);
	cr_assert_eq(v.passed, 3);
	cr_assert_eq(v.total, 4);
	cr_assert_str_eq(v.first_fail.data, "check 'a' got=1 exp=2 t=5");
	verdict_release(&v);
}

Test(verdict, the_first_done_wins_and_more_are_flagged)
{
	struct verdict v = parse(TAG "DONE 1 2\n" TAG "DONE 2 2\n");

	cr_assert_eq(v.done, 1);
	cr_assert_eq(v.multiple_done, 1);
	cr_assert_eq(v.passed, 1);
	cr_assert_eq(v.total, 2);
	verdict_release(&v);
	v = parse(TAG "DONE 2 2\n" TAG "DONE 2 2\n");
	cr_assert_not(verdict_is_pass(&v));
	verdict_release(&v);
}

Test(verdict, malformed_done_lines_are_not_done)
{
	static const char *const bad[] = {
		TAG "DONE 5 4\n",                    /* passed > total */
		TAG "DONE x 4\n",
		TAG "DONE 4\n",
		TAG "DONE 4 4 4\n",
		TAG "DONE  4 4\n",
		TAG "DONE -1 4\n",
		TAG "DONE 4 4 \n",
		TAG "DONE 9223372036854775808 9223372036854775808\n",  /* 2^63 */
		TAG "DONE \n",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct verdict v = parse(bad[i]);
		cr_assert_eq(v.done, 0, "%s", bad[i]);
		cr_assert_eq(v.malformed, 1, "%s", bad[i]);
		cr_assert_eq(v.total, 0, "%s", bad[i]);
		verdict_release(&v);
	}
	{
		struct verdict v = parse(TAG "DONE 9223372036854775807 9223372036854775807\n");
		cr_assert_eq(v.done, 1);
		cr_assert_eq(v.total, 9223372036854775807ULL);
		verdict_release(&v);
	}
}

Test(verdict, zero_checks_is_not_a_pass_and_odd_fail_lines_are_quoted)
{
	struct verdict v = parse(TAG "DONE 0 0\n");

	cr_assert_eq(v.done, 1);
	cr_assert_not(verdict_is_pass(&v));
	verdict_release(&v);
	v = parse(TAG "FAIL weird\x01line\n");
	cr_assert_eq(v.nfail, 1);
	cr_assert_str_eq(v.first_fail.data, "check failed: 'weird\\x01line'");
	verdict_release(&v);
}

Test(verdict, nuls_and_reuse)
{
	const char out[] = TAG "DONE 1 1\n\0\0" TAG "FAIL q got=0 exp=1 t=1\n";
	struct verdict v;

	verdict_init(&v);
	verdict_parse(&v, out, sizeof(out) - 1, NONCE);
	cr_assert_eq(v.done, 1);
	cr_assert_eq(v.nfail, 0);  /* the FAIL line starts with two NULs */
	verdict_parse(&v, "", 0, NONCE);
	cr_assert_eq(v.done, 0);
	verdict_parse(&v, NULL, 0, NONCE);
	cr_assert_eq(v.done, 0);
	verdict_release(&v);
	verdict_release(NULL);
}

/* The harness as Icarus prints it: the real macros, a real nonce. */
Test(verdict, parses_what_icarus_prints_through_the_harness)
{
	char dir[] = "/tmp/vp-verdict-XXXXXX", cmd[1024], def[VERDICT_DEFINE_SIZE];
	char path[256], cwd[512];
	struct buf out = BUF_INIT;
	struct verdict v;
	uint64_t nonce;
	FILE *f, *p;
	char chunk[4096];
	size_t n;

	cr_assert_not_null(getcwd(cwd, sizeof(cwd)));
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(verdict_nonce_new(&nonce), 0);
	verdict_nonce_define(nonce, def);
	snprintf(path, sizeof(path), "%s/tb.v", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("`include \"vp_harness.vh\"\n"
	      "module tb;\n"
	      "  `VP_INIT\n"
	      "  reg [7:0] s;\n"
	      "  initial begin\n"
	      "    $display(\"@vp:0000000000000000:DONE 9 9\");\n"
	      "    s = 8'h0f; #10;\n"
	      "    `VP_CHECK(\"low\", s, 8'h0f)\n"
	      "    `VP_CHECK(\"sum_ff\", s, 8'hf0)\n"
	      "    #20 `VP_CHECK(\"x\", 8'bx, 8'h1)\n"
	      "    `VP_DONE\n"
	      "  end\n"
	      "endmodule\n", f);
	cr_assert_eq(fclose(f), 0);
	snprintf(cmd, sizeof(cmd),
		 "cd %s && iverilog -g2012 -I %s/testbench \"-DVP_NONCE=%s\" -o sim tb.v 2>&1 && vvp -n sim 2>&1",
		 dir, cwd, def);
	p = popen(cmd, "r");
	cr_assert_not_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		buf_add(&out, chunk, n);
	cr_assert_eq(pclose(p), 0, "%s", out.data);

	verdict_init(&v);
	verdict_parse(&v, out.data, out.len, nonce);
	cr_assert_eq(v.done, 1, "%s", out.data);
	cr_assert_eq(v.passed, 1);
	cr_assert_eq(v.total, 3);
	cr_assert_eq(v.nfail, 2);
	cr_assert_str_eq(v.first_fail.data, "check 'sum_ff' got=f exp=f0 t=10");
	verdict_release(&v);

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	buf_release(&out);
}

Test(verdict, random_output_with_tag_fragments_never_crashes)
{
	static const char *const parts[] = {
		TAG, "@vp:", "DONE ", "FAIL ", "1", "0", " ", "\n", "\r", "got=", " exp=", " t=",
		"x", "\0", "99999999999999999999", "@vp:0000000000000000:",
	};
	unsigned long long st = 42;
	char buf[600];
	int round;

	for (round = 0; round < 2000; round++) {
		size_t n = 0;
		struct verdict v;
		while (n < 500) {
			const char *p;
			size_t k;
			st ^= st >> 12; st ^= st << 25; st ^= st >> 27;
			p = parts[(st * 0x2545F4914F6CDD1DULL) % (sizeof(parts) / sizeof(parts[0]))];
			k = p[0] ? strlen(p) : 1;
			memcpy(buf + n, p, k);
			n += k;
		}
		verdict_init(&v);
		verdict_parse(&v, buf, n, NONCE);
		if (v.done)
			cr_assert_leq(v.passed, v.total);
		else
			cr_assert_eq(v.total, 0);
		cr_assert(v.nfail == 0 || v.first_fail.len > 0);
		cr_assert_leq(v.first_fail.len, 512);
		verdict_release(&v);
	}
}
