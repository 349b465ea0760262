#include "sim/buf.h"
#include "sim/xalloc.h"
#include "testbench/tbgen.h"

#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* adder-like: 4 + 4 + 1 = 9 input bits. */
static const struct tbgen_port adder_ports[] = {
	{ "a", TBGEN_IN, 4, 0 },
	{ "b", TBGEN_IN, 4, 0 },
	{ "cin", TBGEN_IN, 1, 0 },
	{ "sum", TBGEN_OUT, 4, 0 },
	{ "cout", TBGEN_OUT, 1, 0 },
};

static const struct tbgen_port counter_ports[] = {
	{ "clk", TBGEN_IN, 1, 0 },
	{ "rst_n", TBGEN_IN, 1, 0 },
	{ "en", TBGEN_IN, 1, 0 },
	{ "q", TBGEN_OUT, 8, 0 },
};

static struct tbgen_spec comb_spec(void)
{
	struct tbgen_spec s;

	memset(&s, 0, sizeof(s));
	s.top = "adder";
	s.ref_module = "adder__vpref_1234abcd";
	s.ports = adder_ports;
	s.nports = sizeof(adder_ports) / sizeof(adder_ports[0]);
	s.kind = TBGEN_COMB;
	s.seed = 7;
	return s;
}

static struct tbgen_spec seq_spec(void)
{
	struct tbgen_spec s;

	memset(&s, 0, sizeof(s));
	s.top = "counter";
	s.ref_module = "counter__vpref_00000001";
	s.ports = counter_ports;
	s.nports = sizeof(counter_ports) / sizeof(counter_ports[0]);
	s.kind = TBGEN_SEQ;
	s.clock = "clk";
	s.reset = "rst_n";
	s.reset_active_low = 1;
	s.seed = 7;
	return s;
}

static char *gen(const struct tbgen_spec *s)
{
	struct buf out = BUF_INIT, err = BUF_INIT;

	cr_assert_eq(tbgen_differential(s, &out, &err), 0, "error: %s", err.data);
	buf_release(&err);
	return buf_detach(&out, NULL);
}

static void expect_error(const struct tbgen_spec *s, const char *msg)
{
	struct buf out = BUF_INIT, err = BUF_INIT;

	cr_assert_eq(tbgen_differential(s, &out, &err), -1);
	cr_assert_str_eq(err.data, msg);
	buf_release(&out);
	buf_release(&err);
}

#define HAS(text, needle) cr_assert(strstr(text, needle), "missing: %s\n--- text:\n%s", needle, text)
#define HASNT(text, needle) cr_assert(!strstr(text, needle), "unexpected: %s", needle)

/* The number after the last occurrence of `key` in text. */
static long number_after(const char *text, const char *key)
{
	const char *p = NULL, *q = text;

	while ((q = strstr(q, key))) {
		p = q;
		q++;
	}
	cr_assert(p, "missing: %s", key);
	return strtol(p + strlen(key), NULL, 10);
}

Test(tbgen, splitmix_seed_matches_the_reference_values)
{
	/* First outputs of splitmix64 from states 0 and 1 (Vigna's reference code). */
	cr_assert_eq(tbgen_rng_init(0), 0xe220a8397b1dcdafull);
	cr_assert_eq(tbgen_rng_init(1), 0x910a2dec89025cc1ull);
}

Test(tbgen, same_spec_gives_identical_text_and_seed_changes_it)
{
	struct tbgen_spec s = comb_spec();
	char *a, *b, *c;

	s.vectors = 0;
	a = gen(&s);
	b = gen(&s);
	cr_assert_str_eq(a, b);
	s.seed = 8;
	c = gen(&s);
	cr_assert_str_neq(a, c);
	HAS(a, "vptb_rng = 64'h");
	free(a);
	free(b);
	free(c);
}

Test(tbgen, seed_constant_is_the_splitmix_of_the_seed)
{
	struct tbgen_spec s = seq_spec();
	char *t;

	s.seed = 0;
	t = gen(&s);
	HAS(t, "    vptb_rng = 64'he220a8397b1dcdaf;\n");
	HAS(t, "// seed 0; ");
	free(t);
}

Test(tbgen, nine_input_bits_are_tested_exhaustively)
{
	struct tbgen_spec s = comb_spec();
	char *t = gen(&s);

	HAS(t, "    for (vptb_n = 0; vptb_n < 512; vptb_n = vptb_n + 1) begin\n"
	       "      {i_a, i_b, i_cin} = vptb_n[8:0];\n"
	       "      #1 vptb_compare;\n");
	HAS(t, "all 512 input combinations");
	HASNT(t, "vptb_drive;\n      #1");
	free(t);
}

Test(tbgen, seventeen_input_bits_get_random_vectors)
{
	static const struct tbgen_port ports[] = {
		{ "a", TBGEN_IN, 8, 0 },
		{ "b", TBGEN_IN, 8, 1 },
		{ "cin", TBGEN_IN, 1, 0 },
		{ "sum", TBGEN_OUT, 8, 0 },
	};
	struct tbgen_spec s = comb_spec();
	char *t;

	s.ports = ports;
	s.nports = 4;
	t = gen(&s);
	cr_assert_eq(number_after(t, "for (vptb_n = 0; vptb_n < "), TBGEN_DEFAULT_VECTORS);
	cr_assert_geq(TBGEN_DEFAULT_VECTORS, 10000);
	HAS(t, "      vptb_drive;\n      #1 vptb_compare;\n");
	/* Corner values of an 8-bit input. */
	HAS(t, "5'd0: i_b = 8'b00000000;");
	HAS(t, "5'd1: i_b = 8'b11111111;");
	HAS(t, "5'd2: i_b = 8'd1 << ((vptb_n >> 3) % 8);");
	HAS(t, "5'd3: i_b = 8'b01010101;");
	HAS(t, "5'd4: i_b = 8'b10101010;");
	HAS(t, "5'd5: i_b = 8'b01111111;");
	HAS(t, "5'd6: i_b = 8'b10000000;");
	HAS(t, "i_b = vptb_rng[63:56];");
	free(t);
}

