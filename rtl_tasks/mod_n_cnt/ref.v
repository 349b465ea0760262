// mod_n_cnt — reference: counts 0..N-1 and wraps, synchronous active-low
// reset, combinational wrap flag.
module mod_n_cnt #(
    parameter N = 10,
    parameter W = 4
) (
    input  wire         clk,
    input  wire         rst_n,
    input  wire         en,
    output reg  [W-1:0] q,
    output wire         wrap
);
    localparam [W-1:0] LAST = N - 1;

    always @(posedge clk) begin
        if (!rst_n)
            q <= {W{1'b0}};
        else if (en)
            q <= (q == LAST) ? {W{1'b0}} : q + 1'b1;
    end

    assign wrap = en & (q == LAST);
endmodule
