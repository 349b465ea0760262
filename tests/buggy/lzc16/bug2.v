// bug: zero input gives 15, the count is kept in 4 bits
module lzc16 (
    input  wire [15:0] x,
    output reg  [4:0]  n,
    output wire        zero
);
    integer   i;
    reg [3:0] c;
    reg       found;

    always @(*) begin
        c     = 4'd15;
        found = 1'b0;
        for (i = 15; i >= 0; i = i - 1) begin
            if (x[i] && !found) begin
                c     = 4'd15 - i[3:0];
                found = 1'b1;
            end
        end
        n = {1'b0, c};
    end

    assign zero = (x == 16'h0000);
endmodule
