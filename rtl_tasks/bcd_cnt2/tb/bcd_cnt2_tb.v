// bcd_cnt2_tb — decimal model checked every cycle: 00 up to 99 and the wrap
// with its carry pulse, down through 10 -> 09 and 00 -> 99, load over
// enable (including a load at 99 with en high: no carry), hold, reset over
// load, reset in mid-count, then 2000 cycles of random control.
// Bugs this bench catches (recorded in tests/buggy/bcd_cnt2/):
//   1. counting down from x0 does not borrow from the tens digit:
//      fails "down_10_to_09".
//   2. tens digit does not wrap at 9 (99 counts up to A0): fails "up_wrap_99_00".
//   3. carry combinational (high while at 99 before the edge) instead of a
//      registered pulse after the wrap: fails "carry_after_wrap".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg        clk = 1'b0;
    reg        rst = 1'b1;
    reg        load = 1'b0;
    reg  [7:0] d = 8'h00;
    reg        en = 1'b0;
    reg        up = 1'b1;
    wire [3:0] tens, ones;
    wire       carry;
    integer    v, i, t;
    reg        m_carry;
    reg  [31:0] lfsr;
    `VP_INIT

    bcd_cnt2 dut (.clk(clk), .rst(rst), .load(load), .d(d), .en(en), .up(up),
                  .tens(tens), .ones(ones), .carry(carry));

    always #5 clk = ~clk;

    task cycle(input r, input l, input [7:0] dd, input e, input u);
        begin
            @(negedge clk);
            rst = r; load = l; d = dd; en = e; up = u;
            #1;
            `VP_CHECK("carry_stable_between_edges", carry, m_carry)
            @(posedge clk);
            #1;
            m_carry = 1'b0;
            if (r) v = 0;
            else if (l) v = dd[7:4] * 10 + dd[3:0];
            else if (e && u) begin
                if (v == 99) begin v = 0; m_carry = 1'b1; end else v = v + 1;
            end else if (e) begin
                if (v == 0) begin v = 99; m_carry = 1'b1; end else v = v - 1;
            end
            `VP_CHECK("cycle_tens", tens, v / 10)
            `VP_CHECK("cycle_ones", ones, v % 10)
            `VP_CHECK("cycle_carry", carry, m_carry)
        end
    endtask

    initial begin
        v = 0; m_carry = 1'b0;
        lfsr = 32'hacdc_1979;
        @(posedge clk); #1;
        cycle(1, 0, 8'h00, 0, 1);
        `VP_CHECK("reset_value", {tens, ones}, 8'h00)
        cycle(0, 0, 8'h00, 1, 1);
        `VP_CHECK("up_00_to_01", {tens, ones}, 8'h01)
        while (v != 9) cycle(0, 0, 8'h00, 1, 1);
        cycle(0, 0, 8'h00, 1, 1);
        `VP_CHECK("up_09_to_10", {tens, ones}, 8'h10)
        while (v != 99) cycle(0, 0, 8'h00, 1, 1);
        `VP_CHECK("at_99", {tens, ones}, 8'h99)
        `VP_CHECK("no_carry_at_99", carry, 1'b0)
        cycle(0, 0, 8'h00, 1, 1);
        `VP_CHECK("up_wrap_99_00", {tens, ones}, 8'h00)
        `VP_CHECK("carry_after_wrap", carry, 1'b1)
        cycle(0, 0, 8'h00, 1, 1);
        `VP_CHECK("carry_one_cycle", carry, 1'b0)
        cycle(0, 0, 8'h00, 1, 0);
        `VP_CHECK("down_01_to_00", {tens, ones}, 8'h00)
        cycle(0, 0, 8'h00, 1, 0);
        `VP_CHECK("down_wrap_00_99", {tens, ones}, 8'h99)
        `VP_CHECK("borrow_carry", carry, 1'b1)
        cycle(0, 1, 8'h10, 1, 0);
        `VP_CHECK("load_10", {tens, ones}, 8'h10)
        cycle(0, 0, 8'h00, 1, 0);
        `VP_CHECK("down_10_to_09", {tens, ones}, 8'h09)
        cycle(0, 1, 8'h40, 0, 0);
        cycle(0, 0, 8'h00, 1, 0);
        `VP_CHECK("down_40_to_39", {tens, ones}, 8'h39)
        cycle(0, 0, 8'h00, 0, 1);
        `VP_CHECK("hold", {tens, ones}, 8'h39)
        cycle(0, 0, 8'h00, 1, 1);
        `VP_CHECK("up_39_to_40", {tens, ones}, 8'h40)
        cycle(0, 1, 8'h99, 0, 1);
        cycle(0, 1, 8'h57, 1, 1);
        `VP_CHECK("load_beats_en_at_99", {tens, ones}, 8'h57)
        `VP_CHECK("load_no_carry", carry, 1'b0)
        cycle(1, 1, 8'h88, 1, 1);
        `VP_CHECK("reset_beats_load", {tens, ones}, 8'h00)
        for (i = 0; i < 33; i = i + 1) cycle(0, 0, 8'h00, 1, 1);
        cycle(1, 0, 8'h00, 1, 1);
        `VP_CHECK("reset_mid_count", {tens, ones}, 8'h00)
        for (i = 0; i < 2000; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            t = lfsr[15:8] % 100;
            if (lfsr[16]) t = lfsr[17] ? 99 : 0;
            cycle(lfsr[9:0] == 10'd5, lfsr[5:1] == 5'd0,
                  {t[7:0] / 8'd10, 4'd0} | {4'd0, t[7:0] % 8'd10},
                  lfsr[6] | lfsr[7], lfsr[24] ^ (lfsr[25] & lfsr[26]));
        end
        `VP_DONE
    end
endmodule
