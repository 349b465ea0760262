// bug: prev resets to all ones instead of all zeros
// edge_detect — per-bit registered rising/falling edge pulses.
/* verilator lint_off DECLFILENAME */
module edge_detect #(
    parameter WIDTH = 4
) (
    input  wire             clk,
    input  wire             rst_n,
    input  wire [WIDTH-1:0] sig,
    output reg  [WIDTH-1:0] rise,
    output reg  [WIDTH-1:0] fall
);
    reg [WIDTH-1:0] prev;

    always @(posedge clk) begin
        if (!rst_n) begin
            prev <= {WIDTH{1'b1}};
            rise <= {WIDTH{1'b0}};
            fall <= {WIDTH{1'b0}};
        end else begin
            prev <= sig;
            rise <= sig & ~prev;
            fall <= ~sig & prev;
        end
    end
endmodule
