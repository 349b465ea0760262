`timescale 1ns/1ps
`include "vp_harness.vh"
// Model-checked bench for sipo_deser (sync active-low reset).
// Bugs this bench catches:
//   1. LSB-first assembly (the first bit lands in dout[0])
//   2. the bit counter advances on gap cycles (sin_valid = 0)
//   3. flush does not clear the bit counter (the partial byte's bits still count)
module tb;
    `VP_INIT
    reg clk = 1'b0;
    reg rst_n = 1'b0, flush = 1'b0, sin = 1'b0, sin_valid = 1'b0;
    wire [7:0] dout;
    wire dout_valid;
    reg [7:0] mdout, macc;
    reg mvalid;
    integer mcnt, i, b, n, pulses;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    sipo_deser dut (.clk(clk), .rst_n(rst_n), .flush(flush), .sin(sin), .sin_valid(sin_valid),
                    .dout(dout), .dout_valid(dout_valid));

    always #5 clk = ~clk;

    task cyc;
        input f;
        input v;
        input s;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            flush = f; sin_valid = v; sin = s;
            @(posedge clk);
            #1;
            mvalid = 1'b0;
            if (f) mcnt = 0;
            else if (v) begin
                macc = {macc[6:0], s};
                mcnt = mcnt + 1;
                if (mcnt == 8) begin
                    mdout = macc; mvalid = 1'b1; mcnt = 0;
                end
            end
            if (mvalid) pulses = pulses + 1;
            n = n + 1;
            $sformat(nm, "%0s_%0d_dout", tag, n);
            `VP_CHECK(nm, dout, mdout)
            $sformat(nm, "%0s_%0d_dout_valid", tag, n);
            `VP_CHECK(nm, dout_valid, mvalid)
        end
    endtask

    task send_byte;
        input [7:0] by;
        input gaps;
        input [8*24-1:0] tag;
        begin
            for (b = 7; b >= 0; b = b - 1) begin
                cyc(0, 1, by[b], tag);
                if (gaps) cyc(0, 0, ~by[b], tag);
            end
        end
    endtask

    initial begin
        mdout = 8'h00; macc = 8'h00; mvalid = 1'b0; mcnt = 0; n = 0; pulses = 0;
        @(posedge clk);
        #1;
        `VP_CHECK("reset_dout_zero", dout, 8'h00)
        `VP_CHECK("reset_valid_zero", dout_valid, 1'b0)
        rst_n = 1'b1;
        send_byte(8'hC1, 0, "c1");
        `VP_CHECK("byte_c1_done", dout, 8'hC1)
        send_byte(8'h80, 1, "80_gaps");
        send_byte(8'h01, 0, "01");
        // back-to-back bytes give separate pulses
        pulses = 0;
        send_byte(8'h5A, 0, "b2b");
        send_byte(8'h5A, 0, "b2b");
        `VP_CHECK("b2b_two_pulses", pulses, 2)
        // flush in the middle of a byte
        cyc(0, 1, 1, "partial"); cyc(0, 1, 1, "partial"); cyc(0, 1, 1, "partial");
        cyc(1, 1, 0, "flush");
        send_byte(8'h0F, 0, "after_flush");
        `VP_CHECK("after_flush_aligned", dout, 8'h0F)
        // flush on the eighth bit: no byte produced
        for (b = 0; b < 7; b = b + 1) cyc(0, 1, 1, "flush8");
        cyc(1, 1, 1, "flush8_edge");
        `VP_CHECK("flush8_no_pulse", dout_valid, 1'b0)
        // reset in the middle of a byte
        cyc(0, 1, 1, "pre_reset"); cyc(0, 1, 0, "pre_reset");
        @(negedge clk);
        rst_n = 1'b0; sin_valid = 1'b1; sin = 1'b1;
        @(posedge clk);
        #1;
        `VP_CHECK("mid_reset_dout_zero", dout, 8'h00)
        rst_n = 1'b1;
        mdout = 8'h00; mcnt = 0;
        send_byte(8'hE7, 1, "after_reset");
        // random stream with gaps and rare flushes
        lfsr = 32'h510E_527F;
        for (i = 0; i < 600; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cyc(lfsr[7:2] == 6'd0, lfsr[1] | lfsr[3], lfsr[0], "rnd");
        end
        `VP_DONE
    end
endmodule
