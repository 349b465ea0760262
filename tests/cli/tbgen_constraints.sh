# veripref tbgen: task.json "dont_care" and "constraints" reach the bench; a
# candidate that differs from the reference only where the spec does not care
# passes with them and fails without.
. "$REPO/tests/lib.sh"

N="64'h00000000000000ef"
run_bench() {
	iverilog -g2012 -I "$REPO/testbench" "-DVP_NONCE=$N" -s tb -o t.vvp "$1" "$2" >sim.log 2>&1 &&
		vvp -n t.vvp >sim.log 2>&1
	sed -n 's/^@vp:00000000000000ef:DONE //p' sim.log
}

# A 1-deep register slice: out_data is meaningless while out_valid is low, and
# in_data must stay put while in_valid && !in_ready (the reference keeps the
# old word then; this candidate takes whatever is on in_data).
mkdir slice
cat >slice/ref.v <<'EOF'
module slice(input clk, input rst_n, input in_valid, input [7:0] in_data,
             output in_ready, output reg out_valid, output reg [7:0] out_data,
             input out_ready);
  assign in_ready = !out_valid || out_ready;
  always @(posedge clk)
    if (!rst_n) begin out_valid <= 1'b0; out_data <= 8'hxx; end
    else if (in_ready) begin
      out_valid <= in_valid;
      out_data <= in_valid ? in_data : 8'h5a;
    end
endmodule
EOF
cat >cand.v <<'EOF'
module slice(input clk, input rst_n, input in_valid, input [7:0] in_data,
             output in_ready, output reg out_valid, output reg [7:0] out_data,
             input out_ready);
  assign in_ready = !out_valid || out_ready;
  always @(posedge clk)
    if (!rst_n) begin out_valid <= 1'b0; out_data <= 8'h00; end
    else if (in_ready) begin
      out_valid <= in_valid;
      out_data <= in_data;
    end
endmodule
EOF
base='"id": "slice", "top": "slice", "clock": "clk", "reset": "rst_n", "reset_active": "low", "reset_sync": true, "kind": "seq"'
printf '{%s}\n' "$base" >slice/task.json
expect_exit 0 "$VERIPREF" tbgen --task slice --cycles 500 -o plain.v
done=$(run_bench cand.v plain.v)
# (3 + 500) cycles x 2 edges x 3 outputs.
case "$done" in
	*" 3018") [ "$done" != "3018 3018" ] || fail "candidate passed without dont_care" ;;
	*) fail "plain bench: unexpected DONE '$done'" ;;
esac

printf '{%s, "dont_care": {"compare_when": {"out_data": "out_valid"}},\n "constraints": {"hold": [{"inputs": ["in_valid", "in_data"], "while": "in_valid && !in_ready"}]}}\n' \
	"$base" >slice/task.json
expect_exit 0 "$VERIPREF" tbgen --task slice --cycles 500 -o dc.v
expect_grep '^      if \(r_out_valid\) begin // dont_care.compare_when$' dc.v
expect_grep '^      vptb_h0 = \(i_in_valid && !r_in_ready\); // constraints.hold' dc.v
done=$(run_bench cand.v dc.v)
p=${done% *}
t=${done#* }
# in_ready and out_valid always (2012 checks), out_data only while valid.
[ "$p" = "$t" ] && [ "$t" -gt 2012 ] && [ "$t" -lt 3018 ] || fail "candidate with dont_care: DONE '$done'"
expect_eq "reference with dont_care" "$(run_bench slice/ref.v dc.v)" "$done"

# ignore drops an output; range/assume are accepted for a comb task.
printf '{"id": "a", "top": "adder8", "clock": null, "reset": null, "kind": "comb",\n "dont_care": {"ignore": ["cout"]}, "constraints": {"range": {"a": [0, 99]}, "assume": "!(cin && b == 0)"}}\n' >task.json
mkdir adder && cp task.json adder/ && cp "$REPO/rtl_tasks/adder8/ref.v" adder/
expect_exit 0 "$VERIPREF" tbgen --task adder -o adder.v
expect_grep '^      // cout: not compared \(dont_care.ignore\)$' adder.v
expect_grep '^      if \(i_a > 8.d99\) begin // constraints.range$' adder.v
expect_grep '^      if \(!\(i_cin && i_b == 0\)\) begin$' adder.v
expect_eq "adder8 ref with constraints" "$(run_bench "$REPO/rtl_tasks/adder8/ref.v" adder.v)" "10000 10000"

# dont_care.latency: a candidate one cycle later than the reference passes
# only when the task allows one cycle of latency.
mkdir dl
printf 'module dl(input clk, input rst, input [3:0] d, output reg [3:0] q);\n  always @(posedge clk) q <= rst ? 4%sd0 : d;\nendmodule\n' "'" >dl/ref.v
printf 'module dl(input clk, input rst, input [3:0] d, output reg [3:0] q);\n  reg [3:0] p;\n  always @(posedge clk) begin p <= rst ? 4%sd0 : d; q <= rst ? 4%sd0 : p; end\nendmodule\n' "'" "'" >late1.v
printf '{"id": "dl", "top": "dl", "clock": "clk", "reset": "rst", "kind": "seq"}\n' >dl/task.json
expect_exit 0 "$VERIPREF" tbgen --task dl --cycles 300 -o dl0.v
done=$(run_bench late1.v dl0.v)
[ "${done#* }" = 606 ] && [ "$done" != "606 606" ] || fail "late candidate without latency: DONE '$done'"
printf '{"id": "dl", "top": "dl", "clock": "clk", "reset": "rst", "kind": "seq", "dont_care": {"latency": {"q": 1}}}\n' >dl/task.json
expect_exit 0 "$VERIPREF" tbgen --task dl --cycles 300 -o dl1.v
expect_eq "late candidate with latency 1" "$(run_bench late1.v dl1.v)" "606 606"
expect_eq "reference with latency 1" "$(run_bench dl/ref.v dl1.v)" "606 606"

# Errors name the task and the offending piece.
printf '{%s, "constraints": {"hold": [{"inputs": ["in_data"], "while": "in_valid && stall"}]}}\n' "$base" >slice/task.json
expect_exit 3 "$VERIPREF" tbgen --task slice
expect_grep "^veripref: error: task 'slice': expression 'in_valid && stall' names 'stall', which is not a port of 'slice'$" err
printf '{%s, "constraints": {"latency": 2}}\n' "$base" >slice/task.json
expect_exit 3 "$VERIPREF" tbgen --task slice
expect_grep "^veripref: error: 'slice/task.json': unknown key \"constraints.latency\"$" err
exit 0
