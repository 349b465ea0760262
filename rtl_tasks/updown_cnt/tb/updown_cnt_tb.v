// updown_cnt_tb — async reset asserted between edges, load, count up through
// 255 -> 0, count down through 0 -> 255, tc in both directions and with en
// low, load over enable, then pseudo-random control against a bench model.
// Bugs this bench catches (recorded in tests/buggy/updown_cnt/):
//   1. reset synchronous: fails "async_reset_immediate".
//   2. tc ignores direction (only flags 255): fails "tc_down_at_0".
//   3. enable has priority over load: fails "load_beats_en".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg        clk = 1'b0;
    reg        arst = 1'b0;
    reg        load = 1'b0;
    reg  [7:0] d = 8'h00;
    reg        en = 1'b0;
    reg        up = 1'b1;
    wire [7:0] q;
    wire       tc;
    reg  [7:0] m;
    reg  [31:0] lfsr;
    integer    i;
    `VP_INIT

    updown_cnt dut (.clk(clk), .arst(arst), .load(load), .d(d), .en(en),
                    .up(up), .q(q), .tc(tc));

    always #5 clk = ~clk;

    task cycle(input l, input [7:0] dd, input e, input u);
        begin
            @(negedge clk);
            load = l; d = dd; en = e; up = u;
            #1;
            `VP_CHECK("tc_before_edge", tc, e & (u ? (m == 8'd255) : (m == 8'd0)))
            @(posedge clk);
            #1;
            if (l) m = dd;
            else if (e) m = u ? m + 8'd1 : m - 8'd1;
        end
    endtask

    initial begin
        m = 8'd0;
        lfsr = 32'h0badf00d;
        #1 arst = 1'b1;
        #1;
        `VP_CHECK("reset_at_start", q, 8'd0)
        #10 arst = 1'b0;
        cycle(0, 8'h00, 1, 1);
        `VP_CHECK("count_up_1", q, 8'd1)
        cycle(1, 8'hfd, 0, 1);
        `VP_CHECK("load_fd", q, 8'hfd)
        cycle(0, 8'h00, 1, 1);
        `VP_CHECK("up_fe", q, 8'hfe)
        cycle(0, 8'h00, 1, 1);
        `VP_CHECK("up_ff", q, 8'hff)
        `VP_CHECK("tc_up_at_255", tc, 1'b1)
        @(negedge clk); en = 1'b0; #1;
        `VP_CHECK("tc_needs_en", tc, 1'b0)
        cycle(0, 8'h00, 1, 1);
        `VP_CHECK("wrap_up_to_0", q, 8'h00)
        @(negedge clk); en = 1'b1; up = 1'b0; #1;
        `VP_CHECK("tc_down_at_0", tc, 1'b1)
        up = 1'b1; #1;
        `VP_CHECK("tc_up_at_0_clear", tc, 1'b0)
        en = 1'b0;
        cycle(0, 8'h00, 1, 0);
        `VP_CHECK("wrap_down_to_255", q, 8'hff)
        cycle(0, 8'h00, 1, 0);
        `VP_CHECK("down_fe", q, 8'hfe)
        cycle(0, 8'h00, 0, 0);
        `VP_CHECK("hold_en_low", q, 8'hfe)
        cycle(1, 8'h42, 1, 1);
        `VP_CHECK("load_beats_en", q, 8'h42)
        cycle(1, 8'h10, 1, 0);
        `VP_CHECK("load_beats_en_down", q, 8'h10)
        // async reset between edges
        @(negedge clk);
        #2 arst = 1'b1;
        #1;
        `VP_CHECK("async_reset_immediate", q, 8'd0)
        m = 8'd0;
        @(posedge clk); #1;
        `VP_CHECK("reset_held_over_edge", q, 8'd0)
        @(negedge clk); arst = 1'b0; load = 1'b0; en = 1'b0;
        cycle(0, 8'h00, 1, 0);
        `VP_CHECK("down_after_reset", q, 8'hff)
        for (i = 0; i < 1500; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            // loads favour 8'h00 / 8'hff so that wraps in both directions recur
            cycle(lfsr[5:0] == 6'd0, lfsr[13] ? {8{lfsr[14]}} : lfsr[23:16],
                  lfsr[10] | lfsr[11], lfsr[12] ^ lfsr[20]);
            `VP_CHECK("random_q", q, m)
        end
        `VP_DONE
    end
endmodule
