`timescale 1ns/1ps
`include "vp_harness.vh"
// Cycle-accurate model bench for traffic_light (default timers, async active-low reset).
// Bugs this bench catches:
//   1. minimum main green ignored: MG ends as soon as there is demand
//   2. pedestrian request not latched: a one-cycle ped_req pulse outside MG/AR1 is forgotten
//   3. after WALK the controller always goes to SG, ignoring side_car
module tb;
    `VP_INIT
    localparam MG = 0, MY = 1, AR1 = 2, WK = 3, SG = 4, SY = 5, AR2 = 6;
    reg clk = 1'b0;
    reg rst_n = 1'b1;
    reg side_car = 1'b0, ped_req = 1'b0;
    wire [2:0] main_light, side_light;
    wire walk, ped_wait;

    integer ph, nph, k, dur, i, n, walks, sgs;
    reg mw, pend;
    reg [2:0] em, es;
    reg ew;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    traffic_light dut (.clk(clk), .rst_n(rst_n), .side_car(side_car), .ped_req(ped_req),
                       .main_light(main_light), .side_light(side_light), .walk(walk), .ped_wait(ped_wait));

    always #5 clk = ~clk;

    task model_edge;
        begin
            case (ph)
                MG: dur = 6; MY: dur = 2; AR1: dur = 1; WK: dur = 4;
                SG: dur = 4; SY: dur = 2; default: dur = 1;
            endcase
            pend = mw || ped_req;
            nph = ph;
            if (k >= dur) begin
                case (ph)
                    MG:  if (side_car || pend) nph = MY;
                    MY:  nph = AR1;
                    AR1: nph = pend ? WK : SG;
                    WK:  nph = side_car ? SG : MG;
                    SG:  nph = SY;
                    SY:  nph = AR2;
                    default: nph = MG;
                endcase
            end
            mw = (nph == WK && ph != WK) ? 1'b0 : pend;
            if (nph != ph) k = 1; else k = k + 1;
            if (nph == WK && ph != WK) walks = walks + 1;
            if (nph == SG && ph != SG) sgs = sgs + 1;
            ph = nph;
        end
    endtask

    task check_outputs;
        input [8*24-1:0] tag;
        begin
            em = (ph == MG) ? 3'b001 : (ph == MY) ? 3'b010 : 3'b100;
            es = (ph == SG) ? 3'b001 : (ph == SY) ? 3'b010 : 3'b100;
            ew = (ph == WK);
            n = n + 1;
            $sformat(nm, "%0s_%0d_main_light", tag, n);
            `VP_CHECK(nm, main_light, em)
            $sformat(nm, "%0s_%0d_side_light", tag, n);
            `VP_CHECK(nm, side_light, es)
            $sformat(nm, "%0s_%0d_walk", tag, n);
            `VP_CHECK(nm, walk, ew)
            $sformat(nm, "%0s_%0d_ped_wait", tag, n);
            `VP_CHECK(nm, ped_wait, mw)
        end
    endtask

    task cyc;
        input c;
        input p;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            side_car = c; ped_req = p;
            @(posedge clk);
            #1;
            model_edge;
            check_outputs(tag);
        end
    endtask

    task hard_reset;
        begin
            @(negedge clk);
            #1;
            rst_n = 1'b0;
            #1;
            ph = MG; k = 1; mw = 1'b0;
            check_outputs("in_reset");
            @(posedge clk);
            #1;
            check_outputs("reset_held");
            rst_n = 1'b1;   // released between edges; the next edge ends MG cycle 1
        end
    endtask

    initial begin
        n = 0; walks = 0; sgs = 0;
        #1;
        rst_n = 1'b0;
        #1;
        ph = MG; k = 1; mw = 1'b0;
        check_outputs("power_on_reset");
        @(negedge clk);
        rst_n = 1'b1;
        // no demand: main green forever
        for (i = 0; i < 15; i = i + 1) cyc(0, 0, "no_demand");
        // car waiting: leaves MG at once (minimum already served), full side cycle
        for (i = 0; i < 12; i = i + 1) cyc(1, 0, "car_cycle");
        // car stays: MG must still last its minimum of 6 cycles
        for (i = 0; i < 20; i = i + 1) cyc(1, 0, "car_min_green");
        for (i = 0; i < 10; i = i + 1) cyc(0, 0, "quiet");
        // one-cycle pedestrian press in MG, no car: WALK then back to MG
        cyc(0, 1, "ped_press");
        for (i = 0; i < 12; i = i + 1) cyc(0, 0, "ped_serve");
        `VP_CHECK("walk_served_once", walks, 1)
        // pedestrian and car: WALK then SG
        for (i = 0; i < 8; i = i + 1) cyc(0, 0, "settle");
        cyc(1, 1, "ped_and_car");
        for (i = 0; i < 20; i = i + 1) cyc(1, 0, "ped_and_car_run");
        // press during SG (short pulse, car leaves): remembered for the next round
        for (i = 0; i < 30; i = i + 1) cyc(i < 8, (i == 4), "press_in_side");
        // press held through WALK entry and during WALK: latched again for next round
        for (i = 0; i < 30; i = i + 1) cyc(0, (i >= 5 && i < 16), "press_held");
        for (i = 0; i < 20; i = i + 1) cyc(0, 0, "after_held");
        // reset in the middle of WALK
        cyc(0, 1, "pre_reset");
        while (ph != WK && n < 2000) cyc(0, 0, "to_walk");
        cyc(0, 1, "in_walk");
        hard_reset;
        for (i = 0; i < 10; i = i + 1) cyc(1, 0, "after_reset");
        // random traffic
        lfsr = 32'h1F83_D9AB;
        for (i = 0; i < 700; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cyc(((i / 50) % 2 == 0) ? lfsr[0] & lfsr[1] : (lfsr[3:0] == 4'd0), lfsr[9:4] == 6'd0, "rnd");
        end
        `VP_CHECK("walks_happened", walks > 3, 1'b1)
        `VP_CHECK("side_greens_happened", sgs > 3, 1'b1)
        `VP_DONE
    end
endmodule
