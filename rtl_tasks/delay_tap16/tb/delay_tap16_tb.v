// delay_tap16_tb — a bench copy of the sixteen stages; after every edge all
// sixteen taps are swept combinationally (tap changed 0.2 ns apart):
// impulse through the line at full rate, hold with en low, reset with a
// full line (every tap reads 0), reset beats enable, and 800 cycles of
// random data/enable with rare resets.
// Bugs this bench catches (recorded in tests/buggy/delay_tap16/):
//   1. tap 0 is a combinational pass-through of din (delays one short):
//      fails "impulse_tap0".
//   2. en ignored (shifts every edge): fails "hold_en_low".
//   3. reset clears only stage 0: fails "reset_full_line".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg        clk = 1'b0;
    reg        rst = 1'b1;
    reg        en = 1'b0;
    reg  [7:0] din = 8'h00;
    reg  [3:0] tap = 4'd0;
    wire [7:0] dout;
    reg  [7:0] m [0:15];
    reg  [31:0] lfsr;
    integer    i, k;
    `VP_INIT

    delay_tap16 dut (.clk(clk), .rst(rst), .en(en), .din(din), .tap(tap), .dout(dout));

    always #5 clk = ~clk;

    task cycle(input r, input e, input [7:0] d);
        begin
            @(negedge clk);
            rst = r; en = e; din = d;
            @(posedge clk);
            #1;
            if (r) for (k = 0; k < 16; k = k + 1) m[k] = 8'h00;
            else if (e) begin
                for (k = 15; k > 0; k = k - 1) m[k] = m[k - 1];
                m[0] = d;
            end
            // din changes now must not reach dout
            din = ~d;
            for (k = 0; k < 16; k = k + 1) begin
                tap = k[3:0];
                #0.2;
                `VP_CHECK("sweep_tap", dout, m[k])
            end
        end
    endtask

    initial begin
        for (k = 0; k < 16; k = k + 1) m[k] = 8'h00;
        lfsr = 32'h7a5a_a5a7;
        cycle(1, 0, 8'h00);
        cycle(0, 1, 8'hc3);                 // impulse
        tap = 4'd0; #0.2;
        `VP_CHECK("impulse_tap0", dout, 8'hc3)
        tap = 4'd1; #0.2;
        `VP_CHECK("impulse_tap1_empty", dout, 8'h00)
        for (i = 1; i < 16; i = i + 1) begin
            cycle(0, 1, 8'h00);
            tap = i[3:0]; #0.2;
            `VP_CHECK("impulse_travels", dout, 8'hc3)
        end
        cycle(0, 1, 8'h00);
        tap = 4'd15; #0.2;
        `VP_CHECK("impulse_gone", dout, 8'h00)
        for (i = 0; i < 16; i = i + 1) cycle(0, 1, 8'h10 + i[7:0]);
        cycle(0, 0, 8'hee);
        tap = 4'd0; #0.2;
        `VP_CHECK("hold_en_low", dout, 8'h1f)
        tap = 4'd15; #0.2;
        `VP_CHECK("hold_en_low_tap15", dout, 8'h10)
        cycle(1, 1, 8'h55);
        tap = 4'd7; #0.2;
        `VP_CHECK("reset_full_line", dout, 8'h00)
        tap = 4'd0; #0.2;
        `VP_CHECK("reset_beats_en", dout, 8'h00)
        for (i = 0; i < 800; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cycle(lfsr[8:0] == 9'd3, lfsr[1] | lfsr[2], lfsr[23:16]);
        end
        `VP_DONE
    end
endmodule
