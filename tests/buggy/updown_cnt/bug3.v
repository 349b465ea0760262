// bug: count enable has priority over load
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
    always @(posedge clk or posedge arst) begin
        if (arst)
            q <= 8'd0;
        else if (en)
            q <= up ? q + 8'd1 : q - 8'd1;
        else if (load)
            q <= d;
    end

    assign tc = en & (up ? (q == 8'd255) : (q == 8'd0));
endmodule
