// bug: enable ignored, counts on every clock edge
module counter8 (
    input  wire       clk,
    input  wire       rst,
    input  wire       en,
    output reg  [7:0] q
);
    wire unused = en;
    always @(posedge clk) begin
        if (rst)
            q <= 8'd0;
        else
            q <= q + 8'd1;
    end
endmodule
