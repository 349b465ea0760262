// sat_addsub_s_tb — WIDTH 8: directed saturation corners for add and
// subtract, then all 2^17 inputs against an integer model.
// Bugs this bench catches (recorded in tests/buggy/sat_addsub_s/):
//   1. subtraction done as a + (-b) with -b formed in WIDTH bits (so
//      -MIN = MIN): fails "zero_minus_min".
//   2. positive overflow clamps to all ones (-1) instead of MAX:
//      fails "max_plus_1".
//   3. negative overflow not detected (wraps): fails "min_minus_1".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [7:0] a, b;
    reg        sub;
    wire [7:0] y;
    wire       ovf;
    integer    i, va, vb, r, ey;
    `VP_INIT

    sat_addsub_s dut (.a(a), .b(b), .sub(sub), .y(y), .ovf(ovf));

    initial begin
        a = 8'h7f; b = 8'h01; sub = 1'b0; #1;
        `VP_CHECK("max_plus_1", y, 8'h7f)
        `VP_CHECK("max_plus_1_ovf", ovf, 1'b1)
        a = 8'h80; b = 8'h01; sub = 1'b1; #1;
        `VP_CHECK("min_minus_1", y, 8'h80)
        `VP_CHECK("min_minus_1_ovf", ovf, 1'b1)
        a = 8'h00; b = 8'h80; sub = 1'b1; #1;
        `VP_CHECK("zero_minus_min", y, 8'h7f)
        `VP_CHECK("zero_minus_min_ovf", ovf, 1'b1)
        a = 8'hff; b = 8'h7f; sub = 1'b1; #1;
        `VP_CHECK("m1_minus_max_exact_min", y, 8'h80)
        `VP_CHECK("m1_minus_max_no_ovf", ovf, 1'b0)
        a = 8'h80; b = 8'h80; sub = 1'b0; #1;
        `VP_CHECK("min_plus_min", y, 8'h80)
        `VP_CHECK("min_plus_min_ovf", ovf, 1'b1)
        a = 8'h80; b = 8'h80; sub = 1'b1; #1;
        `VP_CHECK("min_minus_min", y, 8'h00)
        `VP_CHECK("min_minus_min_no_ovf", ovf, 1'b0)
        a = 8'h40; b = 8'h3f; sub = 1'b0; #1;
        `VP_CHECK("exact_max", y, 8'h7f)
        `VP_CHECK("exact_max_no_ovf", ovf, 1'b0)
        a = 8'h05; b = 8'h09; sub = 1'b1; #1;
        `VP_CHECK("small_negative", y, 8'hfc)
        `VP_CHECK("small_negative_no_ovf", ovf, 1'b0)
        for (i = 0; i < 131072; i = i + 1) begin
            a = i[16:9]; b = i[8:1]; sub = i[0]; #1;
            va = i[16:9]; if (va > 127) va = va - 256;
            vb = i[8:1];  if (vb > 127) vb = vb - 256;
            r = sub ? va - vb : va + vb;
            ey = (r > 127) ? 127 : (r < -128) ? -128 : r;
            `VP_CHECK("exhaustive_y", y, ey[7:0])
            `VP_CHECK("exhaustive_ovf", ovf, (r > 127 || r < -128) ? 1'b1 : 1'b0)
        end
        `VP_DONE
    end
endmodule
