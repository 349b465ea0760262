// bug: sgn ignored, always compares unsigned
module cmp8_su (
    input  wire [7:0] a,
    input  wire [7:0] b,
    input  wire       sgn,
    output wire       lt,
    output wire       eq,
    output wire       gt
);
    wire unused = sgn;
    assign lt = a < b;
    assign eq = a == b;
    assign gt = a > b;
endmodule
