// onehot_enc8 — reference: binary index of a one-hot byte; valid only when
// exactly one bit is set, else bin = 0.
module onehot_enc8 (
    input  wire [7:0] oh,
    output reg  [2:0] bin,
    output reg        valid
);
    integer i;
    reg [3:0] ones;
    reg [2:0] pos;

    always @(*) begin
        ones = 4'd0;
        pos  = 3'd0;
        for (i = 0; i < 8; i = i + 1) begin
            if (oh[i]) begin
                ones = ones + 4'd1;
                pos  = i[2:0];
            end
        end
        valid = (ones == 4'd1);
        bin   = valid ? pos : 3'd0;
    end
endmodule
