// bug: digit 9 drawn without the bottom segment d
// (bit 0 = segment a ... bit 6 = segment g), with blanking.
module seg7_hex (
    input  wire [3:0] val,
    input  wire       blank,
    output reg  [6:0] seg_n
);
    reg [6:0] lit; // active-high: 1 = segment on

    always @(*) begin
        case (val)
            4'h0: lit = 7'h3f;
            4'h1: lit = 7'h06;
            4'h2: lit = 7'h5b;
            4'h3: lit = 7'h4f;
            4'h4: lit = 7'h66;
            4'h5: lit = 7'h6d;
            4'h6: lit = 7'h7d;
            4'h7: lit = 7'h07;
            4'h8: lit = 7'h7f;
            4'h9: lit = 7'h67;
            4'ha: lit = 7'h77;
            4'hb: lit = 7'h7c;
            4'hc: lit = 7'h39;
            4'hd: lit = 7'h5e;
            4'he: lit = 7'h79;
            default: lit = 7'h71;
        endcase
        seg_n = blank ? 7'h7f : ~lit;
    end
endmodule
