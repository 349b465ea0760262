// crc8_serial — bit-serial CRC-8, poly x^8+x^2+x+1, init 0xFF, MSB first.
/* verilator lint_off DECLFILENAME */
module crc8_serial (
    input  wire       clk,
    input  wire       rst,
    input  wire       init,
    input  wire       din_valid,
    input  wire       din,
    output reg  [7:0] crc
);
    wire fb = crc[7] ^ din;

    always @(posedge clk) begin
        if (rst || init)
            crc <= 8'hFF;
        else if (din_valid)
            crc <= {crc[6:0], 1'b0} ^ (fb ? 8'h07 : 8'h00);
    end
endmodule
