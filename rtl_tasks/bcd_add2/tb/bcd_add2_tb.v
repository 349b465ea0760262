// bcd_add2_tb — directed decimal carries (units into tens, tens out),
// digit sums of 16..19 whose binary nibble wraps, and all 100 x 100 x 2
// valid inputs against a decimal model.
// Bugs this bench catches (recorded in tests/buggy/bcd_add2/):
//   1. correction decided on the 4-bit nibble sum only (misses sums 16..19,
//      e.g. 8 + 9): fails "units_8_plus_9".
//   2. carry from the units digit into the tens digit dropped:
//      fails "units_carry_into_tens".
//   3. cin ignored: fails "cin_ripples_99".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [7:0] a, b;
    reg        cin;
    wire [7:0] s;
    wire       cout;
    integer    i, j, c, t;
    `VP_INIT

    bcd_add2 dut (.a(a), .b(b), .cin(cin), .s(s), .cout(cout));

    function [7:0] bcd(input integer v);
        bcd = {v[7:0] / 8'd10, 4'd0} | {4'd0, v[7:0] % 8'd10};
    endfunction

    initial begin
        a = 8'h47; b = 8'h38; cin = 1'b0; #1;
        `VP_CHECK("units_carry_into_tens", s, 8'h85)
        `VP_CHECK("units_carry_into_tens_cout", cout, 1'b0)
        a = 8'h08; b = 8'h09; cin = 1'b0; #1;
        `VP_CHECK("units_8_plus_9", s, 8'h17)
        a = 8'h99; b = 8'h01; cin = 1'b0; #1;
        `VP_CHECK("99_plus_1", s, 8'h00)
        `VP_CHECK("99_plus_1_cout", cout, 1'b1)
        a = 8'h99; b = 8'h00; cin = 1'b1; #1;
        `VP_CHECK("cin_ripples_99", s, 8'h00)
        `VP_CHECK("cin_ripples_99_cout", cout, 1'b1)
        a = 8'h99; b = 8'h99; cin = 1'b1; #1;
        `VP_CHECK("max_sum", s, 8'h99)
        `VP_CHECK("max_sum_cout", cout, 1'b1)
        a = 8'h50; b = 8'h50; cin = 1'b0; #1;
        `VP_CHECK("tens_only_overflow", s, 8'h00)
        `VP_CHECK("tens_only_overflow_cout", cout, 1'b1)
        a = 8'h80; b = 8'h90; cin = 1'b0; #1;
        `VP_CHECK("tens_8_plus_9", s, 8'h70)
        `VP_CHECK("tens_8_plus_9_cout", cout, 1'b1)
        for (i = 0; i < 100; i = i + 1)
            for (j = 0; j < 100; j = j + 1)
                for (c = 0; c < 2; c = c + 1) begin
                    a = bcd(i); b = bcd(j); cin = c[0]; #1;
                    t = i + j + c;
                    `VP_CHECK("all_valid_s", s, bcd(t % 100))
                    `VP_CHECK("all_valid_cout", cout, (t >= 100) ? 1'b1 : 1'b0)
                end
        `VP_DONE
    end
endmodule
