// bug: load only takes effect when en = 1
// lfsr16 — Fibonacci LFSR x^16+x^14+x^13+x^11+1 with enable, seed load, zero-seed guard.
/* verilator lint_off DECLFILENAME */
module lfsr16 (
    input  wire        clk,
    input  wire        rst_n,
    input  wire        en,
    input  wire        load,
    input  wire [15:0] seed,
    output reg  [15:0] q,
    output wire        bit_out
);
    wire feedback = q[15] ^ q[13] ^ q[12] ^ q[10];

    assign bit_out = q[15];

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n)
            q <= 16'h0001;
        else if (load && en)
            q <= (seed == 16'h0000) ? 16'h0001 : seed;
        else if (en)
            q <= {q[14:0], feedback};
    end
endmodule