Test(tbgen, wide_inputs_are_built_from_32_bit_chunks)
{
	static const struct tbgen_port ports[] = {
		{ "w", TBGEN_IN, 70, 0 },
		{ "y", TBGEN_OUT, 1, 0 },
	};
	struct tbgen_spec s = comb_spec();
	char *t;

	s.ports = ports;
	s.nports = 2;
	t = gen(&s);
	HAS(t, "  reg [69:0] i_w;\n");
	HAS(t, "i_w[31:0] = vptb_rng[63:32];");
	HAS(t, "i_w[63:32] = vptb_rng[63:32];");
	HAS(t, "i_w[69:64] = vptb_rng[63:58];");
	free(t);
}

Test(tbgen, sequential_runs_at_least_1000_cycles_after_reset)
{
	struct tbgen_spec s = seq_spec();
	char *t = gen(&s);

	cr_assert_geq(number_after(t, "for (vptb_n = 0; vptb_n < "), 1000);
	cr_assert_eq(number_after(t, "for (vptb_r = 0; vptb_r < "), 3);
	/* Compare after both edges; inputs change with the falling edge. */
	HAS(t, "      #1 vptb_compare;\n      #4 i_clk = 1'b1;\n"
	       "      #1 vptb_compare;\n      #4 i_clk = 1'b0;\n    end\n");
	free(t);
	s.cycles = 1500;
	t = gen(&s);
	cr_assert_eq(number_after(t, "for (vptb_n = 0; vptb_n < "), 1500);
	free(t);
}

Test(tbgen, active_low_reset_is_asserted_at_zero)
{
	struct tbgen_spec s = seq_spec();
	char *t = gen(&s);

	HAS(t, "    i_rst_n = 1'b0; // assert reset\n");
	HAS(t, "    i_rst_n = 1'b1; // release reset\n");
	HAS(t, "      i_rst_n = (vptb_rst_left > 0) ? 1'b0 : 1'b1;\n");
	HASNT(t, "i_rst_n = 1'b1; // assert");
	/* Clock and reset are not random inputs. */
	HASNT(t, "// clk:");
	HASNT(t, "// rst_n:");
	HAS(t, "      // en: 1 bit\n");
	free(t);
}

Test(tbgen, active_high_reset_is_asserted_at_one)
{
	struct tbgen_spec s = seq_spec();
	char *t;

	s.reset_active_low = 0;
	t = gen(&s);
	HAS(t, "    i_rst_n = 1'b1; // assert reset\n");
	HAS(t, "    i_rst_n = 1'b0; // release reset\n");
	HAS(t, "      i_rst_n = (vptb_rst_left > 0) ? 1'b1 : 1'b0;\n");
	free(t);
}

Test(tbgen, without_reset_there_are_no_pulses)
{
	struct tbgen_spec s = seq_spec();
	char *t;

	s.reset = NULL;
	t = gen(&s);
	HASNT(t, "vptb_rst_left = 1 +");
	HASNT(t, "assert reset");
	HAS(t, "// rst_n: 1 bit");   /* now an ordinary input */
	free(t);
}

Test(tbgen, every_output_is_checked_under_its_care_mask)
{
	struct tbgen_spec s = comb_spec();
	char *t = gen(&s);

	HAS(t, "`VP_CHECK(\"sum\", d_sum & c_sum, r_sum & c_sum)");
	HAS(t, "`VP_CHECK(\"cout\", d_cout & c_cout, r_cout & c_cout)");
	HAS(t, "c_cout = (r_cout === 1'b0) || (r_cout === 1'b1);");
	HAS(t, "NOTE first mismatch on sum at t=%0t inputs a=%h b=%h cin=%h exp=%h got=%h\",\n"
	       "            `VP_NONCE, $time, i_a, i_b, i_cin, r_sum, d_sum);");
	HAS(t, "  adder dut (\n    .a(i_a),\n    .b(i_b),\n    .cin(i_cin),\n    .sum(d_sum),\n    .cout(d_cout)\n  );\n");
	HAS(t, "  adder__vpref_1234abcd ref_i (\n    .a(i_a),\n    .b(i_b),\n    .cin(i_cin),\n    .sum(r_sum),\n    .cout(r_cout)\n  );\n");
	HAS(t, "`timescale 1ns/1ps\n`include \"vp_harness.vh\"\n\nmodule tb;\n  `VP_INIT\n");
	HAS(t, "    `VP_DONE\n  end\nendmodule\n");
	free(t);
}

Test(tbgen, parameters_go_to_both_instances)
{
	static const struct tbgen_param params[] = { { "W", "4" }, { "DEPTH", "16" } };
	struct tbgen_spec s = comb_spec();
	char *t;

	s.params = params;
	s.nparams = 2;
	t = gen(&s);
	HAS(t, "  adder #(.W(4), .DEPTH(16)) dut (");
	HAS(t, "  adder__vpref_1234abcd #(.W(4), .DEPTH(16)) ref_i (");
	free(t);
}

