// bug: dout is updated even when en = 0
// spram_sync — single-port RAM, synchronous read-first behaviour, clock enable.
/* verilator lint_off DECLFILENAME */
module spram_sync #(
    parameter AW = 6,
    parameter DW = 8
) (
    input  wire          clk,
    input  wire          en,
    input  wire          we,
    input  wire [AW-1:0] addr,
    input  wire [DW-1:0] din,
    output reg  [DW-1:0] dout
);
    reg [DW-1:0] mem [0:(1<<AW)-1];

    always @(posedge clk) begin
        dout <= mem[addr];
        if (en) begin
            if (we)
                mem[addr] <= din;
        end
    end
endmodule
