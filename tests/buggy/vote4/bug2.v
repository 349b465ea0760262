// bug: odd output is even parity
module vote4 (
    input  wire [3:0] v,
    output wire       major,
    output wire       tie,
    output wire       odd,
    output wire       all
);
    wire [2:0] n = {2'b00, v[0]} + {2'b00, v[1]} + {2'b00, v[2]} + {2'b00, v[3]};

    assign major = (n >= 3'd3);
    assign tie   = (n == 3'd2);
    assign odd   = ~^v;
    assign all   = (n == 3'd4);
endmodule
