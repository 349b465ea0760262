// hostile: an always block without any delay spins forever at time 0
module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);
  reg [7:0] spin;
  initial spin = 0;
  always begin
    spin = spin + 1;
  end
  assign {cout, sum} = a + b + cin;
endmodule
