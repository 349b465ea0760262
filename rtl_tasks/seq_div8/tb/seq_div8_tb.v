// seq_div8_tb — cycle-accurate model of busy/done/result registers checked
// every cycle: spec examples, divide by zero, divisors above 128 (9-bit
// partial remainder), start ignored while busy with operands changed
// mid-job, back-to-back jobs started in the done cycle, async reset in
// mid-job (no done afterwards), then 300 random jobs with random gaps.
// Bugs this bench catches (recorded in tests/buggy/seq_div8/):
//   1. one cycle too many (done after edge 9): fails "done_after_8".
//   2. start accepted while busy (job restarts): fails "q_original_job".
//   3. remainder register loaded with the partial remainder from before
//      the last step: fails "r_100_by_7".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg        clk = 1'b0;
    reg        rst_n = 1'b1;
    reg        start = 1'b0;
    reg  [7:0] dividend = 8'd0, divisor = 8'd0;
    wire       busy, done, div_by_zero;
    wire [7:0] quotient, remainder;
    // model
    reg        m_busy, m_done, m_dbz;
    reg  [7:0] m_q, m_r, m_a, m_b;
    integer    m_cnt, i, gap, k;
    reg  [31:0] lfsr;
    `VP_INIT

    seq_div8 dut (.clk(clk), .rst_n(rst_n), .start(start), .dividend(dividend),
                  .divisor(divisor), .busy(busy), .done(done), .quotient(quotient),
                  .remainder(remainder), .div_by_zero(div_by_zero));

    always #5 clk = ~clk;

    task cycle(input s, input [7:0] x, input [7:0] y);
        begin
            @(negedge clk);
            start = s; dividend = x; divisor = y;
            @(posedge clk);
            #1;
            if (!m_busy) begin
                m_done = 1'b0;
                if (s) begin
                    m_busy = 1'b1; m_cnt = 8; m_a = x; m_b = y;
                end
            end else begin
                m_cnt = m_cnt - 1;
                if (m_cnt == 0) begin
                    m_busy = 1'b0; m_done = 1'b1;
                    m_q = (m_b == 0) ? 8'hff : m_a / m_b;
                    m_r = (m_b == 0) ? m_a : m_a % m_b;
                    m_dbz = (m_b == 0);
                end
            end
            `VP_CHECK("cycle_busy", busy, m_busy)
            `VP_CHECK("cycle_done", done, m_done)
            `VP_CHECK("cycle_quotient", quotient, m_q)
            `VP_CHECK("cycle_remainder", remainder, m_r)
            `VP_CHECK("cycle_div_by_zero", div_by_zero, m_dbz)
        end
    endtask

    // run one job from an idle divider and check the named result
    task job(input [7:0] x, input [7:0] y);
        begin
            cycle(1, x, y);
            for (k = 0; k < 8; k = k + 1) cycle(0, 8'hxx, 8'hxx);
        end
    endtask

    initial begin
        m_busy = 0; m_done = 0; m_dbz = 0; m_q = 0; m_r = 0; m_a = 0; m_b = 0; m_cnt = 0;
        lfsr = 32'hd1d1_0042;
        #1 rst_n = 1'b0;
        #1;
        `VP_CHECK("reset_busy", busy, 1'b0)
        `VP_CHECK("reset_done", done, 1'b0)
        `VP_CHECK("reset_quotient", quotient, 8'd0)
        #10;
        @(negedge clk) rst_n = 1'b1;
        cycle(0, 8'd0, 8'd0);
        // 100 / 7: busy right after the accepting edge, done after edge 8
        cycle(1, 8'd100, 8'd7);
        `VP_CHECK("busy_after_start", busy, 1'b1)
        for (k = 0; k < 7; k = k + 1) cycle(0, 8'd0, 8'd0);
        `VP_CHECK("busy_through_edge_7", busy, 1'b1)
        `VP_CHECK("no_done_before_8", done, 1'b0)
        cycle(0, 8'd0, 8'd0);
        `VP_CHECK("done_after_8", done, 1'b1)
        `VP_CHECK("q_100_by_7", quotient, 8'd14)
        `VP_CHECK("r_100_by_7", remainder, 8'd2)
        `VP_CHECK("idle_after_done", busy, 1'b0)
        cycle(0, 8'd0, 8'd0);
        `VP_CHECK("done_one_cycle", done, 1'b0)
        `VP_CHECK("result_held", quotient, 8'd14)
        job(8'd7, 8'd9);
        `VP_CHECK("q_7_by_9", quotient, 8'd0)
        `VP_CHECK("r_7_by_9", remainder, 8'd7)
        job(8'd255, 8'd1);
        `VP_CHECK("q_255_by_1", quotient, 8'd255)
        job(8'd0, 8'd5);
        `VP_CHECK("q_0_by_5", quotient, 8'd0)
        job(8'd200, 8'd0);
        `VP_CHECK("q_200_by_0", quotient, 8'hff)
        `VP_CHECK("r_200_by_0", remainder, 8'd200)
        `VP_CHECK("dbz_200_by_0", div_by_zero, 1'b1)
        job(8'd255, 8'd129);
        `VP_CHECK("q_255_by_129", quotient, 8'd1)
        `VP_CHECK("r_255_by_129", remainder, 8'd126)
        `VP_CHECK("dbz_cleared", div_by_zero, 1'b0)
        job(8'd254, 8'd255);
        `VP_CHECK("q_254_by_255", quotient, 8'd0)
        `VP_CHECK("r_254_by_255", remainder, 8'd254)
        // start held high with new operands while busy: ignored
        cycle(1, 8'd90, 8'd9);
        cycle(1, 8'd91, 8'd2);
        `VP_CHECK("busy_ignores_start", busy, 1'b1)
        for (k = 0; k < 6; k = k + 1) cycle(1, 8'd13, 8'd3);
        cycle(0, 8'd0, 8'd0);
        `VP_CHECK("done_original_job", done, 1'b1)
        `VP_CHECK("q_original_job", quotient, 8'd10)
        // back-to-back: start during the done cycle is accepted
        cycle(1, 8'd50, 8'd8);
        `VP_CHECK("done_drops_on_restart", done, 1'b0)
        `VP_CHECK("restart_in_done_cycle", busy, 1'b1)
        for (k = 0; k < 8; k = k + 1) cycle(0, 8'd0, 8'd0);
        `VP_CHECK("q_50_by_8", quotient, 8'd6)
        `VP_CHECK("r_50_by_8", remainder, 8'd2)
        // async reset in the middle of a job
        cycle(1, 8'd77, 8'd3);
        cycle(0, 8'd0, 8'd0);
        cycle(0, 8'd0, 8'd0);
        #2 rst_n = 1'b0;
        #1;
        `VP_CHECK("async_reset_busy", busy, 1'b0)
        `VP_CHECK("async_reset_quotient", quotient, 8'd0)
        m_busy = 0; m_done = 0; m_q = 0; m_r = 0; m_dbz = 0;
        @(negedge clk) rst_n = 1'b1;
        for (k = 0; k < 10; k = k + 1) cycle(0, 8'd0, 8'd0);
        `VP_CHECK("abandoned_job_silent", quotient, 8'd0)
        for (i = 0; i < 300; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cycle(1, lfsr[7:0], lfsr[11] ? lfsr[23:16] : {4'd0, lfsr[27:24]});
            gap = 7 + (lfsr[30:28] % 4);
            for (k = 0; k < gap; k = k + 1) begin
                lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
                cycle(lfsr[0] & lfsr[1], lfsr[15:8], lfsr[23:16]);
            end
        end
        `VP_DONE
    end
endmodule
