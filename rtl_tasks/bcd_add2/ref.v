// bcd_add2 — reference: two-digit packed-BCD adder; each digit adds in
// binary and is corrected by +6 when the digit sum exceeds 9.
module bcd_add2 (
    input  wire [7:0] a,
    input  wire [7:0] b,
    input  wire       cin,
    output wire [7:0] s,
    output wire       cout
);
    wire [4:0] lo_raw = {1'b0, a[3:0]} + {1'b0, b[3:0]} + {4'd0, cin};
    wire       lo_c   = (lo_raw > 5'd9);
    wire [3:0] lo_fix = lo_c ? lo_raw[3:0] + 4'd6 : lo_raw[3:0];

    wire [4:0] hi_raw = {1'b0, a[7:4]} + {1'b0, b[7:4]} + {4'd0, lo_c};
    wire       hi_c   = (hi_raw > 5'd9);
    wire [3:0] hi_fix = hi_c ? hi_raw[3:0] + 4'd6 : hi_raw[3:0];

    assign s    = {hi_fix, lo_fix};
    assign cout = hi_c;
endmodule
