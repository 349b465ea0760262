// counter8 — reference: 8-bit up counter, synchronous active-high reset,
// count enable, wraps from 255 to 0.
module counter8 (
    input  wire       clk,
    input  wire       rst,
    input  wire       en,
    output reg  [7:0] q
);
    always @(posedge clk) begin
        if (rst)
            q <= 8'd0;
        else if (en)
            q <= q + 8'd1;
    end
endmodule