Test(tbgen, inout_ports_are_rejected)
{
	static const struct tbgen_port ports[] = {
		{ "a", TBGEN_IN, 1, 0 },
		{ "bus", TBGEN_INOUT, 8, 0 },
		{ "y", TBGEN_OUT, 1, 0 },
	};
	struct tbgen_spec s = comb_spec();

	s.ports = ports;
	s.nports = 3;
	expect_error(&s, "inout ports are not supported by differential testbenches (port 'bus')");
}

Test(tbgen, bad_clock_reset_and_names_are_rejected)
{
	struct tbgen_spec s = seq_spec();

	s.clock = "q";
	expect_error(&s, "clock 'q' is not a 1-bit input of 'counter'");
	s = seq_spec();
	s.clock = NULL;
	expect_error(&s, "a sequential testbench needs a clock");
	s = seq_spec();
	s.reset = "rst";
	expect_error(&s, "reset 'rst' is not a 1-bit input of 'counter'");
	s = seq_spec();
	s.top = "tb";
	expect_error(&s, "a top module named 'tb' clashes with the testbench module");
	s = comb_spec();
	s.nports = 3;
	expect_error(&s, "module 'adder' has no outputs to compare");
}

/*
 * Simulation: the generated bench in Icarus against hand-written modules,
 * with check counts worked out from the stimulus rules.
 */
static char *tmpdir_path;

static void write_text(const char *dir, const char *name, const char *text)
{
	struct buf p = BUF_INIT;

	buf_addf(&p, "%s/%s", dir, name);
	cr_assert_eq(buf_write_file(p.data, text, strlen(text)), 0, "write %s", p.data);
	buf_release(&p);
}

/* Run candidate + tb in Icarus; return the DONE line's "P T" (caller frees). */
static char *run_icarus(const char *dir, const char *cand, const char *tb)
{
	struct buf cmd = BUF_INIT, out = BUF_INIT;
	char inc[PATH_MAX];
	char line[512];
	FILE *f;
	char *done = NULL;

	cr_assert(realpath("testbench", inc), "run from the repository root");
	buf_addf(&cmd, "cd '%s' && iverilog -g2012 -I '%s' -DVP_NONCE=64\\'h00000000000000ab "
		 "-s tb -o t.vvp %s %s 2>&1 && vvp -n t.vvp 2>&1", dir, inc, cand, tb);
	f = popen(cmd.data, "r");
	cr_assert(f);
	while (fgets(line, sizeof(line), f)) {
		buf_addstr(&out, line);
		if (!strncmp(line, "@vp:00000000000000ab:DONE ", 26)) {
			free(done);
			done = xstrdup(line + 26);
			done[strcspn(done, "\n")] = 0;
		}
	}
	pclose(f);
	cr_assert(done, "no DONE line; output:\n%s", out.data);
	buf_release(&cmd);
	buf_release(&out);
	return done;
}

static void make_tmpdir(void)
{
	char tmpl[] = "/tmp/vp-test-tbgen.XXXXXX";

	cr_assert(mkdtemp(tmpl));
	tmpdir_path = xstrdup(tmpl);
}

static void remove_tmpdir(void)
{
	struct buf cmd = BUF_INIT;

	if (tmpdir_path) {
		buf_addf(&cmd, "rm -rf '%s'", tmpdir_path);
		if (system(cmd.data)) {
			/* best effort */
		}
		free(tmpdir_path);
		tmpdir_path = NULL;
	}
	buf_release(&cmd);
}

static const struct tbgen_port xm_ports[] = {
	{ "a", TBGEN_IN, 4, 0 },
	{ "y", TBGEN_OUT, 4, 0 },
	{ "z", TBGEN_OUT, 1, 0 },
};

/* Reference: bit 0 of y is X (don't-care), the rest defined. */
static const char xm_ref[] =
	"module xm__vpref_0(input [3:0] a, output [3:0] y, output z);\n"
	"  assign y = {a[3:1], 1'bx};\n"
	"  assign z = ^a;\n"
	"endmodule\n";

static void gen_xm_bench(void)
{
	struct tbgen_spec s;
	struct buf tb = BUF_INIT, err = BUF_INIT;

	memset(&s, 0, sizeof(s));
	s.top = "xm";
	s.ref_module = "xm__vpref_0";
	s.ports = xm_ports;
	s.nports = 3;
	s.kind = TBGEN_COMB;
	buf_addstr(&tb, xm_ref);
	cr_assert_eq(tbgen_differential(&s, &tb, &err), 0, "%s", err.data);
	write_text(tmpdir_path, "tb.v", tb.data);
	buf_release(&tb);
	buf_release(&err);
}

Test(tbgen_sim, x_on_the_reference_is_dont_care, .init = make_tmpdir, .fini = remove_tmpdir)
{
	char *done;

	gen_xm_bench();
	/* 4 input bits: 16 vectors, 2 outputs each. */
	write_text(tmpdir_path, "ok.v",
		   "module xm(input [3:0] a, output [3:0] y, output z);\n"
		   "  assign y = {a[3:1], ~a[0]};\n  assign z = ^a;\nendmodule\n");
	done = run_icarus(tmpdir_path, "ok.v", "tb.v");
	cr_assert_str_eq(done, "32 32");
	free(done);
}

