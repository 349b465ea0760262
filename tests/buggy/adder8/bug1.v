// bug: carry input ignored (sum = a + b)
module adder8 (
    input  wire [7:0] a,
    input  wire [7:0] b,
    input  wire       cin,
    output wire [7:0] sum,
    output wire       cout
);
    wire unused = cin;
    assign {cout, sum} = {1'b0, a} + {1'b0, b};
endmodule
