// bug: carry from the low nibble into the high nibble is dropped
module adder8 (
    input  wire [7:0] a,
    input  wire [7:0] b,
    input  wire       cin,
    output wire [7:0] sum,
    output wire       cout
);
    wire [4:0] lo = {1'b0, a[3:0]} + {1'b0, b[3:0]} + {4'd0, cin};
    wire [4:0] hi = {1'b0, a[7:4]} + {1'b0, b[7:4]};
    assign sum  = {hi[3:0], lo[3:0]};
    assign cout = hi[4];
endmodule
