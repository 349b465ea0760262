// hostile: tries to reach the harness's counters by name
module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);
  assign {cout, sum} = 9'd0;
  integer vp_passed;
endmodule
