// bug: OR-of-indices encoder, bin not forced to 0 for invalid inputs
module onehot_enc8 (
    input  wire [7:0] oh,
    output reg  [2:0] bin,
    output reg        valid
);
    always @(*) begin
        bin[0] = oh[1] | oh[3] | oh[5] | oh[7];
        bin[1] = oh[2] | oh[3] | oh[6] | oh[7];
        bin[2] = oh[4] | oh[5] | oh[6] | oh[7];
        valid  = (oh != 8'h00) && ((oh & (oh - 8'h01)) == 8'h00);
    end
endmodule
