// barrel_rot8_tb — directed single-step rotations both ways, then all
// 4096 inputs against a bit-by-bit model of the rotation.
// Bugs this bench catches (recorded in tests/buggy/barrel_rot8/):
//   1. directions swapped: fails "left_by_1".
//   2. shift instead of rotate (zero fill): fails "left_by_1" (MSB lost).
//   3. the by-4 stage ignored (amt[2] unused): fails "right_by_4".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [7:0] d;
    reg  [2:0] amt;
    reg        dir;
    wire [7:0] y;
    reg  [7:0] e;
    integer    i, k;
    `VP_INIT

    barrel_rot8 dut (.d(d), .amt(amt), .dir(dir), .y(y));

    initial begin
        d = 8'b1000_0001; amt = 3'd1; dir = 1'b0; #1;
        `VP_CHECK("left_by_1", y, 8'b0000_0011)
        dir = 1'b1; #1;
        `VP_CHECK("right_by_1", y, 8'b1100_0000)
        d = 8'h12; amt = 3'd4; dir = 1'b1; #1;
        `VP_CHECK("right_by_4", y, 8'h21)
        d = 8'h96; amt = 3'd0; dir = 1'b0; #1;
        `VP_CHECK("left_by_0", y, 8'h96)
        dir = 1'b1; #1;
        `VP_CHECK("right_by_0", y, 8'h96)
        d = 8'h01; amt = 3'd7; dir = 1'b0; #1;
        `VP_CHECK("left_by_7", y, 8'h80)
        dir = 1'b1; #1;
        `VP_CHECK("right_by_7", y, 8'h02)
        for (i = 0; i < 4096; i = i + 1) begin
            d = i[7:0]; amt = i[10:8]; dir = i[11]; #1;
            for (k = 0; k < 8; k = k + 1)
                if (!dir) e[(k + amt) % 8] = d[k];
                else      e[k] = d[(k + amt) % 8];
            `VP_CHECK("exhaustive_y", y, e)
        end
        `VP_DONE
    end
endmodule
