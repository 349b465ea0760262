// mul4x4_tb — directed products (max*max, powers of two, zero) and all 256
// operand pairs against an integer model.
// Bugs this bench catches (recorded in tests/buggy/mul4x4/):
//   1. product truncated to 4 bits: fails "f_times_f".
//   2. shift-and-add missing the b[3] partial product: fails "one_times_8".
//   3. operands treated as signed: fails "f_times_f" (-1 * -1 = 1).
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [3:0] a, b;
    wire [7:0] p;
    integer    i;
    `VP_INIT

    mul4x4 dut (.a(a), .b(b), .p(p));

    initial begin
        a = 4'hf; b = 4'hf; #1;
        `VP_CHECK("f_times_f", p, 8'he1)
        a = 4'h1; b = 4'h8; #1;
        `VP_CHECK("one_times_8", p, 8'h08)
        a = 4'h8; b = 4'h2; #1;
        `VP_CHECK("8_times_2", p, 8'h10)
        a = 4'h0; b = 4'h9; #1;
        `VP_CHECK("zero_times_9", p, 8'h00)
        a = 4'h7; b = 4'h9; #1;
        `VP_CHECK("7_times_9", p, 8'd63)
        for (i = 0; i < 256; i = i + 1) begin
            a = i[7:4]; b = i[3:0]; #1;
            `VP_CHECK("exhaustive_p", p, (i / 16) * (i % 16))
        end
        `VP_DONE
    end
endmodule
