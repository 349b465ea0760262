`timescale 1ns/1ps
`include "vp_harness.vh"
// Directed + model-checked bench for lfsr16 (async active-low reset to 16'h0001).
// Bugs this bench catches:
//   1. a zero seed is loaded as 0 and the LFSR locks up
//   2. wrong tap (q[11] instead of q[10]): a different, shorter sequence
//   3. load only takes effect when en = 1
module tb;
    `VP_INIT
    reg clk = 1'b0;
    reg rst_n = 1'b0, en = 1'b0, load = 1'b0;
    reg [15:0] seed = 16'h0000;
    wire [15:0] q;
    wire bit_out;
    reg [15:0] m;
    integer i, period;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    lfsr16 dut (.clk(clk), .rst_n(rst_n), .en(en), .load(load), .seed(seed), .q(q), .bit_out(bit_out));

    always #5 clk = ~clk;

    task cyc;
        input e;
        input l;
        input [15:0] s;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            en = e; load = l; seed = s;
            @(posedge clk);
            #1;
            if (l) m = (s == 16'h0000) ? 16'h0001 : s;
            else if (e) m = {m[14:0], m[15] ^ m[13] ^ m[12] ^ m[10]};
            $sformat(nm, "%0s_q", tag);
            `VP_CHECK(nm, q, m)
            $sformat(nm, "%0s_bit_out", tag);
            `VP_CHECK(nm, bit_out, m[15])
        end
    endtask

    initial begin
        m = 16'h0001;
        #12;
        `VP_CHECK("reset_value", q, 16'h0001)
        @(negedge clk);
        rst_n = 1'b1;
        // first shifts from 0001 walk a single one up
        for (i = 0; i < 20; i = i + 1) begin
            $sformat(nm, "walk%0d", i);
            cyc(1, 0, 16'h0000, nm);
        end
        // hold
        cyc(0, 0, 16'h0000, "hold1");
        cyc(0, 0, 16'hFFFF, "hold2");
        // load with en = 0 and with en = 1
        cyc(0, 1, 16'hACE1, "load_en0");
        cyc(1, 0, 16'h0000, "shift_after_load");
        cyc(1, 1, 16'h8000, "load_en1");
        cyc(1, 0, 16'h0000, "shift_msb");
        // zero seed is replaced by 1
        cyc(0, 1, 16'h0000, "zero_seed");
        cyc(1, 0, 16'h0000, "after_zero_seed");
        cyc(1, 1, 16'h0000, "zero_seed_en1");
        // full period: exactly 65535 shifts back to the start, never zero
        @(negedge clk);
        en = 1'b1; load = 1'b0;
        period = 0;
        @(posedge clk);
        #1;
        period = 1;
        while (q !== 16'h0001 && q !== 16'h0000 && period < 70000) begin
            @(posedge clk);
            #1;
            period = period + 1;
        end
        `VP_CHECK("full_period_65535", period, 65535)
        `VP_CHECK("period_ends_at_start", q, 16'h0001)
        m = 16'h0001;
        // async reset in the middle of shifting
        cyc(1, 1, 16'h1234, "pre_reset_load");
        cyc(1, 0, 16'h0000, "pre_reset_shift");
        @(negedge clk);
        #1;
        rst_n = 1'b0;
        #1;
        `VP_CHECK("async_reset_now", q, 16'h0001)
        @(posedge clk);
        #1;
        `VP_CHECK("reset_held", q, 16'h0001)
        rst_n = 1'b1;
        m = 16'h0001;
        // random control
        lfsr = 32'hB5AD_4ECE;
        for (i = 0; i < 200; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            $sformat(nm, "rnd%0d", i);
            cyc(lfsr[0] | lfsr[1], lfsr[4:2] == 3'd0, (lfsr[6:5] == 2'd0) ? 16'h0000 : lfsr[31:16], nm);
        end
        `VP_DONE
    end
endmodule
