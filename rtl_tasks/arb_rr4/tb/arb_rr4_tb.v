`timescale 1ns/1ps
`include "vp_harness.vh"
// Directed + model-checked bench for arb_rr4 (sync active-low reset).
// Bugs this bench catches:
//   1. no rotation: the search always starts at requester 0 (fixed priority)
//   2. no hold: the grant is re-arbitrated every cycle even while the owner still requests
//   3. an idle cycle (gnt = 0) between the owner dropping its request and the next grant
module tb;
    `VP_INIT
    reg clk = 1'b0;
    reg rst_n = 1'b0;
    reg [3:0] req = 4'b0000;
    wire [3:0] gnt;
    wire [1:0] gnt_id;
    reg [3:0] mg;
    reg [1:0] mlast, idx;
    reg found;
    integer i, k, n, served0, served3;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    arb_rr4 dut (.clk(clk), .rst_n(rst_n), .req(req), .gnt(gnt), .gnt_id(gnt_id));

    always #5 clk = ~clk;

    task model_step;
        begin
            if ((mg & req) == 4'b0000) begin
                found = 1'b0;
                for (k = 1; k <= 4; k = k + 1) begin
                    idx = mlast + k;
                    if (!found && req[idx]) begin
                        found = 1'b1;
                        mg = 4'b0001 << idx;
                        mlast = idx;
                    end
                end
                if (!found) mg = 4'b0000;
            end
        end
    endtask

    task cyc;
        input [3:0] r;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            req = r;
            @(posedge clk);
            #1;
            model_step;
            n = n + 1;
            $sformat(nm, "%0s_%0d_gnt_req%b", tag, n, r);
            `VP_CHECK(nm, gnt, mg)
            $sformat(nm, "%0s_%0d_gnt_id", tag, n);
            `VP_CHECK(nm, gnt_id, (mg[1] ? 2'd1 : mg[2] ? 2'd2 : mg[3] ? 2'd3 : 2'd0))
        end
    endtask

    initial begin
        mg = 4'b0000; mlast = 2'd3; n = 0;
        @(posedge clk);
        #1;
        `VP_CHECK("reset_no_grant", gnt, 4'b0000)
        rst_n = 1'b1;
        // spec example
        cyc(4'b1010, "example");
        `VP_CHECK("example_first_is_1", gnt, 4'b0010)
        cyc(4'b1010, "example_hold");
        cyc(4'b1000, "example_handover");
        `VP_CHECK("example_handover_to_3", gnt, 4'b1000)
        cyc(4'b0011, "example_wrap");
        `VP_CHECK("example_wrap_to_0", gnt, 4'b0001)
        // owner holds for many cycles while others wait
        for (i = 0; i < 5; i = i + 1) cyc(4'b1111, "hold_all");
        `VP_CHECK("held_by_0", gnt, 4'b0001)
        // each owner drops for one cycle after service: rotation 1,2,3,0,1,...
        for (i = 0; i < 12; i = i + 1) cyc(4'b1111 & ~gnt, "rotate");
        // no requests: grant released, last kept
        cyc(4'b0000, "idle");
        cyc(4'b0000, "idle");
        cyc(4'b1111, "after_idle");
        // single requester repeatedly dropping and re-requesting gets re-granted
        cyc(4'b0100, "solo");
        cyc(4'b0000, "solo_off");
        cyc(4'b0100, "solo_again");
        // fairness: requesters 0 and 3 both hammering, each served in turn
        served0 = 0; served3 = 0;
        for (i = 0; i < 20; i = i + 1) begin
            cyc(4'b1001 & ~gnt, "fair");
            if (gnt[0]) served0 = served0 + 1;
            if (gnt[3]) served3 = served3 + 1;
        end
        `VP_CHECK("fair_count_0", served0, 10)
        `VP_CHECK("fair_count_3", served3, 10)
        // reset in the middle of ownership
        cyc(4'b0110, "pre_reset");
        @(negedge clk);
        rst_n = 1'b0;
        req = 4'b1111;
        @(posedge clk);
        #1;
        `VP_CHECK("mid_reset_no_grant", gnt, 4'b0000)
        rst_n = 1'b1;
        mg = 4'b0000; mlast = 2'd3;
        cyc(4'b1110, "after_reset_order");
        `VP_CHECK("after_reset_first_is_1", gnt, 4'b0010)
        // random
        lfsr = 32'hBB67_AE85;
        for (i = 0; i < 400; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            // owners drop with probability 1/4, others toggle with probability 1/4
            cyc((req & gnt & {4{lfsr[1:0] != 2'b00}}) | (req & ~gnt & ~lfsr[7:4]) | (~req & lfsr[11:8] & lfsr[15:12]), "rnd");
        end
        `VP_DONE
    end
endmodule
