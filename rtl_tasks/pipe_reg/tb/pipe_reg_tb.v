`timescale 1ns/1ps
`include "vp_harness.vh"
// Model-checked bench for pipe_reg (WIDTH 8, sync active-high reset).
// Bugs this bench catches:
//   1. in_ready = out_ready only: an empty stage refuses input while the consumer stalls
//   2. in_ready = !out_valid: a bubble every other cycle in a continuous stream
//   3. out_data reloads from in_data even while the stage is stalled
module tb;
    `VP_INIT
    reg clk = 1'b0;
    reg rst = 1'b1;
    reg in_valid = 1'b0, out_ready = 1'b0;
    reg [7:0] in_data = 8'h00;
    wire in_ready, out_valid;
    wire [7:0] out_data;

    reg m_valid;              // model: stage occupied
    reg [7:0] m_data;
    reg [7:0] next_word;      // producer sequence
    reg exp_in_ready;
    integer i, n, outs, phase;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    pipe_reg dut (.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready), .in_data(in_data),
                  .out_valid(out_valid), .out_ready(out_ready), .out_data(out_data));

    always #5 clk = ~clk;

    // one cycle: vin = producer offers a word (if none is pending it takes the next one),
    // rdy = consumer ready. Checks before the edge, model update at the edge.
    task cyc;
        input vin;
        input rdy;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            if (!in_valid && vin) begin
                in_valid = 1'b1;
                in_data = next_word;
            end
            out_ready = rdy;
            #1;
            n = n + 1;
            exp_in_ready = !m_valid || rdy;
            $sformat(nm, "%0s_%0d_in_ready", tag, n);
            `VP_CHECK(nm, in_ready, exp_in_ready)
            $sformat(nm, "%0s_%0d_out_valid", tag, n);
            `VP_CHECK(nm, out_valid, m_valid)
            if (m_valid) begin
                $sformat(nm, "%0s_%0d_out_data", tag, n);
                `VP_CHECK(nm, out_data, m_data)
            end
            @(posedge clk);
            if (m_valid && rdy) outs = outs + 1;
            if (exp_in_ready) begin
                m_valid = in_valid;
                if (in_valid) m_data = in_data;
                if (in_valid) begin
                    next_word = next_word + 8'd1;
                    #1 in_valid = 1'b0;   // accepted: the producer may offer a new word
                end
            end
        end
    endtask

    initial begin
        m_valid = 1'b0; m_data = 8'h00; next_word = 8'h01; n = 0; outs = 0;
        @(posedge clk);
        #1;
        rst = 1'b0;
        `VP_CHECK("reset_empty", out_valid, 1'b0)
        // empty stage accepts even with the consumer stalled
        cyc(1, 0, "fill_stalled");
        cyc(1, 0, "hold_stalled");
        cyc(1, 0, "hold_stalled");
        // consumer resumes: pass-through every cycle
        cyc(1, 1, "resume");
        // continuous stream: one word per cycle, no bubbles
        outs = 0;
        for (i = 0; i < 20; i = i + 1) cyc(1, 1, "stream");
        `VP_CHECK("stream_no_bubbles", outs, 20)
        // drain
        cyc(0, 1, "drain");
        cyc(0, 1, "empty_idle");
        // alternate ready
        for (i = 0; i < 12; i = i + 1) cyc(1, i[0], "alt_ready");
        // reset in the middle with a word held and a word offered
        cyc(1, 0, "pre_reset");
        @(negedge clk);
        rst = 1'b1;
        out_ready = 1'b0;
        @(posedge clk);
        #1;
        rst = 1'b0;
        in_valid = 1'b0;
        m_valid = 1'b0;
        `VP_CHECK("mid_reset_empty", out_valid, 1'b0)
        `VP_CHECK("mid_reset_in_ready", in_ready, 1'b1)
        next_word = 8'h80;
        // random traffic
        lfsr = 32'h4F1B_BCDC;
        for (i = 0; i < 400; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            phase = (i / 100) % 4;
            cyc((phase == 1) ? lfsr[0] : (lfsr[1:0] != 2'b00),
                (phase == 2) ? (lfsr[3:2] == 2'b00) : (lfsr[3] | lfsr[4]), "rnd");
        end
        `VP_DONE
    end
endmodule
