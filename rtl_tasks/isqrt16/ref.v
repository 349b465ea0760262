// isqrt16 — reference: digit-by-digit binary square root, two input bits
// per cycle, 8 cycles per job, done held until the next job.
module isqrt16 (
    input  wire        clk,
    input  wire        rst,
    input  wire        start,
    input  wire [15:0] x,
    output reg         busy,
    output reg         done,
    output reg  [7:0]  root,
    output reg  [8:0]  rem
);
    reg  [15:0] xs;     // remaining input bits, consumed from the top
    reg  [9:0]  rw;     // partial remainder (< 2 * partial root + 1)
    reg  [7:0]  qw;     // partial root
    reg  [3:0]  cnt;

    wire [11:0] cur   = {rw, xs[15:14]};
    wire [11:0] trial = {2'b00, qw, 2'b01};
    wire        fits  = (cur >= trial);
    wire [9:0]  sub   = cur[9:0] - trial[9:0];
    wire [9:0]  r_nx  = fits ? sub : cur[9:0];
    wire [7:0]  q_nx  = {qw[6:0], fits};

    always @(posedge clk) begin
        if (rst) begin
            busy <= 1'b0;
            done <= 1'b0;
            root <= 8'd0;
            rem  <= 9'd0;
            xs   <= 16'd0;
            rw   <= 10'd0;
            qw   <= 8'd0;
            cnt  <= 4'd0;
        end else if (!busy) begin
            if (start) begin
                xs   <= x;
                rw   <= 10'd0;
                qw   <= 8'd0;
                cnt  <= 4'd8;
                busy <= 1'b1;
                done <= 1'b0;
            end
        end else begin
            xs  <= {xs[13:0], 2'b00};
            rw  <= r_nx;
            qw  <= q_nx;
            cnt <= cnt - 4'd1;
            if (cnt == 4'd1) begin
                busy <= 1'b0;
                done <= 1'b1;
                root <= q_nx;
                rem  <= r_nx[8:0];
            end
        end
    end
endmodule
