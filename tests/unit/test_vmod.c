#include "sim/buf.h"
#include "testbench/vmod.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char two[] =
	"// module fake(); in a comment\n"
	"module adder8(input [7:0] a, b, input cin, output [7:0] sum, output cout);\n"
	"  assign {cout, sum} = a + b + cin;\n"
	"endmodule\n"
	"macromodule \\top+1 (x);\n"
	"  input x;\n"
	"  adder8 #(.W(8)) u0 (.a(x));\n"
	"  adder8 u1 (x), u2 (x);\n"
	"  wire adder8;\n"
	"  assign adder8 = \"adder8 x\";\n"
	"endmodule : \\top+1 \n"
	"module automatic adder8(); endmodule\n";

Test(vmod, lists_declared_modules_once_in_order)
{
	struct vmod_list l = VMOD_LIST_INIT;

	cr_assert_eq(vmod_declared(two, strlen(two), &l), 2);
	cr_assert_eq(l.nr, 2);
	cr_assert_str_eq(l.names[0], "adder8");
	cr_assert_str_eq(l.names[1], "top+1");
	cr_assert(vmod_list_has(&l, "adder8"));
	cr_assert_not(vmod_list_has(&l, "fake"));
	vmod_list_release(&l);
	vmod_list_release(NULL);
	cr_assert_eq(vmod_declared("module", 6, &l), 0);
	cr_assert_eq(vmod_declared("\0\xff module", 9, &l), 0);
	vmod_list_release(&l);
}

Test(vmod, renames_declarations_and_instantiations_only)
{
	struct buf out = BUF_INIT, err = BUF_INIT;

	cr_assert_eq(vmod_rename(two, strlen(two), "_c1", &out, &err), 6);
	cr_assert_str_eq(out.data,
		"// module fake(); in a comment\n"
		"module adder8_c1(input [7:0] a, b, input cin, output [7:0] sum, output cout);\n"
		"  assign {cout, sum} = a + b + cin;\n"
		"endmodule\n"
		"macromodule \\top+1_c1 (x);\n"
		"  input x;\n"
		"  adder8_c1 #(.W(8)) u0 (.a(x));\n"
		"  adder8_c1 u1 (x), u2 (x);\n"
		"  wire adder8;\n"
		"  assign adder8 = \"adder8 x\";\n"
		"endmodule : \\top+1_c1 \n"
		"module automatic adder8_c1(); endmodule\n");
	buf_release(&out);
	buf_release(&err);
}

Test(vmod, rename_keeps_foreign_instances_and_rejects_bad_suffixes)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	const char *s = "module m; sub u(.a(1)); m2 v(); endmodule\r\n";

	cr_assert_eq(vmod_rename(s, strlen(s), "$x9", &out, &err), 1);
	cr_assert_str_eq(out.data, "module m$x9; sub u(.a(1)); m2 v(); endmodule\r\n");
	buf_reset(&out);
	cr_assert_eq(vmod_rename(s, strlen(s), "", &out, &err), -1);
	cr_assert_str_eq(err.data, "module suffix is empty.");
	cr_assert_eq(vmod_rename(s, strlen(s), "a-b", &out, &err), -1);
	cr_assert_str_eq(err.data, "module suffix 'a-b' has a character other than letters, digits, '_' and '$'.");
	cr_assert_eq(out.len, 0);
	buf_release(&out);
	buf_release(&err);
}

Test(vmod, rename_to_gives_one_module_an_exact_name_and_the_rest_a_suffix)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	const char *s = "module TopModule(input a, output y); half h (a, y); endmodule : TopModule\n"
			"module half(input a, output y); assign y = a; endmodule\n"
			"module \\TopModule2 ; TopModule t (); endmodule\n";

	cr_assert_eq(vmod_rename_to(s, strlen(s), "TopModule", "RefModule", "_vpref", &out, &err), 6);
	cr_assert_str_eq(out.data,
		"module RefModule(input a, output y); half_vpref h (a, y); endmodule : RefModule\n"
		"module half_vpref(input a, output y); assign y = a; endmodule\n"
		"module \\TopModule2_vpref ; RefModule t (); endmodule\n");
	buf_reset(&out);
	cr_assert_eq(vmod_rename_to(s, strlen(s), "TopModule", "RefModule", NULL, &out, &err), 3);
	cr_assert_str_eq(out.data,
		"module RefModule(input a, output y); half h (a, y); endmodule : RefModule\n"
		"module half(input a, output y); assign y = a; endmodule\n"
		"module \\TopModule2 ; RefModule t (); endmodule\n");
	buf_reset(&out);
	/* An escaped declaration of the renamed module loses its backslash. */
	s = "module \\Top (x); endmodule\n";
	cr_assert_eq(vmod_rename_to(s, strlen(s), "Top", "R", "_s", &out, &err), 1);
	cr_assert_str_eq(out.data, "module R (x); endmodule\n");
	buf_reset(&out);
	cr_assert_eq(vmod_rename_to(s, strlen(s), "Top", "9x", "_s", &out, &err), -1);
	cr_assert_str_eq(err.data, "module name '9x' has a character other than letters, digits, '_' and '$'.");
	cr_assert_eq(vmod_rename_to(s, strlen(s), "Top", "", "_s", &out, &err), -1);
	cr_assert_str_eq(err.data, "module name is empty.");
	cr_assert_eq(out.len, 0);
	buf_release(&out);
	buf_release(&err);
}

