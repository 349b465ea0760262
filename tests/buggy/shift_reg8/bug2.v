// bug: right shift puts sin into bit 0 instead of bit 7
module shift_reg8 (
    input  wire       clk,
    input  wire       rst_n,
    input  wire       load,
    input  wire [7:0] d,
    input  wire       en,
    input  wire       dir,
    input  wire       sin,
    output reg  [7:0] q,
    output wire       sout
);
    always @(posedge clk or negedge rst_n) begin
        if (!rst_n)
            q <= 8'h00;
        else if (load)
            q <= d;
        else if (en)
            q <= dir ? {q[0], q[7:2], sin} : {q[6:0], sin};
    end

    assign sout = dir ? q[0] : q[7];
endmodule
