`timescale 1ns/1ps
`include "vp_harness.vh"
// Cycle-accurate model bench for uart_rx (CLKS_PER_BIT = 8, sync active-low reset).
// Bugs this bench catches:
//   1. samples at the start of each bit instead of the middle (no half-bit offset)
//   2. no false-start check: a short low glitch is received as a frame
//   3. after a framing error the receiver restarts at once: a held-low break gives repeated errors
module tb;
    `VP_INIT
    localparam CPB = 8, HALF = 4;
    localparam IDLE = 0, RECV = 1, WAITHI = 2;
    reg clk = 1'b0;
    reg rst_n = 1'b0;
    reg rxd = 1'b1;
    wire [7:0] rx_data;
    wire rx_valid, frame_err;

    integer mode, t, i, j, n, goods, errs;
    reg [7:0] msh, mdata;
    reg mvalid, merr;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    uart_rx dut (.clk(clk), .rst_n(rst_n), .rxd(rxd), .rx_data(rx_data), .rx_valid(rx_valid), .frame_err(frame_err));

    always #5 clk = ~clk;

    task model_edge;
        input r;
        begin
            mvalid = 1'b0; merr = 1'b0;
            if (mode == IDLE) begin
                if (!r) begin mode = RECV; t = 0; end
            end else if (mode == RECV) begin
                t = t + 1;
                if (t == HALF) begin
                    if (r) mode = IDLE;
                end else if (t > HALF && t < HALF + 9 * CPB && (t - HALF) % CPB == 0) begin
                    msh[(t - HALF) / CPB - 1] = r;
                end else if (t == HALF + 9 * CPB) begin
                    if (r) begin
                        mdata = msh; mvalid = 1'b1; mode = IDLE; goods = goods + 1;
                    end else begin
                        merr = 1'b1; mode = WAITHI; errs = errs + 1;
                    end
                end
            end else begin
                if (r) mode = IDLE;
            end
        end
    endtask

    task cyc;
        input r;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            rxd = r;
            @(posedge clk);
            #1;
            model_edge(r);
            n = n + 1;
            $sformat(nm, "%0s_%0d_rx_valid", tag, n);
            `VP_CHECK(nm, rx_valid, mvalid)
            $sformat(nm, "%0s_%0d_frame_err", tag, n);
            `VP_CHECK(nm, frame_err, merr)
            $sformat(nm, "%0s_%0d_rx_data", tag, n);
            `VP_CHECK(nm, rx_data, mdata)
        end
    endtask

    // one frame; bitlen cycles per bit; stop = value of the stop bit
    task frame;
        input [7:0] d;
        input stop;
        input integer bitlen;
        input [8*24-1:0] tag;
        integer b, c;
        reg v;
        begin
            for (b = 0; b < 10; b = b + 1) begin
                v = (b == 0) ? 1'b0 : (b == 9) ? stop : d[b - 1];
                for (c = 0; c < bitlen; c = c + 1) cyc(v, tag);
            end
        end
    endtask

    task line_idle;
        input integer cycles;
        input [8*24-1:0] tag;
        integer c;
        begin
            for (c = 0; c < cycles; c = c + 1) cyc(1'b1, tag);
        end
    endtask

    initial begin
        mode = IDLE; t = 0; msh = 8'h00; mdata = 8'h00; mvalid = 1'b0; merr = 1'b0;
        n = 0; goods = 0; errs = 0;
        @(posedge clk);
        #1;
        `VP_CHECK("reset_rx_data", rx_data, 8'h00)
        `VP_CHECK("reset_no_valid", rx_valid, 1'b0)
        rst_n = 1'b1;
        line_idle(5, "idle");
        frame(8'h55, 1, CPB, "f55");
        line_idle(3, "gap");
        frame(8'hA3, 1, CPB, "fa3");
        // back-to-back frames, no idle between stop and next start
        frame(8'h00, 1, CPB, "b2b");
        frame(8'hFF, 1, CPB, "b2b");
        frame(8'h81, 1, CPB, "b2b");
        line_idle(4, "gap");
        `VP_CHECK("five_good_frames", goods, 5)
        // glitches: low for fewer than HALF cycles -> false start
        cyc(0, "glitch1"); line_idle(12, "glitch1");
        cyc(0, "glitch3"); cyc(0, "glitch3"); cyc(0, "glitch3"); line_idle(12, "glitch3");
        `VP_CHECK("glitches_no_frames", goods, 5)
        // short glitches inside data bits away from the sampling points are ignored
        for (i = 0; i < CPB; i = i + 1) cyc(0, "start");
        for (i = 0; i < 8; i = i + 1)
            for (j = 0; j < CPB; j = j + 1) cyc(((i % 2) == 0) ^ (j == 1 || j == 6), "glitchy_bits");
        for (j = 0; j < CPB; j = j + 1) cyc(1, "stop");
        `VP_CHECK("glitchy_frame_ok", rx_data, 8'h55)
        // framing error
        frame(8'h3C, 0, CPB, "ferr");
        line_idle(6, "after_ferr");
        // break: line held low for several frame times -> one error only
        errs = 0;
        for (i = 0; i < 30 * CPB; i = i + 1) cyc(0, "break");
        `VP_CHECK("break_one_error", errs, 1)
        line_idle(3, "break_end");
        frame(8'h96, 1, CPB, "after_break");
        // reset in the middle of a frame
        for (i = 0; i < 5 * CPB; i = i + 1) cyc((i < CPB) ? 1'b0 : 1'b1, "pre_reset");
        @(negedge clk);
        rst_n = 1'b0;
        rxd = 1'b0;
        @(posedge clk);
        #1;
        `VP_CHECK("mid_reset_data_zero", rx_data, 8'h00)
        `VP_CHECK("mid_reset_no_valid", rx_valid, 1'b0)
        rst_n = 1'b1;
        mode = IDLE; mdata = 8'h00;
        line_idle(2, "after_reset");
        frame(8'h5A, 1, CPB, "after_reset");
        // off-speed transmitters (7 and 9 cycles per bit): checked against the model
        frame(8'hC7, 1, CPB - 1, "fast_tx");
        line_idle(4, "gap");
        frame(8'h38, 1, CPB + 1, "slow_tx");
        line_idle(4, "gap");
        // random frames, gaps, glitches and errors
        lfsr = 32'h2F5A_1C3B;
        for (i = 0; i < 60; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            if (lfsr[3:0] == 4'd0) begin
                for (j = 0; j < 1 + lfsr[5:4]; j = j + 1) cyc(0, "rnd_glitch");
                line_idle(1 + lfsr[7:6], "rnd_glitch");
            end else begin
                frame(lfsr[15:8], lfsr[18:16] != 3'd0, CPB, "rnd_frame");
                line_idle(lfsr[20:19], "rnd_gap");
            end
        end
        `VP_DONE
    end
endmodule
