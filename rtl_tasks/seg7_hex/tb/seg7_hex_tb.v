// seg7_hex_tb — every digit with blank=0 against the segment table written
// out segment by segment, and every digit with blank=1.
// Bugs this bench catches (recorded in tests/buggy/seg7_hex/):
//   1. active-high outputs (lit = 1): fails "digit_0" and every digit check.
//   2. 9 drawn without its bottom segment d: fails "digit_9".
//   3. blank ignored: fails "blank_all_dark".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [3:0] val;
    reg        blank;
    wire [6:0] seg_n;
    reg  [6:0] e [0:15];   // expected seg_n, built from lit-segment lists
    integer    i;
    `VP_INIT

    seg7_hex dut (.val(val), .blank(blank), .seg_n(seg_n));

    // g f e d c b a; argument order a..g, 1 = lit
    function [6:0] segs(input a, input b, input c, input d, input e_, input f, input g);
        segs = ~{g, f, e_, d, c, b, a};
    endfunction

    initial begin
        e[0]  = segs(1,1,1,1,1,1,0);
        e[1]  = segs(0,1,1,0,0,0,0);
        e[2]  = segs(1,1,0,1,1,0,1);
        e[3]  = segs(1,1,1,1,0,0,1);
        e[4]  = segs(0,1,1,0,0,1,1);
        e[5]  = segs(1,0,1,1,0,1,1);
        e[6]  = segs(1,0,1,1,1,1,1);
        e[7]  = segs(1,1,1,0,0,0,0);
        e[8]  = segs(1,1,1,1,1,1,1);
        e[9]  = segs(1,1,1,1,0,1,1);
        e[10] = segs(1,1,1,0,1,1,1);
        e[11] = segs(0,0,1,1,1,1,1);
        e[12] = segs(1,0,0,1,1,1,0);
        e[13] = segs(0,1,1,1,1,0,1);
        e[14] = segs(1,0,0,1,1,1,1);
        e[15] = segs(1,0,0,0,1,1,1);

        blank = 1'b0;
        val = 4'd0; #1;
        `VP_CHECK("digit_0", seg_n, 7'b100_0000)
        val = 4'd8; #1;
        `VP_CHECK("digit_8", seg_n, 7'b000_0000)
        val = 4'd9; #1;
        `VP_CHECK("digit_9", seg_n, 7'b001_0000)
        val = 4'd6; #1;
        `VP_CHECK("digit_6", seg_n, 7'b000_0010)
        val = 4'd11; #1;
        `VP_CHECK("digit_b", seg_n, 7'b000_0011)
        for (i = 0; i < 16; i = i + 1) begin
            val = i[3:0]; blank = 1'b0; #1;
            `VP_CHECK("digit_table", seg_n, e[i])
            blank = 1'b1; #1;
            `VP_CHECK("blank_all_dark", seg_n, 7'h7f)
        end
        `VP_DONE
    end
endmodule
