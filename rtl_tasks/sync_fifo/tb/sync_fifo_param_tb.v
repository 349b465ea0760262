`timescale 1ns/1ps
`include "vp_harness.vh"
// Parameter bench for sync_fifo: WIDTH = 16, DEPTH = 4 (overrides the defaults).
// Catches designs that hard-code the default width or depth.
// Bugs this bench catches:
//   1. a write while full is not blocked and overwrites the oldest word
//   2. full raised at DEPTH-1 words (classic pointer comparison without a wrap bit)
//   3. a read while empty still advances the read pointer (underflow corrupts order)
module tb;
    `VP_INIT
    localparam DEPTH = 4;
    reg clk = 1'b0;
    reg rst = 1'b1;
    reg wr_en = 1'b0, rd_en = 1'b0;
    reg [15:0] wr_data = 16'h0000;
    wire [15:0] rd_data;
    wire full, empty;

    reg [15:0] q [0:DEPTH-1];  // model storage
    integer head, cnt, i;
    reg [15:0] exp_rd;
    reg [8*40-1:0] nm;
    reg [31:0] lfsr;
    integer step_no;

    sync_fifo #(.WIDTH(16), .DEPTH(4)) dut (.clk(clk), .rst(rst), .wr_en(wr_en), .wr_data(wr_data), .rd_en(rd_en),
                   .rd_data(rd_data), .full(full), .empty(empty));

    always #5 clk = ~clk;

    // one clock with the given controls; model update and checks after the edge
    task cyc;
        input w;
        input [7:0] d8;
        reg [15:0] d;
        input r;
        input [8*24-1:0] tag;
        reg wacc, racc;
        begin
            d = {~d8, d8};
            @(negedge clk);
            wr_en = w; wr_data = d; rd_en = r;
            wacc = w && (cnt < DEPTH);
            racc = r && (cnt > 0);
            @(posedge clk);
            #1;
            if (racc) begin
                exp_rd = q[head];
                head = (head + 1) % DEPTH;
                cnt = cnt - 1;
            end
            if (wacc) begin
                q[(head + cnt) % DEPTH] = d;
                cnt = cnt + 1;
            end
            step_no = step_no + 1;
            $sformat(nm, "%0s_%0d_rd_data", tag, step_no);
            `VP_CHECK(nm, rd_data, exp_rd)
            $sformat(nm, "%0s_%0d_full", tag, step_no);
            `VP_CHECK(nm, full, (cnt == DEPTH))
            $sformat(nm, "%0s_%0d_empty", tag, step_no);
            `VP_CHECK(nm, empty, (cnt == 0))
        end
    endtask

    task do_reset;
        begin
            @(negedge clk);
            rst = 1'b1; wr_en = 1'b1; rd_en = 1'b1; wr_data = 16'h11EE;
            @(posedge clk);
            #1;
            rst = 1'b0; wr_en = 1'b0; rd_en = 1'b0;
            head = 0; cnt = 0; exp_rd = 16'h0000;
        end
    endtask

    initial begin
        head = 0; cnt = 0; exp_rd = 16'h0000; step_no = 0;
        do_reset;
        `VP_CHECK("reset_empty", empty, 1'b1)
        `VP_CHECK("reset_not_full", full, 1'b0)
        `VP_CHECK("reset_rd_data_zero", rd_data, 16'h0000)
        // read from empty: ignored, rd_data holds
        cyc(0, 8'h00, 1, "rd_empty");
        // fill exactly to DEPTH
        for (i = 0; i < DEPTH; i = i + 1) cyc(1, 8'h10 + i, 0, "fill");
        `VP_CHECK("full_after_depth_writes", full, 1'b1)
        // write while full: dropped
        cyc(1, 8'hAA, 0, "wr_full");
        cyc(1, 8'hAB, 0, "wr_full");
        // read and write together while full: only the read happens
        cyc(1, 8'hAC, 1, "rw_full");
        // now one free slot: read+write both happen
        cyc(1, 8'h20, 1, "rw_mid");
        cyc(1, 8'h21, 0, "refill");
        // drain completely, then extra reads
        for (i = 0; i < DEPTH + 2; i = i + 1) cyc(0, 8'h00, 1, "drain");
        // simultaneous read and write while empty: only the write
        cyc(1, 8'h55, 1, "rw_empty");
        cyc(0, 8'h00, 1, "rd_after_rw_empty");
        // wrap-around: many single write/read pairs through the ring
        for (i = 0; i < 2 * DEPTH + 3; i = i + 1) cyc(1, 8'h80 + i, 1, "stream");
        // partially fill, then reset in the middle of operation
        for (i = 0; i < 5; i = i + 1) cyc(1, 8'h30 + i, 0, "partial");
        cyc(0, 8'h00, 1, "partial_rd");
        do_reset;
        `VP_CHECK("mid_reset_empty", empty, 1'b1)
        `VP_CHECK("mid_reset_rd_data_zero", rd_data, 16'h0000)
        cyc(0, 8'h00, 1, "rd_after_reset");
        cyc(1, 8'h61, 0, "after_reset");
        cyc(1, 8'h62, 1, "after_reset");
        cyc(0, 8'h00, 1, "after_reset");
        // random traffic against the model
        lfsr = 32'hC0FF_EE11;
        for (i = 0; i < 300; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            // bias towards writes in the first half, reads in the second
            cyc((i < 150) ? (lfsr[2:0] != 3'd0) : (lfsr[2:0] < 3'd3), lfsr[15:8],
                (i < 150) ? (lfsr[5:3] < 3'd3) : (lfsr[5:3] != 3'd0), "rnd");
        end
        `VP_DONE
    end
endmodule
