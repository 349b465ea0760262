// bug: carry is combinational (high while the next enabled edge would wrap) instead of a registered pulse
module bcd_cnt2 (
    input  wire       clk,
    input  wire       rst,
    input  wire       load,
    input  wire [7:0] d,
    input  wire       en,
    input  wire       up,
    output reg  [3:0] tens,
    output reg  [3:0] ones,
    output reg        carry
);
    always @(*)
        carry = en & ~load & (up ? (tens == 4'd9 && ones == 4'd9) : (tens == 4'd0 && ones == 4'd0));

    always @(posedge clk) begin
        if (rst) begin
            tens <= 4'd0;
            ones <= 4'd0;
        end else if (load) begin
            tens <= d[7:4];
            ones <= d[3:0];
        end else if (en) begin
            if (up) begin
                if (ones == 4'd9) begin
                    ones <= 4'd0;
                    tens <= (tens == 4'd9) ? 4'd0 : tens + 4'd1;
                end else begin
                    ones <= ones + 4'd1;
                end
            end else begin
                if (ones == 4'd0) begin
                    ones <= 4'd9;
                    tens <= (tens == 4'd0) ? 4'd9 : tens - 4'd1;
                end else begin
                    ones <= ones - 4'd1;
                end
            end
        end
    end
endmodule
