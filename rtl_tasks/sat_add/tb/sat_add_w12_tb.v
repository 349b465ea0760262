// sat_add_w12_tb — WIDTH overridden to 12: boundaries and 20000
// pseudo-random pairs against a bench model.
// Bugs this bench catches (recorded in tests/buggy/sat_add/):
//   1. sat flag taken as "result is all ones": fails "w12_exact_max_no_sat".
//   2. no clamp (sum wraps): fails "w12_just_over_y".
//   3. clamp value hard-wired to 8'hff (ignores WIDTH): fails "w12_just_over_y".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [11:0] a, b;
    wire [11:0] y;
    wire        sat;
    reg  [12:0] full;
    reg  [31:0] lfsr;
    integer     i;
    `VP_INIT

    sat_add #(.WIDTH(12)) dut (.a(a), .b(b), .y(y), .sat(sat));

    task apply(input [11:0] ta, input [11:0] tb_);
        begin
            a = ta; b = tb_;
            #1;
            full = {1'b0, ta} + {1'b0, tb_};
        end
    endtask

    initial begin
        lfsr = 32'h2545f491;
        apply(12'hfff, 12'h000);
        `VP_CHECK("w12_exact_max_y", y, 12'hfff)
        `VP_CHECK("w12_exact_max_no_sat", sat, 1'b0)
        apply(12'h800, 12'h800);
        `VP_CHECK("w12_just_over_y", y, 12'hfff)
        `VP_CHECK("w12_just_over_sat", sat, 1'b1)
        apply(12'h0ff, 12'h001);
        `VP_CHECK("w12_carry_past_bit7_y", y, 12'h100)
        `VP_CHECK("w12_carry_past_bit7_no_sat", sat, 1'b0)
        apply(12'hfff, 12'hfff);
        `VP_CHECK("w12_max_max_y", y, 12'hfff)
        `VP_CHECK("w12_max_max_sat", sat, 1'b1)
        for (i = 0; i < 20000; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            apply(lfsr[11:0], lfsr[27:16]);
            `VP_CHECK("w12_random_y", y, full[12] ? 12'hfff : full[11:0])
            `VP_CHECK("w12_random_sat", sat, full[12])
        end
        `VP_DONE
    end
endmodule
