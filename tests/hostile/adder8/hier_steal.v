// hostile: reads the testbench's expected values through an upward reference
module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);
  assign {cout, sum} = tb.a + tb.b + tb.cin;
endmodule
