// hostile: an endless zero-delay loop in an initial block hangs at time 0
module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);
  reg [31:0] spin;
  initial begin
    spin = 0;
    while (1) spin = spin + 1;
  end
  assign {cout, sum} = a + b + cin + {8'd0, spin[31]};
endmodule
