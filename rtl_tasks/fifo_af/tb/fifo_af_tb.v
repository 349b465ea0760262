`timescale 1ns/1ps
`include "vp_harness.vh"
// Directed + model-checked bench for fifo_af (WIDTH 8, DEPTH 16, AF 12, AE 3, async active-low reset).
// Bugs this bench catches:
//   1. a write while full is rejected even when a read frees a slot in the same edge
//   2. almost_full uses > instead of >= (raised one word late)
//   3. synchronous reset: count and flags do not clear until the next clock edge
module tb;
    `VP_INIT
    localparam DEPTH = 16;
    reg clk = 1'b0;
    reg rst_n = 1'b0;
    reg wr_en = 1'b0, rd_en = 1'b0;
    reg [7:0] wr_data = 8'h00;
    wire [7:0] rd_data;
    wire [4:0] count;
    wire full, empty, almost_full, almost_empty, overflow, underflow;

    reg [7:0] q [0:DEPTH-1];
    integer head, cnt, i, step_no;
    reg exp_ovf, exp_udf;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    fifo_af dut (.clk(clk), .rst_n(rst_n), .wr_en(wr_en), .wr_data(wr_data), .rd_en(rd_en),
                 .rd_data(rd_data), .count(count), .full(full), .empty(empty),
                 .almost_full(almost_full), .almost_empty(almost_empty),
                 .overflow(overflow), .underflow(underflow));

    always #5 clk = ~clk;

    task check_all;
        input [8*24-1:0] tag;
        begin
            $sformat(nm, "%0s_%0d_count", tag, step_no);
            `VP_CHECK(nm, count, cnt)
            $sformat(nm, "%0s_%0d_full", tag, step_no);
            `VP_CHECK(nm, full, (cnt == DEPTH))
            $sformat(nm, "%0s_%0d_empty", tag, step_no);
            `VP_CHECK(nm, empty, (cnt == 0))
            $sformat(nm, "%0s_%0d_almost_full", tag, step_no);
            `VP_CHECK(nm, almost_full, (cnt >= 12))
            $sformat(nm, "%0s_%0d_almost_empty", tag, step_no);
            `VP_CHECK(nm, almost_empty, (cnt <= 3))
            $sformat(nm, "%0s_%0d_overflow", tag, step_no);
            `VP_CHECK(nm, overflow, exp_ovf)
            $sformat(nm, "%0s_%0d_underflow", tag, step_no);
            `VP_CHECK(nm, underflow, exp_udf)
            if (cnt > 0) begin
                $sformat(nm, "%0s_%0d_rd_data", tag, step_no);
                `VP_CHECK(nm, rd_data, q[head])
            end
        end
    endtask

    task cyc;
        input w;
        input [7:0] d;
        input r;
        input [8*24-1:0] tag;
        reg wacc, racc;
        begin
            @(negedge clk);
            wr_en = w; wr_data = d; rd_en = r;
            racc = r && (cnt > 0);
            wacc = w && ((cnt < DEPTH) || r);
            @(posedge clk);
            #1;
            if (racc) begin
                head = (head + 1) % DEPTH;
                cnt = cnt - 1;
            end
            if (wacc) begin
                q[(head + cnt) % DEPTH] = d;
                cnt = cnt + 1;
            end
            exp_ovf = w && !wacc;
            exp_udf = r && !racc;
            step_no = step_no + 1;
            check_all(tag);
        end
    endtask

    initial begin
        head = 0; cnt = 0; step_no = 0; exp_ovf = 1'b0; exp_udf = 1'b0;
        #12;
        `VP_CHECK("in_reset_count_zero", count, 5'd0)
        `VP_CHECK("in_reset_empty", empty, 1'b1)
        `VP_CHECK("in_reset_almost_empty", almost_empty, 1'b1)
        @(negedge clk);
        rst_n = 1'b1;
        // underflow on an empty read
        cyc(0, 8'h00, 1, "rd_empty");
        cyc(0, 8'h00, 0, "idle");
        // fall-through: the first word is visible right after its write edge
        cyc(1, 8'hA0, 0, "fwft_first");
        cyc(0, 8'h00, 1, "fwft_pop");
        // fill to full one word at a time, crossing AE and AF thresholds
        for (i = 0; i < DEPTH; i = i + 1) cyc(1, 8'h40 + i, 0, "fill");
        // write while full: overflow, stored words intact
        cyc(1, 8'hEE, 0, "wr_full");
        cyc(1, 8'hEF, 0, "wr_full2");
        // read and write while full: both accepted, count stays DEPTH, no overflow
        cyc(1, 8'hC0, 1, "rw_full");
        cyc(1, 8'hC1, 1, "rw_full");
        // drain down through the thresholds
        for (i = 0; i < DEPTH; i = i + 1) cyc(0, 8'h00, 1, "drain");
        // read and write while empty: write only, underflow pulse
        cyc(1, 8'h77, 1, "rw_empty");
        cyc(0, 8'h00, 0, "idle2");
        // wrap-around streaming
        for (i = 0; i < 3 * DEPTH; i = i + 1) cyc(1, 8'h90 + i, i[0], "stream");
        // asynchronous reset in the middle of operation (between clock edges)
        @(negedge clk);
        wr_en = 1'b1; wr_data = 8'h11; rd_en = 1'b0;
        #2;
        rst_n = 1'b0;
        #1;
        `VP_CHECK("async_reset_count_now", count, 5'd0)
        `VP_CHECK("async_reset_empty_now", empty, 1'b1)
        `VP_CHECK("async_reset_not_almost_full_now", almost_full, 1'b0)
        @(posedge clk);
        #1;
        `VP_CHECK("reset_held_ignores_write", count, 5'd0)
        `VP_CHECK("reset_held_no_overflow", overflow, 1'b0)
        @(negedge clk);
        rst_n = 1'b1;
        wr_en = 1'b0;
        head = 0; cnt = 0; exp_ovf = 1'b0; exp_udf = 1'b0;
        cyc(1, 8'h5A, 0, "after_reset");
        cyc(1, 8'h5B, 0, "after_reset");
        cyc(0, 8'h00, 1, "after_reset");
        // random traffic
        lfsr = 32'h0DDB_A115;
        for (i = 0; i < 400; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cyc((i % 100 < 50) ? (lfsr[2:0] != 3'd0) : (lfsr[2:0] < 3'd3), lfsr[15:8],
                (i % 100 < 50) ? (lfsr[5:3] < 3'd3) : (lfsr[5:3] != 3'd0), "rnd");
        end
        `VP_DONE
    end
endmodule
