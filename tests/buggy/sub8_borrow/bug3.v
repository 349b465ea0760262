// bug: borrow out taken as the sign bit of the 8-bit difference
module sub8_borrow (
    input  wire [7:0] a,
    input  wire [7:0] b,
    input  wire       bin,
    output wire [7:0] diff,
    output wire       bout
);
    assign diff = a - b - {7'd0, bin};
    assign bout = diff[7];
endmodule
