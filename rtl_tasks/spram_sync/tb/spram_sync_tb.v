`timescale 1ns/1ps
`include "vp_harness.vh"
// Directed + model-checked bench for spram_sync (AW 6, DW 8).
// Bugs this bench catches:
//   1. write-first: a write returns the new data on dout instead of the old contents
//   2. dout is updated even when en = 0
//   3. a write happens when we = 1 even though en = 0
module tb;
    `VP_INIT
    reg clk = 1'b0;
    reg en = 1'b0, we = 1'b0;
    reg [5:0] addr = 6'd0;
    reg [7:0] din = 8'd0;
    wire [7:0] dout;
    reg [7:0] m [0:63];
    reg [7:0] exp;
    integer i, n;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    spram_sync dut (.clk(clk), .en(en), .we(we), .addr(addr), .din(din), .dout(dout));

    always #5 clk = ~clk;

    task cyc;
        input e;
        input w;
        input [5:0] a;
        input [7:0] d;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            en = e; we = w; addr = a; din = d;
            @(posedge clk);
            #1;
            if (e) begin
                exp = m[a];
                if (w) m[a] = d;
            end
            n = n + 1;
            $sformat(nm, "%0s_%0d_dout_a%0d", tag, n, a);
            `VP_CHECK(nm, dout, exp)
        end
    endtask

    initial begin
        n = 0;
        // initialise the whole memory (reads of written words only from here on)
        for (i = 0; i < 64; i = i + 1) begin
            @(negedge clk);
            en = 1'b1; we = 1'b1; addr = i; din = (i * 37) ^ 8'h5C;
            m[i] = (i * 37) ^ 8'h5C;
        end
        @(negedge clk);
        en = 1'b1; we = 1'b0; addr = 6'd0;
        @(posedge clk);
        #1;
        exp = m[0];
        `VP_CHECK("first_read_addr0", dout, m[0])
        for (i = 0; i < 64; i = i + 1) cyc(1, 0, i, 8'h00, "readall");
        // read-first: write returns the old contents
        cyc(1, 1, 6'd10, 8'hF0, "write_returns_old");
        cyc(1, 0, 6'd10, 8'h00, "read_new");
        cyc(1, 1, 6'd10, 8'h0F, "rewrite_returns_prev");
        // en = 0: dout holds, we ignored
        cyc(0, 0, 6'd20, 8'h00, "disabled_read");
        cyc(0, 1, 6'd20, 8'hAA, "disabled_write");
        cyc(1, 0, 6'd20, 8'h00, "check_no_write");
        cyc(0, 1, 6'd63, 8'h3C, "disabled_write_top");
        cyc(0, 0, 6'd0, 8'h00, "disabled_hold");
        cyc(1, 0, 6'd63, 8'h00, "check_top");
        // back-to-back writes to consecutive addresses then reads
        for (i = 0; i < 8; i = i + 1) cyc(1, 1, 6'd56 + i, 8'hB0 + i, "burst_w");
        for (i = 0; i < 8; i = i + 1) cyc(1, 0, 6'd56 + i, 8'h00, "burst_r");
        // random
        lfsr = 32'h9E37_79B9;
        for (i = 0; i < 300; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cyc(lfsr[0] | lfsr[1] | lfsr[2], lfsr[3] & lfsr[4], lfsr[13:8], lfsr[23:16], "rnd");
        end
        `VP_DONE
    end
endmodule
