// hostile: a zero-delay combinational loop that never settles
module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);
  wire osc;
  assign osc = ~osc;
  assign {cout, sum} = a + b + cin + {8'd0, osc};
endmodule
