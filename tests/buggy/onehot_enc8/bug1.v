// bug: valid is raised for any non-zero input, not only for one-hot ones
module onehot_enc8 (
    input  wire [7:0] oh,
    output reg  [2:0] bin,
    output reg        valid
);
    integer i;
    always @(*) begin
        bin = 3'd0;
        for (i = 0; i < 8; i = i + 1)
            if (oh[i]) bin = i[2:0];
        valid = |oh;
        if (!valid) bin = 3'd0;
    end
endmodule
