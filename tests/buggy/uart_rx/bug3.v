// bug: after a framing error the receiver returns to idle at once
// uart_rx — 8N1 receiver, mid-bit sampling, false-start rejection, break handling.
/* verilator lint_off DECLFILENAME */
module uart_rx #(
    parameter CLKS_PER_BIT = 8
) (
    input  wire       clk,
    input  wire       rst_n,
    input  wire       rxd,
    output reg  [7:0] rx_data,
    output reg        rx_valid,
    output reg        frame_err
);
    localparam [1:0] M_IDLE = 2'd0, M_RECV = 2'd1, M_WAITHI = 2'd2;
    localparam integer HALF = CLKS_PER_BIT / 2;

    reg [1:0]  mode;
    reg [31:0] tick;      // edges left until the next sampling point
    reg [3:0]  nbit;      // 0 = start bit, 1..8 = data bits, 9 = stop bit
    reg [7:0]  sh;

    always @(posedge clk) begin
        if (!rst_n) begin
            mode      <= M_IDLE;
            tick      <= 32'd0;
            nbit      <= 4'd0;
            rx_data   <= 8'h00;
            rx_valid  <= 1'b0;
            frame_err <= 1'b0;
        end else begin
            rx_valid  <= 1'b0;
            frame_err <= 1'b0;
            case (mode)
                M_IDLE:
                    if (!rxd) begin
                        mode <= M_RECV;
                        nbit <= 4'd0;
                        tick <= HALF - 1;
                    end
                M_RECV:
                    if (tick != 32'd0) begin
                        tick <= tick - 32'd1;
                    end else begin
                        tick <= CLKS_PER_BIT - 1;
                        nbit <= nbit + 4'd1;
                        if (nbit == 4'd0) begin
                            if (rxd) mode <= M_IDLE;      // false start
                        end else if (nbit != 4'd9) begin
                            sh <= {rxd, sh[7:1]};
                        end else if (rxd) begin
                            rx_data  <= sh;
                            rx_valid <= 1'b1;
                            mode     <= M_IDLE;
                        end else begin
                            frame_err <= 1'b1;
                            mode      <= M_IDLE;
                        end
                    end
                default:
                    if (rxd) mode <= M_IDLE;
            endcase
        end
    end
endmodule
