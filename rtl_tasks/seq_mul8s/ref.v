// seq_mul8s — reference: operands extended to 9-bit two's complement
// (sign or zero extension by sgn); one partial product per cycle for
// multiplier bits 0..7, and the weight -2^8 of the multiplier's extension
// bit applied in the last step.
module seq_mul8s (
    input  wire        clk,
    input  wire        rst_n,
    input  wire        start,
    input  wire        sgn,
    input  wire [7:0]  a,
    input  wire [7:0]  b,
    output reg         busy,
    output reg         done,
    output reg  [15:0] product
);
    reg  [17:0] mc;      // multiplicand, sign-extended, shifted left each step
    reg  [8:0]  mp;      // multiplier bits still to use, shifted right each step
    reg  [17:0] acc;
    reg  [3:0]  cnt;

    wire [17:0] add_term = mp[0] ? mc : 18'd0;
    wire [17:0] cor_term = (cnt == 4'd1 && mp[1]) ? (mc << 1) : 18'd0;
    wire [17:0] acc_nx   = acc + add_term - cor_term;

    always @(posedge clk) begin
        if (!rst_n) begin
            busy    <= 1'b0;
            done    <= 1'b0;
            product <= 16'd0;
            mc      <= 18'd0;
            mp      <= 9'd0;
            acc     <= 18'd0;
            cnt     <= 4'd0;
        end else begin
            done <= 1'b0;
            if (!busy) begin
                if (start) begin
                    mc   <= {{10{sgn & a[7]}}, a};
                    mp   <= {sgn & b[7], b};
                    acc  <= 18'd0;
                    cnt  <= 4'd8;
                    busy <= 1'b1;
                end
            end else begin
                acc <= acc_nx;
                mc  <= mc << 1;
                mp  <= mp >> 1;
                cnt <= cnt - 4'd1;
                if (cnt == 4'd1) begin
                    busy    <= 1'b0;
                    done    <= 1'b1;
                    product <= acc_nx[15:0];
                end
            end
        end
    end
endmodule
