// bug: shift amount truncated to 4 bits, so 16..31 act as 0..15
// amount; logical shifts by 16+ clear, SRA by 16+ fills with the sign,
// rotation uses the amount modulo 16.
module shifter16 (
    input  wire [15:0] d,
    input  wire [4:0]  sh,
    input  wire [1:0]  op,
    output reg  [15:0] y
);
    wire [15:0] rot = (d << sh[3:0]) | (d >> (5'd16 - {1'b0, sh[3:0]}));

    always @(*) begin
        case (op)
            2'b00:   y = d << sh[3:0];
            2'b01:   y = d >> sh[3:0];
            2'b10:   y = $unsigned($signed(d) >>> sh[3:0]);
            default: y = rot;
        endcase
    end
endmodule