Test(tbgen_sim, x_on_the_candidate_where_the_reference_is_defined_fails,
     .init = make_tmpdir, .fini = remove_tmpdir)
{
	char *done;

	gen_xm_bench();
	/* y[1] is X: all 16 y checks fail, z passes. */
	write_text(tmpdir_path, "xy.v",
		   "module xm(input [3:0] a, output [3:0] y, output z);\n"
		   "  assign y = {a[3:2], 1'bx, a[0]};\n  assign z = ^a;\nendmodule\n");
	done = run_icarus(tmpdir_path, "xy.v", "tb.v");
	cr_assert_str_eq(done, "16 32");
	free(done);
	/* z is Z: all 16 z checks fail. */
	write_text(tmpdir_path, "zz.v",
		   "module xm(input [3:0] a, output [3:0] y, output z);\n"
		   "  assign y = a;\n  assign z = 1'bz;\nendmodule\n");
	done = run_icarus(tmpdir_path, "zz.v", "tb.v");
	cr_assert_str_eq(done, "16 32");
	free(done);
	/* z wrong only when a == 4'b1111 (parity 0, candidate says 1): 1 check. */
	write_text(tmpdir_path, "one.v",
		   "module xm(input [3:0] a, output [3:0] y, output z);\n"
		   "  assign y = a;\n  assign z = (a == 4'hf) ? 1'b1 : ^a;\nendmodule\n");
	done = run_icarus(tmpdir_path, "one.v", "tb.v");
	cr_assert_str_eq(done, "31 32");
	free(done);
}

static const char cnt_ref[] =
	"module cnt__vpref_0(input clk, input rst_n, input en, output reg [3:0] q);\n"
	"  always @(posedge clk or negedge rst_n)\n"
	"    if (!rst_n) q <= 4'd0; else if (en) q <= q + 4'd1;\n"
	"endmodule\n";

Test(tbgen_sim, sequential_bench_counts_two_checks_per_cycle,
     .init = make_tmpdir, .fini = remove_tmpdir)
{
	static const struct tbgen_port ports[] = {
		{ "clk", TBGEN_IN, 1, 0 },
		{ "rst_n", TBGEN_IN, 1, 0 },
		{ "en", TBGEN_IN, 1, 0 },
		{ "q", TBGEN_OUT, 4, 0 },
	};
	struct tbgen_spec s;
	struct buf tb = BUF_INIT, err = BUF_INIT;
	char *done;

	memset(&s, 0, sizeof(s));
	s.top = "cnt";
	s.ref_module = "cnt__vpref_0";
	s.ports = ports;
	s.nports = 4;
	s.kind = TBGEN_SEQ;
	s.clock = "clk";
	s.reset = "rst_n";
	s.reset_active_low = 1;
	s.seed = 3;
	s.cycles = 400;
	buf_addstr(&tb, cnt_ref);
	cr_assert_eq(tbgen_differential(&s, &tb, &err), 0, "%s", err.data);
	write_text(tmpdir_path, "tb.v", tb.data);

	/* (3 reset + 400) cycles x 2 edges x 1 output = 806 checks. */
	write_text(tmpdir_path, "same.v",
		   "module cnt(input clk, input rst_n, input en, output reg [3:0] q);\n"
		   "  always @(posedge clk or negedge rst_n)\n"
		   "    if (!rst_n) q <= 4'd0; else if (en) q <= q + 4'd1;\n"
		   "endmodule\n");
	done = run_icarus(tmpdir_path, "same.v", "tb.v");
	cr_assert_str_eq(done, "806 806");
	free(done);

	/* A synchronous reset must be told apart from the asynchronous one. */
	write_text(tmpdir_path, "sync.v",
		   "module cnt(input clk, input rst_n, input en, output reg [3:0] q);\n"
		   "  always @(posedge clk)\n"
		   "    if (!rst_n) q <= 4'd0; else if (en) q <= q + 4'd1;\n"
		   "endmodule\n");
	done = run_icarus(tmpdir_path, "sync.v", "tb.v");
	cr_assert_str_neq(done, "806 806");
	cr_assert(!strcmp(done + strcspn(done, " "), " 806"), "total: %s", done);
	free(done);
	buf_release(&tb);
	buf_release(&err);
}

Test(tbgen, signature_bench_has_no_reference_and_skips_reset_cycles)
{
	struct tbgen_spec s = seq_spec();
	struct buf out = BUF_INIT, err = BUF_INIT;
	static const struct tbgen_port ports[] = {
		{ "a", TBGEN_IN, 1, 0 },
		{ "bus", TBGEN_INOUT, 8, 0 },
	};

	s.ref_module = NULL;
	cr_assert_eq(tbgen_signature(&s, &out, &err), 0, "%s", err.data);
	HASNT(out.data, "ref_i");
	HASNT(out.data, "VP_CHECK");
	HAS(out.data, "// Signature testbench for 'counter'");
	HAS(out.data, "    vptb_sig = 64'hcbf29ce484222325;\n");
	HAS(out.data, "      vptb_sig = (vptb_sig ^ {56'd0, d_q[7:0] & c_q[7:0]}) * 64'h00000100000001b3;\n");
	HAS(out.data, "    for (vptb_r = 0; vptb_r < 3; vptb_r = vptb_r + 1) begin\n"
		      "      #1;\n      #4 i_clk = 1'b1;\n      #1;\n      #4 i_clk = 1'b0;\n");
	HAS(out.data, "$display(\"@vp:%016h:NOTE signature %016h samples %0d\", `VP_NONCE, vptb_sig, vptb_cmp);\n"
		      "    `VP_DONE\n");
	buf_reset(&out);
	s = comb_spec();
	s.ports = ports;
	s.nports = 2;
	cr_assert_eq(tbgen_signature(&s, &out, &err), -1);
	cr_assert_str_eq(err.data, "inout ports are not supported by signature testbenches (port 'bus')");
	buf_release(&out);
	buf_release(&err);
}

