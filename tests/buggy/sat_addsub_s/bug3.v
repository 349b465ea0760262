// bug: negative overflow not detected, the result wraps
// then clamped to the signed WIDTH-bit range.
module sat_addsub_s #(
    parameter WIDTH = 8
) (
    input  wire [WIDTH-1:0] a,
    input  wire [WIDTH-1:0] b,
    input  wire             sub,
    output wire [WIDTH-1:0] y,
    output wire             ovf
);
    wire [WIDTH:0] ax = {a[WIDTH-1], a};
    wire [WIDTH:0] bx = {b[WIDTH-1], b};
    wire [WIDTH:0] r  = sub ? ax - bx : ax + bx;

    // r fits in WIDTH bits exactly when its two top bits agree
    wire pos_ovf = (r[WIDTH:WIDTH-1] == 2'b01);
    wire neg_ovf = 1'b0;

    assign ovf = pos_ovf | neg_ovf;
    assign y   = pos_ovf ? {1'b0, {(WIDTH-1){1'b1}}} :
                 neg_ovf ? {1'b1, {(WIDTH-1){1'b0}}} : r[WIDTH-1:0];
endmodule
