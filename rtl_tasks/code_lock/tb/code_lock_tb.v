`timescale 1ns/1ps
`include "vp_harness.vh"
// Model-checked bench for code_lock (code 2718, T_OPEN 5, async active-high reset).
// Bugs this bench catches:
//   1. early abort: a wrong digit restarts the attempt at once instead of after four digits
//   2. the failure count is not cleared by a successful opening
//   3. CLEAR counts as a failed attempt
module tb;
    `VP_INIT
    localparam LOCKED = 0, OPEN = 1, ALARM = 2;
    reg clk = 1'b0;
    reg rst = 1'b0;
    reg key_valid = 1'b0;
    reg [3:0] key = 4'h0;
    wire unlock, alarm;
    wire [1:0] entered;

    integer mode, cnt, fails, timer, i, n, opens;
    reg ok;
    reg [3:0] want;
    reg [8*48-1:0] nm;
    reg [31:0] lfsr;

    code_lock dut (.clk(clk), .rst(rst), .key_valid(key_valid), .key(key),
                   .unlock(unlock), .alarm(alarm), .entered(entered));

    always #5 clk = ~clk;

    task model_edge;
        input v;
        input [3:0] k;
        begin
            if (mode == LOCKED) begin
                if (v) begin
                    want = (cnt == 0) ? 4'h2 : (cnt == 1) ? 4'h7 : (cnt == 2) ? 4'h1 : 4'h8;
                    if (k == 4'hA) begin
                        cnt = 0; ok = 1'b1;
                    end else if (cnt < 3) begin
                        ok = ok && (k == want); cnt = cnt + 1;
                    end else begin
                        cnt = 0;
                        if (ok && k == want) begin
                            mode = OPEN; fails = 0; timer = 1; opens = opens + 1;
                        end else begin
                            fails = fails + 1;
                            if (fails == 3) mode = ALARM;
                        end
                        ok = 1'b1;
                    end
                end
            end else if (mode == OPEN) begin
                if (timer >= 5) mode = LOCKED; else timer = timer + 1;
            end
        end
    endtask

    task check;
        input [8*24-1:0] tag;
        begin
            n = n + 1;
            $sformat(nm, "%0s_%0d_unlock", tag, n);
            `VP_CHECK(nm, unlock, (mode == OPEN))
            $sformat(nm, "%0s_%0d_alarm", tag, n);
            `VP_CHECK(nm, alarm, (mode == ALARM))
            $sformat(nm, "%0s_%0d_entered", tag, n);
            `VP_CHECK(nm, entered, (mode == LOCKED) ? cnt : 0)
        end
    endtask

    task cyc;
        input v;
        input [3:0] k;
        input [8*24-1:0] tag;
        begin
            @(negedge clk);
            key_valid = v; key = k;
            @(posedge clk);
            #1;
            model_edge(v, k);
            check(tag);
        end
    endtask

    // a four-key sequence given as 16 bits, first key in [15:12], with optional gaps
    task enter;
        input [15:0] seq;
        input gaps;
        input [8*24-1:0] tag;
        integer j;
        begin
            for (j = 3; j >= 0; j = j - 1) begin
                cyc(1'b1, seq[j*4 +: 4], tag);
                if (gaps) cyc(1'b0, 4'h2, tag);
            end
        end
    endtask

    task idle;
        input integer cycles;
        input [8*24-1:0] tag;
        integer j;
        begin
            for (j = 0; j < cycles; j = j + 1) cyc(1'b0, 4'h0, tag);
        end
    endtask

    task areset;
        begin
            @(negedge clk);
            #1;
            rst = 1'b1;
            #1;
            mode = LOCKED; cnt = 0; ok = 1'b1; fails = 0; timer = 0;
            check("async_reset_now");
            @(posedge clk);
            #1;
            rst = 1'b0;
            check("reset_released");
        end
    endtask

    initial begin
        n = 0; opens = 0;
        mode = LOCKED; cnt = 0; ok = 1'b1; fails = 0; timer = 0;
        areset;
        enter(16'h2718, 0, "correct");
        `VP_CHECK("correct_opens", unlock, 1'b1)
        // keys while open are ignored; open lasts exactly five cycles
        cyc(1, 4'h2, "key_while_open"); cyc(1, 4'h7, "key_while_open");
        idle(5, "open_timer");
        `VP_CHECK("relocked", unlock, 1'b0)
        // wrong first digit then the right four: the first attempt is 9,2,7,1
        cyc(1, 4'h9, "no_early_abort");
        enter(16'h2718, 0, "no_early_abort");
        `VP_CHECK("no_early_abort_still_locked", unlock, 1'b0)
        cyc(1, 4'hA, "clear_partial");
        // two failures, then success resets the failure count
        enter(16'h2719, 1, "fail_a");
        enter(16'h2718, 1, "open_after_fails");
        idle(7, "open2");
        enter(16'h0000, 0, "fail_b");
        enter(16'h1111, 0, "fail_c");
        `VP_CHECK("two_fails_no_alarm", alarm, 1'b0)
        // CLEAR is not a failure
        cyc(1, 4'h3, "clear_not_fail"); cyc(1, 4'hA, "clear_not_fail");
        cyc(1, 4'h2, "clear_not_fail"); cyc(1, 4'hA, "clear_not_fail");
        enter(16'h2718, 0, "open_after_clears");
        `VP_CHECK("clears_not_failures_open", unlock, 1'b1)
        idle(6, "open3");
        // three consecutive failures: alarm, permanent
        enter(16'h8172, 0, "alarm_a");
        enter(16'h2717, 0, "alarm_b");
        enter(16'hB718, 0, "alarm_c");
        `VP_CHECK("alarm_after_three", alarm, 1'b1)
        enter(16'h2718, 0, "alarm_ignores_code");
        idle(3, "alarm_hold");
        areset;
        `VP_CHECK("reset_clears_alarm", alarm, 1'b0)
        // partial entry then reset
        cyc(1, 4'h2, "partial"); cyc(1, 4'h7, "partial");
        areset;
        enter(16'h2718, 1, "after_reset_open");
        idle(6, "open4");
        // random keys biased towards the code digits
        lfsr = 32'h7137_449B;
        for (i = 0; i < 800; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            if (mode == ALARM && lfsr[3:0] == 4'd0) areset;
            else if (lfsr[14:10] == 5'd0) enter(16'h2718, lfsr[0], "rnd_code");
            else cyc(lfsr[0] | lfsr[1],
                     (lfsr[6:4] == 3'd0) ? 4'hA : (lfsr[7] ? ((lfsr[9:8] == 2'd0) ? 4'h2 : (lfsr[9:8] == 2'd1) ? 4'h7 :
                                                              (lfsr[9:8] == 2'd2) ? 4'h1 : 4'h8) : lfsr[15:12]),
                     "rnd");
        end
        `VP_CHECK("random_opened_sometimes", opens > 5, 1'b1)
        `VP_DONE
    end
endmodule
