// timer16_tb — cycle model of count/running/irq checked every cycle:
// one-shot with presc 0 (expiry after reload+1 edges), prescaled periodic
// run with reload, reload = 0, stop (and stop over start), restart while
// running, configuration changed while running (ignored), irq_clr vs a
// simultaneous expiry, async reset between edges, and 3000 cycles of random
// control with small presc/reload values.
// Bugs this bench catches (recorded in tests/buggy/timer16/):
//   1. prescaler one edge short (ticks every presc edges; every edge for
//      presc 0 and 1):
//      fails "presc2_no_tick_yet".
//   2. irq_clr beats a simultaneous expiry: fails "expiry_beats_irq_clr".
//   3. mode ignored, one-shot reloads like periodic: fails "oneshot_stops".
`timescale 1ns/1ps
`include "vp_harness.vh"
module tb;
    reg         clk = 1'b0;
    reg         rst_n = 1'b1;
    reg  [7:0]  presc = 8'd0;
    reg  [15:0] reload = 16'd0;
    reg         mode = 1'b0;
    reg         start = 1'b0, stop = 1'b0, irq_clr = 1'b0;
    wire [15:0] count;
    wire        running, irq;
    // model
    reg  [15:0] m_count, m_reload;
    reg  [7:0]  m_pc, m_presc;
    reg         m_run, m_irq, m_mode, m_exp;
    reg  [31:0] lfsr;
    integer     i, k;
    `VP_INIT

    timer16 dut (.clk(clk), .rst_n(rst_n), .presc(presc), .reload(reload),
                 .mode(mode), .start(start), .stop(stop), .irq_clr(irq_clr),
                 .count(count), .running(running), .irq(irq));

    always #5 clk = ~clk;

    task cycle(input st, input sp, input ic, input [7:0] p, input [15:0] r, input md);
        begin
            @(negedge clk);
            start = st; stop = sp; irq_clr = ic; presc = p; reload = r; mode = md;
            @(posedge clk);
            #1;
            m_exp = 1'b0;
            if (sp) m_run = 1'b0;
            else if (st) begin
                m_count = r; m_pc = 0; m_run = 1'b1; m_presc = p; m_reload = r; m_mode = md;
            end else if (m_run) begin
                if (m_pc == m_presc) begin
                    m_pc = 0;
                    if (m_count != 0) m_count = m_count - 1;
                    else begin
                        m_exp = 1'b1;
                        if (m_mode) m_count = m_reload; else m_run = 1'b0;
                    end
                end else m_pc = m_pc + 1;
            end
            if (m_exp) m_irq = 1'b1; else if (ic) m_irq = 1'b0;
            `VP_CHECK("cycle_count", count, m_count)
            `VP_CHECK("cycle_running", running, m_run)
            `VP_CHECK("cycle_irq", irq, m_irq)
        end
    endtask

    task idle(input integer n);
        for (k = 0; k < n; k = k + 1) cycle(0, 0, 0, 8'hee, 16'hbeef, 1'b1);
    endtask

    initial begin
        m_count = 0; m_reload = 0; m_pc = 0; m_presc = 0; m_run = 0; m_irq = 0; m_mode = 0;
        lfsr = 32'h3c6e_f372;
        #1 rst_n = 1'b0;
        #1;
        `VP_CHECK("reset_count", count, 16'd0)
        `VP_CHECK("reset_running", running, 1'b0)
        `VP_CHECK("reset_irq", irq, 1'b0)
        #10;
        @(negedge clk) rst_n = 1'b1;
        idle(2);
        // one-shot, presc 0, reload 3: 3,2,1,0 then expiry on the 4th edge
        cycle(1, 0, 0, 8'd0, 16'd3, 1'b0);
        `VP_CHECK("start_loads", count, 16'd3)
        `VP_CHECK("start_runs", running, 1'b1)
        idle(3);
        `VP_CHECK("counted_to_0", count, 16'd0)
        `VP_CHECK("no_irq_yet", irq, 1'b0)
        idle(1);
        `VP_CHECK("oneshot_irq", irq, 1'b1)
        `VP_CHECK("oneshot_stops", running, 1'b0)
        idle(3);
        `VP_CHECK("irq_sticky", irq, 1'b1)
        `VP_CHECK("oneshot_stays_0", count, 16'd0)
        cycle(0, 0, 1, 8'd0, 16'd0, 1'b0);
        `VP_CHECK("irq_cleared", irq, 1'b0)
        // periodic, presc 2 (tick every 3 edges), reload 1: expiry every 6
        cycle(1, 0, 0, 8'd2, 16'd1, 1'b1);
        idle(2);
        `VP_CHECK("presc2_no_tick_yet", count, 16'd1)
        idle(1);
        `VP_CHECK("presc2_first_tick", count, 16'd0)
        idle(3);
        `VP_CHECK("periodic_irq", irq, 1'b1)
        `VP_CHECK("periodic_reloaded", count, 16'd1)
        `VP_CHECK("periodic_keeps_running", running, 1'b1)
        // clear irq exactly at the next expiry edge (6 edges later): set wins
        idle(5);
        cycle(0, 0, 1, 8'd0, 16'd0, 1'b0);
        `VP_CHECK("expiry_beats_irq_clr", irq, 1'b1)
        cycle(0, 0, 1, 8'd0, 16'd0, 1'b0);
        `VP_CHECK("irq_clr_after", irq, 1'b0)
        // stop holds count; stop beats start
        idle(2);
        cycle(0, 1, 0, 8'd0, 16'd0, 1'b0);
        `VP_CHECK("stop_clears_running", running, 1'b0)
        idle(4);
        cycle(1, 1, 0, 8'd0, 16'd9, 1'b0);
        `VP_CHECK("stop_beats_start", running, 1'b0)
        // restart while running; config changes ignored until next start
        cycle(1, 0, 0, 8'd1, 16'd2, 1'b0);
        idle(3);
        cycle(1, 0, 0, 8'd0, 16'd5, 1'b0);
        `VP_CHECK("restart_reloads", count, 16'd5)
        for (k = 0; k < 5; k = k + 1) cycle(0, 0, 0, 8'd9, 16'd1, 1'b1);
        `VP_CHECK("config_latched", count, 16'd0)
        // reload 0: expires on the first tick
        cycle(0, 0, 1, 8'd0, 16'd0, 1'b0);
        cycle(1, 0, 0, 8'd0, 16'd0, 1'b1);
        idle(1);
        `VP_CHECK("reload0_irq", irq, 1'b1)
        `VP_CHECK("reload0_periodic_runs", running, 1'b1)
        // async reset between edges
        @(negedge clk);
        #2 rst_n = 1'b0;
        #1;
        `VP_CHECK("async_reset_running", running, 1'b0)
        `VP_CHECK("async_reset_irq", irq, 1'b0)
        m_count = 0; m_pc = 0; m_run = 0; m_irq = 0;
        @(negedge clk) rst_n = 1'b1; start = 1'b0; stop = 1'b0; irq_clr = 1'b0;
        idle(1);
        for (i = 0; i < 3000; i = i + 1) begin
            lfsr = {lfsr[30:0], lfsr[31] ^ lfsr[21] ^ lfsr[1] ^ lfsr[0]};
            cycle(lfsr[5:0] == 6'd1, lfsr[8:0] == 9'd2, lfsr[12:9] == 4'd0,
                  {6'd0, lfsr[14:13]}, {13'd0, lfsr[17:15]}, lfsr[18]);
        end
        `VP_DONE
    end
endmodule
