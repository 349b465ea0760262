// mux8_tb — distinct data on every input, every select value, then 500
// pseudo-random data/select combinations against a bench model.
// Bugs this bench catches (recorded in tests/buggy/mux8/):
//   1. select bits reversed (sel[0] used as the MSB): fails "sel_1".
//   2. sel = 7 falls into a default of 0: fails "sel_7".
//   3. inputs d2 and d3 swapped: fails "sel_2".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [2:0] sel;
    reg  [7:0] d [0:7];
    wire [7:0] y;
    reg  [31:0] lfsr;
    integer    i, k;
    `VP_INIT

    mux8 dut (.sel(sel), .d0(d[0]), .d1(d[1]), .d2(d[2]), .d3(d[3]),
              .d4(d[4]), .d5(d[5]), .d6(d[6]), .d7(d[7]), .y(y));

    initial begin
        lfsr = 32'h9e3779b9;
        for (k = 0; k < 8; k = k + 1) d[k] = 8'h10 * k + 8'h0a + k;
        sel = 3'd0; #1; `VP_CHECK("sel_0", y, d[0])
        sel = 3'd1; #1; `VP_CHECK("sel_1", y, d[1])
        sel = 3'd2; #1; `VP_CHECK("sel_2", y, d[2])
        sel = 3'd3; #1; `VP_CHECK("sel_3", y, d[3])
        sel = 3'd4; #1; `VP_CHECK("sel_4", y, d[4])
        sel = 3'd5; #1; `VP_CHECK("sel_5", y, d[5])
        sel = 3'd6; #1; `VP_CHECK("sel_6", y, d[6])
        sel = 3'd7; #1; `VP_CHECK("sel_7", y, d[7])
        // the selected input changes while sel stays: y follows
        d[7] = 8'hc3; #1; `VP_CHECK("follows_data", y, 8'hc3)
        // an unselected input changes: y does not
        d[6] = 8'h00; #1; `VP_CHECK("ignores_other", y, 8'hc3)
        for (i = 0; i < 500; i = i + 1) begin
            for (k = 0; k < 8; k = k + 1) begin
                lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
                d[k] = lfsr[7:0] ^ lfsr[23:16];
            end
            sel = lfsr[10:8]; #1;
            `VP_CHECK("random_sel", y, d[sel])
        end
        `VP_DONE
    end
endmodule
