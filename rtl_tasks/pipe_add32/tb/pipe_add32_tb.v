// pipe_add32_tb — a 4-deep history of sampled inputs in the bench gives the
// expected outputs after every edge: single operation latency, carries that
// ripple through all four bytes (ffffffff + 1), carry into each byte
// boundary, back-to-back different operations, invalid bubbles (data still
// flows), reset with a full pipeline, then 2000 random cycles.
// Bugs this bench catches (recorded in tests/buggy/pipe_add32/):
//   1. stage 1 takes byte 1 from the live input instead of the delayed copy
//      (operands not skewed): fails "back_to_back_2".
//   2. out_valid one edge early (3-stage valid pipe): fails "no_valid_after_3".
//   3. cout is the carry into the top byte instead of out of it:
//      fails "back_to_back_3_cout" (ff00ff00 + 01000100: carry out of the
//      top byte only).
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg         clk = 1'b0;
    reg         rst_n = 1'b0;
    reg         in_valid = 1'b0;
    reg  [31:0] a = 32'd0, b = 32'd0;
    reg         cin = 1'b0;
    wire        out_valid;
    wire [31:0] sum;
    wire        cout;
    reg  [32:0] h_res [0:3];   // h_res[0] = result of inputs at the latest edge
    reg         h_v   [0:3];
    reg  [31:0] lfsr, lfsr2;
    integer     i, j;
    `VP_INIT

    pipe_add32 dut (.clk(clk), .rst_n(rst_n), .in_valid(in_valid), .a(a), .b(b),
                    .cin(cin), .out_valid(out_valid), .sum(sum), .cout(cout));

    always #5 clk = ~clk;

    task cycle(input rn, input v, input [31:0] x, input [31:0] y, input c);
        begin
            @(negedge clk);
            rst_n = rn; in_valid = v; a = x; b = y; cin = c;
            @(posedge clk);
            #1;
            for (j = 3; j > 0; j = j - 1) begin
                h_res[j] = h_res[j - 1]; h_v[j] = h_v[j - 1];
            end
            h_res[0] = {1'b0, x} + {1'b0, y} + {32'd0, c};
            h_v[0] = v;
            if (!rn)
                for (j = 0; j < 4; j = j + 1) begin h_res[j] = 33'd0; h_v[j] = 1'b0; end
            `VP_CHECK("cycle_sum", sum, h_res[3][31:0])
            `VP_CHECK("cycle_cout", cout, h_res[3][32])
            `VP_CHECK("cycle_valid", out_valid, h_v[3])
        end
    endtask

    initial begin
        for (j = 0; j < 4; j = j + 1) begin h_res[j] = 33'd0; h_v[j] = 1'b0; end
        lfsr = 32'h1f83_d9ab; lfsr2 = 32'h5be0_cd19;
        cycle(0, 0, 32'd0, 32'd0, 1'b0);
        `VP_CHECK("reset_sum", sum, 32'd0)
        `VP_CHECK("reset_valid", out_valid, 1'b0)
        cycle(1, 1, 32'hffff_ffff, 32'h0000_0000, 1'b1);
        cycle(1, 0, 32'h0, 32'h0, 1'b0);
        cycle(1, 0, 32'h0, 32'h0, 1'b0);
        `VP_CHECK("no_valid_after_3", out_valid, 1'b0)
        cycle(1, 0, 32'h0, 32'h0, 1'b0);
        `VP_CHECK("valid_latency_4", out_valid, 1'b1)
        `VP_CHECK("all_ones_plus_1_sum", sum, 32'h0000_0000)
        `VP_CHECK("all_ones_plus_1_cout", cout, 1'b1)
        cycle(1, 0, 32'h0, 32'h0, 1'b0);
        `VP_CHECK("valid_one_cycle", out_valid, 1'b0)
        // back-to-back: each result must pair its own bytes
        cycle(1, 1, 32'h00ff_00ff, 32'h0001_0001, 1'b0);
        cycle(1, 1, 32'h1234_5678, 32'h1111_1111, 1'b0);
        cycle(1, 1, 32'hff00_ff00, 32'h0100_0100, 1'b0);
        cycle(1, 1, 32'h8000_0000, 32'h8000_0000, 1'b1);
        `VP_CHECK("back_to_back_1", sum, 32'h0100_0100)
        cycle(1, 0, 32'hdead_beef, 32'hcafe_f00d, 1'b1);
        `VP_CHECK("back_to_back_2", sum, 32'h2345_6789)
        cycle(1, 0, 32'h0, 32'h0, 1'b0);
        `VP_CHECK("back_to_back_3", sum, 32'h0001_0000)
        `VP_CHECK("back_to_back_3_cout", cout, 1'b1)
        cycle(1, 0, 32'h0, 32'h0, 1'b0);
        `VP_CHECK("back_to_back_4", sum, 32'h0000_0001)
        `VP_CHECK("back_to_back_4_cout", cout, 1'b1)
        cycle(1, 0, 32'h0, 32'h0, 1'b0);
        `VP_CHECK("bubble_data_flows", sum, 32'hdead_beef + 32'hcafe_f00d + 32'd1)
        `VP_CHECK("bubble_not_valid", out_valid, 1'b0)
        // reset with a full pipeline
        cycle(1, 1, 32'h1, 32'h1, 1'b0);
        cycle(1, 1, 32'h2, 32'h2, 1'b0);
        cycle(0, 1, 32'h3, 32'h3, 1'b0);
        `VP_CHECK("reset_mid_sum", sum, 32'd0)
        cycle(1, 1, 32'h4, 32'h4, 1'b0);
        `VP_CHECK("reset_flushed_1", out_valid, 1'b0)
        cycle(1, 1, 32'h5, 32'h5, 1'b0);
        `VP_CHECK("reset_flushed_2", out_valid, 1'b0)
        cycle(1, 1, 32'h6, 32'h6, 1'b0);
        `VP_CHECK("reset_flushed_3", sum, 32'd0)
        cycle(1, 1, 32'h7, 32'h7, 1'b0);
        `VP_CHECK("first_after_reset", sum, 32'd8)
        `VP_CHECK("first_after_reset_valid", out_valid, 1'b1)
        for (i = 0; i < 2000; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            lfsr2 = {lfsr2[30:0], lfsr2[31] ^ lfsr2[21] ^ lfsr2[1] ^ lfsr2[0]};
            // operands biased towards long carry chains
            cycle(lfsr[11:0] != 12'd9, lfsr[3] | lfsr[4],
                  lfsr[5] ? ~lfsr2 : lfsr,
                  lfsr[6] ? lfsr2 : (lfsr[7] ? 32'd1 : {lfsr2[15:0], lfsr[31:16]}),
                  lfsr2[0]);
        end
        `VP_DONE
    end
endmodule
