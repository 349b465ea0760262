// debounce — level debouncer: clean follows noisy after STABLE consecutive disagreeing samples.
/* verilator lint_off DECLFILENAME */
module debounce #(
    parameter STABLE = 4
) (
    input  wire clk,
    input  wire rst_n,
    input  wire noisy,
    output reg  clean,
    output reg  rose,
    output reg  fell
);
    localparam CW = (STABLE > 1) ? $clog2(STABLE) : 1;
    localparam integer  LAST_I = STABLE - 1;
    localparam [CW-1:0] LAST = LAST_I[CW-1:0];

    reg [CW-1:0] cnt;

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            clean <= 1'b0;
            rose  <= 1'b0;
            fell  <= 1'b0;
            cnt   <= {CW{1'b0}};
        end else begin
            rose <= 1'b0;
            fell <= 1'b0;
            if (noisy == clean) begin
                cnt <= {CW{1'b0}};
            end else if (cnt == LAST) begin
                clean <= noisy;
                rose  <= noisy;
                fell  <= !noisy;
                cnt   <= {CW{1'b0}};
            end else begin
                cnt <= cnt + 1'b1;
            end
        end
    end
endmodule
