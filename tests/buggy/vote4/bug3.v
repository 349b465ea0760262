// bug: tie taken as an even, non-zero count (true for n = 4 as well)
module vote4 (
    input  wire [3:0] v,
    output wire       major,
    output wire       tie,
    output wire       odd,
    output wire       all
);
    wire [2:0] n = {2'b00, v[0]} + {2'b00, v[1]} + {2'b00, v[2]} + {2'b00, v[3]};

    assign major = (n >= 3'd3);
    assign tie   = ~^v & (|v);
    assign odd   = n[0];
    assign all   = (n == 3'd4);
endmodule
