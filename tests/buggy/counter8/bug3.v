// bug: enable has priority over reset (reset ignored while counting)
module counter8 (
    input  wire       clk,
    input  wire       rst,
    input  wire       en,
    output reg  [7:0] q
);
    always @(posedge clk) begin
        if (en)
            q <= q + 8'd1;
        else if (rst)
            q <= 8'd0;
    end
endmodule
