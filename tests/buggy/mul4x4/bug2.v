// bug: shift-and-add forgets the partial product of b[3]
module mul4x4 (
    input  wire [3:0] a,
    input  wire [3:0] b,
    output wire [7:0] p
);
    wire [7:0] a8 = {4'd0, a};
    wire       unused = b[3];
    assign p = (b[0] ? a8 : 8'd0) + (b[1] ? a8 << 1 : 8'd0) + (b[2] ? a8 << 2 : 8'd0);
endmodule
