/*
 * Unit tests of the importers' shared helpers: clock/reset inference from
 * port names and sensitivity lists, and the interface block.
 */
#include "pipeline/import.h"
#include "sim/buf.h"
#include "testbench/vmod.h"

#include <criterion/criterion.h>
#include <string.h>

static void infer(const char *src, const char *top, struct vmod_ports *p, struct import_clkrst *cr)
{
	struct buf err = BUF_INIT;

	cr_assert_eq(vmod_ports(src, strlen(src), top, p, &err), 0, "%s", err.data);
	import_infer_clkrst(p, src, strlen(src), cr);
	buf_release(&err);
}

Test(import, async_active_low_reset_from_negedge)
{
	const char *src = "module m(input clock, input aresetn, input [1:0] d, output reg q);\n"
			  "always @(posedge clock or negedge aresetn) q <= d[0];\nendmodule\n";
	struct vmod_ports p = VMOD_PORTS_INIT;
	struct import_clkrst cr;

	infer(src, "m", &p, &cr);
	cr_assert_str_eq(cr.clock, "clock");
	cr_assert_str_eq(cr.reset, "aresetn");
	cr_assert_eq(cr.reset_active_high, 0);
	cr_assert_eq(cr.reset_sync, 0);
	vmod_ports_release(&p);
}

Test(import, sync_reset_and_wide_or_output_names_are_not_clocks)
{
	/* clk is 2 bits wide and rst is an output: neither counts. */
	const char *src = "module m(input [1:0] clk, input CLK_I, input RST, output rst, input srst);\n"
			  "// posedge RST in a comment does not make it asynchronous\nendmodule\n";
	struct vmod_ports p = VMOD_PORTS_INIT;
	struct import_clkrst cr;

	infer(src, "m", &p, &cr);
	cr_assert_str_eq(cr.clock, "CLK_I");
	cr_assert_str_eq(cr.reset, "RST");
	cr_assert_eq(cr.reset_active_high, 1);
	cr_assert_eq(cr.reset_sync, 1);
	vmod_ports_release(&p);
}

Test(import, no_clock_no_reset)
{
	const char *src = "module m(input a, output y); assign y = a; endmodule\n";
	struct vmod_ports p = VMOD_PORTS_INIT;
	struct import_clkrst cr;

	infer(src, "m", &p, &cr);
	cr_assert_null(cr.clock);
	cr_assert_null(cr.reset);
	vmod_ports_release(&p);
}

Test(import, interface_block_aligns_types)
{
	const char *src = "module TopModule(input clk, input signed [7:0] a, output [15:0] y, inout z);\n"
			  "endmodule\n";
	struct vmod_ports p = VMOD_PORTS_INIT;
	struct import_clkrst cr;
	struct buf out = BUF_INIT;

	infer(src, "TopModule", &p, &cr);
	import_interface("TopModule", &p, &out);
	cr_assert_str_eq(out.data,
		"```verilog\n"
		"module TopModule (\n"
		"    input               clk,\n"
		"    input  signed [7:0] a,\n"
		"    output [15:0]       y,\n"
		"    inout               z\n"
		");\n"
		"```\n");
	buf_release(&out);
	vmod_ports_release(&p);
}
