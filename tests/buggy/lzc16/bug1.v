// bug: counts trailing zeros (from bit 0 upwards) instead of leading zeros
module lzc16 (
    input  wire [15:0] x,
    output reg  [4:0]  n,
    output wire        zero
);
    integer i;
    reg     found;

    always @(*) begin
        n     = 5'd16;
        found = 1'b0;
        for (i = 0; i < 16; i = i + 1) begin
            if (x[i] && !found) begin
                n     = i[4:0];
                found = 1'b1;
            end
        end
    end

    assign zero = (x == 16'h0000);
endmodule
