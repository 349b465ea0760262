// shifter16_tb — directed examples from the spec, amount boundaries 15/16/31
// for every op, then every (op, amount) pair over 150 pseudo-random and
// corner data words against a bit-by-bit model.
// Bugs this bench catches (recorded in tests/buggy/shifter16/):
//   1. arithmetic right shift fills with zeros (uses >>): fails "sra_1".
//   2. amount truncated to 4 bits for shifts (sh = 16 acts as 0):
//      fails "sll_16".
//   3. arithmetic shift by 16 or more gives 0 instead of sign fill:
//      fails "sra_20_negative".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg  [15:0] d;
    reg  [4:0]  sh;
    reg  [1:0]  op;
    wire [15:0] y;
    reg  [15:0] e;
    reg  [31:0] lfsr;
    integer     i, o, s, k, src;
    `VP_INIT

    shifter16 dut (.d(d), .sh(sh), .op(op), .y(y));

    task model;
        begin
            for (k = 0; k < 16; k = k + 1) begin
                case (op)
                    2'b00: begin src = k - sh; e[k] = (src >= 0) ? d[src] : 1'b0; end
                    2'b01: begin src = k + sh; e[k] = (src <= 15) ? d[src] : 1'b0; end
                    2'b10: begin src = k + sh; e[k] = (src <= 15) ? d[src] : d[15]; end
                    default: begin src = (k - (sh % 16) + 16) % 16; e[k] = d[src]; end
                endcase
            end
        end
    endtask

    initial begin
        lfsr = 32'hbeef_1234;
        d = 16'h8001;
        op = 2'b00; sh = 5'd1;  #1; `VP_CHECK("sll_1", y, 16'h0002)
        op = 2'b01; sh = 5'd1;  #1; `VP_CHECK("srl_1", y, 16'h4000)
        op = 2'b10; sh = 5'd1;  #1; `VP_CHECK("sra_1", y, 16'hc000)
        op = 2'b11; sh = 5'd1;  #1; `VP_CHECK("rol_1", y, 16'h0003)
        op = 2'b00; sh = 5'd15; #1; `VP_CHECK("sll_15", y, 16'h8000)
        op = 2'b00; sh = 5'd16; #1; `VP_CHECK("sll_16", y, 16'h0000)
        op = 2'b01; sh = 5'd16; #1; `VP_CHECK("srl_16", y, 16'h0000)
        op = 2'b01; sh = 5'd31; #1; `VP_CHECK("srl_31", y, 16'h0000)
        op = 2'b10; sh = 5'd15; #1; `VP_CHECK("sra_15_negative", y, 16'hffff)
        op = 2'b10; sh = 5'd20; #1; `VP_CHECK("sra_20_negative", y, 16'hffff)
        op = 2'b11; sh = 5'd17; #1; `VP_CHECK("rol_17", y, 16'h0003)
        op = 2'b11; sh = 5'd16; #1; `VP_CHECK("rol_16_identity", y, 16'h8001)
        d = 16'h7ff0;
        op = 2'b10; sh = 5'd4;  #1; `VP_CHECK("sra_4_positive", y, 16'h07ff)
        op = 2'b10; sh = 5'd31; #1; `VP_CHECK("sra_31_positive", y, 16'h0000)
        for (i = 0; i < 150; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            case (i)
                0: d = 16'h0000;
                1: d = 16'hffff;
                2: d = 16'h8000;
                3: d = 16'h0001;
                4: d = 16'haaaa;
                5: d = 16'h5555;
                default: d = lfsr[15:0] ^ lfsr[31:16];
            endcase
            for (o = 0; o < 4; o = o + 1)
                for (s = 0; s < 32; s = s + 1) begin
                    op = o[1:0]; sh = s[4:0]; #1;
                    model;
                    `VP_CHECK("sweep_y", y, e)
                end
        end
        `VP_DONE
    end
endmodule
