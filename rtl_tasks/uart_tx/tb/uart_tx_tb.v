`timescale 1ns/1ps
`include "vp_harness.vh"
// Cycle-accurate model bench for uart_tx (CLKS_PER_BIT = 4, sync active-high reset).
// Bugs this bench catches:
//   1. data bits sent MSB first
//   2. odd parity instead of even
//   3. tx_ready only when idle: an extra idle cycle between back-to-back frames
module tb;
    `VP_INIT
    localparam CPB = 4;
    reg clk = 1'b0;
    reg rst = 1'b1;
    reg tx_valid = 1'b0, parity_en = 1'b0;
    reg [7:0] tx_data = 8'h00;
    wire tx_ready, txd;

    // model
    reg mbusy;
    reg [10:0] mframe;        // whole frame, bit 0 = start bit
    integer mnbits, midx, mtick;
    reg mready, mtxd;
    integer i, n, frames, cycles;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    uart_tx dut (.clk(clk), .rst(rst), .tx_valid(tx_valid), .tx_data(tx_data), .parity_en(parity_en),
                 .tx_ready(tx_ready), .txd(txd));

    always #5 clk = ~clk;

    task model_outputs;
        begin
            mready = !mbusy || (midx == mnbits - 1 && mtick == CPB - 1);
            mtxd = mbusy ? mframe[midx] : 1'b1;
        end
    endtask

    // drive (v, d, p) on the falling edge, check tx_ready before the edge,
    // update the model at the edge, check txd after it
    task cyc;
        input v;
        input [7:0] d;
        input p;
        input [8*24-1:0] tag;
        reg acc;
        begin
            @(negedge clk);
            tx_valid = v; tx_data = d; parity_en = p;
            #1;
            model_outputs;
            n = n + 1;
            $sformat(nm, "%0s_%0d_tx_ready", tag, n);
            `VP_CHECK(nm, tx_ready, mready)
            acc = v && mready;
            @(posedge clk);
            #1;
            if (acc) begin
                mbusy = 1'b1; midx = 0; mtick = 0; frames = frames + 1;
                if (p) begin
                    mframe = {1'b1, ^d, d, 1'b0}; mnbits = 11;
                end else begin
                    mframe = {1'b0, 1'b1, d, 1'b0}; mnbits = 10;
                end
            end else if (mbusy) begin
                if (mtick < CPB - 1) mtick = mtick + 1;
                else begin
                    mtick = 0;
                    if (midx == mnbits - 1) mbusy = 1'b0;
                    else midx = midx + 1;
                end
            end
            model_outputs;
            $sformat(nm, "%0s_%0d_txd", tag, n);
            `VP_CHECK(nm, txd, mtxd)
        end
    endtask

    // offer a byte and keep offering until accepted, then idle until the line is idle
    task send_wait;
        input [7:0] d;
        input p;
        input [8*24-1:0] tag;
        integer guard;
        begin
            guard = 0;
            cyc(1, d, p, tag);
            while (!(mbusy && midx == 0 && mtick == 0) && guard < 100) begin
                cyc(1, d, p, tag);
                guard = guard + 1;
            end
            guard = 0;
            while (mbusy && guard < 100) begin
                cyc(0, ~d, ~p, tag);   // data and parity_en change after acceptance
                guard = guard + 1;
            end
        end
    endtask

    initial begin
        mbusy = 1'b0; mframe = 11'h7FF; mnbits = 10; midx = 0; mtick = 0; n = 0; frames = 0;
        @(posedge clk);
        #1;
        `VP_CHECK("reset_idle_txd", txd, 1'b1)
        `VP_CHECK("reset_ready", tx_ready, 1'b1)
        rst = 1'b0;
        cyc(0, 8'h00, 0, "idle");
        cyc(0, 8'h00, 0, "idle");
        send_wait(8'h55, 0, "b55");
        send_wait(8'h01, 0, "b01");
        send_wait(8'h80, 1, "b80_par");
        send_wait(8'h03, 1, "b03_par_even");
        send_wait(8'hFF, 1, "bff_par");
        // back-to-back: valid held, data changes right after each acceptance
        frames = 0;
        cycles = 0;
        for (i = 0; i < 3 * 10 * CPB; i = i + 1) begin
            cyc(1, 8'hA0 + frames, 0, "b2b");
            cycles = cycles + 1;
        end
        `VP_CHECK("b2b_three_frames_no_gap", frames, 3)
        // back-to-back with parity (11 bit times each)
        frames = 0;
        for (i = 0; i < 2 * 11 * CPB; i = i + 1) cyc(1, 8'h3C ^ frames, 1, "b2b_par");
        `VP_CHECK("b2b_par_two_frames", frames, 2)
        for (i = 0; i < 12 * CPB; i = i + 1) cyc(0, 8'h00, 0, "drain");
        // reset in the middle of a frame
        cyc(1, 8'h0F, 0, "pre_reset");
        for (i = 0; i < 9; i = i + 1) cyc(0, 8'h00, 0, "pre_reset");
        @(negedge clk);
        rst = 1'b1; tx_valid = 1'b1; tx_data = 8'h00;
        @(posedge clk);
        #1;
        `VP_CHECK("mid_reset_txd_idle", txd, 1'b1)
        `VP_CHECK("mid_reset_ready", tx_ready, 1'b1)
        rst = 1'b0;
        mbusy = 1'b0;
        tx_valid = 1'b0;
        send_wait(8'hC3, 0, "after_reset");
        // random offers
        lfsr = 32'h9B05_688C;
        for (i = 0; i < 1200; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cyc(lfsr[2:0] == 3'd0 || ((i / 300) % 2 == 1 && lfsr[3]), lfsr[15:8], lfsr[4], "rnd");
        end
        `VP_DONE
    end
endmodule
