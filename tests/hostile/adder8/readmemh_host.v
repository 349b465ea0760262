// hostile: reads a host file into memory
module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);
  reg [7:0] mem [0:15];
  initial $readmemh("/etc/hostname", mem);
  assign {cout, sum} = a + b + cin + mem[0];
endmodule
