// timer16 — reference: prescaled 16-bit down counter with latched
// configuration, one-shot or periodic reload, sticky interrupt.
module timer16 (
    input  wire        clk,
    input  wire        rst_n,
    input  wire [7:0]  presc,
    input  wire [15:0] reload,
    input  wire        mode,
    input  wire        start,
    input  wire        stop,
    input  wire        irq_clr,
    output reg  [15:0] count,
    output reg         running,
    output reg         irq
);
    reg [7:0]  pc;
    reg [7:0]  presc_l;
    reg [15:0] reload_l;
    reg        mode_l;

    wire expire = !stop && !start && running && (pc == presc_l) && (count == 16'd0);

    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            count    <= 16'd0;
            running  <= 1'b0;
            irq      <= 1'b0;
            pc       <= 8'd0;
            presc_l  <= 8'd0;
            reload_l <= 16'd0;
            mode_l   <= 1'b0;
        end else begin
            if (expire)
                irq <= 1'b1;
            else if (irq_clr)
                irq <= 1'b0;

            if (stop) begin
                running <= 1'b0;
            end else if (start) begin
                count    <= reload;
                pc       <= 8'd0;
                running  <= 1'b1;
                presc_l  <= presc;
                reload_l <= reload;
                mode_l   <= mode;
            end else if (running) begin
                if (pc == presc_l) begin
                    pc <= 8'd0;
                    if (count != 16'd0)
                        count <= count - 16'd1;
                    else if (mode_l)
                        count <= reload_l;
                    else
                        running <= 1'b0;
                end else begin
                    pc <= pc + 8'd1;
                end
            end
        end
    end
endmodule
