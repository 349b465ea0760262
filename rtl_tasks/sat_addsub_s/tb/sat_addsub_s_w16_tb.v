// sat_addsub_s_w16_tb — WIDTH overridden to 16: corners and 20000
// pseudo-random operand pairs against an integer model.
// Bugs this bench catches (recorded in tests/buggy/sat_addsub_s/):
//   1. -b formed in WIDTH bits: fails "w16_zero_minus_min".
//   2. positive overflow clamps to -1: fails "w16_max_plus_1".
//   3. negative overflow wraps: fails "w16_min_minus_1".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [15:0] a, b;
    reg         sub;
    wire [15:0] y;
    wire        ovf;
    reg  [31:0] lfsr;
    integer     i, va, vb, r, ey;
    `VP_INIT

    sat_addsub_s #(.WIDTH(16)) dut (.a(a), .b(b), .sub(sub), .y(y), .ovf(ovf));

    initial begin
        lfsr = 32'h1234_5679;
        a = 16'h7fff; b = 16'h0001; sub = 1'b0; #1;
        `VP_CHECK("w16_max_plus_1", y, 16'h7fff)
        `VP_CHECK("w16_max_plus_1_ovf", ovf, 1'b1)
        a = 16'h8000; b = 16'h0001; sub = 1'b1; #1;
        `VP_CHECK("w16_min_minus_1", y, 16'h8000)
        `VP_CHECK("w16_min_minus_1_ovf", ovf, 1'b1)
        a = 16'h0000; b = 16'h8000; sub = 1'b1; #1;
        `VP_CHECK("w16_zero_minus_min", y, 16'h7fff)
        `VP_CHECK("w16_zero_minus_min_ovf", ovf, 1'b1)
        a = 16'h00ff; b = 16'h0001; sub = 1'b0; #1;
        `VP_CHECK("w16_no_ovf_at_bit8", y, 16'h0100)
        `VP_CHECK("w16_no_ovf_at_bit8_flag", ovf, 1'b0)
        for (i = 0; i < 20000; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            a = lfsr[15:0]; b = lfsr[31:16] ^ {lfsr[7:0], lfsr[15:8]}; sub = lfsr[9];
            #1;
            va = a; if (va > 32767) va = va - 65536;
            vb = b; if (vb > 32767) vb = vb - 65536;
            r = sub ? va - vb : va + vb;
            ey = (r > 32767) ? 32767 : (r < -32768) ? -32768 : r;
            `VP_CHECK("w16_random_y", y, ey[15:0])
            `VP_CHECK("w16_random_ovf", ovf, (r > 32767 || r < -32768) ? 1'b1 : 1'b0)
        end
        `VP_DONE
    end
endmodule
