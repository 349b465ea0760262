// sub8_borrow — reference: {bout, diff} = a - b - bin in 9-bit two's
// complement; bit 8 is the borrow.
module sub8_borrow (
    input  wire [7:0] a,
    input  wire [7:0] b,
    input  wire       bin,
    output wire [7:0] diff,
    output wire       bout
);
    wire [8:0] r = {1'b0, a} - {1'b0, b} - {8'd0, bin};

    assign diff = r[7:0];
    assign bout = r[8];
endmodule
