`timescale 1ns/1ps
`include "vp_harness.vh"
// Directed + model-checked bench for crc8_serial (poly 0x07, init 0xFF, MSB first).
// Bugs this bench catches:
//   1. wrong polynomial (0x05: the x term is missing)
//   2. the data bit is shifted into bit 0 instead of being XORed into the feedback
//   3. the register also shifts when din_valid = 0
module tb;
    `VP_INIT
    reg clk = 1'b0;
    reg rst = 1'b1, init = 1'b0, din_valid = 1'b0, din = 1'b0;
    wire [7:0] crc;
    reg [7:0] model;
    integer i, k, n;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;
    reg [8*9-1:0] msg;

    crc8_serial dut (.clk(clk), .rst(rst), .init(init), .din_valid(din_valid), .din(din), .crc(crc));

    always #5 clk = ~clk;

    task bitc;
        input v;
        input b;
        begin
            @(negedge clk);
            init = 1'b0; din_valid = v; din = b;
            @(posedge clk);
            #1;
            if (v) model = {model[6:0], 1'b0} ^ ((model[7] ^ b) ? 8'h07 : 8'h00);
        end
    endtask

    task send_byte;
        input [7:0] by;
        input gaps;
        integer j;
        begin
            for (j = 7; j >= 0; j = j - 1) begin
                bitc(1'b1, by[j]);
                if (gaps) bitc(1'b0, ~by[j]);
            end
        end
    endtask

    task start;
        begin
            @(negedge clk);
            init = 1'b1; din_valid = 1'b1; din = 1'b1;
            @(posedge clk);
            #1;
            model = 8'hFF;
            init = 1'b0;
        end
    endtask

    initial begin
        n = 0;
        model = 8'hFF;
        @(posedge clk);
        #1;
        `VP_CHECK("reset_value_ff", crc, 8'hFF)
        rst = 1'b0;
        // known answers
        msg = "123456789";
        for (i = 8; i >= 0; i = i - 1) send_byte(msg[i*8 +: 8], 1'b0);
        `VP_CHECK("kat_123456789", crc, 8'hFB)
        start;
        `VP_CHECK("init_loads_ff", crc, 8'hFF)
        send_byte(8'h00, 1'b0);
        `VP_CHECK("kat_single_zero_byte", crc, 8'hF3)
        start;
        send_byte(8'hA5, 1'b1);
        send_byte(8'h3C, 1'b1);
        `VP_CHECK("kat_a5_3c_with_gaps", crc, 8'h3A)
        send_byte(8'h3A, 1'b0);
        `VP_CHECK("kat_residue_zero", crc, 8'h00)
        // idle cycles hold the value
        bitc(1'b0, 1'b1);
        bitc(1'b0, 1'b0);
        `VP_CHECK("idle_holds_zero", crc, 8'h00)
        // reset in the middle of a message, with init and valid also high
        send_byte(8'h5A, 1'b0);
        @(negedge clk);
        rst = 1'b1; init = 1'b0; din_valid = 1'b1; din = 1'b1;
        @(posedge clk);
        #1;
        `VP_CHECK("mid_reset_ff", crc, 8'hFF)
        rst = 1'b0;
        model = 8'hFF;
        // random messages with random gaps, checked after every bit
        lfsr = 32'h1357_9BDF;
        for (i = 0; i < 400; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            if (lfsr[7:0] == 8'd3) begin
                start;
            end else begin
                bitc(lfsr[1] | lfsr[2], lfsr[0]);
            end
            $sformat(nm, "rnd_bit%0d", i);
            `VP_CHECK(nm, crc, model)
        end
        `VP_DONE
    end
endmodule
