// bug: bin[1] built from bit 5 instead of bit 6
module onehot_enc8 (
    input  wire [7:0] oh,
    output reg  [2:0] bin,
    output reg        valid
);
    always @(*) begin
        valid  = (oh != 8'h00) && ((oh & (oh - 8'h01)) == 8'h00);
        bin[0] = valid & (oh[1] | oh[3] | oh[5] | oh[7]);
        bin[1] = valid & (oh[2] | oh[3] | oh[5] | oh[7]);
        bin[2] = valid & (oh[4] | oh[5] | oh[6] | oh[7]);
    end
endmodule
