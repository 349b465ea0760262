// bug: shifts with zero fill instead of rotating
module barrel_rot8 (
    input  wire [7:0] d,
    input  wire [2:0] amt,
    input  wire       dir,
    output reg  [7:0] y
);
    always @(*) begin
        if (!dir)
            y = d << amt;
        else
            y = d >> amt;
    end
endmodule
