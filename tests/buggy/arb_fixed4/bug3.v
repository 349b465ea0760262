// bug: gnt_id is 3 instead of 0 when nothing is granted
// arb_fixed4 — combinational fixed-priority arbiter (requester 0 highest) with mask.
/* verilator lint_off DECLFILENAME */
module arb_fixed4 (
    input  wire [3:0] req,
    input  wire [3:0] mask,
    output wire [3:0] gnt,
    output wire [1:0] gnt_id,
    output wire       gnt_valid
);
    wire [3:0] elig = req & ~mask;

    // isolate the lowest set bit: x & -x
    assign gnt       = elig & (~elig + 4'd1);
    assign gnt_valid = |elig;
    assign gnt_id    = elig[0] ? 2'd0 :
                       elig[1] ? 2'd1 :
                       elig[2] ? 2'd2 :
                       2'd3;
endmodule
