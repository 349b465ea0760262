// bug: eq compares only bits 6..0
module cmp8_su (
    input  wire [7:0] a,
    input  wire [7:0] b,
    input  wire       sgn,
    output wire       lt,
    output wire       eq,
    output wire       gt
);
    wire [7:0] ka = {a[7] ^ sgn, a[6:0]};
    wire [7:0] kb = {b[7] ^ sgn, b[6:0]};

    assign lt = ka < kb;
    assign eq = a[6:0] == b[6:0];
    assign gt = ka > kb;
endmodule
