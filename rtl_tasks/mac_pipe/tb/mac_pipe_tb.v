// mac_pipe_tb — pipeline model in the bench, checked every cycle:
// single product latency, back-to-back products, sign cases (-128 * -128,
// -128 * 127, -1 * -1), clr with and without a valid product, a bubble,
// 64 x 16384 wrap of the 20-bit sum, synchronous reset while the pipeline is
// full, and 1500 cycles of random traffic.
// Bugs this bench catches (recorded in tests/buggy/mac_pipe/):
//   1. unsigned multiply: fails "neg_times_pos".
//   2. one-stage pipeline (product added at the sampling edge):
//      fails "latency_not_after_1".
//   3. clr with a valid product clears to 0, dropping that product:
//      fails "clr_with_valid_restarts".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg         clk = 1'b0;
    reg         rst = 1'b1;
    reg         in_valid = 1'b0;
    reg         clr = 1'b0;
    reg  [7:0]  a = 8'd0, b = 8'd0;
    wire [19:0] acc;
    wire        out_valid;
    // bench model of the two stages
    reg  [19:0] m_acc, m_p;
    reg         m_v1, m_c1, m_ov;
    reg  [31:0] lfsr;
    integer     i, pa, pb;
    `VP_INIT

    mac_pipe dut (.clk(clk), .rst(rst), .in_valid(in_valid), .clr(clr),
                  .a(a), .b(b), .acc(acc), .out_valid(out_valid));

    always #5 clk = ~clk;

    task cycle(input r, input v, input c, input [7:0] ta, input [7:0] tb_);
        begin
            @(negedge clk);
            rst = r; in_valid = v; clr = c; a = ta; b = tb_;
            @(posedge clk);
            #1;
            if (r) begin
                m_acc = 20'd0; m_ov = 1'b0; m_v1 = 1'b0; m_c1 = 1'b0; m_p = 20'd0;
            end else begin
                m_ov = m_v1;
                if (m_c1) m_acc = m_v1 ? m_p : 20'd0;
                else if (m_v1) m_acc = m_acc + m_p;
                pa = ta; if (pa > 127) pa = pa - 256;
                pb = tb_; if (pb > 127) pb = pb - 256;
                m_p = pa * pb;
                m_v1 = v; m_c1 = c;
            end
        end
    endtask

    task idle;
        cycle(0, 0, 0, 8'h00, 8'h00);
    endtask

    initial begin
        lfsr = 32'hfeed_beef;
        m_acc = 0; m_p = 0; m_v1 = 0; m_c1 = 0; m_ov = 0;
        cycle(1, 0, 0, 0, 0);
        cycle(1, 0, 0, 0, 0);
        `VP_CHECK("reset_acc", acc, 20'd0)
        `VP_CHECK("reset_valid", out_valid, 1'b0)
        // one product: 3 * 5, visible after the second edge only
        cycle(0, 1, 0, 8'd3, 8'd5);
        `VP_CHECK("latency_not_after_1", acc, 20'd0)
        `VP_CHECK("latency_valid_not_after_1", out_valid, 1'b0)
        idle;
        `VP_CHECK("latency_after_2", acc, 20'd15)
        `VP_CHECK("latency_valid_after_2", out_valid, 1'b1)
        idle;
        `VP_CHECK("valid_one_cycle", out_valid, 1'b0)
        `VP_CHECK("acc_holds", acc, 20'd15)
        // back-to-back signed products
        cycle(0, 1, 0, 8'h80, 8'h7f);   // -128 * 127 = -16256
        cycle(0, 1, 0, 8'hff, 8'hff);   // -1 * -1 = 1
        `VP_CHECK("neg_times_pos", acc, 20'd15 - 20'd16256)
        cycle(0, 1, 0, 8'h80, 8'h80);   // 16384
        `VP_CHECK("minus1_squared", acc, 20'd15 - 20'd16256 + 20'd1)
        idle;
        `VP_CHECK("min_squared", acc, 20'd15 - 20'd16256 + 20'd1 + 20'd16384)
        idle;
        // clr with a valid product restarts the sum with that product
        cycle(0, 1, 1, 8'd7, 8'd6);
        idle;
        `VP_CHECK("clr_with_valid_restarts", acc, 20'd42)
        `VP_CHECK("clr_with_valid_out_valid", out_valid, 1'b1)
        // clr alone clears, no out_valid; order preserved behind a product
        cycle(0, 1, 0, 8'd2, 8'd2);
        cycle(0, 0, 1, 8'd9, 8'd9);
        `VP_CHECK("before_clr_alone", acc, 20'd46)
        idle;
        `VP_CHECK("clr_alone_clears", acc, 20'd0)
        `VP_CHECK("clr_alone_no_valid", out_valid, 1'b0)
        // bubble: invalid input with garbage data changes nothing
        cycle(0, 0, 0, 8'h55, 8'h66);
        idle;
        `VP_CHECK("bubble_ignored", acc, 20'd0)
        // 64 x 16384 = 2^20 wraps to 0, one more gives 16384
        for (i = 0; i < 65; i = i + 1) cycle(0, 1, 0, 8'h80, 8'h80);
        `VP_CHECK("wrap_at_2_20", acc, 20'd0)
        idle;
        `VP_CHECK("after_wrap", acc, 20'd16384)
        // reset while the pipeline holds a valid product
        cycle(0, 1, 0, 8'd10, 8'd10);
        cycle(1, 1, 0, 8'd11, 8'd11);
        `VP_CHECK("reset_mid_acc", acc, 20'd0)
        `VP_CHECK("reset_mid_valid", out_valid, 1'b0)
        idle;
        `VP_CHECK("reset_flushed_stage1", acc, 20'd0)
        `VP_CHECK("reset_flushed_valid", out_valid, 1'b0)
        for (i = 0; i < 1500; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cycle(lfsr[9:0] == 10'd3, lfsr[0] | lfsr[1], lfsr[6:2] == 5'd0,
                  lfsr[7] ? {lfsr[8], 7'd0} : lfsr[15:8],
                  lfsr[16] ? {lfsr[17], 7'h7f} : lfsr[31:24]);
            `VP_CHECK("random_acc", acc, m_acc)
            `VP_CHECK("random_valid", out_valid, m_ov)
        end
        `VP_DONE
    end
endmodule
