// bug: Gray conversion shifts the wrong way (b ^ (b << 1))
// output of the next position.
module gray_cnt4 (
    input  wire       clk,
    input  wire       rst_n,
    input  wire       en,
    output reg  [3:0] g
);
    reg  [3:0] pos;
    wire [3:0] nxt = pos + 4'd1;

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            pos <= 4'd0;
            g   <= 4'd0;
        end else if (en) begin
            pos <= nxt;
            g   <= nxt ^ (nxt << 1);
        end
    end
endmodule
