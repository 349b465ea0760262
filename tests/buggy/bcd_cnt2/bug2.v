// bug: tens digit does not wrap at 9 (99 counts up to A0)
// borrow/carry between digits, load over enable, registered wrap pulse.
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
    always @(posedge clk) begin
        carry <= 1'b0;
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
                    tens <= tens + 4'd1;
                    if (tens == 4'd9)
                        carry <= 1'b1;
                end else begin
                    ones <= ones + 4'd1;
                end
            end else begin
                if (ones == 4'd0) begin
                    ones <= 4'd9;
                    if (tens == 4'd0) begin
                        tens  <= 4'd9;
                        carry <= 1'b1;
                    end else begin
                        tens <= tens - 4'd1;
                    end
                end else begin
                    ones <= ones - 4'd1;
                end
            end
        end
    end
endmodule
