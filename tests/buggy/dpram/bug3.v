// bug: the write port is blocked while rst_n = 0
// dpram — simple dual-port RAM, synchronous read with write-to-read forwarding.
/* verilator lint_off DECLFILENAME */
module dpram #(
    parameter AW = 4,
    parameter DW = 16
) (
    input  wire          clk,
    input  wire          rst_n,
    input  wire          we,
    input  wire [AW-1:0] waddr,
    input  wire [DW-1:0] wdata,
    input  wire          re,
    input  wire [AW-1:0] raddr,
    output reg  [DW-1:0] rdata
);
    reg [DW-1:0] mem [0:(1<<AW)-1];

    always @(posedge clk) begin
        if (we && rst_n)
            mem[waddr] <= wdata;
    end

    always @(posedge clk) begin
        if (!rst_n)
            rdata <= {DW{1'b0}};
        else if (re)
            rdata <= (we && waddr == raddr) ? wdata : mem[raddr];
    end
endmodule
