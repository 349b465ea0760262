// bug: binary-search tree tests x[15:9] for the upper byte, missing bit 8
module lzc16 (
    input  wire [15:0] x,
    output reg  [4:0]  n,
    output wire        zero
);
    reg [7:0] b8;
    reg [3:0] b4;
    reg [1:0] b2;

    always @(*) begin
        n = 5'd0;
        if (x == 16'h0000) begin
            n = 5'd16;
        end else begin
            if (x[15:9] == 7'd0) begin n[3] = 1'b1; b8 = x[7:0]; end
            else b8 = x[15:8];
            if (b8[7:4] == 4'd0) begin n[2] = 1'b1; b4 = b8[3:0]; end
            else b4 = b8[7:4];
            if (b4[3:2] == 2'd0) begin n[1] = 1'b1; b2 = b4[1:0]; end
            else b2 = b4[3:2];
            n[0] = ~b2[1];
        end
    end

    assign zero = (x == 16'h0000);
endmodule
