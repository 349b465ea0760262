`timescale 1ns/1ps
`include "vp_harness.vh"
// Model-checked bench for skid_buffer (WIDTH 16, async active-low reset).
// Bugs this bench catches:
//   1. no skid entry: a word arriving while the head is stalled overwrites the head (drop)
//   2. the skid entry is not released after it moves to the head (in_ready stays low: deadlock)
//   3. a bubble: after the head leaves, the skid word is presented one cycle late
module tb;
    `VP_INIT
    reg clk = 1'b0;
    reg rst_n = 1'b0;
    reg in_valid = 1'b0, out_ready = 1'b0;
    reg [15:0] in_data = 16'h0000;
    wire in_ready, out_valid;
    wire [15:0] out_data;

    reg [15:0] mq0, mq1;      // model queue, mq0 oldest
    integer mn;               // model count
    reg [15:0] next_word;
    reg ef_in, ef_out;
    integer i, n, outs, phase;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    skid_buffer dut (.clk(clk), .rst_n(rst_n), .in_valid(in_valid), .in_ready(in_ready), .in_data(in_data),
                     .out_valid(out_valid), .out_ready(out_ready), .out_data(out_data));

    always #5 clk = ~clk;

    task cyc;
        input vin;
        input rdy;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            if (!in_valid && vin) begin
                in_valid = 1'b1;
                in_data = next_word;
            end
            out_ready = rdy;
            #1;
            n = n + 1;
            $sformat(nm, "%0s_%0d_in_ready", tag, n);
            `VP_CHECK(nm, in_ready, (mn <= 1))
            $sformat(nm, "%0s_%0d_out_valid", tag, n);
            `VP_CHECK(nm, out_valid, (mn >= 1))
            if (mn >= 1) begin
                $sformat(nm, "%0s_%0d_out_data", tag, n);
                `VP_CHECK(nm, out_data, mq0)
            end
            ef_in = in_valid && (mn <= 1);
            ef_out = (mn >= 1) && rdy;
            @(posedge clk);
            if (ef_out) begin
                outs = outs + 1;
                mq0 = mq1;
                mn = mn - 1;
            end
            if (ef_in) begin
                if (mn == 0) mq0 = in_data; else mq1 = in_data;
                mn = mn + 1;
                next_word = next_word + 16'h0101;
                #1 in_valid = 1'b0;
            end
        end
    endtask

    initial begin
        mn = 0; mq0 = 16'h0; mq1 = 16'h0; next_word = 16'h1001; n = 0; outs = 0;
        #12;
        `VP_CHECK("in_reset_empty", out_valid, 1'b0)
        `VP_CHECK("in_reset_ready", in_ready, 1'b1)
        @(negedge clk);
        rst_n = 1'b1;
        // stalled consumer: two words are taken, then in_ready drops
        cyc(1, 0, "stall_fill");
        cyc(1, 0, "stall_fill");
        cyc(1, 0, "stall_full");
        cyc(1, 0, "stall_full");
        // consumer takes one: in_ready rises only after the edge
        cyc(1, 1, "release_one");
        cyc(1, 0, "refill");
        // full-speed streaming from full
        outs = 0;
        for (i = 0; i < 24; i = i + 1) cyc(1, 1, "stream");
        `VP_CHECK("stream_one_per_cycle", outs, 24)
        // drain completely
        cyc(0, 1, "drain");
        cyc(0, 1, "drain");
        cyc(0, 1, "drain_empty");
        // single word with immediate ready: no bubble from empty either
        outs = 0;
        for (i = 0; i < 10; i = i + 1) cyc(1, 1, "from_empty");
        `VP_CHECK("from_empty_throughput", outs, 9)
        // alternating ready while the producer is always valid
        for (i = 0; i < 16; i = i + 1) cyc(1, i[0], "alt");
        // stall with a full buffer, then async reset between edges
        cyc(1, 0, "pre_reset");
        cyc(1, 0, "pre_reset");
        @(negedge clk);
        #2;
        rst_n = 1'b0;
        #1;
        `VP_CHECK("async_reset_empty_now", out_valid, 1'b0)
        `VP_CHECK("async_reset_ready_now", in_ready, 1'b1)
        @(posedge clk);
        #1;
        `VP_CHECK("reset_held_empty", out_valid, 1'b0)
        rst_n = 1'b1;
        in_valid = 1'b0;
        mn = 0;
        next_word = 16'hA001;
        // random traffic with phases: balanced, slow producer, slow consumer, bursty
        lfsr = 32'h6A09_E667;
        for (i = 0; i < 600; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            phase = (i / 150) % 4;
            cyc((phase == 1) ? (lfsr[1:0] == 2'b00) : (lfsr[1:0] != 2'b00),
                (phase == 2) ? (lfsr[4:2] == 3'd0) : (phase == 3) ? lfsr[9] : (lfsr[3] | lfsr[4]), "rnd");
        end
        `VP_DONE
    end
endmodule
