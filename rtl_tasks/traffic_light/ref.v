// traffic_light — main/side road controller with timers and latched pedestrian request.
/* verilator lint_off DECLFILENAME */
module traffic_light #(
    parameter T_MG   = 6,
    parameter T_Y    = 2,
    parameter T_AR   = 1,
    parameter T_WALK = 4,
    parameter T_SG   = 4
) (
    input  wire       clk,
    input  wire       rst_n,
    input  wire       side_car,
    input  wire       ped_req,
    output reg  [2:0] main_light,
    output reg  [2:0] side_light,
    output reg        walk,
    output reg        ped_wait
);
    localparam [2:0] P_MG = 3'd0, P_MY = 3'd1, P_AR1 = 3'd2, P_WALK = 3'd3,
                     P_SG = 3'd4, P_SY = 3'd5, P_AR2 = 3'd6;
    localparam [2:0] GREEN = 3'b001, YELLOW = 3'b010, RED = 3'b100;

    reg  [2:0]  phase;
    reg  [2:0]  next;
    reg  [31:0] cnt;       // cycles spent in the phase, minus one
    reg  [31:0] dur;       // length of the current phase (minimum for MG)

    wire ped_pending = ped_wait || ped_req;

    always @(*) begin
        case (phase)
            P_MG:    dur = T_MG;
            P_MY:    dur = T_Y;
            P_AR1:   dur = T_AR;
            P_WALK:  dur = T_WALK;
            P_SG:    dur = T_SG;
            P_SY:    dur = T_Y;
            default: dur = T_AR;
        endcase
    end

    wire done = (cnt + 32'd1 >= dur);

    always @(*) begin
        next = phase;
        if (done) begin
            case (phase)
                P_MG:    if (side_car || ped_pending) next = P_MY;
                P_MY:    next = P_AR1;
                P_AR1:   next = ped_pending ? P_WALK : P_SG;
                P_WALK:  next = side_car ? P_SG : P_MG;
                P_SG:    next = P_SY;
                P_SY:    next = P_AR2;
                default: next = P_MG;
            endcase
        end
    end

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            phase    <= P_MG;
            cnt      <= 32'd0;
            ped_wait <= 1'b0;
        end else begin
            phase    <= next;
            cnt      <= (next != phase) ? 32'd0 : (done ? cnt : cnt + 32'd1);
            ped_wait <= (next == P_WALK && phase != P_WALK) ? 1'b0 : ped_pending;
        end
    end

    always @(*) begin
        main_light = RED;
        side_light = RED;
        walk       = 1'b0;
        case (phase)
            P_MG:   main_light = GREEN;
            P_MY:   main_light = YELLOW;
            P_WALK: walk       = 1'b1;
            P_SG:   side_light = GREEN;
            P_SY:   side_light = YELLOW;
            default: ;
        endcase
    end
endmodule
