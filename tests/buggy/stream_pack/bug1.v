// bug: unused bytes of a partial word are not zeroed (stale accumulator bytes leak)
// stream_pack — little-endian 8-to-32 bit packer with keep mask and packet end.
/* verilator lint_off DECLFILENAME */
module stream_pack (
    input  wire        clk,
    input  wire        rst,
    input  wire        in_valid,
    output wire        in_ready,
    input  wire [7:0]  in_data,
    input  wire        in_last,
    output reg         out_valid,
    input  wire        out_ready,
    output reg  [31:0] out_data,
    output reg  [3:0]  out_keep,
    output reg         out_last
);
    reg [23:0] acc;     // bytes collected so far, first byte in [7:0]
    reg [1:0]  cnt;     // number of bytes in acc

    assign in_ready = !out_valid || out_ready;

    wire in_fire  = in_valid && in_ready;
    wire complete = (cnt == 2'd3) || in_last;

    reg [31:0] word;
    reg [3:0]  keep;
    always @(*) begin
        case (cnt)
            2'd0:    begin word = {8'd0, acc[23:8], in_data};  keep = 4'b0001; end
            2'd1:    begin word = {8'd0, acc[23:16], in_data, acc[7:0]}; keep = 4'b0011; end
            2'd2:    begin word = {8'd0,  in_data, acc[15:0]}; keep = 4'b0111; end
            default: begin word = {in_data, acc[23:0]};        keep = 4'b1111; end
        endcase
    end

    always @(posedge clk) begin
        if (rst) begin
            out_valid <= 1'b0;
            cnt       <= 2'd0;
            acc       <= 24'd0;
        end else begin
            if (out_valid && out_ready)
                out_valid <= 1'b0;
            if (in_fire) begin
                if (complete) begin
                    out_valid <= 1'b1;
                    out_data  <= word;
                    out_keep  <= keep;
                    out_last  <= in_last;
                    cnt       <= 2'd0;
                end else begin
                    acc[cnt*8 +: 8] <= in_data;
                    cnt             <= cnt + 2'd1;
                end
            end
        end
    end
endmodule
