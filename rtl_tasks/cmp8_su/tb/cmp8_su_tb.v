// cmp8_su_tb — sign-boundary cases in both modes, then all 2^17 inputs
// against integer models (signed value = v - 256 when bit 7 is set).
// Bugs this bench catches (recorded in tests/buggy/cmp8_su/):
//   1. sgn ignored, always unsigned: fails "signed_min_lt_max".
//   2. sgn ignored, always signed: fails "unsigned_80_gt_7f".
//   3. eq compares only bits 6..0: fails "msb_only_differs_eq".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [7:0] a, b;
    reg        sgn;
    wire       lt, eq, gt;
    integer    i, va, vb;
    `VP_INIT

    cmp8_su dut (.a(a), .b(b), .sgn(sgn), .lt(lt), .eq(eq), .gt(gt));

    initial begin
        a = 8'h80; b = 8'h7f; sgn = 1'b0; #1;
        `VP_CHECK("unsigned_80_gt_7f", {lt, eq, gt}, 3'b001)
        sgn = 1'b1; #1;
        `VP_CHECK("signed_min_lt_max", {lt, eq, gt}, 3'b100)
        a = 8'hff; b = 8'h00; sgn = 1'b1; #1;
        `VP_CHECK("signed_m1_lt_0", {lt, eq, gt}, 3'b100)
        sgn = 1'b0; #1;
        `VP_CHECK("unsigned_ff_gt_0", {lt, eq, gt}, 3'b001)
        a = 8'hff; b = 8'hfe; sgn = 1'b1; #1;
        `VP_CHECK("signed_m1_gt_m2", {lt, eq, gt}, 3'b001)
        a = 8'h80; b = 8'h00; sgn = 1'b1; #1;
        `VP_CHECK("msb_only_differs_eq", eq, 1'b0)
        `VP_CHECK("msb_only_differs_signed", {lt, eq, gt}, 3'b100)
        a = 8'h5a; b = 8'h5a; sgn = 1'b0; #1;
        `VP_CHECK("equal_unsigned", {lt, eq, gt}, 3'b010)
        a = 8'h80; b = 8'h80; sgn = 1'b1; #1;
        `VP_CHECK("equal_signed_min", {lt, eq, gt}, 3'b010)
        for (i = 0; i < 131072; i = i + 1) begin
            a = i[16:9]; b = i[8:1]; sgn = i[0]; #1;
            va = i[16:9]; vb = i[8:1];
            if (sgn) begin
                if (va > 127) va = va - 256;
                if (vb > 127) vb = vb - 256;
            end
            `VP_CHECK("exhaustive_lt", lt, (va < vb) ? 1'b1 : 1'b0)
            `VP_CHECK("exhaustive_eq", eq, (va == vb) ? 1'b1 : 1'b0)
            `VP_CHECK("exhaustive_gt", gt, (va > vb) ? 1'b1 : 1'b0)
        end
        `VP_DONE
    end
endmodule
