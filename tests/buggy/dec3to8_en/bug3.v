// bug: enable ignored
module dec3to8_en (
    input  wire [2:0] a,
    input  wire       en_n,
    output wire [7:0] y
);
    wire unused = en_n;
    assign y = 8'h01 << a;
endmodule
