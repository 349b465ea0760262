// onehot_enc8_tb — each one-hot value, zero, pairs, all ones, then all 256
// inputs against a bench model (population count == 1).
// Bugs this bench catches (recorded in tests/buggy/onehot_enc8/):
//   1. valid = any bit set: fails "two_hot_invalid".
//   2. OR-of-indices encoder, bin not cleared when invalid: fails "two_hot_bin_zero".
//   3. bin[1] built from the wrong bit set (bit 5 instead of bit 6):
//      fails "onehot_6".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [7:0] oh;
    wire [2:0] bin;
    wire       valid;
    integer    i, k, pc, pos;
    `VP_INIT

    onehot_enc8 dut (.oh(oh), .bin(bin), .valid(valid));

    initial begin
        oh = 8'h00; #1;
        `VP_CHECK("zero_invalid", valid, 1'b0)
        `VP_CHECK("zero_bin", bin, 3'd0)
        oh = 8'h40; #1;
        `VP_CHECK("onehot_6", bin, 3'd6)
        `VP_CHECK("onehot_6_valid", valid, 1'b1)
        oh = 8'h82; #1;
        `VP_CHECK("two_hot_invalid", valid, 1'b0)
        `VP_CHECK("two_hot_bin_zero", bin, 3'd0)
        oh = 8'hff; #1;
        `VP_CHECK("all_ones_invalid", valid, 1'b0)
        `VP_CHECK("all_ones_bin", bin, 3'd0)
        for (i = 0; i < 256; i = i + 1) begin
            oh = i[7:0]; #1;
            pc = 0; pos = 0;
            for (k = 0; k < 8; k = k + 1)
                if (oh[k]) begin pc = pc + 1; pos = k; end
            `VP_CHECK("exhaustive_valid", valid, (pc == 1) ? 1'b1 : 1'b0)
            `VP_CHECK("exhaustive_bin", bin, (pc == 1) ? pos[2:0] : 3'd0)
        end
        `VP_DONE
    end
endmodule
