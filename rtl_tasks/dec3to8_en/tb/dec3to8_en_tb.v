// dec3to8_en_tb — all 16 input combinations, expected outputs written out
// by hand for the enabled half.
// Bugs this bench catches (recorded in tests/buggy/dec3to8_en/):
//   1. enable polarity inverted (active high): fails "a0_enabled".
//   2. output order reversed (a = 0 drives y[7]): fails "a0_enabled".
//   3. enable ignored: fails "disabled_all_zero".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [2:0] a;
    reg        en_n;
    wire [7:0] y;
    reg  [7:0] e [0:7];
    integer    i;
    `VP_INIT

    dec3to8_en dut (.a(a), .en_n(en_n), .y(y));

    initial begin
        e[0] = 8'b0000_0001; e[1] = 8'b0000_0010;
        e[2] = 8'b0000_0100; e[3] = 8'b0000_1000;
        e[4] = 8'b0001_0000; e[5] = 8'b0010_0000;
        e[6] = 8'b0100_0000; e[7] = 8'b1000_0000;
        a = 3'd0; en_n = 1'b0; #1;
        `VP_CHECK("a0_enabled", y, 8'h01)
        a = 3'd7; #1;
        `VP_CHECK("a7_enabled", y, 8'h80)
        a = 3'd5; #1;
        `VP_CHECK("a5_enabled", y, 8'h20)
        for (i = 0; i < 8; i = i + 1) begin
            a = i[2:0]; en_n = 1'b0; #1;
            `VP_CHECK("enabled_one_hot", y, e[i])
            en_n = 1'b1; #1;
            `VP_CHECK("disabled_all_zero", y, 8'h00)
        end
        `VP_DONE
    end
endmodule
