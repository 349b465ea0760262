`timescale 1ns/1ps
`include "vp_harness.vh"
// Directed + model-checked bench for debounce (STABLE = 4, async active-low reset).
// Bugs this bench catches:
//   1. the count is not cleared when noisy agrees again (bounces accumulate)
//   2. off by one: clean changes after STABLE+1 disagreeing samples
//   3. synchronous reset: clean stays high until the next clock edge
module tb;
    `VP_INIT
    reg clk = 1'b0;
    reg rst_n = 1'b0;
    reg noisy = 1'b0;
    wire clean, rose, fell;
    reg mc, mr, mf;
    integer c, i, n;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    debounce dut (.clk(clk), .rst_n(rst_n), .noisy(noisy), .clean(clean), .rose(rose), .fell(fell));

    always #5 clk = ~clk;

    task cyc;
        input b;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            noisy = b;
            @(posedge clk);
            #1;
            mr = 1'b0; mf = 1'b0;
            if (b == mc) c = 0;
            else if (c == 3) begin
                mr = b; mf = !b; mc = b; c = 0;
            end else c = c + 1;
            n = n + 1;
            $sformat(nm, "%0s_%0d_clean", tag, n);
            `VP_CHECK(nm, clean, mc)
            $sformat(nm, "%0s_%0d_rose", tag, n);
            `VP_CHECK(nm, rose, mr)
            $sformat(nm, "%0s_%0d_fell", tag, n);
            `VP_CHECK(nm, fell, mf)
        end
    endtask

    initial begin
        mc = 1'b0; mr = 1'b0; mf = 1'b0; c = 0; n = 0;
        #12;
        `VP_CHECK("in_reset_clean", clean, 1'b0)
        rst_n = 1'b1;
        // clean press: exactly four samples
        cyc(1, "press"); cyc(1, "press"); cyc(1, "press");
        `VP_CHECK("not_yet_after_3", clean, 1'b0)
        cyc(1, "press");
        `VP_CHECK("clean_after_4", clean, 1'b1)
        `VP_CHECK("rose_after_4", rose, 1'b1)
        cyc(1, "held");
        `VP_CHECK("rose_one_cycle", rose, 1'b0)
        // spec example: bounce restarts the count
        cyc(0, "bounce_release"); cyc(0, "bounce_release"); cyc(1, "bounce_release");
        cyc(0, "bounce_release"); cyc(0, "bounce_release"); cyc(0, "bounce_release");
        `VP_CHECK("bounce_not_yet", clean, 1'b1)
        cyc(0, "bounce_release");
        `VP_CHECK("release_after_4_stable", clean, 1'b0)
        `VP_CHECK("fell_pulse", fell, 1'b1)
        cyc(0, "quiet");
        // a single-cycle glitch never passes; many glitches in a row don't either
        for (i = 0; i < 12; i = i + 1) cyc(i % 4 != 3, "glitches");
        for (i = 0; i < 10; i = i + 1) cyc(i[0], "toggle");
        `VP_CHECK("toggle_never_passes", clean, 1'b0)
        // long press then async reset between edges while high
        for (i = 0; i < 6; i = i + 1) cyc(1, "long_press");
        @(negedge clk);
        #1;
        rst_n = 1'b0;
        #1;
        `VP_CHECK("async_reset_clean_now", clean, 1'b0)
        @(posedge clk);
        #1;
        `VP_CHECK("reset_held", clean, 1'b0)
        `VP_CHECK("reset_no_rose", rose, 1'b0)
        rst_n = 1'b1;
        mc = 1'b0; c = 0;
        // noisy still high after reset: takes four samples again
        cyc(1, "after_reset"); cyc(1, "after_reset"); cyc(1, "after_reset"); cyc(1, "after_reset");
        `VP_CHECK("after_reset_clean", clean, 1'b1)
        // random bouncy signal with slow drift
        lfsr = 32'h3C6E_F372;
        for (i = 0; i < 500; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cyc(((i / 25) % 2 == 1) ^ (lfsr[2:0] == 3'd0), "rnd");
        end
        `VP_DONE
    end
endmodule
