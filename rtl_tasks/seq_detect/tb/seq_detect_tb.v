`timescale 1ns/1ps
`include "vp_harness.vh"
// Directed bench for seq_detect (Moore, overlapping 1011, sync active-high reset).
// Bugs this bench catches:
//   1. no overlap: after a match the machine restarts from scratch (1011011 gives one hit)
//   2. from "101" a 0 returns to idle instead of "10" (misses 101011)
//   3. reset is asynchronous (detected drops before the clock edge)
module tb;
    `VP_INIT
    reg clk = 1'b0;
    reg rst = 1'b1;
    reg din = 1'b0;
    wire detected;
    reg [3:0] hist;      // last four bits since reset, newest in bit 0
    integer nbits;       // bits sampled since reset
    integer i;
    reg [8*40-1:0] nm;
    reg [31:0] lfsr;

    seq_detect dut (.clk(clk), .rst(rst), .din(din), .detected(detected));

    always #5 clk = ~clk;

    // drive one bit on the falling edge, check after the rising edge
    task send;
        input b;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            din = b;
            @(posedge clk);
            #1;
            hist  = {hist[2:0], b};
            nbits = nbits + 1;
            $sformat(nm, "%0s_bit%0d", tag, nbits);
            `VP_CHECK(nm, detected, (nbits >= 4 && hist == 4'b1011) ? 1'b1 : 1'b0)
        end
    endtask

    task do_reset;
        begin
            @(negedge clk);
            rst = 1'b1;
            din = 1'b1;
            @(posedge clk);
            #1;
            `VP_CHECK("reset_clears_detected", detected, 1'b0)
            rst = 1'b0;   // released right after the edge: the next edge samples din
            hist = 4'b0000;
            nbits = 0;
        end
    endtask

    initial begin
        hist = 4'b0000;
        nbits = 0;
        do_reset;
        // plain match
        send(1, "a"); send(0, "a"); send(1, "a"); send(1, "a");
        // overlap through the trailing "1" + "011"
        send(0, "b"); send(1, "b"); send(1, "b");
        // "1010" must fall back to "10" and then complete
        send(0, "c"); send(1, "c"); send(0, "c"); send(1, "c"); send(1, "c");
        // long run of ones, then 1011 with a leading run
        send(1, "d"); send(1, "d"); send(1, "d"); send(0, "d"); send(1, "d"); send(1, "d");
        send(1, "d"); send(0, "d"); send(0, "d"); send(1, "d"); send(0, "d"); send(1, "d"); send(1, "d");
        // zeros flush
        send(0, "e"); send(0, "e"); send(0, "e");
        // partial pattern, then reset in the middle: "101" + reset + "1" must not match
        send(1, "f"); send(0, "f"); send(1, "f");
        do_reset;
        send(1, "g"); send(1, "g"); send(0, "g"); send(1, "g"); send(1, "g");
        // reset asserted while detected = 1 must not clear it before the edge
        send(1, "h"); send(0, "h"); send(1, "h"); send(1, "h");
        @(negedge clk);
        rst = 1'b1;
        #2;
        `VP_CHECK("sync_reset_waits_for_edge", detected, 1'b1)
        @(posedge clk);
        #1;
        `VP_CHECK("sync_reset_clears_at_edge", detected, 1'b0)
        rst = 1'b0;
        hist = 4'b0000;
        nbits = 0;
        // pseudo-random stream against the reference model
        lfsr = 32'hACE1_2468;
        for (i = 0; i < 120; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            send(lfsr[0] | lfsr[5], "rnd");
        end
        `VP_DONE
    end
endmodule
