// shift_reg8_tb — async reset (assert and check before any edge), parallel
// load, left and right shifts with sin, hold, load-over-enable priority,
// sout following dir combinationally, reset in the middle of shifting, and a
// pseudo-random run against a bench model.
// Bugs this bench catches (recorded in tests/buggy/shift_reg8/):
//   1. reset synchronous (waits for clk): fails "async_reset_immediate".
//   2. right shift inserts sin at bit 0 (treated like the left shift's end):
//      fails "shift_right_sin1".
//   3. shift enable has priority over load: fails "load_beats_en".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg        clk = 1'b0;
    reg        rst_n = 1'b1;
    reg        load = 1'b0;
    reg  [7:0] d = 8'h00;
    reg        en = 1'b0;
    reg        dir = 1'b0;
    reg        sin = 1'b0;
    wire [7:0] q;
    wire       sout;
    reg  [7:0] m;
    reg  [31:0] lfsr;
    integer    i;
    `VP_INIT

    shift_reg8 dut (.clk(clk), .rst_n(rst_n), .load(load), .d(d), .en(en),
                    .dir(dir), .sin(sin), .q(q), .sout(sout));

    always #5 clk = ~clk;

    task cycle(input l, input [7:0] dd, input e, input dr, input s);
        begin
            @(negedge clk);
            load = l; d = dd; en = e; dir = dr; sin = s;
            @(posedge clk);
            #1;
            if (l) m = dd;
            else if (e) m = dr ? {s, m[7:1]} : {m[6:0], s};
        end
    endtask

    initial begin
        m = 8'h00;
        lfsr = 32'hace1;
        #1;
        rst_n = 1'b0;                   // a real falling edge for the async reset
        #1;
        `VP_CHECK("reset_at_start", q, 8'h00)
        cycle(1, 8'hff, 0, 0, 0);       // load while in reset: ignored
        `VP_CHECK("load_ignored_in_reset", q, 8'h00)
        m = 8'h00;
        @(negedge clk);
        rst_n = 1'b1;
        cycle(1, 8'hb4, 0, 0, 0);
        `VP_CHECK("parallel_load", q, 8'hb4)
        `VP_CHECK("sout_left_msb", sout, 1'b1)
        @(negedge clk);
        dir = 1'b1;
        #1;
        `VP_CHECK("sout_follows_dir", sout, 1'b0)
        cycle(0, 8'h00, 1, 0, 1);
        `VP_CHECK("shift_left_sin1", q, 8'h69)
        cycle(0, 8'h00, 1, 0, 0);
        `VP_CHECK("shift_left_sin0", q, 8'hd2)
        cycle(0, 8'h00, 1, 1, 1);
        `VP_CHECK("shift_right_sin1", q, 8'he9)
        `VP_CHECK("sout_right_lsb", sout, 1'b1)
        cycle(0, 8'h00, 1, 1, 0);
        `VP_CHECK("shift_right_sin0", q, 8'h74)
        cycle(0, 8'h00, 0, 0, 1);
        `VP_CHECK("hold_en_low", q, 8'h74)
        cycle(0, 8'h00, 0, 1, 1);
        `VP_CHECK("hold_en_low_dir1", q, 8'h74)
        cycle(1, 8'h0f, 1, 0, 1);
        `VP_CHECK("load_beats_en", q, 8'h0f)
        cycle(1, 8'h81, 1, 1, 0);
        `VP_CHECK("load_beats_en_right", q, 8'h81)
        // walking one all the way left and out
        cycle(1, 8'h01, 0, 0, 0);
        for (i = 0; i < 8; i = i + 1) begin
            `VP_CHECK("walk_left_sout", sout, (i == 7))
            cycle(0, 8'h00, 1, 0, 0);
            `VP_CHECK("walk_left_q", q, m)
        end
        `VP_CHECK("walk_left_empty", q, 8'h00)
        // fill from the left with ones via right shifts
        for (i = 0; i < 8; i = i + 1) begin
            cycle(0, 8'h00, 1, 1, 1);
            `VP_CHECK("fill_right_q", q, m)
        end
        `VP_CHECK("fill_right_full", q, 8'hff)
        // async reset in mid-cycle, checked before the next edge
        @(negedge clk);
        #2;
        rst_n = 1'b0;
        #1;
        `VP_CHECK("async_reset_immediate", q, 8'h00)
        m = 8'h00;
        @(posedge clk);
        #1;
        `VP_CHECK("reset_holds_over_edge", q, 8'h00)
        @(negedge clk);
        rst_n = 1'b1;
        cycle(0, 8'h00, 1, 0, 1);
        `VP_CHECK("shift_after_reset", q, 8'h01)
        for (i = 0; i < 600; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cycle(lfsr[4:2] == 3'd0, lfsr[15:8], lfsr[5], lfsr[6], lfsr[7]);
            `VP_CHECK("random_q", q, m)
            `VP_CHECK("random_sout", sout, lfsr[6] ? m[0] : m[7])
        end
        `VP_DONE
    end
endmodule
