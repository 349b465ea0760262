// pipe_add32 — reference: byte-sliced carry-pipelined adder. Stage i adds
// byte i using the carry registered by stage i-1; operand bytes not yet
// used travel along, and finished bytes are carried to the output.
module pipe_add32 (
    input  wire        clk,
    input  wire        rst_n,
    input  wire        in_valid,
    input  wire [31:0] a,
    input  wire [31:0] b,
    input  wire        cin,
    output reg         out_valid,
    output reg  [31:0] sum,
    output reg         cout
);
    // stage 1 registers (after byte 0)
    reg [23:0] a1, b1;
    reg [7:0]  s1;
    reg        c1, v1;
    // stage 2 registers (after byte 1)
    reg [15:0] a2, b2;
    reg [15:0] s2;
    reg        c2, v2;
    // stage 3 registers (after byte 2)
    reg [7:0]  a3, b3;
    reg [23:0] s3;
    reg        c3, v3;

    wire [8:0] add0 = {1'b0, a[7:0]}  + {1'b0, b[7:0]}  + {8'd0, cin};
    wire [8:0] add1 = {1'b0, a1[7:0]} + {1'b0, b1[7:0]} + {8'd0, c1};
    wire [8:0] add2 = {1'b0, a2[7:0]} + {1'b0, b2[7:0]} + {8'd0, c2};
    wire [8:0] add3 = {1'b0, a3}      + {1'b0, b3}      + {8'd0, c3};

    always @(posedge clk) begin
        if (!rst_n) begin
            a1 <= 24'd0; b1 <= 24'd0; s1 <= 8'd0;  c1 <= 1'b0; v1 <= 1'b0;
            a2 <= 16'd0; b2 <= 16'd0; s2 <= 16'd0; c2 <= 1'b0; v2 <= 1'b0;
            a3 <= 8'd0;  b3 <= 8'd0;  s3 <= 24'd0; c3 <= 1'b0; v3 <= 1'b0;
            sum <= 32'd0; cout <= 1'b0; out_valid <= 1'b0;
        end else begin
            a1 <= a[31:8];   b1 <= b[31:8];   s1 <= add0[7:0];         c1 <= add0[8]; v1 <= in_valid;
            a2 <= a1[23:8];  b2 <= b1[23:8];  s2 <= {add1[7:0], s1};   c2 <= add1[8]; v2 <= v1;
            a3 <= a2[15:8];  b3 <= b2[15:8];  s3 <= {add2[7:0], s2};   c3 <= add2[8]; v3 <= v2;
            sum <= {add3[7:0], s3}; cout <= add3[8]; out_valid <= v3;
        end
    end
endmodule
