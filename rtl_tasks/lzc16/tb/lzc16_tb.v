// lzc16_tb — single set bits, set bit with ones below it, zero, then all
// 65536 inputs against a bench model.
// Bugs this bench catches (recorded in tests/buggy/lzc16/):
//   1. counts trailing zeros instead of leading: fails "only_msb".
//   2. x = 0 gives 15 (count saturates at 4 bits): fails "zero_count".
//   3. binary-search tree tests x[15:9] for the upper byte (misses bit 8):
//      fails "bit8_only".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [15:0] x;
    wire [4:0]  n;
    wire        zero;
    integer     i, k, e;
    `VP_INIT

    lzc16 dut (.x(x), .n(n), .zero(zero));

    initial begin
        x = 16'h8000; #1; `VP_CHECK("only_msb", n, 5'd0)
        x = 16'h0001; #1; `VP_CHECK("only_lsb", n, 5'd15)
        x = 16'h0100; #1; `VP_CHECK("bit8_only", n, 5'd7)
        x = 16'h01ff; #1; `VP_CHECK("bit8_with_ones_below", n, 5'd7)
        x = 16'h00f0; #1; `VP_CHECK("byte_f0", n, 5'd8)
        x = 16'hffff; #1; `VP_CHECK("all_ones", n, 5'd0)
        `VP_CHECK("all_ones_not_zero", zero, 1'b0)
        x = 16'h0000; #1; `VP_CHECK("zero_count", n, 5'd16)
        `VP_CHECK("zero_flag", zero, 1'b1)
        for (i = 0; i < 16; i = i + 1) begin
            x = 16'h0001 << i; #1;
            `VP_CHECK("walking_one", n, 5'd15 - i[4:0])
        end
        for (i = 0; i < 65536; i = i + 1) begin
            x = i[15:0]; #1;
            e = 16;
            for (k = 0; k < 16; k = k + 1)
                if (x[k]) e = 15 - k;
            `VP_CHECK("exhaustive_n", n, e[4:0])
            `VP_CHECK("exhaustive_zero", zero, (i == 0) ? 1'b1 : 1'b0)
        end
        `VP_DONE
    end
endmodule
