// clock_hms — reference: cascaded BCD counters for seconds, minutes and
// hours with set_en, and a registered day-wrap pulse.
module clock_hms (
    input  wire       clk,
    input  wire       arst,
    input  wire       tick,
    input  wire       set_en,
    input  wire [7:0] set_hh,
    input  wire [7:0] set_mm,
    output reg  [7:0] hh,
    output reg  [7:0] mm,
    output reg  [7:0] ss,
    output reg        day_wrap
);
    // next value of a BCD byte counting 00..59
    function [7:0] inc59(input [7:0] v);
        begin
            if (v[3:0] != 4'd9)      inc59 = {v[7:4], v[3:0] + 4'd1};
            else if (v[7:4] != 4'd5) inc59 = {v[7:4] + 4'd1, 4'd0};
            else                     inc59 = 8'h00;
        end
    endfunction

    wire s_wrap = (ss == 8'h59);
    wire m_wrap = (mm == 8'h59);
    wire h_wrap = (hh == 8'h23);

    always @(posedge clk or posedge arst) begin
        if (arst) begin
            hh <= 8'h00;
            mm <= 8'h00;
            ss <= 8'h00;
            day_wrap <= 1'b0;
        end else begin
            day_wrap <= 1'b0;
            if (set_en) begin
                hh <= set_hh;
                mm <= set_mm;
                ss <= 8'h00;
            end else if (tick) begin
                ss <= inc59(ss);
                if (s_wrap) begin
                    mm <= inc59(mm);
                    if (m_wrap) begin
                        if (h_wrap) begin
                            hh <= 8'h00;
                            day_wrap <= 1'b1;
                        end else if (hh[3:0] == 4'd9) begin
                            hh <= {hh[7:4] + 4'd1, 4'd0};
                        end else begin
                            hh <= {hh[7:4], hh[3:0] + 4'd1};
                        end
                    end
                end
            end
        end
    end
endmodule
