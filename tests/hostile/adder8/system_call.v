// hostile: runs a shell command (Verilator executes $system)
module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);
  assign {cout, sum} = a + b + cin;
  initial begin
    if ($system("touch /tmp/veripref-pwned") == 0) ;
  end
endmodule
