// bug: register 0 is an ordinary writable register
// regfile_2r1w — 16x32 register file, r0 = 0, async reads with write-through bypass.
/* verilator lint_off DECLFILENAME */
module regfile_2r1w (
    input  wire        clk,
    input  wire        rst,
    input  wire        we,
    input  wire [3:0]  waddr,
    input  wire [31:0] wdata,
    input  wire [3:0]  raddr1,
    input  wire [3:0]  raddr2,
    output wire [31:0] rdata1,
    output wire [31:0] rdata2
);
    reg [31:0] regs [0:15];
    integer i;

    always @(posedge clk or posedge rst) begin
        if (rst) begin
            for (i = 0; i < 16; i = i + 1)
                regs[i] <= 32'd0;
        end else if (we) begin
            regs[waddr] <= wdata;
        end
    end

    assign rdata1 = (we && waddr == raddr1)         ? wdata : regs[raddr1];
    assign rdata2 = (we && waddr == raddr2)         ? wdata : regs[raddr2];
endmodule
