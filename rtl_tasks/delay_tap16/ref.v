// delay_tap16 — reference: 16 x 8-bit shift register with enable and
// synchronous clear; the output is the stage chosen by tap.
module delay_tap16 (
    input  wire       clk,
    input  wire       rst,
    input  wire       en,
    input  wire [7:0] din,
    input  wire [3:0] tap,
    output wire [7:0] dout
);
    reg [7:0] stage [0:15];
    integer   i;

    always @(posedge clk) begin
        if (rst) begin
            for (i = 0; i < 16; i = i + 1)
                stage[i] <= 8'h00;
        end else if (en) begin
            stage[0] <= din;
            for (i = 1; i < 16; i = i + 1)
                stage[i] <= stage[i - 1];
        end
    end

    assign dout = stage[tap];
endmodule
