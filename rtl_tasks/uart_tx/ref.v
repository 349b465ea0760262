// uart_tx — 8-bit UART transmitter: start, 8 data LSB first, optional even parity, stop.
/* verilator lint_off DECLFILENAME */
module uart_tx #(
    parameter CLKS_PER_BIT = 4
) (
    input  wire       clk,
    input  wire       rst,
    input  wire       tx_valid,
    input  wire [7:0] tx_data,
    input  wire       parity_en,
    output wire       tx_ready,
    output reg        txd
);
    localparam TW = (CLKS_PER_BIT > 1) ? $clog2(CLKS_PER_BIT) : 1;
    localparam integer  TLAST_I = CLKS_PER_BIT - 1;
    localparam [TW-1:0] TLAST = TLAST_I[TW-1:0];

    reg          busy;
    reg [10:0]   frame;    // remaining bits, next one in bit 0 (bit on the line already in txd)
    reg [3:0]    left;     // bits still to send after the current one
    reg [TW-1:0] tick;     // cycle within the current bit

    wire bit_end   = (tick == TLAST);
    wire frame_end = busy && bit_end && (left == 4'd0);

    assign tx_ready = !busy || frame_end;

    always @(posedge clk) begin
        if (rst) begin
            busy <= 1'b0;
            txd  <= 1'b1;
            tick <= {TW{1'b0}};
            left <= 4'd0;
        end else if (tx_valid && tx_ready) begin
            // start bit on the line now; the rest queued LSB first
            busy  <= 1'b1;
            txd   <= 1'b0;
            tick  <= {TW{1'b0}};
            if (parity_en) begin
                frame <= {1'b0, 1'b1, ^tx_data, tx_data};
                left  <= 4'd10;
            end else begin
                frame <= {2'b00, 1'b1, tx_data};
                left  <= 4'd9;
            end
        end else if (busy) begin
            if (!bit_end) begin
                tick <= tick + 1'b1;
            end else if (left == 4'd0) begin
                busy <= 1'b0;
                txd  <= 1'b1;
            end else begin
                tick  <= {TW{1'b0}};
                txd   <= frame[0];
                frame <= frame >> 1;
                left  <= left - 4'd1;
            end
        end
    end
endmodule
