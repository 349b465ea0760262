// bug: match is registered, so it appears one cycle late
// mealy_detect — Mealy detector of the non-overlapping pattern 1101.
/* verilator lint_off DECLFILENAME */
module mealy_detect (
    input  wire clk,
    input  wire rst_n,
    input  wire din,
    output reg  match
);
    localparam [1:0] S_IDLE = 2'd0,  // no progress
                     S_1    = 2'd1,  // "1"
                     S_11   = 2'd2,  // "11"
                     S_110  = 2'd3;  // "110": a 1 now completes the pattern

    reg [1:0] state;
    reg [1:0] next;


    always @(*) begin
        case (state)
            S_IDLE:  next = din ? S_1  : S_IDLE;
            S_1:     next = din ? S_11 : S_IDLE;
            S_11:    next = din ? S_11 : S_110;
            default: next = S_IDLE;          // S_110: match consumed, or "1100"
        endcase
    end

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n)
            state <= S_IDLE;
        else
            state <= next;
    end
    always @(posedge clk or negedge rst_n) begin
        if (!rst_n)
            match <= 1'b0;
        else
            match <= (state == S_110) && din;
    end
endmodule
