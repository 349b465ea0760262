// bug: no rotation: the search always starts at requester 0
// arb_rr4 — round-robin arbiter, registered one-hot grant, held while requested.
/* verilator lint_off DECLFILENAME */
module arb_rr4 (
    input  wire       clk,
    input  wire       rst_n,
    input  wire [3:0] req,
    output reg  [3:0] gnt,
    output wire [1:0] gnt_id
);
    reg  [1:0] last;
    reg  [1:0] pick;
    reg        found;
    reg  [1:0] idx;
    integer    k;

    assign gnt_id = gnt[1] ? 2'd1 : gnt[2] ? 2'd2 : gnt[3] ? 2'd3 : 2'd0;

    // first requester in the order last+1 .. last+4 (mod 4)
    always @(*) begin
        pick  = last;
        found = 1'b0;
        idx   = last;
        for (k = 1; k <= 4; k = k + 1) begin
            idx = k[1:0] - 2'd1;
            if (!found && req[idx]) begin
                pick  = idx;
                found = 1'b1;
            end
        end
    end

    always @(posedge clk) begin
        if (!rst_n) begin
            gnt  <= 4'b0000;
            last <= 2'd3;
        end else if ((gnt & req) == 4'b0000) begin
            if (found) begin
                gnt  <= 4'b0001 << pick;
                last <= pick;
            end else begin
                gnt  <= 4'b0000;
            end
        end
    end
endmodule
