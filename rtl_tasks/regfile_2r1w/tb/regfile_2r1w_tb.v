`timescale 1ns/1ps
`include "vp_harness.vh"
// Directed + model-checked bench for regfile_2r1w.
// Bugs this bench catches:
//   1. no write-through bypass: a read of the register being written returns the old value
//   2. register 0 is writable (reads of r0 return the last value written to it)
//   3. the bypass ignores we: wdata is forwarded on an address match even when not writing
module tb;
    `VP_INIT
    reg clk = 1'b0;
    reg rst = 1'b1;
    reg we = 1'b0;
    reg [3:0] waddr = 4'd0, raddr1 = 4'd0, raddr2 = 4'd0;
    reg [31:0] wdata = 32'd0;
    wire [31:0] rdata1, rdata2;
    reg [31:0] m [0:15];
    integer i, j, n;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    regfile_2r1w dut (.clk(clk), .rst(rst), .we(we), .waddr(waddr), .wdata(wdata),
                      .raddr1(raddr1), .raddr2(raddr2), .rdata1(rdata1), .rdata2(rdata2));

    always #5 clk = ~clk;

    function [31:0] expect_rd;
        input [3:0] ra;
        begin
            if (ra == 4'd0) expect_rd = 32'd0;
            else if (we && waddr == ra) expect_rd = wdata;
            else expect_rd = m[ra];
        end
    endfunction

    // set up one cycle's inputs at the falling edge, check reads combinationally,
    // then commit the write at the rising edge
    task cyc;
        input w;
        input [3:0] wa;
        input [31:0] wd;
        input [3:0] r1;
        input [3:0] r2;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            we = w; waddr = wa; wdata = wd; raddr1 = r1; raddr2 = r2;
            #1;
            n = n + 1;
            $sformat(nm, "%0s_%0d_rdata1_r%0d", tag, n, r1);
            `VP_CHECK(nm, rdata1, expect_rd(r1))
            $sformat(nm, "%0s_%0d_rdata2_r%0d", tag, n, r2);
            `VP_CHECK(nm, rdata2, expect_rd(r2))
            @(posedge clk);
            if (w && wa != 4'd0) m[wa] = wd;
        end
    endtask

    initial begin
        n = 0;
        for (i = 0; i < 16; i = i + 1) m[i] = 32'd0;
        #12;
        rst = 1'b0;
        // all registers read 0 after reset
        for (i = 0; i < 16; i = i + 2) cyc(0, 4'd0, 32'd0, i, i + 1, "after_reset");
        // write every register with a distinct value, reading it back through the bypass
        for (i = 0; i < 16; i = i + 1) cyc(1, i, 32'hA5A5_0000 + i * 32'h1111, i, (i + 1) % 16, "fill");
        // read all pairs after the writes
        for (i = 0; i < 16; i = i + 1) cyc(0, 4'd0, 32'd0, i, 15 - i, "readback");
        // write to r0 is ignored, also through the bypass
        cyc(1, 4'd0, 32'hDEAD_BEEF, 4'd0, 4'd0, "write_r0");
        cyc(0, 4'd0, 32'd0, 4'd0, 4'd5, "read_r0_after");
        // both ports bypass at once
        cyc(1, 4'd7, 32'h1234_5678, 4'd7, 4'd7, "dual_bypass");
        cyc(0, 4'd0, 32'd0, 4'd7, 4'd6, "dual_bypass_after");
        // address match with we = 0: no forwarding
        cyc(0, 4'd9, 32'hFFFF_FFFF, 4'd9, 4'd9, "match_no_we");
        // back-to-back writes to the same register
        cyc(1, 4'd3, 32'h0000_0001, 4'd3, 4'd4, "b2b");
        cyc(1, 4'd3, 32'h0000_0002, 4'd4, 4'd3, "b2b");
        cyc(0, 4'd3, 32'h0000_0003, 4'd3, 4'd3, "b2b_no_we");
        // asynchronous reset in the middle: cleared without a clock edge
        @(negedge clk);
        we = 1'b0; raddr1 = 4'd3; raddr2 = 4'd15;
        #1;
        rst = 1'b1;
        #1;
        rst = 1'b0;
        for (i = 0; i < 16; i = i + 1) m[i] = 32'd0;
        #1;
        `VP_CHECK("async_reset_r3_cleared", rdata1, 32'd0)
        `VP_CHECK("async_reset_r15_cleared", rdata2, 32'd0)
        // random traffic
        lfsr = 32'h2545_F491;
        for (j = 0; j < 300; j = j + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cyc(lfsr[0] | lfsr[1], lfsr[7:4], {lfsr[15:0], lfsr[31:16]} ^ j, lfsr[11:8],
                lfsr[0] ? lfsr[7:4] : lfsr[15:12], "rnd");
        end
        `VP_DONE
    end
endmodule
