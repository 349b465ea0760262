// bug: enable treated as active high
module dec3to8_en (
    input  wire [2:0] a,
    input  wire       en_n,
    output wire [7:0] y
);
    assign y = en_n ? (8'h01 << a) : 8'h00;
endmodule