/* The signature line's hash, or 0 when the run printed none. */
static unsigned long long run_signature(const char *dir, const char *cand)
{
	struct buf cmd = BUF_INIT;
	char inc[PATH_MAX], line[512];
	unsigned long long sig = 0;
	unsigned samples;
	FILE *f;

	cr_assert(realpath("testbench", inc));
	buf_addf(&cmd, "cd '%s' && iverilog -g2012 -I '%s' -DVP_NONCE=64\\'h00000000000000ab "
		 "-s tb -o s.vvp %s sig.v 2>&1 && vvp -n s.vvp 2>&1", dir, inc, cand);
	f = popen(cmd.data, "r");
	cr_assert(f);
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "@vp:00000000000000ab:NOTE signature %llx samples %u", &sig, &samples) == 2)
			cr_assert_eq(samples, 2);
	pclose(f);
	buf_release(&cmd);
	return sig;
}

Test(tbgen_sim, signature_is_the_fnv_fold_of_the_trace, .init = make_tmpdir, .fini = remove_tmpdir)
{
	static const struct tbgen_port ports[] = {
		{ "a", TBGEN_IN, 1, 0 },
		{ "y", TBGEN_OUT, 1, 0 },
	};
	const unsigned long long P = 0x100000001b3ull;
	unsigned long long want = 0xcbf29ce484222325ull, got_x, got_inv;
	struct tbgen_spec s;
	struct buf tb = BUF_INIT, err = BUF_INIT;
	unsigned a;

	memset(&s, 0, sizeof(s));
	s.top = "buf1";
	s.ports = ports;
	s.nports = 2;
	s.kind = TBGEN_COMB;
	cr_assert_eq(tbgen_signature(&s, &tb, &err), 0, "%s", err.data);
	write_text(tmpdir_path, "sig.v", tb.data);
	/* Exhaustive: a = 0, 1; y = a, all bits known (mask 1). */
	for (a = 0; a < 2; a++) {
		want = (want ^ a) * P;
		want = (want ^ 1) * P;
	}
	write_text(tmpdir_path, "id.v", "module buf1(input a, output y); assign y = a; endmodule\n");
	cr_assert_eq(run_signature(tmpdir_path, "id.v"), want);
	/* Same behaviour written differently: same signature. */
	write_text(tmpdir_path, "id2.v", "module buf1(input a, output reg y);\n  always @* if (a) y = 1'b1; else y = 1'b0;\nendmodule\n");
	cr_assert_eq(run_signature(tmpdir_path, "id2.v"), want);
	/* Different behaviour, and X instead of 0: different signatures. */
	write_text(tmpdir_path, "inv.v", "module buf1(input a, output y); assign y = ~a; endmodule\n");
	got_inv = run_signature(tmpdir_path, "inv.v");
	write_text(tmpdir_path, "x.v", "module buf1(input a, output y); assign y = a ? 1'b1 : 1'bx; endmodule\n");
	got_x = run_signature(tmpdir_path, "x.v");
	cr_assert_neq(got_inv, want);
	cr_assert_neq(got_x, want);
	cr_assert_neq(got_x, 0);
	cr_assert_neq(got_inv, 0);
	cr_assert_neq(got_inv, got_x);
	buf_release(&tb);
	buf_release(&err);
}

/* Generate spec's differential bench after ref_text into tmpdir/tb.v. */
static void write_bench(const struct tbgen_spec *s, const char *ref_text)
{
	struct buf tb = BUF_INIT, err = BUF_INIT;

	buf_addstr(&tb, ref_text);
	cr_assert_eq(tbgen_differential(s, &tb, &err), 0, "%s", err.data);
	write_text(tmpdir_path, "tb.v", tb.data);
	buf_release(&tb);
	buf_release(&err);
}

static const struct tbgen_port vd_ports[] = {
	{ "sel", TBGEN_IN, 2, 0 },
	{ "valid", TBGEN_OUT, 1, 0 },
	{ "data", TBGEN_OUT, 2, 0 },
};

/* data is meaningless while valid is low: 2'b11 here, 2'b00 in the candidate. */
static const char vd_ref[] =
	"module vd__vpref_0(input [1:0] sel, output valid, output [1:0] data);\n"
	"  assign valid = sel != 2'd0;\n  assign data = valid ? sel : 2'b11;\nendmodule\n";
static const char vd_cand[] =
	"module vd(input [1:0] sel, output valid, output [1:0] data);\n"
	"  assign valid = |sel;\n  assign data = sel;\nendmodule\n";

static struct tbgen_spec vd_spec(void)
{
	struct tbgen_spec s;

	memset(&s, 0, sizeof(s));
	s.top = "vd";
	s.ref_module = "vd__vpref_0";
	s.ports = vd_ports;
	s.nports = 3;
	s.kind = TBGEN_COMB;
	return s;
}

Test(tbgen_sim, compare_when_makes_data_dont_care_while_invalid,
     .init = make_tmpdir, .fini = remove_tmpdir)
{
	static const struct tbgen_when when[] = { { "data", "valid" } };
	static const char *const ignore[] = { "data" };
	struct tbgen_spec s = vd_spec();
	char *done;

	write_text(tmpdir_path, "cand.v", vd_cand);
	/* Plain: 4 vectors x 2 outputs; data differs at sel = 0. */
	write_bench(&s, vd_ref);
	done = run_icarus(tmpdir_path, "cand.v", "tb.v");
	cr_assert_str_eq(done, "7 8");
	free(done);
	/* data only while valid: 4 valid checks + 3 data checks. */
	s.when = when;
	s.nwhen = 1;
	write_bench(&s, vd_ref);
	done = run_icarus(tmpdir_path, "cand.v", "tb.v");
	cr_assert_str_eq(done, "7 7");
	free(done);
	/* data ignored: only valid's 4 checks. */
	s.when = NULL;
	s.nwhen = 0;
	s.ignore = ignore;
	s.nignore = 1;
	write_bench(&s, vd_ref);
	done = run_icarus(tmpdir_path, "cand.v", "tb.v");
	cr_assert_str_eq(done, "4 4");
	free(done);
}

