// bug: sgn ignored, always compares signed
module cmp8_su (
    input  wire [7:0] a,
    input  wire [7:0] b,
    input  wire       sgn,
    output wire       lt,
    output wire       eq,
    output wire       gt
);
    wire unused = sgn;
    assign lt = $signed(a) < $signed(b);
    assign eq = a == b;
    assign gt = $signed(a) > $signed(b);
endmodule
