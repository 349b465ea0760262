`timescale 1ns/1ps
`include "vp_harness.vh"
// Directed bench for piso_ser (WIDTH 8, async active-high reset).
// Bugs this bench catches:
//   1. MSB first instead of LSB first
//   2. load is accepted while busy, restarting the word in flight
//   3. busy lasts WIDTH+1 cycles (an extra bit cycle after the last bit)
module tb;
    `VP_INIT
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg load = 1'b0;
    reg [7:0] data_in = 8'h00;
    wire busy, sout, last;
    integer i, b, n;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    piso_ser dut (.clk(clk), .rst(rst), .load(load), .data_in(data_in), .busy(busy), .sout(sout), .last(last));

    always #5 clk = ~clk;

    task check_idle;
        input [8*24-1:0] tag;
        begin
            n = n + 1;
            $sformat(nm, "%0s_%0d_idle_busy", tag, n);
            `VP_CHECK(nm, busy, 1'b0)
            $sformat(nm, "%0s_%0d_idle_sout", tag, n);
            `VP_CHECK(nm, sout, 1'b0)
            $sformat(nm, "%0s_%0d_idle_last", tag, n);
            `VP_CHECK(nm, last, 1'b0)
        end
    endtask

    // load a word (assumes idle), then follow all WIDTH bit cycles; noise = drive
    // load and random data_in during the transmission
    task send;
        input [7:0] w;
        input noise;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            load = 1'b1; data_in = w;
            for (b = 0; b < 8; b = b + 1) begin
                @(posedge clk);
                #1;
                n = n + 1;
                $sformat(nm, "%0s_%0d_busy_bit%0d", tag, n, b);
                `VP_CHECK(nm, busy, 1'b1)
                $sformat(nm, "%0s_%0d_sout_bit%0d", tag, n, b);
                `VP_CHECK(nm, sout, w[b])
                $sformat(nm, "%0s_%0d_last_bit%0d", tag, n, b);
                `VP_CHECK(nm, last, (b == 7))
                @(negedge clk);
                load = noise && (b != 7);
                data_in = ~w ^ b;
            end
            load = 1'b0;
            @(posedge clk);
            #1;
            check_idle(tag);
        end
    endtask

    initial begin
        n = 0;
        #1;
        rst = 1'b1;   // a real rising edge of the asynchronous reset
        #2;
        check_idle("in_reset");
        @(negedge clk);
        rst = 1'b0;
        @(posedge clk);
        #1;
        check_idle("after_reset");
        send(8'hA5, 0, "a5");
        send(8'h01, 0, "lsb_only");
        send(8'h80, 1, "msb_only_noise");
        send(8'hFF, 1, "ones_noise");
        send(8'h00, 0, "zeros");
        // load held high continuously: words separated by exactly one idle cycle
        @(negedge clk);
        load = 1'b1; data_in = 8'h3C;
        for (i = 0; i < 27; i = i + 1) begin
            @(posedge clk);
            #1;
            $sformat(nm, "held_load_busy_%0d", i);
            `VP_CHECK(nm, busy, (i % 9) != 8)
            $sformat(nm, "held_load_sout_%0d", i);
            `VP_CHECK(nm, sout, ((i % 9) != 8) ? data_in[i % 9] : 1'b0)
        end
        @(negedge clk);
        load = 1'b0;
        @(posedge clk);
        // async reset in the middle of a word
        @(negedge clk);
        load = 1'b1; data_in = 8'hFF;
        @(posedge clk);
        #1;
        `VP_CHECK("pre_reset_busy", busy, 1'b1)
        @(negedge clk);
        load = 1'b0;
        #1;
        rst = 1'b1;
        #1;
        `VP_CHECK("async_reset_busy_now", busy, 1'b0)
        `VP_CHECK("async_reset_sout_now", sout, 1'b0)
        @(posedge clk);
        #1;
        check_idle("reset_held");
        rst = 1'b0;
        // random words with random idle gaps
        lfsr = 32'hA54F_F53A;
        for (i = 0; i < 25; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            send(lfsr[15:8], lfsr[0], "rnd");
            if (lfsr[1]) begin
                @(posedge clk);
                #1;
                check_idle("rnd_gap");
            end
        end
        `VP_DONE
    end
endmodule