static const struct tbgen_port ab_ports[] = {
	{ "a", TBGEN_IN, 4, 0 },
	{ "b", TBGEN_IN, 1, 0 },
	{ "y", TBGEN_OUT, 4, 0 },
};

/* The candidate differs from the reference only when a > 11 or b = 1 and a = 0. */
static const char ab_ref[] =
	"module ab__vpref_0(input [3:0] a, input b, output [3:0] y);\n"
	"  assign y = a + b;\nendmodule\n";
static const char ab_cand[] =
	"module ab(input [3:0] a, input b, output [3:0] y);\n"
	"  assign y = (a > 4'd11 || (b && a == 4'd0)) ? 4'd0 : a + b;\nendmodule\n";

Test(tbgen_sim, ranges_and_assumptions_skip_illegal_inputs,
     .init = make_tmpdir, .fini = remove_tmpdir)
{
	static const struct tbgen_range range[] = { { "a", 0, 11 } };
	struct tbgen_spec s;
	char *done;

	memset(&s, 0, sizeof(s));
	s.top = "ab";
	s.ref_module = "ab__vpref_0";
	s.ports = ab_ports;
	s.nports = 3;
	s.kind = TBGEN_COMB;
	write_text(tmpdir_path, "cand.v", ab_cand);
	/*
	 * 32 combinations; wrong for a = 12..15 (8 of them, but a = 15, b = 1
	 * wraps to 0 in both) and for a = 0, b = 1: 8 wrong.
	 */
	write_bench(&s, ab_ref);
	done = run_icarus(tmpdir_path, "cand.v", "tb.v");
	cr_assert_str_eq(done, "24 32");
	free(done);
	/* a in 0..11: 24 legal combinations, one still wrong. */
	s.ranges = range;
	s.nranges = 1;
	write_bench(&s, ab_ref);
	done = run_icarus(tmpdir_path, "cand.v", "tb.v");
	cr_assert_str_eq(done, "23 24");
	free(done);
	/* ... and b only with a non-zero a: 23 legal, all right. */
	s.assume = "!(b && a == 0)";
	write_bench(&s, ab_ref);
	done = run_icarus(tmpdir_path, "cand.v", "tb.v");
	cr_assert_str_eq(done, "23 23");
	free(done);
}

Test(tbgen_sim, random_vectors_are_redrawn_until_the_assumption_holds,
     .init = make_tmpdir, .fini = remove_tmpdir)
{
	static const struct tbgen_port ports[] = {
		{ "a", TBGEN_IN, 10, 0 },
		{ "b", TBGEN_IN, 10, 0 },
		{ "y", TBGEN_OUT, 1, 0 },
	};
	struct tbgen_spec s;
	char *done;

	memset(&s, 0, sizeof(s));
	s.top = "ne";
	s.ref_module = "ne__vpref_0";
	s.ports = ports;
	s.nports = 3;
	s.kind = TBGEN_COMB;
	s.vectors = 500;
	s.assume = "a != b";
	/* The candidate is wrong exactly when a == b, which the bench never drives. */
	write_text(tmpdir_path, "cand.v",
		   "module ne(input [9:0] a, input [9:0] b, output y);\n"
		   "  assign y = (a == b) ? 1'b1 : a[0];\nendmodule\n");
	write_bench(&s, "module ne__vpref_0(input [9:0] a, input [9:0] b, output y);\n"
			"  assign y = a[0];\nendmodule\n");
	done = run_icarus(tmpdir_path, "cand.v", "tb.v");
	cr_assert_str_eq(done, "500 500");
	free(done);
	/* Without the assumption the shared corner vectors (a == b) catch it. */
	s.assume = NULL;
	write_bench(&s, "module ne__vpref_0(input [9:0] a, input [9:0] b, output y);\n"
			"  assign y = a[0];\nendmodule\n");
	done = run_icarus(tmpdir_path, "cand.v", "tb.v");
	cr_assert_str_neq(done, "500 500");
	free(done);
}

/*
 * A handshake checker as the reference: err rises when data or valid changed
 * after a rising edge at which valid && !ready.  The candidate ties err to 0,
 * so it passes exactly when the bench honours the hold constraint.
 */
static const char hs_body[] =
	"(input clk, input rst, input valid, input [3:0] data, output reg ready, output reg err);\n"
	"  reg pend; reg [3:0] last;\n"
	"  always @(posedge clk)\n"
	"    if (rst) begin ready <= 1'b0; err <= 1'b0; pend <= 1'b0; end\n"
	"    else begin\n"
	"      ready <= ~ready;\n"
	"      if (pend && (!valid || data != last)) err <= 1'b1;\n"
	"      pend <= valid && !ready; last <= data;\n"
	"    end\n";

