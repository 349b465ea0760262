// seq_div8 — reference: restoring division, one quotient bit per cycle,
// 8 busy cycles, one-cycle done pulse, results held between jobs.
module seq_div8 (
    input  wire       clk,
    input  wire       rst_n,
    input  wire       start,
    input  wire [7:0] dividend,
    input  wire [7:0] divisor,
    output reg        busy,
    output reg        done,
    output reg  [7:0] quotient,
    output reg  [7:0] remainder,
    output reg        div_by_zero
);
    reg  [7:0] dvs;
    reg  [7:0] qw;
    reg  [7:0] rw;
    reg  [3:0] cnt;

    wire [8:0] shifted = {rw, qw[7]};
    wire       fits    = (shifted >= {1'b0, dvs});
    wire [7:0] diff    = shifted[7:0] - dvs;
    wire [7:0] r_next  = fits ? diff : shifted[7:0];
    wire [7:0] q_next  = {qw[6:0], fits};

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            busy        <= 1'b0;
            done        <= 1'b0;
            quotient    <= 8'd0;
            remainder   <= 8'd0;
            div_by_zero <= 1'b0;
            dvs         <= 8'd0;
            qw          <= 8'd0;
            rw          <= 8'd0;
            cnt         <= 4'd0;
        end else begin
            done <= 1'b0;
            if (!busy) begin
                if (start) begin
                    dvs  <= divisor;
                    qw   <= dividend;
                    rw   <= 8'd0;
                    cnt  <= 4'd8;
                    busy <= 1'b1;
                end
            end else begin
                qw  <= q_next;
                rw  <= r_next;
                cnt <= cnt - 4'd1;
                if (cnt == 4'd1) begin
                    busy        <= 1'b0;
                    done        <= 1'b1;
                    quotient    <= q_next;
                    remainder   <= r_next;
                    div_by_zero <= (dvs == 8'd0);
                end
            end
        end
    end
endmodule
