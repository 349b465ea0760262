`timescale 1ns/1ps
`include "vp_harness.vh"
// Directed + model-checked bench for dpram (AW 4, DW 16, sync active-low reset of rdata).
// Bugs this bench catches:
//   1. no forwarding: a collision returns the old memory word
//   2. rdata is reloaded even when re = 0
//   3. the write port is blocked while rst_n = 0
module tb;
    `VP_INIT
    reg clk = 1'b0;
    reg rst_n = 1'b0;
    reg we = 1'b0, re = 1'b0;
    reg [3:0] waddr = 4'd0, raddr = 4'd0;
    reg [15:0] wdata = 16'd0;
    wire [15:0] rdata;
    reg [15:0] m [0:15];
    reg [15:0] exp;
    integer i, n;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    dpram dut (.clk(clk), .rst_n(rst_n), .we(we), .waddr(waddr), .wdata(wdata),
               .re(re), .raddr(raddr), .rdata(rdata));

    always #5 clk = ~clk;

    task cyc;
        input w;
        input [3:0] wa;
        input [15:0] wd;
        input r;
        input [3:0] ra;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            we = w; waddr = wa; wdata = wd; re = r; raddr = ra;
            @(posedge clk);
            #1;
            if (!rst_n) exp = 16'd0;
            else if (r) exp = (w && wa == ra) ? wd : m[ra];
            if (w) m[wa] = wd;
            n = n + 1;
            $sformat(nm, "%0s_%0d_rdata", tag, n);
            `VP_CHECK(nm, rdata, exp)
        end
    endtask

    initial begin
        n = 0;
        exp = 16'd0;
        // writes during reset are performed; rdata stays 0
        for (i = 0; i < 16; i = i + 1) cyc(1, i, 16'h1000 + i * 16'h0101, 1, i, "write_in_reset");
        @(negedge clk);
        rst_n = 1'b1;
        for (i = 0; i < 16; i = i + 1) cyc(0, 4'd0, 16'd0, 1, i, "read_back");
        // collision: new data forwarded
        cyc(1, 4'd5, 16'hBEEF, 1, 4'd5, "collision");
        cyc(0, 4'd0, 16'd0, 1, 4'd5, "after_collision");
        // read and write different addresses together
        cyc(1, 4'd6, 16'hCAFE, 1, 4'd7, "rw_diff");
        cyc(1, 4'd7, 16'hF00D, 1, 4'd6, "rw_diff");
        // re = 0 holds rdata, even with a write to the held address
        cyc(0, 4'd0, 16'd0, 0, 4'd2, "hold");
        cyc(1, 4'd6, 16'h0BAD, 0, 4'd6, "hold_with_write");
        cyc(0, 4'd0, 16'd0, 1, 4'd6, "read_after_hold");
        // reset in the middle clears rdata only
        @(negedge clk);
        rst_n = 1'b0;
        cyc(0, 4'd0, 16'd0, 1, 4'd3, "mid_reset");
        @(negedge clk);
        rst_n = 1'b1;
        cyc(0, 4'd0, 16'd0, 1, 4'd3, "after_mid_reset");
        // random
        lfsr = 32'h7F4A_7C15;
        for (i = 0; i < 300; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cyc(lfsr[0], lfsr[7:4], lfsr[31:16], lfsr[1] | lfsr[2], lfsr[2] ? lfsr[7:4] : lfsr[11:8], "rnd");
        end
        `VP_DONE
    end
endmodule