Test(tbgen_sim, hold_keeps_data_stable_while_valid_and_not_ready,
     .init = make_tmpdir, .fini = remove_tmpdir)
{
	static const struct tbgen_port ports[] = {
		{ "clk", TBGEN_IN, 1, 0 },
		{ "rst", TBGEN_IN, 1, 0 },
		{ "valid", TBGEN_IN, 1, 0 },
		{ "data", TBGEN_IN, 4, 0 },
		{ "ready", TBGEN_OUT, 1, 0 },
		{ "err", TBGEN_OUT, 1, 0 },
	};
	static const char *const held[] = { "valid", "data" };
	static const struct tbgen_hold hold[] = { { held, 2, "valid && !ready" } };
	struct tbgen_spec s;
	struct buf ref = BUF_INIT, cand = BUF_INIT;
	char *done;

	memset(&s, 0, sizeof(s));
	s.top = "hs";
	s.ref_module = "hs__vpref_0";
	s.ports = ports;
	s.nports = 6;
	s.kind = TBGEN_SEQ;
	s.clock = "clk";
	s.reset = "rst";
	s.cycles = 300;
	buf_addf(&ref, "module hs__vpref_0%sendmodule\n", hs_body);
	buf_addf(&cand, "module hs_inner%sendmodule\n"
		 "module hs(input clk, input rst, input valid, input [3:0] data, output ready, output err);\n"
		 "  wire e;\n  hs_inner u(.clk(clk), .rst(rst), .valid(valid), .data(data), .ready(ready), .err(e));\n"
		 "  assign err = 1'b0;\nendmodule\n", hs_body);
	write_text(tmpdir_path, "cand.v", cand.data);
	/* (3 + 300) cycles x 2 edges x 2 outputs = 1212 checks. */
	s.holds = hold;
	s.nholds = 1;
	write_bench(&s, ref.data);
	done = run_icarus(tmpdir_path, "cand.v", "tb.v");
	cr_assert_str_eq(done, "1212 1212");
	free(done);
	/* Without the constraint the stimulus breaks the handshake. */
	s.holds = NULL;
	s.nholds = 0;
	write_bench(&s, ref.data);
	done = run_icarus(tmpdir_path, "cand.v", "tb.v");
	cr_assert_str_neq(done, "1212 1212");
	free(done);
	buf_release(&ref);
	buf_release(&cand);
}

Test(tbgen, bad_constraints_are_rejected)
{
	static const char *const not_output[] = { "cin" };
	static const struct tbgen_when bad_when[] = { { "sum", "cout && foo" } };
	static const struct tbgen_when sys_when[] = { { "sum", "$random" } };
	static const struct tbgen_range bad_range[] = { { "a", 3, 16 } };
	static const char *const held[] = { "a" };
	static const struct tbgen_hold hold[] = { { held, 1, "cin" } };
	struct tbgen_spec s = comb_spec();

	s.ignore = not_output;
	s.nignore = 1;
	expect_error(&s, "dont_care.ignore: 'cin' is not an output of 'adder'");
	s = comb_spec();
	s.when = bad_when;
	s.nwhen = 1;
	expect_error(&s, "expression 'cout && foo' names 'foo', which is not a port of 'adder'");
	s.when = sys_when;
	expect_error(&s, "expression '$random' may not use '$random'");
	s = comb_spec();
	s.ranges = bad_range;
	s.nranges = 1;
	expect_error(&s, "constraints.range: 3..16 is not a range of 4-bit 'a'");
	s = comb_spec();
	s.holds = hold;
	s.nholds = 1;
	expect_error(&s, "constraints.hold needs a sequential task");
	s = comb_spec();
	s.assume = "a = b";
	expect_error(&s, "expression 'a = b' may not use '='");
	{
		static const struct tbgen_latency lat[] = { { "q", 2 } };
		static const struct tbgen_latency zero[] = { { "q", 0 } };
		static const struct tbgen_latency twice[] = { { "q", 1 }, { "q", 2 } };

		s = comb_spec();
		s.latency = lat;
		s.nlatency = 1;
		expect_error(&s, "dont_care.latency: 'q' is not an output of 'adder'");
		s = seq_spec();
		s.latency = zero;
		s.nlatency = 1;
		expect_error(&s, "dont_care.latency: 0 cycles for 'q' is not in 1..16");
		s.latency = twice;
		s.nlatency = 2;
		expect_error(&s, "dont_care.latency: 'q' appears twice");
	}
}

Test(tbgen_sim, latency_window_accepts_a_later_but_equal_output,
     .init = make_tmpdir, .fini = remove_tmpdir)
{
	static const struct tbgen_port ports[] = {
		{ "clk", TBGEN_IN, 1, 0 },
		{ "rst", TBGEN_IN, 1, 0 },
		{ "d", TBGEN_IN, 4, 0 },
		{ "q", TBGEN_OUT, 4, 0 },
	};
	static const struct tbgen_latency one[] = { { "q", 1 } };
	static const char ref[] =
		"module dl__vpref_0(input clk, input rst, input [3:0] d, output reg [3:0] q);\n"
		"  always @(posedge clk) q <= rst ? 4'd0 : d;\nendmodule\n";
	struct tbgen_spec s;
	char *done;

	memset(&s, 0, sizeof(s));
	s.top = "dl";
	s.ref_module = "dl__vpref_0";
	s.ports = ports;
	s.nports = 4;
	s.kind = TBGEN_SEQ;
	s.clock = "clk";
	s.reset = "rst";
	s.cycles = 200;
	/* One cycle later than the reference, reset as fast. */
	write_text(tmpdir_path, "late1.v",
		   "module dl(input clk, input rst, input [3:0] d, output reg [3:0] q);\n"
		   "  reg [3:0] p;\n"
		   "  always @(posedge clk) begin p <= rst ? 4'd0 : d; q <= rst ? 4'd0 : p; end\n"
		   "endmodule\n");
	write_text(tmpdir_path, "late2.v",
		   "module dl(input clk, input rst, input [3:0] d, output reg [3:0] q);\n"
		   "  reg [3:0] p, p2;\n"
		   "  always @(posedge clk) begin\n"
		   "    p <= rst ? 4'd0 : d; p2 <= rst ? 4'd0 : p; q <= rst ? 4'd0 : p2;\n"
		   "  end\nendmodule\n");
	write_bench(&s, ref);
	done = run_icarus(tmpdir_path, "late1.v", "tb.v");
	cr_assert_str_neq(done, "406 406");
	free(done);
	s.latency = one;
	s.nlatency = 1;
	write_bench(&s, ref);
	/* (3 + 200) cycles x 2 edges. */
	done = run_icarus(tmpdir_path, "late1.v", "tb.v");
	cr_assert_str_eq(done, "406 406");
	free(done);
	done = run_icarus(tmpdir_path, "late2.v", "tb.v");
	cr_assert_str_neq(done, "406 406");
	free(done);
}

