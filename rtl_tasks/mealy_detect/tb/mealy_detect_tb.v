`timescale 1ns/1ps
`include "vp_harness.vh"
// Directed bench for mealy_detect (Mealy, non-overlapping 1101, async active-low reset).
// Bugs this bench catches:
//   1. overlapping: after a match the final 1 is reused as the start of the next pattern
//   2. registered output: match appears one cycle late (Moore-style)
//   3. synchronous reset: the state is not cleared until the next clock edge
module tb;
    `VP_INIT
    reg clk = 1'b0;
    reg rst_n = 1'b0;
    reg din = 1'b0;
    wire match;
    reg [2:0] hist;      // last three bits since restart, newest in bit 0
    integer nb;          // bits since restart
    integer n;           // bits presented overall (for names)
    integer i;
    reg exp;
    reg [8*40-1:0] nm;
    reg [31:0] lfsr;

    mealy_detect dut (.clk(clk), .rst_n(rst_n), .din(din), .match(match));

    always #5 clk = ~clk;

    // present one bit on the falling edge, check match before the rising edge
    task send;
        input b;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            din = b;
            #1;
            n = n + 1;
            exp = (b == 1'b1 && nb >= 3 && hist == 3'b110);
            $sformat(nm, "%0s_bit%0d", tag, n);
            `VP_CHECK(nm, match, exp)
            if (exp) begin
                nb = 0;
                hist = 3'b000;
            end else begin
                nb = nb + 1;
                hist = {hist[1:0], b};
            end
        end
    endtask

    initial begin
        hist = 3'b000;
        nb = 0;
        n = 0;
        #12;
        din = 1'b1;
        #1;
        `VP_CHECK("match_low_in_reset", match, 1'b0)
        rst_n = 1'b1;
        send(1, "a"); send(1, "a"); send(0, "a"); send(1, "a");
        // a non-overlapping scan must not see 1101 in the reused "1" + "101"
        send(1, "b"); send(0, "b"); send(1, "b");
        send(1, "c"); send(1, "c"); send(0, "c"); send(1, "c");
        send(0, "d"); send(1, "d"); send(1, "d"); send(1, "d"); send(0, "d"); send(1, "d");
        send(1, "e"); send(0, "e"); send(0, "e"); send(1, "e"); send(1, "e"); send(0, "e");
        // "110" pending, din = 1 shows match; async reset must drop it immediately
        @(negedge clk);
        din = 1'b1;
        #1;
        `VP_CHECK("match_before_async_reset", match, 1'b1)
        rst_n = 1'b0;
        #1;
        `VP_CHECK("async_reset_clears_without_clock", match, 1'b0)
        @(posedge clk);
        #1;
        `VP_CHECK("match_low_while_reset_held", match, 1'b0)
        // release between edges; the next edge samples the first bit
        rst_n = 1'b1;
        hist = 3'b000;
        nb = 0;
        send(1, "f"); send(1, "f"); send(0, "f"); send(1, "f");
        // pseudo-random stream against the model
        lfsr = 32'h1234_5679;
        for (i = 0; i < 150; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            send(lfsr[0] | lfsr[7], "rnd");
        end
        `VP_DONE
    end
endmodule
