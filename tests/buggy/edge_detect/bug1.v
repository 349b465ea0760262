// bug: rise/fall are combinational from sig and prev instead of registered
// edge_detect — per-bit registered rising/falling edge pulses.
/* verilator lint_off DECLFILENAME */
module edge_detect #(
    parameter WIDTH = 4
) (
    input  wire             clk,
    input  wire             rst_n,
    input  wire [WIDTH-1:0] sig,
    output wire [WIDTH-1:0] rise,
    output wire [WIDTH-1:0] fall
);
    reg [WIDTH-1:0] prev;

    always @(posedge clk) begin
        if (!rst_n) begin
            prev <= {WIDTH{1'b0}};
        end else begin
            prev <= sig;
        end
    end
    assign rise = sig & ~prev;
    assign fall = ~sig & prev;
endmodule
