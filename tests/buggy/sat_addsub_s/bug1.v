// bug: subtraction as a + (-b) with -b formed in WIDTH bits, so -MIN = MIN
module sat_addsub_s #(
    parameter WIDTH = 8
) (
    input  wire [WIDTH-1:0] a,
    input  wire [WIDTH-1:0] b,
    input  wire             sub,
    output wire [WIDTH-1:0] y,
    output wire             ovf
);
    wire [WIDTH-1:0] nb = sub ? (~b + 1'b1) : b;
    wire [WIDTH:0]   r  = {a[WIDTH-1], a} + {nb[WIDTH-1], nb};

    wire pos_ovf = (r[WIDTH:WIDTH-1] == 2'b01);
    wire neg_ovf = (r[WIDTH:WIDTH-1] == 2'b10);

    assign ovf = pos_ovf | neg_ovf;
    assign y   = pos_ovf ? {1'b0, {(WIDTH-1){1'b1}}} :
                 neg_ovf ? {1'b1, {(WIDTH-1){1'b0}}} : r[WIDTH-1:0];
endmodule
