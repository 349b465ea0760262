// mac_pipe — reference: stage 1 registers the signed product with its valid
// and clear flags; stage 2 accumulates into a 20-bit wrapping sum.
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
    reg [15:0] p1;
    reg        v1, c1;

    wire [19:0] p1x = {{4{p1[15]}}, p1};

    always @(posedge clk) begin
        if (rst) begin
            p1        <= 16'd0;
            v1        <= 1'b0;
            c1        <= 1'b0;
            acc       <= 20'd0;
            out_valid <= 1'b0;
        end else begin
            p1 <= $signed(a) * $signed(b);
            v1 <= in_valid;
            c1 <= clr;
            out_valid <= v1;
            if (c1)
                acc <= v1 ? p1x : 20'd0;
            else if (v1)
                acc <= acc + p1x;
        end
    end
endmodule
