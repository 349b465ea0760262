// bug: output order reversed (a = 0 drives y[7])
module dec3to8_en (
    input  wire [2:0] a,
    input  wire       en_n,
    output wire [7:0] y
);
    assign y = en_n ? 8'h00 : (8'h80 >> a);
endmodule
