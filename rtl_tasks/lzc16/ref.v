// lzc16 — reference: count of leading zeros of a 16-bit word (16 for 0).
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
        for (i = 15; i >= 0; i = i - 1) begin
            if (x[i] && !found) begin
                n     = 5'd15 - i[4:0];
                found = 1'b1;
            end
        end
    end

    assign zero = (x == 16'h0000);
endmodule