/* Batch mode: slot k is <top>_vpc<kkkk> wired to checker chk<k>. */
Test(tbgen, batch_instantiates_every_slot_with_its_checker)
{
	struct tbgen_spec s = seq_spec();
	struct buf out = BUF_INIT, err = BUF_INIT;

	cr_assert_eq(tbgen_differential_batch(&s, 3, &out, &err), 0, "%s", err.data);
	cr_assert(strstr(out.data, "  counter_vpc0000 dut0 (\n    .clk(i_clk),"));
	cr_assert(strstr(out.data, "  counter_vpc0002 dut2 ("));
	cr_assert(strstr(out.data, "    .q(vp_d2_q)\n  );"));
	cr_assert(strstr(out.data, "  vp_b_chk #(.vp_slot_nonce(`VP_NONCE ^ (64'd3 * 64'h9e3779b97f4a7c15))) chk2 ("));
	/*
	 * With X/Z on the reference every checker compares; otherwise the
	 * bench counts a differing slot's mismatches and lets its checker
	 * print until it is quiet.
	 */
	cr_assert(strstr(out.data, "      vptb_rall = {r_q};\n      if (^vptb_rall === 1'bx) begin\n"
			 "        chk0.vptb_compare;\n        chk1.vptb_compare;\n        chk2.vptb_compare;\n"
			 "      end else begin\n        vptb_kn = vptb_kn + 1;\n"
			 "        if ({vp_d0_q} !== vptb_rall) begin\n"
			 "          vptb_m0_q = vptb_m0_q + 1;\n"
			 "          if (!chk0.vptb_quiet)\n            chk0.vptb_report;\n        end\n"));
	/* The known points: every check passed but the counted mismatches. */
	cr_assert(strstr(out.data, "    vp_total = vp_total + 1 * vptb_kn - vptb_km_q;\n"
			 "    vp_passed = vp_passed + 1 * vptb_kn - vptb_tm_q;\n"
			 "    m_q = m_q - vptb_km_q + vptb_tm_q;\n"));
	cr_assert(strstr(out.data, "    chk2.vp_b_finish(vptb_cmp, vptb_kn, vptb_m2_q);\n    $finish;\n"));

	/* Reset and random cycles in one loop: the compare task has one call site. */
	cr_assert(strstr(out.data, "#1 vptb_compare;"));
	cr_assert_null(strstr(strstr(out.data, "#1 vptb_compare;") + 1, "#1 vptb_compare;"));
	/* The checker: VP_NONCE is the slot's parameter, the DONE line is VP_DONE's. */
	cr_assert(strstr(out.data, "`undef VP_NONCE\n`define VP_NONCE vp_slot_nonce\nmodule vp_b_chk"));
	cr_assert(strstr(out.data, "$display(\"@vp:%016h:DONE %0d %0d\", `VP_NONCE, vp_passed, vp_total);"));
	cr_assert_null(strstr(out.data, "counter_vpc0003"));
	/* The candidate is never instantiated under its own name. */
	cr_assert_null(strstr(out.data, "  counter dut"));
	buf_release(&out);
	buf_release(&err);
}

Test(tbgen, batch_rejects_a_slot_count_out_of_range)
{
	struct tbgen_spec s = comb_spec();
	struct buf out = BUF_INIT, err = BUF_INIT;

	cr_assert_eq(tbgen_differential_batch(&s, 0, &out, &err), -1);
	cr_assert_str_eq(err.data, "a batch testbench needs 1..4096 slots, not 0");
	buf_release(&out);
	buf_release(&err);
}

Test(tbgen, slot_nonce_is_the_nonce_xor_a_multiple_of_the_golden_ratio)
{
	cr_assert_eq(tbgen_slot_nonce(0, 0), 0x9e3779b97f4a7c15ull);
	cr_assert_eq(tbgen_slot_nonce(0x0123456789abcdefull, 1),
		     0x0123456789abcdefull ^ (2 * 0x9e3779b97f4a7c15ull));
	cr_assert_neq(tbgen_slot_nonce(5, 1), tbgen_slot_nonce(5, 2));
}

/* The single bench is not changed by batch support. */
Test(tbgen, batch_and_single_benches_share_the_stimulus_text)
{
	struct tbgen_spec s = comb_spec();
	struct buf one = BUF_INIT, two = BUF_INIT, err = BUF_INIT;
	const char *a, *b;

	cr_assert_eq(tbgen_differential(&s, &one, &err), 0);
	cr_assert_eq(tbgen_differential_batch(&s, 2, &two, &err), 0);
	a = strstr(one.data, "  task vptb_drive;");
	b = strstr(two.data, "  task vptb_drive;");
	cr_assert(a && b);
	cr_assert_eq(strncmp(a, b, (size_t)(strstr(a, "endtask") - a)), 0);
	buf_release(&one);
	buf_release(&two);
	buf_release(&err);
}
