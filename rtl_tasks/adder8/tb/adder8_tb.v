// adder8_tb — directed corner cases, then all 2^17 input combinations
// against a golden 9-bit sum computed in the bench.
// Bugs this bench catches (recorded in tests/buggy/adder8/):
//   1. cin ignored (sum = a + b): fails "ff_plus_cin_sum" and half the sweep.
//   2. cout taken as a[7] & b[7] (MSB generate only, no propagate):
//      fails "ff_plus_cin_cout" (the carry must ripple out of bit 7).
//   3. carry between the low and high nibble dropped: fails "nibble_carry_sum".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [7:0] a, b;
    reg        cin;
    wire [7:0] sum;
    wire       cout;
    reg  [8:0] exp9;
    integer    i;
    `VP_INIT

    adder8 dut (.a(a), .b(b), .cin(cin), .sum(sum), .cout(cout));

    task apply(input [7:0] ta, input [7:0] tb_, input tc);
        begin
            a = ta; b = tb_; cin = tc;
            #1;
            exp9 = {1'b0, ta} + {1'b0, tb_} + {8'd0, tc};
        end
    endtask

    initial begin
        apply(8'h00, 8'h00, 1'b0);
        `VP_CHECK("zero_sum", sum, 8'h00)
        `VP_CHECK("zero_cout", cout, 1'b0)
        apply(8'h00, 8'h00, 1'b1);
        `VP_CHECK("cin_only_sum", sum, 8'h01)
        `VP_CHECK("cin_only_cout", cout, 1'b0)
        apply(8'hff, 8'h00, 1'b1);
        `VP_CHECK("ff_plus_cin_sum", sum, 8'h00)
        `VP_CHECK("ff_plus_cin_cout", cout, 1'b1)
        apply(8'h00, 8'hff, 1'b1);
        `VP_CHECK("cin_plus_ff_sum", sum, 8'h00)
        `VP_CHECK("cin_plus_ff_cout", cout, 1'b1)
        apply(8'hff, 8'hff, 1'b0);
        `VP_CHECK("ff_ff_sum", sum, 8'hfe)
        `VP_CHECK("ff_ff_cout", cout, 1'b1)
        apply(8'hff, 8'hff, 1'b1);
        `VP_CHECK("ff_ff_cin_sum", sum, 8'hff)
        `VP_CHECK("ff_ff_cin_cout", cout, 1'b1)
        apply(8'h0f, 8'h01, 1'b0);
        `VP_CHECK("nibble_carry_sum", sum, 8'h10)
        `VP_CHECK("nibble_carry_cout", cout, 1'b0)
        apply(8'h7f, 8'h80, 1'b0);
        `VP_CHECK("7f_80_sum", sum, 8'hff)
        `VP_CHECK("7f_80_cout", cout, 1'b0)
        apply(8'h80, 8'h80, 1'b0);
        `VP_CHECK("80_80_sum", sum, 8'h00)
        `VP_CHECK("80_80_cout", cout, 1'b1)
        apply(8'haa, 8'h55, 1'b1);
        `VP_CHECK("aa_55_cin_sum", sum, 8'h00)
        `VP_CHECK("aa_55_cin_cout", cout, 1'b1)

        for (i = 0; i < 131072; i = i + 1) begin
            apply(i[16:9], i[8:1], i[0]);
            `VP_CHECK("exhaustive_sum", sum, exp9[7:0])
            `VP_CHECK("exhaustive_cout", cout, exp9[8])
        end
        `VP_DONE
    end
endmodule
