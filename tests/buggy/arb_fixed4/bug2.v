// bug: mask is not applied to requester 0
// arb_fixed4 — combinational fixed-priority arbiter (requester 0 highest) with mask.
/* verilator lint_off DECLFILENAME */
module arb_fixed4 (
    input  wire [3:0] req,
    input  wire [3:0] mask,
    output wire [3:0] gnt,
    output wire [1:0] gnt_id,
    output wire       gnt_valid
);
    wire [3:0] elig = req & ~{mask[3:1], 1'b0};

    // isolate the lowest set bit: x & -x
    assign gnt       = elig & (~elig + 4'd1);
    assign gnt_valid = |elig;
    assign gnt_id    = elig[0] ? 2'd0 :
                       elig[1] ? 2'd1 :
                       elig[2] ? 2'd2 :
                       elig[3] ? 2'd3 : 2'd0;
endmodule