#define PORT(p, i, nm, d, rg, w) \
	do { \
		cr_assert_str_eq((p).v[i].name, nm); \
		cr_assert_eq((p).v[i].dir, d, "port %s", nm); \
		cr_assert_str_eq((p).v[i].range, rg, "port %s", nm); \
		cr_assert_eq((p).v[i].width, w, "port %s", nm); \
	} while (0)

Test(vmod, ansi_ports_with_inheritance_types_and_parameters)
{
	const char *s =
		"module other(input z); endmodule\n"
		"module m #(parameter W = 8, parameter [3:0] K = 2) (\n"
		"  input wire [7:0] a, b,\n"
		"  input signed [W-1:0] c,\n"
		"  input clk, rst_n,\n"
		"  output reg [3:0][1:0] q = 0,\n"
		"  output logic y,\n"
		"  inout [0:15] bus,\n"
		"  input integer n,\n"
		"  input my_t t,\n"
		"  output [ 8 : 1 ] r\n"
		");\nendmodule\n";
	struct vmod_ports p = VMOD_PORTS_INIT;
	struct buf err = BUF_INIT;

	cr_assert_eq(vmod_ports(s, strlen(s), "m", &p, &err), 0, "%s", err.data);
	cr_assert_eq(p.nr, 11);
	PORT(p, 0, "a", VMOD_INPUT, "[7:0]", 8);
	PORT(p, 1, "b", VMOD_INPUT, "[7:0]", 8);
	PORT(p, 2, "c", VMOD_INPUT, "[W-1:0]", 0);
	cr_assert_eq(p.v[2].is_signed, 1);
	cr_assert_eq(p.v[1].is_signed, 0);
	PORT(p, 3, "clk", VMOD_INPUT, "", 1);
	PORT(p, 4, "rst_n", VMOD_INPUT, "", 1);
	PORT(p, 5, "q", VMOD_OUTPUT, "[3:0][1:0]", 8);
	PORT(p, 6, "y", VMOD_OUTPUT, "", 1);
	PORT(p, 7, "bus", VMOD_INOUT, "[0:15]", 16);
	PORT(p, 8, "n", VMOD_INPUT, "", 32);
	PORT(p, 9, "t", VMOD_INPUT, "", 0);
	PORT(p, 10, "r", VMOD_OUTPUT, "[8:1]", 8);
	cr_assert_str_eq(vmod_dir_name(p.v[5].dir), "output");
	cr_assert_not_null(vmod_ports_find(&p, "bus"));
	cr_assert_null(vmod_ports_find(&p, "z"));
	vmod_ports_release(&p);
	buf_release(&err);
}

Test(vmod, non_ansi_ports)
{
	const char *s =
		"module counter8(clk, rst, en, q);\n"
		"  input clk, rst;\n"
		"  input en;\n"
		"  output [7:0] q;\n"
		"  reg [7:0] q;\n"
		"  function [3:0] f; input [3:0] clk; f = clk; endfunction\n"
		"  always @(posedge clk) q <= rst ? 8'd0 : q + en;\n"
		"endmodule\n"
		"module w(a, y); input a; wire [3:0] a; output reg signed [1:0] y; endmodule\n";
	struct vmod_ports p = VMOD_PORTS_INIT;
	struct buf err = BUF_INIT;

	cr_assert_eq(vmod_ports(s, strlen(s), "counter8", &p, &err), 0, "%s", err.data);
	cr_assert_eq(p.nr, 4);
	PORT(p, 0, "clk", VMOD_INPUT, "", 1);
	PORT(p, 1, "rst", VMOD_INPUT, "", 1);
	PORT(p, 2, "en", VMOD_INPUT, "", 1);
	PORT(p, 3, "q", VMOD_OUTPUT, "[7:0]", 8);
	cr_assert_eq(vmod_ports(s, strlen(s), "w", &p, &err), 0, "%s", err.data);
	cr_assert_eq(p.nr, 2);
	PORT(p, 0, "a", VMOD_INPUT, "[3:0]", 4);
	PORT(p, 1, "y", VMOD_OUTPUT, "[1:0]", 2);
	cr_assert_eq(p.v[1].is_signed, 1);
	vmod_ports_release(&p);
	buf_release(&err);
}

