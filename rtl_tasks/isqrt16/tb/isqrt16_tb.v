// isqrt16_tb — cycle model of busy/done/root/rem checked every cycle:
// 0, 1, 2, 3, perfect squares and their neighbours up to 65535 (rem = 510
// needs 9 bits), done held as a level, start ignored while busy, a job
// accepted in the first done cycle, reset in mid-job, 400 random jobs.
// Bugs this bench catches (recorded in tests/buggy/isqrt16/):
//   1. rem kept in 8 bits: fails "rem_65535".
//   2. trial value 2*root+1 instead of 4*root+1: fails "rem_15".
//   3. done is a one-cycle pulse instead of a level: fails "done_holds".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg         clk = 1'b0;
    reg         rst = 1'b1;
    reg         start = 1'b0;
    reg  [15:0] x = 16'd0;
    wire        busy, done;
    wire [7:0]  root;
    wire [8:0]  rem;
    reg         m_busy, m_done;
    reg  [7:0]  m_root;
    reg  [8:0]  m_rem;
    reg  [15:0] m_x;
    integer     m_cnt, i, k, s;
    reg  [31:0] lfsr;
    `VP_INIT

    isqrt16 dut (.clk(clk), .rst(rst), .start(start), .x(x), .busy(busy),
                 .done(done), .root(root), .rem(rem));

    always #5 clk = ~clk;

    task cycle(input r, input st, input [15:0] xv);
        begin
            @(negedge clk);
            rst = r; start = st; x = xv;
            @(posedge clk);
            #1;
            if (r) begin
                m_busy = 0; m_done = 0; m_root = 0; m_rem = 0;
            end else if (!m_busy) begin
                if (st) begin
                    m_busy = 1; m_done = 0; m_cnt = 8; m_x = xv;
                end
            end else begin
                m_cnt = m_cnt - 1;
                if (m_cnt == 0) begin
                    m_busy = 0; m_done = 1;
                    s = 0;
                    while ((s + 1) * (s + 1) <= m_x) s = s + 1;
                    m_root = s[7:0];
                    m_rem = m_x - s * s;
                end
            end
            `VP_CHECK("cycle_busy", busy, m_busy)
            `VP_CHECK("cycle_done", done, m_done)
            `VP_CHECK("cycle_root", root, m_root)
            `VP_CHECK("cycle_rem", rem, m_rem)
        end
    endtask

    task job(input [15:0] xv);
        begin
            cycle(0, 1, xv);
            for (k = 0; k < 8; k = k + 1) cycle(0, 0, 16'hxxxx);
        end
    endtask

    initial begin
        m_busy = 0; m_done = 0; m_root = 0; m_rem = 0; m_x = 0; m_cnt = 0;
        lfsr = 32'h0ddb_a115;
        cycle(1, 0, 16'd0);
        cycle(0, 0, 16'd0);
        job(16'd15);
        `VP_CHECK("root_15", root, 8'd3)
        `VP_CHECK("rem_15", rem, 9'd6)
        cycle(0, 0, 16'd0);
        cycle(0, 0, 16'd0);
        `VP_CHECK("done_holds", done, 1'b1)
        `VP_CHECK("result_holds", root, 8'd3)
        job(16'd65535);
        `VP_CHECK("root_65535", root, 8'd255)
        `VP_CHECK("rem_65535", rem, 9'd510)
        job(16'd65025);
        `VP_CHECK("root_65025", root, 8'd255)
        `VP_CHECK("rem_65025", rem, 9'd0)
        job(16'd65024);
        `VP_CHECK("root_65024", root, 8'd254)
        `VP_CHECK("rem_65024", rem, 9'd508)
        job(16'd0);
        `VP_CHECK("root_0", root, 8'd0)
        for (i = 1; i < 300; i = i + 37) begin
            job(i * i - 1);
            job(i * i);
            job(i * i + 1);
        end
        job(16'd1); job(16'd2); job(16'd3); job(16'd4);
        // start ignored while busy; x changed during the job
        cycle(0, 1, 16'd10000);
        for (k = 0; k < 7; k = k + 1) cycle(0, 1, 16'd9);
        `VP_CHECK("busy_ignores_start", busy, 1'b1)
        cycle(0, 0, 16'd0);
        `VP_CHECK("root_10000", root, 8'd100)
        // accepted in the first done cycle: done drops at that edge
        cycle(0, 1, 16'd50);
        `VP_CHECK("done_drops_on_accept", done, 1'b0)
        `VP_CHECK("previous_result_during_job", root, 8'd100)
        for (k = 0; k < 8; k = k + 1) cycle(0, 0, 16'd0);
        `VP_CHECK("root_50", root, 8'd7)
        // reset in the middle of a job
        cycle(0, 1, 16'd40000);
        cycle(0, 0, 16'd0);
        cycle(0, 0, 16'd0);
        cycle(1, 0, 16'd0);
        `VP_CHECK("reset_mid_busy", busy, 1'b0)
        `VP_CHECK("reset_mid_root", root, 8'd0)
        for (k = 0; k < 9; k = k + 1) cycle(0, 0, 16'd0);
        `VP_CHECK("abandoned_job_silent", done, 1'b0)
        for (i = 0; i < 400; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cycle(lfsr[9:0] == 10'd1, 1'b1, lfsr[31:16]);
            for (k = 0; k < 8 + lfsr[2:1]; k = k + 1) begin
                lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
                cycle(1'b0, lfsr[0], lfsr[23:8]);
            end
        end
        `VP_DONE
    end
endmodule
