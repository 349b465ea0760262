// bug: clamp value hard-wired to 8'hff instead of all ones of WIDTH bits
module sat_add #(
    parameter WIDTH = 8
) (
    input  wire [WIDTH-1:0] a,
    input  wire [WIDTH-1:0] b,
    output wire [WIDTH-1:0] y,
    output wire             sat
);
    wire [WIDTH:0] full = {1'b0, a} + {1'b0, b};

    assign sat = full[WIDTH];
    assign y   = full[WIDTH] ? 8'hff : full[WIDTH-1:0];
endmodule
