// seq_detect — Moore detector of the overlapping pattern 1011.
/* verilator lint_off DECLFILENAME */
module seq_detect (
    input  wire clk,
    input  wire rst,
    input  wire din,
    output reg  detected
);
    localparam [2:0] S_IDLE = 3'd0,  // no progress
                     S_1    = 3'd1,  // "1"
                     S_10   = 3'd2,  // "10"
                     S_101  = 3'd3,  // "101"
                     S_1011 = 3'd4;  // "1011" seen: output state

    reg [2:0] state;
    reg [2:0] next;

    always @(*) begin
        case (state)
            S_IDLE:  next = din ? S_1   : S_IDLE;
            S_1:     next = din ? S_1   : S_10;
            S_10:    next = din ? S_101 : S_IDLE;
            S_101:   next = din ? S_1011 : S_10;
            S_1011:  next = din ? S_1   : S_10;
            default: next = S_IDLE;
        endcase
    end

    always @(posedge clk) begin
        if (rst) begin
            state    <= S_IDLE;
            detected <= 1'b0;
        end else begin
            state    <= next;
            detected <= (next == S_1011);
        end
    end
endmodule
