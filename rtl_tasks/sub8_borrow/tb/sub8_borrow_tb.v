// sub8_borrow_tb — directed underflow boundaries, then all 2^17 inputs
// against an integer model (borrow = a < b + bin).
// Bugs this bench catches (recorded in tests/buggy/sub8_borrow/):
//   1. bout is the carry (inverted borrow): fails "equal_no_borrow".
//   2. bin ignored: fails "zero_minus_bin".
//   3. bout taken as the sign bit diff[7]: fails "ff_minus_0_no_borrow".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [7:0] a, b;
    reg        bin;
    wire [7:0] diff;
    wire       bout;
    integer    i, ia, ib, ic;
    `VP_INIT

    sub8_borrow dut (.a(a), .b(b), .bin(bin), .diff(diff), .bout(bout));

    initial begin
        a = 8'h00; b = 8'h00; bin = 1'b0; #1;
        `VP_CHECK("equal_diff", diff, 8'h00)
        `VP_CHECK("equal_no_borrow", bout, 1'b0)
        a = 8'h00; b = 8'h00; bin = 1'b1; #1;
        `VP_CHECK("zero_minus_bin", diff, 8'hff)
        `VP_CHECK("zero_minus_bin_borrow", bout, 1'b1)
        a = 8'h05; b = 8'h03; bin = 1'b0; #1;
        `VP_CHECK("5_minus_3", diff, 8'h02)
        `VP_CHECK("5_minus_3_no_borrow", bout, 1'b0)
        a = 8'h03; b = 8'h05; bin = 1'b0; #1;
        `VP_CHECK("3_minus_5", diff, 8'hfe)
        `VP_CHECK("3_minus_5_borrow", bout, 1'b1)
        a = 8'h80; b = 8'h01; bin = 1'b0; #1;
        `VP_CHECK("80_minus_01", diff, 8'h7f)
        `VP_CHECK("80_minus_01_no_borrow", bout, 1'b0)
        a = 8'hff; b = 8'hff; bin = 1'b1; #1;
        `VP_CHECK("ff_ff_bin", diff, 8'hff)
        `VP_CHECK("ff_ff_bin_borrow", bout, 1'b1)
        a = 8'h10; b = 8'h0f; bin = 1'b1; #1;
        `VP_CHECK("exact_zero_with_bin", diff, 8'h00)
        `VP_CHECK("exact_zero_with_bin_no_borrow", bout, 1'b0)
        a = 8'hff; b = 8'h00; bin = 1'b0; #1;
        `VP_CHECK("ff_minus_0", diff, 8'hff)
        `VP_CHECK("ff_minus_0_no_borrow", bout, 1'b0)
        for (i = 0; i < 131072; i = i + 1) begin
            ia = i / 512; ib = (i / 2) % 256; ic = i % 2;
            a = ia[7:0]; b = ib[7:0]; bin = ic[0]; #1;
            `VP_CHECK("exhaustive_diff", diff, ia[7:0] - ib[7:0] - {7'd0, ic[0]})
            `VP_CHECK("exhaustive_bout", bout, (ia < ib + ic) ? 1'b1 : 1'b0)
        end
        `VP_DONE
    end
endmodule
