// skid_buffer — two-entry valid/ready buffer, every output driven from a flip-flop.
/* verilator lint_off DECLFILENAME */
module skid_buffer #(
    parameter WIDTH = 16
) (
    input  wire             clk,
    input  wire             rst_n,
    input  wire             in_valid,
    output reg              in_ready,
    input  wire [WIDTH-1:0] in_data,
    output reg              out_valid,
    input  wire             out_ready,
    output reg  [WIDTH-1:0] out_data
);
    reg [WIDTH-1:0] skid_data;   // second entry; in use when in_ready = 0

    wire in_fire  = in_valid && in_ready;
    wire out_fire = out_valid && out_ready;

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            out_valid <= 1'b0;
            in_ready  <= 1'b1;
        end else if (!in_ready) begin
            // two words stored: the skid word moves up when the head leaves
            if (out_fire) begin
                out_data <= skid_data;
                in_ready <= 1'b1;
            end
        end else if (!out_valid || out_fire) begin
            // head slot free (or freeing): the incoming word goes straight there
            out_valid <= in_fire;
            if (in_fire)
                out_data <= in_data;
        end else if (in_fire) begin
            // head stalled: catch the word in the skid entry
            skid_data <= in_data;
            in_ready  <= 1'b0;
        end
    end
endmodule
