// hostile: binds a module of its own into the testbench
module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);
  assign {cout, sum} = a + b + cin;
endmodule
module spy; endmodule
bind tb spy spy_i();
