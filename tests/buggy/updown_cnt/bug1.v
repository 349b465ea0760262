// bug: reset is synchronous instead of asynchronous
// asynchronous active-high reset, combinational terminal count.
module updown_cnt (
    input  wire       clk,
    input  wire       arst,
    input  wire       load,
    input  wire [7:0] d,
    input  wire       en,
    input  wire       up,
    output reg  [7:0] q,
    output wire       tc
);
    always @(posedge clk) begin
        if (arst)
            q <= 8'd0;
        else if (load)
            q <= d;
        else if (en)
            q <= up ? q + 8'd1 : q - 8'd1;
    end

    assign tc = en & (up ? (q == 8'd255) : (q == 8'd0));
endmodule
