// prio_enc8_tb — no request, each single request, top/bottom together, then
// all 256 request patterns against a bench model (scan from bit 7 down).
// Bugs this bench catches (recorded in tests/buggy/prio_enc8/):
//   1. lowest index wins instead of highest: fails "msb_and_lsb".
//   2. idx = 7 instead of 0 when nothing is requested: fails "none_idx".
//   3. bits 6 and 7 checked in the wrong order: fails "bits_7_6".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [7:0] req;
    wire [2:0] idx;
    wire       valid;
    reg  [2:0] e_idx;
    reg        e_valid;
    integer    i, j;
    `VP_INIT

    prio_enc8 dut (.req(req), .idx(idx), .valid(valid));

    task apply(input [7:0] r);
        begin
            req = r;
            #1;
            e_idx = 3'd0;
            e_valid = 1'b0;
            for (j = 7; j >= 0; j = j - 1)
                if (r[j] && !e_valid) begin
                    e_idx = j[2:0];
                    e_valid = 1'b1;
                end
        end
    endtask

    initial begin
        apply(8'h00);
        `VP_CHECK("none_valid", valid, 1'b0)
        `VP_CHECK("none_idx", idx, 3'd0)
        for (i = 0; i < 8; i = i + 1) begin
            apply(8'h01 << i);
            `VP_CHECK("single_idx", idx, i[2:0])
            `VP_CHECK("single_valid", valid, 1'b1)
        end
        apply(8'h81);
        `VP_CHECK("msb_and_lsb", idx, 3'd7)
        apply(8'hc0);
        `VP_CHECK("bits_7_6", idx, 3'd7)
        apply(8'h7f);
        `VP_CHECK("all_below_7", idx, 3'd6)
        apply(8'h34);
        `VP_CHECK("mixed_34", idx, 3'd5)
        apply(8'hff);
        `VP_CHECK("all_set", idx, 3'd7)
        `VP_CHECK("all_set_valid", valid, 1'b1)
        for (i = 0; i < 256; i = i + 1) begin
            apply(i[7:0]);
            `VP_CHECK("exhaustive_idx", idx, e_idx)
            `VP_CHECK("exhaustive_valid", valid, e_valid)
        end
        `VP_DONE
    end
endmodule
