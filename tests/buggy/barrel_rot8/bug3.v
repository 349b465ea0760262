// bug: the rotate-by-4 stage is missing (amt[2] ignored)
module barrel_rot8 (
    input  wire [7:0] d,
    input  wire [2:0] amt,
    input  wire       dir,
    output reg  [7:0] y
);
    reg [7:0] s1, s2;

    always @(*) begin
        if (!dir) begin
            s1 = amt[0] ? {d[6:0],  d[7]}     : d;
            s2 = amt[1] ? {s1[5:0], s1[7:6]}  : s1;
            y  = s2;
        end else begin
            s1 = amt[0] ? {d[0],    d[7:1]}   : d;
            s2 = amt[1] ? {s1[1:0], s1[7:2]}  : s1;
            y  = s2;
        end
    end
endmodule
