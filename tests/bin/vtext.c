/*
 * vtext: drive the Verilog text modules from the shell, for benchmarks.
 *
 *	vtext gen MIB FILE   write MIB MiB of varied, clean Verilog to FILE
 *	vtext lex FILE       print the number of tokens
 *	vtext scan FILE      print "clean" or the violation
 *	vtext hash FILE      print the normalised hash
 */
#include "sim/buf.h"
#include "testbench/vlex.h"
#include "testbench/vnorm.h"
#include "testbench/vscan.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char unit[] =
	"// counter slice %d: counts enabled cycles, \"quoted\" $display in a comment\n"
	"module slice_%d #(parameter W = 8) (input clk, input rst, input en,\n"
	"    output reg [W-1:0] q, output wire [$clog2(W):0] n);\n"
	"  /* block comment\n     over lines */\n"
	"  localparam [7:0] K = 8'hA5 ^ 8 'b1010_0101;\n"
	"  assign n = $countones(q) + 'd1;\n"
	"  always @(posedge clk) begin\n"
	"    if (rst) q <= '0;\n"
	"    else if (en && q != {W{1'b1}}) q <= q + 1'b1; // wrap\n"
	"  end\n"
	"  sub u_%d (.a(q[0]), .b(n), .c(\"text\"));\n"
	"endmodule\n\n";

static int gen(long mib, const char *path)
{
	FILE *f = fopen(path, "w");
	size_t want = (size_t)mib << 20, done = 0;
	int i = 0;

	if (!f)
		return -1;
	while (done < want) {
		int n = fprintf(f, unit, i, i, i);
		if (n < 0)
			break;
		done += (size_t)n;
		i++;
	}
	return fclose(f);
}

int main(int argc, char **argv)
{
	struct buf b = BUF_INIT, why = BUF_INIT;

	if (argc == 4 && !strcmp(argv[1], "gen"))
		return gen(atol(argv[2]), argv[3]) ? 3 : 0;
	if (argc != 3) {
		fprintf(stderr, "usage: vtext gen MIB FILE | lex FILE | scan FILE | hash FILE\n");
		return 2;
	}
	if (buf_read_file(&b, argv[2])) {
		fprintf(stderr, "vtext: cannot read '%s': %s\n", argv[2], strerror(errno));
		return 3;
	}
	if (!strcmp(argv[1], "lex")) {
		struct vlex lx;
		struct vlex_tok t;
		unsigned long n = 0;
		vlex_init(&lx, b.data, b.len);
		while (vlex_next(&lx, &t))
			n++;
		printf("%lu tokens\n", n);
	} else if (!strcmp(argv[1], "scan")) {
		if (vscan_check(b.data, b.len, &why, NULL) == VSCAN_CLEAN)
			printf("clean\n");
		else
			printf("%s\n", why.data);
	} else if (!strcmp(argv[1], "hash")) {
		char hex[17];
		vnorm_hex(vnorm_hash(b.data, b.len), hex);
		printf("%s\n", hex);
	} else {
		fprintf(stderr, "vtext: unknown mode '%s'\n", argv[1]);
		return 2;
	}
	buf_release(&b);
	buf_release(&why);
	return 0;
}
