// bug: sat flag raised whenever the result is all ones, even without overflow
module sat_add #(
    parameter WIDTH = 8
) (
    input  wire [WIDTH-1:0] a,
    input  wire [WIDTH-1:0] b,
    output wire [WIDTH-1:0] y,
    output wire             sat
);
    wire [WIDTH:0] full = {1'b0, a} + {1'b0, b};

    assign y   = full[WIDTH] ? {WIDTH{1'b1}} : full[WIDTH-1:0];
    assign sat = &y;
endmodule
