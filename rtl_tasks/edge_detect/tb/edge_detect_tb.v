`timescale 1ns/1ps
`include "vp_harness.vh"
// Directed bench for edge_detect (WIDTH = 4, sync active-low reset).
// Bugs this bench catches:
//   1. combinational pulses (rise = sig & ~prev) that change between clock edges
//   2. prev resets to all ones, so a high input after reset gives no rise (and a false fall)
//   3. reset clears prev but leaves rise/fall holding their last values
module tb;
    `VP_INIT
    reg clk = 1'b0;
    reg rst_n = 1'b0;
    reg [3:0] sig = 4'b0000;
    wire [3:0] rise, fall;
    reg [3:0] prev_m;
    integer i;
    reg [8*40-1:0] nm;
    reg [31:0] lfsr;

    edge_detect dut (.clk(clk), .rst_n(rst_n), .sig(sig), .rise(rise), .fall(fall));

    always #5 clk = ~clk;

    // apply a value on the falling edge; after the rising edge compare with the model
    task apply;
        input [3:0] v;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            sig = v;
            @(posedge clk);
            #1;
            $sformat(nm, "%0s_rise", tag);
            `VP_CHECK(nm, rise, v & ~prev_m)
            $sformat(nm, "%0s_fall", tag);
            `VP_CHECK(nm, fall, ~v & prev_m)
            prev_m = v;
        end
    endtask

    initial begin
        prev_m = 4'b0000;
        @(posedge clk);
        #1;
        `VP_CHECK("reset_rise_zero", rise, 4'b0000)
        `VP_CHECK("reset_fall_zero", fall, 4'b0000)
        // sig high through reset: rise pulses after release, no fall
        @(negedge clk);
        sig = 4'b1010;
        @(posedge clk);
        #1;
        `VP_CHECK("in_reset_rise_zero", rise, 4'b0000)
        rst_n = 1'b1;
        prev_m = 4'b0000;
        apply(4'b1010, "after_reset");
        apply(4'b1010, "held_no_pulse");
        apply(4'b0101, "all_toggle");
        apply(4'b0101, "held_again");
        apply(4'b1111, "two_rise");
        apply(4'b0000, "all_fall");
        apply(4'b0000, "quiet");
        // a change between edges must not show up before the edge
        @(negedge clk);
        sig = 4'b0001;
        #2;
        `VP_CHECK("no_comb_rise_before_edge", rise, 4'b0000)
        @(posedge clk);
        #1;
        `VP_CHECK("rise_after_edge", rise, 4'b0001)
        prev_m = 4'b0001;
        @(negedge clk);
        sig = 4'b0000;
        #2;
        `VP_CHECK("no_comb_fall_before_edge", fall, 4'b0000)
        `VP_CHECK("rise_still_held_until_edge", rise, 4'b0001)
        @(posedge clk);
        #1;
        `VP_CHECK("fall_after_edge", fall, 4'b0001)
        `VP_CHECK("rise_cleared_after_edge", rise, 4'b0000)
        prev_m = 4'b0000;
        // reset in the middle of a pulse
        apply(4'b1100, "pre_reset");
        @(negedge clk);
        rst_n = 1'b0;
        sig = 4'b0011;
        @(posedge clk);
        #1;
        `VP_CHECK("mid_reset_rise_cleared", rise, 4'b0000)
        `VP_CHECK("mid_reset_fall_cleared", fall, 4'b0000)
        @(negedge clk);
        sig = 4'b0000;
        @(posedge clk);
        #1;
        rst_n = 1'b1;
        prev_m = 4'b0000;
        apply(4'b0000, "low_after_reset_no_fall");
        apply(4'b1001, "rise_after_second_reset");
        // random walk
        lfsr = 32'h0BAD_F00D;
        for (i = 0; i < 80; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            $sformat(nm, "rnd%0d", i);
            apply(lfsr[3:0] ^ lfsr[11:8], nm);
        end
        `VP_DONE
    end
endmodule
