// bug: carry out taken from the MSB generate term only (a[7] & b[7])
module adder8 (
    input  wire [7:0] a,
    input  wire [7:0] b,
    input  wire       cin,
    output wire [7:0] sum,
    output wire       cout
);
    assign sum  = a + b + {7'd0, cin};
    assign cout = a[7] & b[7];
endmodule
