// sat_add_tb — default WIDTH (8): directed boundary cases around the
// saturation point, then all 2^16 input pairs against a bench model.
// Bugs this bench catches (recorded in tests/buggy/sat_add/):
//   1. sat flag taken as "result is all ones": fails "exact_max_no_sat".
//   2. no clamp (sum wraps), flag still raised: fails "just_over_y".
//   3. clamp value hard-wired to 8'hff: passes here at WIDTH 8, caught by
//      sat_add_w12_tb.v (WIDTH 12).
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [7:0] a, b;
    wire [7:0] y;
    wire       sat;
    reg  [8:0] full;
    integer    i;
    `VP_INIT

    sat_add dut (.a(a), .b(b), .y(y), .sat(sat));

    task apply(input [7:0] ta, input [7:0] tb_);
        begin
            a = ta; b = tb_;
            #1;
            full = {1'b0, ta} + {1'b0, tb_};
        end
    endtask

    initial begin
        apply(8'h00, 8'h00);
        `VP_CHECK("zero_y", y, 8'h00)
        `VP_CHECK("zero_sat", sat, 1'b0)
        apply(8'hff, 8'h00);
        `VP_CHECK("exact_max_y", y, 8'hff)
        `VP_CHECK("exact_max_no_sat", sat, 1'b0)
        apply(8'hf0, 8'h0f);
        `VP_CHECK("exact_max_split_y", y, 8'hff)
        `VP_CHECK("exact_max_split_no_sat", sat, 1'b0)
        apply(8'hf0, 8'h10);
        `VP_CHECK("just_over_y", y, 8'hff)
        `VP_CHECK("just_over_sat", sat, 1'b1)
        apply(8'hff, 8'hff);
        `VP_CHECK("max_max_y", y, 8'hff)
        `VP_CHECK("max_max_sat", sat, 1'b1)
        apply(8'h80, 8'h80);
        `VP_CHECK("half_half_y", y, 8'hff)
        `VP_CHECK("half_half_sat", sat, 1'b1)
        apply(8'h7f, 8'h80);
        `VP_CHECK("7f_80_y", y, 8'hff)
        `VP_CHECK("7f_80_no_sat", sat, 1'b0)
        apply(8'h12, 8'h34);
        `VP_CHECK("small_y", y, 8'h46)
        `VP_CHECK("small_no_sat", sat, 1'b0)
        for (i = 0; i < 65536; i = i + 1) begin
            apply(i[15:8], i[7:0]);
            `VP_CHECK("exhaustive_y", y, full[8] ? 8'hff : full[7:0])
            `VP_CHECK("exhaustive_sat", sat, full[8])
        end
        `VP_DONE
    end
endmodule
