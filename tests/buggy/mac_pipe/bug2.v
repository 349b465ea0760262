// bug: one-stage pipeline, the product is accumulated at the sampling edge
module mac_pipe (
    input  wire        clk,
    input  wire        rst,
    input  wire        in_valid,
    input  wire        clr,
    input  wire [7:0]  a,
    input  wire [7:0]  b,
    output reg  [19:0] acc,
    output reg         out_valid
);
    wire [15:0] p  = $signed(a) * $signed(b);
    wire [19:0] px = {{4{p[15]}}, p};

    always @(posedge clk) begin
        if (rst) begin
            acc       <= 20'd0;
            out_valid <= 1'b0;
        end else begin
            out_valid <= in_valid;
            if (clr)
                acc <= in_valid ? px : 20'd0;
            else if (in_valid)
                acc <= acc + px;
        end
    end
endmodule
