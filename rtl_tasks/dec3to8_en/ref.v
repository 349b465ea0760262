// dec3to8_en — reference: one-hot decode of a, gated by active-low enable.
module dec3to8_en (
    input  wire [2:0] a,
    input  wire       en_n,
    output wire [7:0] y
);
    assign y = en_n ? 8'h00 : (8'h01 << a);
endmodule
