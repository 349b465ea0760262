// bug: operands multiplied as signed two's-complement numbers
module mul4x4 (
    input  wire [3:0] a,
    input  wire [3:0] b,
    output wire [7:0] p
);
    wire signed [7:0] sp = $signed(a) * $signed(b);
    assign p = sp;
endmodule
