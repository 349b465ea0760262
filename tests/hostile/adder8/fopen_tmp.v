// hostile: writes a file to /tmp
module adder8(input [7:0] a, input [7:0] b, input cin, output [7:0] sum, output cout);
  assign {cout, sum} = a + b + cin;
  integer fd;
  initial begin
    fd = $fopen("/tmp/veripref-pwned", "w");
    $fwrite(fd, "owned\n");
    $fclose(fd);
  end
endmodule
