// bug: reversed priority: requester 3 wins over lower indices
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
    assign gnt       = elig[3] ? 4'b1000 : elig[2] ? 4'b0100 : elig[1] ? 4'b0010 : elig[0] ? 4'b0001 : 4'b0000;
    assign gnt_valid = |elig;
    assign gnt_id    = elig[3] ? 2'd3 :
                       elig[2] ? 2'd2 :
                       elig[1] ? 2'd1 : 2'd0;
endmodule