Test(vmod, modules_without_ports_and_errors)
{
	struct vmod_ports p = VMOD_PORTS_INIT;
	struct buf err = BUF_INIT;
	const char *a = "module tb; endmodule module e(); endmodule";
	const char *b = "module m(a, b); input a; endmodule";
	const char *c = "module m(.x(a)); endmodule";
	const char *d = "module m(input a,";

	cr_assert_eq(vmod_ports(a, strlen(a), "tb", &p, &err), 0);
	cr_assert_eq(p.nr, 0);
	cr_assert_eq(vmod_ports(a, strlen(a), "e", &p, &err), 0);
	cr_assert_eq(p.nr, 0);
	cr_assert_eq(vmod_ports(a, strlen(a), "nope", &p, &err), -1);
	cr_assert_str_eq(err.data, "module 'nope' is not declared.");
	cr_assert_eq(vmod_ports(b, strlen(b), "m", &p, &err), -1);
	cr_assert_str_eq(err.data, "port 'b' of module 'm' has no direction declaration.");
	cr_assert_eq(p.nr, 0);
	cr_assert_eq(vmod_ports(c, strlen(c), "m", &p, &err), -1);
	cr_assert_str_eq(err.data, "port list of module 'm' uses port expressions, which are not supported (line 1).");
	cr_assert_eq(vmod_ports(d, strlen(d), "m", &p, &err), -1);
	cr_assert_str_eq(err.data, "the port list of module 'm' is not closed.");
	vmod_ports_release(&p);
	buf_release(&err);
}

static unsigned long long rng_state;
static unsigned long long rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

Test(vmod, random_token_soup_never_crashes)
{
	static const char *const parts[] = {
		"module ", "m ", "macromodule ", "endmodule ", "input ", "output ", "inout ",
		"reg ", "wire ", "[", "]", "7", ":", "0", "(", ")", ",", ";", "#", ".", "a ",
		"\\e ", "function ", "endfunction ", "=", "{", "}", "automatic ", "import ",
		"signed ", "integer ", "my_t ", "\n", "/*", "*/", "\"",
	};
	struct buf src = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	struct vmod_ports p = VMOD_PORTS_INIT;
	struct vmod_list l = VMOD_LIST_INIT;
	int round, i;

	for (round = 0; round < 500; round++) {
		rng_state = 0xabcdefULL + (unsigned long long)round;
		buf_reset(&src);
		for (i = 0; i < 120; i++)
			buf_addstr(&src, parts[rng() % (sizeof(parts) / sizeof(parts[0]))]);
		{
			char *copy = malloc(src.len ? src.len : 1);
			long r;
			memcpy(copy, src.data, src.len);
			vmod_declared(copy, src.len, &l);
			buf_reset(&out);
			r = vmod_rename(copy, src.len, "_x", &out, &err);
			cr_assert_geq(r, 0);
			cr_assert_eq(out.len, src.len + 2 * (size_t)r);
			if (vmod_ports(copy, src.len, "m", &p, &err) == 0) {
				size_t k;
				for (k = 0; k < p.nr; k++)
					cr_assert_not_null(p.v[k].range);
			}
			free(copy);
		}
		vmod_list_release(&l);
	}
	vmod_ports_release(&p);
	buf_release(&src);
	buf_release(&out);
	buf_release(&err);
}

/* The renamed copy must elaborate next to the original in a real simulator. */
Test(vmod, renamed_copy_compiles_beside_the_original_in_icarus)
{
	const char *src =
		"module inv(input a, output y); assign y = ~a; endmodule\n"
		"module top(input a, output y); wire m; inv u0(.a(a), .y(m)); inv u1(.a(m), .y(y)); endmodule\n";
	char dir[] = "/tmp/vp-vmod-XXXXXX", cmd[512], path[256];
	struct buf out = BUF_INIT, err = BUF_INIT;
	FILE *f;

	cr_assert_not_null(mkdtemp(dir));
	buf_addstr(&out, src);
	cr_assert_eq(vmod_rename(src, strlen(src), "_ref", &out, &err), 4);
	buf_addstr(&out, "module tb; reg a; wire y1, y2; top t1(.a(a), .y(y1)); top_ref t2(.a(a), .y(y2));\n"
		     "initial begin a = 1; #1 if (y1 !== 1 || y2 !== 1) $display(\"BAD\"); else $display(\"SAME\"); end\n"
		     "endmodule\n");
	snprintf(path, sizeof(path), "%s/all.v", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	fwrite(out.data, 1, out.len, f);
	cr_assert_eq(fclose(f), 0);
	snprintf(cmd, sizeof(cmd), "cd %s && iverilog -g2012 -s tb -o sim all.v && vvp -n sim > log && grep -qx SAME log",
		 dir);
	cr_assert_eq(system(cmd), 0, "%s", out.data);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	cr_assert_eq(system(cmd), 0);
	buf_release(&out);
	buf_release(&err);
}
