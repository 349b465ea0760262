// bug: a read while empty advances the read pointer
// sync_fifo — synchronous FIFO, registered read data, full/empty flags.
// Pointers carry one extra wrap bit so full and empty are told apart.
/* verilator lint_off DECLFILENAME */
module sync_fifo #(
    parameter WIDTH = 8,
    parameter DEPTH = 8
) (
    input  wire             clk,
    input  wire             rst,
    input  wire             wr_en,
    input  wire [WIDTH-1:0] wr_data,
    input  wire             rd_en,
    output reg  [WIDTH-1:0] rd_data,
    output wire             full,
    output wire             empty
);
    localparam AW = $clog2(DEPTH);

    reg [WIDTH-1:0] mem [0:DEPTH-1];
    reg [AW:0]      wptr;
    reg [AW:0]      rptr;

    wire do_wr = wr_en && !full;
    wire do_rd = rd_en && !empty;

    assign empty = (wptr == rptr);
    assign full  = (wptr[AW] != rptr[AW]) && (wptr[AW-1:0] == rptr[AW-1:0]);

    always @(posedge clk) begin
        if (do_wr && !rst)
            mem[wptr[AW-1:0]] <= wr_data;
    end

    always @(posedge clk) begin
        if (rst) begin
            wptr    <= {(AW+1){1'b0}};
            rptr    <= {(AW+1){1'b0}};
            rd_data <= {WIDTH{1'b0}};
        end else begin
            if (do_wr)
                wptr <= wptr + 1'b1;
            if (rd_en)
                rptr    <= rptr + 1'b1;
            if (do_rd) begin
                rd_data <= mem[rptr[AW-1:0]];
            end
        end
    end
endmodule
