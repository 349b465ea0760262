// clock_hms_tb — integer seconds-of-day model, all outputs checked every
// cycle: seconds 09 -> 10 and 59 -> 00 with the minute carry, 09:59:59 ->
// 10:00:00, 19:59:59 -> 20:00:00, 23:59:59 -> 00:00:00 with day_wrap, set_en
// over tick (seconds cleared), tick held high for a long run, async reset
// between edges, then random ticks and sets.
// Bugs this bench catches (recorded in tests/buggy/clock_hms/):
//   1. hours wrap only after 29 (23 -> 24): fails "midnight_hh".
//   2. minutes advance when seconds reach 59 instead of when they wrap:
//      fails "ss_59_mm_unchanged".
//   3. set_en leaves the seconds running: fails "set_clears_ss".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg        clk = 1'b0;
    reg        arst = 1'b0;
    reg        tick = 1'b0;
    reg        set_en = 1'b0;
    reg  [7:0] set_hh = 8'h00, set_mm = 8'h00;
    wire [7:0] hh, mm, ss;
    wire       day_wrap;
    integer    t, i, h, m, s;
    reg        m_wrap;
    reg  [31:0] lfsr;
    `VP_INIT

    clock_hms dut (.clk(clk), .arst(arst), .tick(tick), .set_en(set_en), .set_hh(set_hh),
                   .set_mm(set_mm), .hh(hh), .mm(mm), .ss(ss), .day_wrap(day_wrap));

    always #5 clk = ~clk;

    function [7:0] bcd(input integer v);
        bcd = {v[7:0] / 8'd10, 4'd0} | {4'd0, v[7:0] % 8'd10};
    endfunction

    task cycle(input tk, input st, input integer sh, input integer sm);
        begin
            @(negedge clk);
            tick = tk; set_en = st; set_hh = bcd(sh); set_mm = bcd(sm);
            @(posedge clk);
            #1;
            m_wrap = 1'b0;
            if (st) t = sh * 3600 + sm * 60;
            else if (tk) begin
                t = t + 1;
                if (t == 86400) begin t = 0; m_wrap = 1'b1; end
            end
            `VP_CHECK("cycle_hh", hh, bcd(t / 3600))
            `VP_CHECK("cycle_mm", mm, bcd((t / 60) % 60))
            `VP_CHECK("cycle_ss", ss, bcd(t % 60))
            `VP_CHECK("cycle_day_wrap", day_wrap, m_wrap)
        end
    endtask

    task ticks(input integer n);
        for (i = 0; i < n; i = i + 1) cycle(1, 0, 0, 0);
    endtask

    initial begin
        t = 0; m_wrap = 0;
        lfsr = 32'h9b05_688c;
        #1 arst = 1'b1;
        #1;
        `VP_CHECK("reset_time", {hh, mm, ss}, 24'h000000)
        #10;
        @(negedge clk) arst = 1'b0;
        cycle(0, 0, 0, 0);
        ticks(9);
        `VP_CHECK("ss_09", ss, 8'h09)
        ticks(1);
        `VP_CHECK("ss_09_to_10", ss, 8'h10)
        ticks(49);
        `VP_CHECK("ss_59", ss, 8'h59)
        `VP_CHECK("ss_59_mm_unchanged", mm, 8'h00)
        ticks(1);
        `VP_CHECK("ss_wrap_mm_01", {mm, ss}, 16'h0100)
        cycle(0, 1, 9, 59);
        `VP_CHECK("set_0959", {hh, mm, ss}, 24'h095900)
        ticks(60);
        `VP_CHECK("hh_09_to_10", {hh, mm, ss}, 24'h100000)
        cycle(0, 1, 19, 59);
        ticks(60);
        `VP_CHECK("hh_19_to_20", {hh, mm, ss}, 24'h200000)
        cycle(0, 1, 23, 59);
        ticks(59);
        `VP_CHECK("before_midnight", {hh, mm, ss}, 24'h235959)
        `VP_CHECK("no_wrap_before_midnight", day_wrap, 1'b0)
        ticks(1);
        `VP_CHECK("midnight_hh", hh, 8'h00)
        `VP_CHECK("midnight_day_wrap", day_wrap, 1'b1)
        ticks(1);
        `VP_CHECK("day_wrap_one_cycle", day_wrap, 1'b0)
        ticks(25);
        cycle(1, 1, 12, 34);
        `VP_CHECK("set_beats_tick", {hh, mm}, 16'h1234)
        `VP_CHECK("set_clears_ss", ss, 8'h00)
        cycle(0, 0, 0, 0);
        `VP_CHECK("hold_without_tick", {hh, mm, ss}, 24'h123400)
        // one full hour with tick held high
        ticks(3600);
        `VP_CHECK("one_hour_later", {hh, mm, ss}, 24'h133400)
        // async reset between edges
        @(negedge clk);
        #2 arst = 1'b1;
        #1;
        `VP_CHECK("async_reset_immediate", {hh, mm, ss}, 24'h000000)
        t = 0;
        @(negedge clk) arst = 1'b0; tick = 1'b0; set_en = 1'b0;
        cycle(0, 0, 0, 0);
        for (i = 0; i < 40; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            h = lfsr[4:0] % 24; m = lfsr[10:5] % 60;
            if (lfsr[11]) begin h = 23; m = 59; end
            cycle(lfsr[12], 1, h, m);
            repeat (40 + lfsr[16:13]) begin
                lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
                cycle(lfsr[0] | lfsr[1] | lfsr[2], 0, 0, 0);
            end
        end
        `VP_DONE
    end
endmodule
