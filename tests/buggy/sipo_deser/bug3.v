// bug: flush does not clear the bit counter
// sipo_deser — MSB-first serial-to-parallel converter with strobe, flush and valid pulse.
/* verilator lint_off DECLFILENAME */
module sipo_deser (
    input  wire       clk,
    input  wire       rst_n,
    input  wire       flush,
    input  wire       sin,
    input  wire       sin_valid,
    output reg  [7:0] dout,
    output reg        dout_valid
);
    reg [6:0] sh;     // bits received so far, newest in bit 0
    reg [2:0] cnt;    // number of bits received in the current byte

    always @(posedge clk) begin
        if (!rst_n) begin
            cnt        <= 3'd0;
            sh         <= 7'd0;
            dout       <= 8'h00;
            dout_valid <= 1'b0;
        end else if (flush) begin
            dout_valid <= 1'b0;
        end else if (sin_valid) begin
            sh  <= {sh[5:0], sin};
            cnt <= cnt + 3'd1;
            if (cnt == 3'd7) begin
                dout       <= {sh, sin};
                dout_valid <= 1'b1;
            end else begin
                dout_valid <= 1'b0;
            end
        end else begin
            dout_valid <= 1'b0;
        end
    end
endmodule
