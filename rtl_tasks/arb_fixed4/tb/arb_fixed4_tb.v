`timescale 1ns/1ps
`include "vp_harness.vh"
// Exhaustive bench for arb_fixed4 (all 256 req/mask combinations).
// Bugs this bench catches:
//   1. reversed priority (requester 3 highest)
//   2. mask ignored for the highest-priority requester (gnt[0] = req[0])
//   3. gnt_id reports 3 instead of 0 when nothing is granted
module tb;
    `VP_INIT
    reg [3:0] req, mask;
    wire [3:0] gnt;
    wire [1:0] gnt_id;
    wire gnt_valid;
    reg [3:0] e, eg;
    reg [1:0] eid;
    integer i, k;
    reg [8*40-1:0] nm;

    arb_fixed4 dut (.req(req), .mask(mask), .gnt(gnt), .gnt_id(gnt_id), .gnt_valid(gnt_valid));

    initial begin
        // a few directed cases first, with readable names
        req = 4'b1111; mask = 4'b0000; #1;
        `VP_CHECK("all_req_gnt0", gnt, 4'b0001)
        `VP_CHECK("all_req_id0", gnt_id, 2'd0)
        req = 4'b1000; mask = 4'b0000; #1;
        `VP_CHECK("only_req3_gnt3", gnt, 4'b1000)
        `VP_CHECK("only_req3_id3", gnt_id, 2'd3)
        req = 4'b0001; mask = 4'b0001; #1;
        `VP_CHECK("masked_req0_no_gnt", gnt, 4'b0000)
        `VP_CHECK("masked_req0_invalid", gnt_valid, 1'b0)
        `VP_CHECK("masked_req0_id_zero", gnt_id, 2'd0)
        req = 4'b0000; mask = 4'b0000; #1;
        `VP_CHECK("no_req_invalid", gnt_valid, 1'b0)
        `VP_CHECK("no_req_id_zero", gnt_id, 2'd0)
        // exhaustive
        for (i = 0; i < 256; i = i + 1) begin
            req = i[3:0];
            mask = i[7:4];
            #1;
            e = req & ~mask;
            eg = 4'b0000;
            eid = 2'd0;
            for (k = 3; k >= 0; k = k - 1)
                if (e[k]) begin
                    eg = 4'b0001 << k;
                    eid = k;
                end
            $sformat(nm, "gnt_req%h_mask%h", req, mask);
            `VP_CHECK(nm, gnt, eg)
            $sformat(nm, "id_req%h_mask%h", req, mask);
            `VP_CHECK(nm, gnt_id, eid)
            $sformat(nm, "valid_req%h_mask%h", req, mask);
            `VP_CHECK(nm, gnt_valid, |e)
        end
        `VP_DONE
    end
endmodule
