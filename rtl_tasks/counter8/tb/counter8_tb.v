// counter8_tb — reset, full count with wrap-around, hold with en=0,
// reset/enable priority, synchronous-reset timing, mid-count reset and a
// pseudo-random enable pattern, all against a model kept in the bench.
// Inputs change on the falling edge; outputs are checked 1 ns after the
// rising edge.
// Bugs this bench catches (recorded in tests/buggy/counter8/):
//   1. reset made asynchronous: q clears before the rising edge
//      (check "sync_reset_waits_for_edge").
//   2. enable ignored (counts every cycle): fails "hold_en_low".
//   3. enable given priority over reset: fails "rst_beats_en".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg        clk = 1'b0;
    reg        rst = 1'b1;
    reg        en  = 1'b0;
    wire [7:0] q;
    reg  [7:0] m;
    reg  [31:0] lfsr;
    integer    i;
    `VP_INIT

    counter8 dut (.clk(clk), .rst(rst), .en(en), .q(q));

    always #5 clk = ~clk;

    task cycle(input r, input e);
        begin
            @(negedge clk);
            rst = r; en = e;
            @(posedge clk);
            #1;
            if (r) m = 8'd0;
            else if (e) m = m + 8'd1;
        end
    endtask

    initial begin
        m = 8'd0;
        lfsr = 32'h1;
        cycle(1, 0);
        cycle(1, 0);
        `VP_CHECK("reset_clears", q, 8'd0)
        cycle(0, 0);
        `VP_CHECK("idle_after_reset", q, 8'd0)
        cycle(0, 1);
        `VP_CHECK("first_increment", q, 8'd1)
        for (i = 0; i < 300; i = i + 1) begin
            cycle(0, 1);
            `VP_CHECK("count_up", q, m)
        end
        // 301 increments from 0: passed 255 -> 0 once, now at 45
        `VP_CHECK("after_wrap_value", q, 8'd45)
        for (i = 0; i < 5; i = i + 1) begin
            cycle(0, 0);
            `VP_CHECK("hold_en_low", q, 8'd45)
        end
        // run to 255 and watch the wrap exactly
        while (m != 8'd255) cycle(0, 1);
        `VP_CHECK("at_255", q, 8'd255)
        cycle(0, 0);
        `VP_CHECK("hold_at_255", q, 8'd255)
        cycle(0, 1);
        `VP_CHECK("wrap_255_to_0", q, 8'd0)
        cycle(0, 1);
        `VP_CHECK("after_wrap_1", q, 8'd1)
        // reset must win over enable
        for (i = 0; i < 7; i = i + 1) cycle(0, 1);
        `VP_CHECK("before_priority", q, 8'd8)
        cycle(1, 1);
        `VP_CHECK("rst_beats_en", q, 8'd0)
        // synchronous reset: raising rst between edges changes nothing yet
        for (i = 0; i < 20; i = i + 1) cycle(0, 1);
        `VP_CHECK("count_20", q, 8'd20)
        @(negedge clk);
        rst = 1'b1; en = 1'b0;
        #1;
        `VP_CHECK("sync_reset_waits_for_edge", q, 8'd20)
        @(posedge clk);
        #1;
        m = 8'd0;
        `VP_CHECK("sync_reset_at_edge", q, 8'd0)
        // mid-count reset without enable drop, then resume
        for (i = 0; i < 13; i = i + 1) cycle(0, 1);
        cycle(1, 1);
        `VP_CHECK("mid_count_reset", q, 8'd0)
        cycle(0, 1);
        `VP_CHECK("resume_after_reset", q, 8'd1)
        // pseudo-random enable / rare reset
        for (i = 0; i < 1000; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cycle(lfsr[7:0] == 8'h5a, lfsr[3]);
            `VP_CHECK("random_en", q, m)
        end
        `VP_DONE
    end
endmodule
