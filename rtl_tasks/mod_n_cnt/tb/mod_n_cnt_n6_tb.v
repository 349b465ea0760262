// mod_n_cnt n6 bench (N = 6, W = 3) — count through several wraps,
// wrap flag with en high and low, hold, synchronous reset timing (reset
// raised between edges must wait), reset in mid-count, then a
// pseudo-random enable/reset run against a bench model.
// Bugs this bench catches (recorded in tests/buggy/mod_n_cnt/):
//   1. wraps one step late (counts 0..N): fails "n6_wrap_at_last".
//   2. modulus hard-wired to 10: fails in the N = 6 bench ("n6_at_last").
//   3. wrap flag not gated by en: fails "n6_wrap_needs_en".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    localparam N = 6;
    localparam W = 3;
    reg          clk = 1'b0;
    reg          rst_n = 1'b0;
    reg          en = 1'b0;
    wire [W-1:0] q;
    wire         wrap;
    integer      m, i;
    reg  [31:0]  lfsr;
    `VP_INIT

    mod_n_cnt #(.N(6), .W(3)) dut (.clk(clk), .rst_n(rst_n), .en(en), .q(q), .wrap(wrap));

    always #5 clk = ~clk;

    task cycle(input r, input e);
        begin
            @(negedge clk);
            rst_n = r; en = e;
            #1;
            `VP_CHECK("n6_wrap_before_edge", wrap, e && (m == N - 1))
            @(posedge clk);
            #1;
            if (!r) m = 0;
            else if (e) m = (m == N - 1) ? 0 : m + 1;
        end
    endtask

    initial begin
        m = 0;
        lfsr = 32'h7777_1111;
        cycle(0, 1);
        `VP_CHECK("n6_reset_clears", q, {W{1'b0}})
        cycle(1, 1);
        `VP_CHECK("n6_first_count", q, 1)
        while (m != N - 1) cycle(1, 1);
        `VP_CHECK("n6_at_last", q, N - 1)
        @(negedge clk); en = 1'b1; #1;
        `VP_CHECK("n6_wrap_at_last", wrap, 1'b1)
        en = 1'b0; #1;
        `VP_CHECK("n6_wrap_needs_en", wrap, 1'b0)
        cycle(1, 0);
        `VP_CHECK("n6_hold_at_last", q, N - 1)
        cycle(1, 1);
        `VP_CHECK("n6_wrap_to_0", q, 0)
        for (i = 0; i < 3 * N + 2; i = i + 1) begin
            cycle(1, 1);
            `VP_CHECK("n6_count_sequence", q, m)
        end
        // synchronous reset raised between edges waits for the edge
        while (m == 0) cycle(1, 1);
        @(negedge clk);
        rst_n = 1'b0; en = 1'b1;
        #1;
        `VP_CHECK("n6_sync_reset_waits", q, m)
        @(posedge clk); #1;
        m = 0;
        `VP_CHECK("n6_sync_reset_at_edge", q, 0)
        cycle(1, 1);
        `VP_CHECK("n6_count_after_reset", q, 1)
        for (i = 0; i < 600; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cycle(lfsr[6:0] != 7'd0, lfsr[9] | lfsr[10]);
            `VP_CHECK("n6_random", q, m)
        end
        `VP_DONE
    end
endmodule
