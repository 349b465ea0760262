// bug: a write while full is rejected even when a read frees a slot
// fifo_af — FWFT FIFO with count, almost-full/empty thresholds, overflow/underflow pulses.
/* verilator lint_off DECLFILENAME */
module fifo_af #(
    parameter WIDTH    = 8,
    parameter DEPTH    = 16,
    parameter AF_LEVEL = 12,
    parameter AE_LEVEL = 3
) (
    input  wire                     clk,
    input  wire                     rst_n,
    input  wire                     wr_en,
    input  wire [WIDTH-1:0]         wr_data,
    input  wire                     rd_en,
    output wire [WIDTH-1:0]         rd_data,
    output reg  [$clog2(DEPTH):0]   count,
    output wire                     full,
    output wire                     empty,
    output wire                     almost_full,
    output wire                     almost_empty,
    output reg                      overflow,
    output reg                      underflow
);
    localparam AW = $clog2(DEPTH);
    localparam [AW:0] DEPTH_C = DEPTH;
    localparam [AW:0] AF_C    = AF_LEVEL;
    localparam [AW:0] AE_C    = AE_LEVEL;

    reg [WIDTH-1:0] mem [0:DEPTH-1];
    reg [AW-1:0]    wptr;
    reg [AW-1:0]    rptr;

    assign empty        = (count == {(AW+1){1'b0}});
    assign full         = (count == DEPTH_C);
    assign almost_full  = (count >= AF_C);
    assign almost_empty = (count <= AE_C);
    assign rd_data      = mem[rptr];

    wire do_rd = rd_en && !empty;
    wire do_wr = wr_en && !full;

    always @(posedge clk) begin
        if (do_wr)
            mem[wptr] <= wr_data;
    end

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            wptr      <= {AW{1'b0}};
            rptr      <= {AW{1'b0}};
            count     <= {(AW+1){1'b0}};
            overflow  <= 1'b0;
            underflow <= 1'b0;
        end else begin
            if (do_wr)
                wptr <= wptr + 1'b1;
            if (do_rd)
                rptr <= rptr + 1'b1;
            if (do_wr && !do_rd)
                count <= count + 1'b1;
            else if (do_rd && !do_wr)
                count <= count - 1'b1;
            overflow  <= wr_en && !do_wr;
            underflow <= rd_en && empty;
        end
    end
endmodule
