// bug: CLEAR counts as a failed attempt
// code_lock — four-digit code lock with clear key, open timer and alarm after three failures.
/* verilator lint_off DECLFILENAME */
module code_lock #(
    parameter [15:0] CODE   = 16'h2718,
    parameter        T_OPEN = 5
) (
    input  wire       clk,
    input  wire       rst,
    input  wire       key_valid,
    input  wire [3:0] key,
    output wire       unlock,
    output wire       alarm,
    output wire [1:0] entered
);
    localparam [1:0] M_LOCKED = 2'd0, M_OPEN = 2'd1, M_ALARM = 2'd2;
    localparam [3:0] KEY_CLEAR = 4'hA;

    reg [1:0]  mode;
    reg [1:0]  cnt;        // digits entered in this attempt
    reg        ok;         // all digits so far matched
    reg [1:0]  fails;
    reg [31:0] timer;

    wire [3:0] want = (cnt == 2'd0) ? CODE[15:12] :
                      (cnt == 2'd1) ? CODE[11:8]  :
                      (cnt == 2'd2) ? CODE[7:4]   : CODE[3:0];
    wire good = ok && (key == want);

    assign unlock  = (mode == M_OPEN);
    assign alarm   = (mode == M_ALARM);
    assign entered = (mode == M_LOCKED) ? cnt : 2'd0;

    always @(posedge clk or posedge rst) begin
        if (rst) begin
            mode  <= M_LOCKED;
            cnt   <= 2'd0;
            ok    <= 1'b1;
            fails <= 2'd0;
            timer <= 32'd0;
        end else begin
            case (mode)
                M_LOCKED:
                    if (key_valid) begin
                        if (key == KEY_CLEAR) begin
                            cnt <= 2'd0;
                            ok  <= 1'b1;
                            if (fails == 2'd2) mode <= M_ALARM;
                            else fails <= fails + 2'd1;
                        end else if (cnt != 2'd3) begin
                            cnt <= cnt + 2'd1;
                            ok  <= good;
                        end else begin
                            cnt <= 2'd0;
                            ok  <= 1'b1;
                            if (good) begin
                                mode  <= M_OPEN;
                                fails <= 2'd0;
                                timer <= 32'd1;
                            end else if (fails == 2'd2) begin
                                mode  <= M_ALARM;
                            end else begin
                                fails <= fails + 2'd1;
                            end
                        end
                    end
                M_OPEN:
                    if (timer >= T_OPEN)
                        mode <= M_LOCKED;
                    else
                        timer <= timer + 32'd1;
                default: ;
            endcase
        end
    end
endmodule
