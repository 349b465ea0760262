// hostile: an array of 2^30 64-bit words (8 GiB)
module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);
  reg [63:0] mem [0:(1<<30)-1];
  always @* mem[a] = {56'd0, b};
  assign {cout, sum} = a + mem[a][7:0] + cin;
endmodule
