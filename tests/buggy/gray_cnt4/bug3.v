// bug: reset is synchronous instead of asynchronous
// output of the next position.
module gray_cnt4 (
    input  wire       clk,
    input  wire       rst_n,
    input  wire       en,
    output reg  [3:0] g
);
    reg  [3:0] pos;
    wire [3:0] nxt = pos + 4'd1;

    always @(posedge clk) begin
        if (!rst_n) begin
            pos <= 4'd0;
            g   <= 4'd0;
        end else if (en) begin
            pos <= nxt;
            g   <= nxt ^ (nxt >> 1);
        end
    end
endmodule
