// piso_ser — LSB-first parallel-to-serial converter with load/busy/last.
/* verilator lint_off DECLFILENAME */
module piso_ser #(
    parameter WIDTH = 8
) (
    input  wire             clk,
    input  wire             rst,
    input  wire             load,
    input  wire [WIDTH-1:0] data_in,
    output reg              busy,
    output wire             sout,
    output wire             last
);
    localparam CW = (WIDTH > 1) ? $clog2(WIDTH) : 1;
    localparam integer  LAST_I = WIDTH - 1;
    localparam [CW-1:0] LAST_C = LAST_I[CW-1:0];

    reg [WIDTH-1:0] sh;    // bit 0 is on the line
    reg [CW-1:0]    idx;   // index of the bit on the line

    assign sout = busy & sh[0];
    assign last = busy && (idx == LAST_C);

    always @(posedge clk or posedge rst) begin
        if (rst) begin
            busy <= 1'b0;
            sh   <= {WIDTH{1'b0}};
            idx  <= {CW{1'b0}};
        end else if (!busy) begin
            if (load) begin
                busy <= 1'b1;
                sh   <= data_in;
                idx  <= {CW{1'b0}};
            end
        end else if (idx == LAST_C) begin
            busy <= 1'b0;
        end else begin
            sh  <= sh >> 1;
            idx <= idx + 1'b1;
        end
    end
endmodule
