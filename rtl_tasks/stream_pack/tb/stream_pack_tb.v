`timescale 1ns/1ps
`include "vp_harness.vh"
// Model-checked bench for stream_pack (sync active-high reset).
// Bugs this bench catches:
//   1. unused bytes of a partial word are not zeroed (stale bytes from earlier words leak out)
//   2. big-endian packing (first byte in out_data[31:24])
//   3. out_keep off by one for partial words (one bit too few)
module tb;
    `VP_INIT
    reg clk = 1'b0;
    reg rst = 1'b1;
    reg in_valid = 1'b0, in_last = 1'b0, out_ready = 1'b0;
    reg [7:0] in_data = 8'h00;
    wire in_ready, out_valid, out_last;
    wire [31:0] out_data;
    wire [3:0] out_keep;

    // model
    reg mvalid, mlast;
    reg [31:0] mdata, macc;
    reg [3:0] mkeep;
    integer mcnt, i, n, words, plen, bytes_left, phase;
    reg exp_ready, fire_in;
    reg [7:0] next_byte;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    stream_pack dut (.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready), .in_data(in_data),
                     .in_last(in_last), .out_valid(out_valid), .out_ready(out_ready), .out_data(out_data),
                     .out_keep(out_keep), .out_last(out_last));

    always #5 clk = ~clk;

    // offer: producer wants to send a byte this cycle (if none pending); lst: that byte ends the packet
    task cyc;
        input offer;
        input lst;
        input rdy;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            if (!in_valid && offer) begin
                in_valid = 1'b1;
                in_data = next_byte;
                in_last = lst;
            end
            out_ready = rdy;
            #1;
            n = n + 1;
            exp_ready = !mvalid || rdy;
            $sformat(nm, "%0s_%0d_in_ready", tag, n);
            `VP_CHECK(nm, in_ready, exp_ready)
            $sformat(nm, "%0s_%0d_out_valid", tag, n);
            `VP_CHECK(nm, out_valid, mvalid)
            if (mvalid) begin
                $sformat(nm, "%0s_%0d_out_data", tag, n);
                `VP_CHECK(nm, out_data, mdata)
                $sformat(nm, "%0s_%0d_out_keep", tag, n);
                `VP_CHECK(nm, out_keep, mkeep)
                $sformat(nm, "%0s_%0d_out_last", tag, n);
                `VP_CHECK(nm, out_last, mlast)
            end
            fire_in = in_valid && exp_ready;
            @(posedge clk);
            if (mvalid && rdy) begin
                mvalid = 1'b0;
                words = words + 1;
            end
            if (fire_in) begin
                macc[mcnt*8 +: 8] = in_data;
                mcnt = mcnt + 1;
                if (mcnt == 4 || in_last) begin
                    mvalid = 1'b1;
                    mdata = macc;
                    mkeep = (4'b0001 << mcnt) - 4'd1;
                    mlast = in_last;
                    mcnt = 0;
                    macc = 32'd0;
                end
                next_byte = next_byte + 8'd1;
                #1 in_valid = 1'b0;
            end
        end
    endtask

    // send a packet of len bytes; rdy_mode 0 = always ready, 1 = alternate, 2 = random
    task packet;
        input integer len;
        input integer rdy_mode;
        input [8*24-1:0] tag;
        integer sent, guard;
        begin
            sent = 0;
            guard = 0;
            while (sent < len && guard < 400) begin
                lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
                cyc(1'b1, (sent == len - 1),
                    (rdy_mode == 0) ? 1'b1 : (rdy_mode == 1) ? n[0] : (lfsr[0] | lfsr[1]), tag);
                if (fire_in) sent = sent + 1;
                guard = guard + 1;
            end
        end
    endtask

    initial begin
        mvalid = 1'b0; mdata = 0; macc = 0; mkeep = 0; mlast = 0; mcnt = 0;
        n = 0; words = 0; next_byte = 8'h11; lfsr = 32'h3243_F6A8;
        @(posedge clk);
        #1;
        `VP_CHECK("reset_empty", out_valid, 1'b0)
        rst = 1'b0;
        // full words, streaming at one byte per cycle
        packet(8, 0, "two_words");
        // partial words of every size, with stale bytes from the previous full word around
        packet(1, 0, "len1");
        packet(4, 0, "len4");
        packet(2, 0, "len2");
        packet(7, 0, "len7");
        packet(3, 0, "len3");
        packet(5, 0, "len5");
        cyc(0, 0, 1, "drain");
        cyc(0, 0, 1, "drain");
        // throughput: 16 bytes in 16 cycles with ready always high -> 4 words
        words = 0;
        for (i = 0; i < 17; i = i + 1) cyc(1, (i % 16) == 15, 1, "tput");
        `VP_CHECK("throughput_words", words, 4)
        // back-pressure: output stalled, producer keeps offering
        for (i = 0; i < 10; i = i + 1) cyc(1, 1'b0, 0, "stalled");
        for (i = 0; i < 10; i = i + 1) cyc(1, 1'b0, i[0], "alternate");
        packet(6, 1, "alt_packet");
        // reset in the middle of a word with a word pending
        cyc(1, 0, 0, "pre_reset");
        cyc(1, 0, 0, "pre_reset");
        @(negedge clk);
        rst = 1'b1;
        in_valid = 1'b0;
        @(posedge clk);
        #1;
        rst = 1'b0;
        mvalid = 1'b0; mcnt = 0; macc = 0;
        `VP_CHECK("mid_reset_empty", out_valid, 1'b0)
        packet(3, 0, "after_reset");
        // random packets under random back-pressure
        for (i = 0; i < 60; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            phase = lfsr[9:8];
            packet(1 + lfsr[4:0] % 11, (phase == 0) ? 0 : 2, "rnd");
            if (lfsr[12]) cyc(0, 0, lfsr[13], "rnd_gap");
        end
        `VP_DONE
    end
endmodule
