// bug: product truncated to 4 bits (width of the operands)
module mul4x4 (
    input  wire [3:0] a,
    input  wire [3:0] b,
    output wire [7:0] p
);
    wire [3:0] t = a * b;
    assign p = {4'd0, t};
endmodule
