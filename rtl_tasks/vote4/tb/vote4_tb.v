// vote4_tb — hand-written expectations for representative votes, then all
// 16 inputs against a bench population count.
// Bugs this bench catches (recorded in tests/buggy/vote4/):
//   1. major on a tie (n >= 2): fails "tie_0110_major".
//   2. odd computed as even parity: fails "zero_odd".
//   3. tie taken as "even and non-zero" (also true for n = 4):
//      fails "all_ones_tie".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [3:0] v;
    wire       major, tie, odd, all;
    integer    i, n;
    `VP_INIT

    vote4 dut (.v(v), .major(major), .tie(tie), .odd(odd), .all(all));

    initial begin
        v = 4'b0000; #1;
        `VP_CHECK("zero_major", major, 1'b0)
        `VP_CHECK("zero_tie", tie, 1'b0)
        `VP_CHECK("zero_odd", odd, 1'b0)
        `VP_CHECK("zero_all", all, 1'b0)
        v = 4'b0110; #1;
        `VP_CHECK("tie_0110_major", major, 1'b0)
        `VP_CHECK("tie_0110_tie", tie, 1'b1)
        `VP_CHECK("tie_0110_odd", odd, 1'b0)
        v = 4'b1011; #1;
        `VP_CHECK("three_1011_major", major, 1'b1)
        `VP_CHECK("three_1011_odd", odd, 1'b1)
        `VP_CHECK("three_1011_all", all, 1'b0)
        v = 4'b1111; #1;
        `VP_CHECK("all_ones_all", all, 1'b1)
        `VP_CHECK("all_ones_tie", tie, 1'b0)
        `VP_CHECK("all_ones_major", major, 1'b1)
        v = 4'b1000; #1;
        `VP_CHECK("single_odd", odd, 1'b1)
        `VP_CHECK("single_major", major, 1'b0)
        for (i = 0; i < 16; i = i + 1) begin
            v = i[3:0]; #1;
            n = v[0] + v[1] + v[2] + v[3];
            `VP_CHECK("exhaustive_major", major, (n >= 3) ? 1'b1 : 1'b0)
            `VP_CHECK("exhaustive_tie", tie, (n == 2) ? 1'b1 : 1'b0)
            `VP_CHECK("exhaustive_odd", odd, (n % 2 == 1) ? 1'b1 : 1'b0)
            `VP_CHECK("exhaustive_all", all, (n == 4) ? 1'b1 : 1'b0)
        end
        `VP_DONE
    end
endmodule
