// gray_cnt4_tb — the full table twice round (wrap 1000 -> 0000), one-bit
// change per step, hold with en low, async reset between edges and a
// pseudo-random enable run against the table.
// Bugs this bench catches (recorded in tests/buggy/gray_cnt4/):
//   1. binary count output instead of Gray: fails "pos_2".
//   2. conversion shifts the wrong way (b ^ (b << 1)): fails "pos_1".
//   3. reset synchronous: fails "async_reset_immediate".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg        clk = 1'b0;
    reg        rst_n = 1'b1;
    reg        en = 1'b0;
    wire [3:0] g;
    reg  [3:0] tab [0:15];
    reg  [3:0] prev, diff;
    reg  [31:0] lfsr;
    integer    i, p;
    `VP_INIT

    gray_cnt4 dut (.clk(clk), .rst_n(rst_n), .en(en), .g(g));

    always #5 clk = ~clk;

    task cycle(input e);
        begin
            @(negedge clk);
            en = e;
            @(posedge clk);
            #1;
            if (e) p = (p + 1) % 16;
        end
    endtask

    initial begin
        tab[0]  = 4'b0000; tab[1]  = 4'b0001; tab[2]  = 4'b0011; tab[3]  = 4'b0010;
        tab[4]  = 4'b0110; tab[5]  = 4'b0111; tab[6]  = 4'b0101; tab[7]  = 4'b0100;
        tab[8]  = 4'b1100; tab[9]  = 4'b1101; tab[10] = 4'b1111; tab[11] = 4'b1110;
        tab[12] = 4'b1010; tab[13] = 4'b1011; tab[14] = 4'b1001; tab[15] = 4'b1000;
        p = 0;
        lfsr = 32'h5eed_0001;
        #1 rst_n = 1'b0;
        #1;
        `VP_CHECK("reset_at_start", g, 4'b0000)
        #10;
        @(negedge clk) rst_n = 1'b1;
        cycle(0);
        `VP_CHECK("hold_after_reset", g, 4'b0000)
        cycle(1);
        `VP_CHECK("pos_1", g, 4'b0001)
        cycle(1);
        `VP_CHECK("pos_2", g, 4'b0011)
        prev = g;
        for (i = 0; i < 34; i = i + 1) begin
            cycle(1);
            `VP_CHECK("table_step", g, tab[p])
            diff = g ^ prev;
            `VP_CHECK("one_bit_change", (diff != 0) && ((diff & (diff - 4'd1)) == 0), 1'b1)
            prev = g;
        end
        // p is now 4; run to 15 and watch the wrap
        while (p != 15) cycle(1);
        `VP_CHECK("pos_15", g, 4'b1000)
        cycle(0);
        `VP_CHECK("hold_en_low", g, 4'b1000)
        cycle(1);
        `VP_CHECK("wrap_to_0", g, 4'b0000)
        for (i = 0; i < 5; i = i + 1) cycle(1);
        `VP_CHECK("pos_5", g, 4'b0111)
        @(negedge clk);
        en = 1'b1;
        #2 rst_n = 1'b0;
        #1;
        `VP_CHECK("async_reset_immediate", g, 4'b0000)
        p = 0;
        @(posedge clk); #1;
        `VP_CHECK("reset_held_over_edge", g, 4'b0000)
        @(negedge clk) rst_n = 1'b1; en = 1'b0;
        cycle(1);
        `VP_CHECK("restart_pos_1", g, 4'b0001)
        for (i = 0; i < 400; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cycle(lfsr[0] | lfsr[1]);
            `VP_CHECK("random_en", g, tab[p])
        end
        `VP_DONE
    end
endmodule
