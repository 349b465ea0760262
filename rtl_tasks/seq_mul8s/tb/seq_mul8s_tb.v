// seq_mul8s_tb — cycle model of busy/done/product checked every cycle:
// unsigned and signed extremes, sign of each operand, sgn sampled with the
// job (changed while busy), start ignored while busy, a job accepted in the
// done cycle, reset in mid-job, then 300 random jobs with random gaps.
// Bugs this bench catches (recorded in tests/buggy/seq_mul8s/):
//   1. sgn ignored, always signed: fails "u_ff_times_ff".
//   2. multiplier's sign weight missing (b treated as unsigned in signed
//      mode): fails "s_m1_times_m1".
//   3. done one edge early (after edge 7): fails "no_done_before_8".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg         clk = 1'b0;
    reg         rst_n = 1'b0;
    reg         start = 1'b0;
    reg         sgn = 1'b0;
    reg  [7:0]  a = 8'd0, b = 8'd0;
    wire        busy, done;
    wire [15:0] product;
    reg         m_busy, m_done, m_s;
    reg  [15:0] m_p;
    reg  [7:0]  m_a, m_b;
    integer     m_cnt, i, k, va, vb, pr;
    reg  [31:0] lfsr;
    `VP_INIT

    seq_mul8s dut (.clk(clk), .rst_n(rst_n), .start(start), .sgn(sgn), .a(a),
                   .b(b), .busy(busy), .done(done), .product(product));

    always #5 clk = ~clk;

    task cycle(input rn, input st, input s, input [7:0] x, input [7:0] y);
        begin
            @(negedge clk);
            rst_n = rn; start = st; sgn = s; a = x; b = y;
            @(posedge clk);
            #1;
            if (!rn) begin
                m_busy = 0; m_done = 0; m_p = 0;
            end else if (!m_busy) begin
                m_done = 0;
                if (st) begin
                    m_busy = 1; m_cnt = 8; m_a = x; m_b = y; m_s = s;
                end
            end else begin
                m_cnt = m_cnt - 1;
                if (m_cnt == 0) begin
                    m_busy = 0; m_done = 1;
                    va = m_a; vb = m_b;
                    if (m_s && va > 127) va = va - 256;
                    if (m_s && vb > 127) vb = vb - 256;
                    pr = va * vb;
                    m_p = pr[15:0];
                end
            end
            `VP_CHECK("cycle_busy", busy, m_busy)
            `VP_CHECK("cycle_done", done, m_done)
            `VP_CHECK("cycle_product", product, m_p)
        end
    endtask

    task job(input s, input [7:0] x, input [7:0] y);
        begin
            cycle(1, 1, s, x, y);
            for (k = 0; k < 8; k = k + 1) cycle(1, 0, ~s, ~x, ~y);
        end
    endtask

    initial begin
        m_busy = 0; m_done = 0; m_p = 0; m_a = 0; m_b = 0; m_s = 0; m_cnt = 0;
        lfsr = 32'h6a09_e667;
        cycle(0, 0, 0, 0, 0);
        `VP_CHECK("reset_busy", busy, 1'b0)
        `VP_CHECK("reset_product", product, 16'd0)
        cycle(1, 1, 0, 8'hff, 8'hff);
        for (k = 0; k < 7; k = k + 1) cycle(1, 0, 1, 8'h00, 8'h00);
        `VP_CHECK("no_done_before_8", done, 1'b0)
        `VP_CHECK("busy_through_7", busy, 1'b1)
        cycle(1, 0, 1, 8'h00, 8'h00);
        `VP_CHECK("done_after_8", done, 1'b1)
        `VP_CHECK("u_ff_times_ff", product, 16'hfe01)
        cycle(1, 0, 0, 8'h00, 8'h00);
        `VP_CHECK("done_pulse", done, 1'b0)
        `VP_CHECK("product_held", product, 16'hfe01)
        job(0, 8'h80, 8'h80);
        `VP_CHECK("u_80_times_80", product, 16'h4000)
        job(1, 8'h80, 8'h80);
        `VP_CHECK("s_min_times_min", product, 16'h4000)
        job(1, 8'h80, 8'h7f);
        `VP_CHECK("s_min_times_max", product, 16'hc080)
        job(1, 8'h7f, 8'h80);
        `VP_CHECK("s_max_times_min", product, 16'hc080)
        job(1, 8'hff, 8'hff);
        `VP_CHECK("s_m1_times_m1", product, 16'h0001)
        job(1, 8'hff, 8'h01);
        `VP_CHECK("s_m1_times_1", product, 16'hffff)
        job(1, 8'h01, 8'hff);
        `VP_CHECK("s_1_times_m1", product, 16'hffff)
        job(0, 8'h01, 8'hff);
        `VP_CHECK("u_1_times_ff", product, 16'h00ff)
        job(1, 8'h00, 8'h9c);
        `VP_CHECK("s_0_times_neg", product, 16'h0000)
        // start and changed operands while busy are ignored
        cycle(1, 1, 1, 8'hfe, 8'h03);              // -2 * 3
        for (k = 0; k < 7; k = k + 1) cycle(1, 1, 0, 8'h11, 8'h22);
        cycle(1, 0, 0, 8'h00, 8'h00);
        `VP_CHECK("busy_ignores_start", product, 16'hfffa)
        // accepted in the done cycle
        cycle(1, 1, 0, 8'd12, 8'd13);
        `VP_CHECK("accept_in_done_cycle", busy, 1'b1)
        for (k = 0; k < 8; k = k + 1) cycle(1, 0, 0, 8'h00, 8'h00);
        `VP_CHECK("u_12_times_13", product, 16'd156)
        // reset in mid-job
        cycle(1, 1, 1, 8'h40, 8'h40);
        cycle(1, 0, 0, 8'h00, 8'h00);
        cycle(0, 0, 0, 8'h00, 8'h00);
        `VP_CHECK("reset_mid_busy", busy, 1'b0)
        `VP_CHECK("reset_mid_product", product, 16'd0)
        for (k = 0; k < 9; k = k + 1) cycle(1, 0, 0, 8'h00, 8'h00);
        `VP_CHECK("abandoned_job_silent", product, 16'd0)
        for (i = 0; i < 300; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cycle(lfsr[9:0] != 10'd7, 1'b1, lfsr[3], lfsr[4] ? {lfsr[5], {7{~lfsr[5]}}} : lfsr[15:8],
                  lfsr[23:16]);
            for (k = 0; k < 8 + lfsr[1:0]; k = k + 1) begin
                lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
                cycle(1'b1, lfsr[0], lfsr[1], lfsr[15:8], lfsr[23:16]);
            end
        end
        `VP_DONE
    end
endmodule
