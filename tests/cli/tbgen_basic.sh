# veripref tbgen: differential benches for adder8 (comb) and counter8 (seq) are
# reproducible per seed, carry the renamed reference, pass the reference and
# fail a recorded bug in Icarus; errors have the documented exit codes.
. "$REPO/tests/lib.sh"

expect_exit 0 "$VERIPREF" tbgen --help
expect_grep '^usage: veripref tbgen --task DIR' out

for t in adder8 counter8; do
	expect_exit 0 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/$t" --kind differential --seed 5 -o "$t.a.v"
	expect_exit 0 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/$t" --seed 5 -o "$t.b.v"
	cmp -s "$t.a.v" "$t.b.v" || fail "$t: same seed gave different files"
	expect_exit 0 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/$t" --seed 6 -o "$t.c.v"
	! cmp -s "$t.a.v" "$t.c.v" || fail "$t: seeds 5 and 6 gave the same file"
	# Standard output is the same text as -o.
	expect_exit 0 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/$t" --seed 5
	cmp -s out "$t.a.v" || fail "$t: stdout differs from -o"
	expect_grep "^module ${t}__vpref_[0-9a-f]{8} \(" "$t.a.v"
	expect_grep "^module tb;" "$t.a.v"
	expect_grep "^  $t dut \(" "$t.a.v"
	expect_grep "^  ${t}__vpref_[0-9a-f]{8} ref_i \(" "$t.a.v"
	expect_grep '^// seed 5; ' "$t.a.v"
	# The reference keeps no module under its own name.
	expect_no_grep "^module $t[ (]" "$t.a.v"
done
# adder8 has 17 input bits: random vectors, not exhaustive.
expect_grep 'combinational: 10000 random and corner vectors' adder8.a.v
expect_grep 'sequential: clock clk, active-high reset, 3 reset cycles then 4000 random cycles' counter8.a.v

# Reference passes, a recorded bug fails (Icarus; nonce given at compile time).
N="64'h00000000000000cd"
run_bench() {
	iverilog -g2012 -I "$REPO/testbench" "-DVP_NONCE=$N" -s tb -o t.vvp "$1" "$2" >sim.log 2>&1 &&
		vvp -n t.vvp >sim.log 2>&1
	sed -n 's/^@vp:00000000000000cd:DONE //p' sim.log
}
# 10000 vectors x 2 outputs; (3 + 4000) cycles x 2 edges x 1 output.
expect_eq "adder8 ref" "$(run_bench "$REPO/rtl_tasks/adder8/ref.v" adder8.a.v)" "20000 20000"
expect_eq "counter8 ref" "$(run_bench "$REPO/rtl_tasks/counter8/ref.v" counter8.a.v)" "8006 8006"
done=$(run_bench "$REPO/tests/buggy/counter8/bug1.v" counter8.a.v)
case "$done" in
	*" 8006") [ "$done" != "8006 8006" ] || fail "counter8 bug1 passed" ;;
	*) fail "counter8 bug1: unexpected DONE line '$done'" ;;
esac
expect_grep '^@vp:00000000000000cd:NOTE first mismatch on q at t=[0-9]+ inputs rst=1 en=[01] exp=[0-9a-fx]+ got=[0-9a-fx]+$' sim.log

# Renaming: every module of the reference, at declarations, end labels and
# instantiations, but not a port that shares a module's name; the renamed
# reference and the candidate (the same text, original names) then coexist.
mkdir hier
cat >hier/ref.v <<'EOF'
module leaf(input a, output y); assign y = ~a; endmodule
module top2 #(parameter W = 1) (input [1:0] leaf, output [1:0] y);
  leaf u0 (.a(leaf[0]), .y(y[0]));
  leaf #() u1 (.a(leaf[1]), .y(y[1]));
endmodule : top2
EOF
printf '{"id": "top2", "top": "top2", "clock": null, "reset": null, "kind": "comb", "params": {"W": 2}}\n' >hier/task.json
expect_exit 0 "$VERIPREF" tbgen --task hier -o hier.v
sfx=$(sed -n 's/^module leaf\(__vpref_[0-9a-f]*\)(.*/\1/p' hier.v)
[ -n "$sfx" ] || fail "leaf was not renamed"
expect_grep "^module top2$sfx #\(parameter W = 1\) \(input \[1:0\] leaf, output \[1:0\] y\);$" hier.v
expect_grep "^  leaf$sfx u0 \(\.a\(leaf\[0\]\), \.y\(y\[0\]\)\);$" hier.v
expect_grep "^  leaf$sfx #\(\) u1 " hier.v
expect_grep "^endmodule : top2$sfx$" hier.v
expect_grep "^  top2 #\(\.W\(2\)\) dut \($" hier.v
expect_grep "^  top2$sfx #\(\.W\(2\)\) ref_i \($" hier.v
# 2 input bits: 4 vectors x 1 output.
expect_eq "hier ref" "$(run_bench hier/ref.v hier.v)" "4 4"

# --param overrides task.json's params: sat_add/bug3 (clamp hard-wired to
# 8'hff) is equivalent at the task's WIDTH = 8 and caught at WIDTH = 12.
expect_exit 0 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/sat_add" -o sat8.v
expect_exit 0 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/sat_add" --param WIDTH=12 -o sat12.v
expect_grep '^  sat_add #\(\.WIDTH\(12\)\) dut \($' sat12.v
# 16 input bits: exhaustive; 24: 10000 random vectors; 2 outputs each.
expect_eq "sat_add bug3 at WIDTH 8" "$(run_bench "$REPO/tests/buggy/sat_add/bug3.v" sat8.v)" "131072 131072"
expect_eq "sat_add ref at WIDTH 12" "$(run_bench "$REPO/rtl_tasks/sat_add/ref.v" sat12.v)" "20000 20000"
done=$(run_bench "$REPO/tests/buggy/sat_add/bug3.v" sat12.v)
[ "${done#* }" = 20000 ] && [ "$done" != "20000 20000" ] || fail "sat_add bug3 at WIDTH 12: DONE '$done'"
expect_exit 2 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/sat_add" --param WIDTH
expect_grep "^veripref: error: --param wants NAME=VALUE, not 'WIDTH'$" err

# Errors.
expect_exit 3 "$VERIPREF" tbgen --task no-such-dir
expect_grep "^veripref: error: cannot open 'no-such-dir/task.json': No such file or directory$" err
expect_exit 2 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/adder8" --seed -1
expect_grep "^veripref: error: --seed wants a number" err
expect_exit 2 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/adder8" --kind llm
expect_exit 2 "$VERIPREF" tbgen
mkdir bidir
printf 'module bidir(inout [3:0] d, input oe, output y);\n  assign d = oe ? 4'"'"'h5 : 4'"'"'bz;\n  assign y = ^d;\nendmodule\n' >bidir/ref.v
printf '{"id": "bidir", "top": "bidir", "clock": null, "reset": null, "kind": "comb"}\n' >bidir/task.json
expect_exit 3 "$VERIPREF" tbgen --task bidir
expect_grep "^veripref: error: task 'bidir': inout ports are not supported by differential testbenches \(port 'd'\)$" err
mkdir noref
cp "$REPO/rtl_tasks/adder8/task.json" noref/
expect_exit 3 "$VERIPREF" tbgen --task noref
expect_grep "^veripref: error: cannot open 'noref/ref.v': No such file or directory \(a differential testbench needs the reference\)$" err
# Signature mode: the candidate alone; the same behaviour gives the same hash.
expect_exit 0 "$VERIPREF" tbgen --task "$REPO/rtl_tasks/counter8" --kind signature -o sig.v
expect_no_grep "ref_i|__vpref_" sig.v
sig_of() {
	iverilog -g2012 -I "$REPO/testbench" "-DVP_NONCE=$N" -s tb -o s.vvp "$1" sig.v >sig.log 2>&1 &&
		vvp -n s.vvp >sig.log 2>&1
	expect_grep '^@vp:00000000000000cd:DONE 0 0$' sig.log
	sed -n 's/^@vp:00000000000000cd:NOTE signature \([0-9a-f]\{16\}\) samples 8000$/\1/p' sig.log
}
s_ref=$(sig_of "$REPO/rtl_tasks/counter8/ref.v")
[ -n "$s_ref" ] || fail "no signature line for counter8/ref.v"
cp "$REPO/rtl_tasks/counter8/ref.v" same.v
printf '\n// a comment changes nothing\n' >>same.v
expect_eq "signature of a copy" "$(sig_of same.v)" "$s_ref"
s_bug=$(sig_of "$REPO/tests/buggy/counter8/bug3.v")
[ -n "$s_bug" ] && [ "$s_bug" != "$s_ref" ] || fail "bug3 signature '$s_bug' vs ref '$s_ref'"
# Without ref.v the interface comes from --interface.
expect_exit 3 "$VERIPREF" tbgen --task noref --kind signature
expect_grep "^veripref: error: cannot open 'noref/ref.v': No such file or directory \(give the interface with --interface FILE\)$" err
expect_exit 0 "$VERIPREF" tbgen --task noref --kind signature --interface "$REPO/rtl_tasks/adder8/ref.v" -o sig2.v
expect_grep '^// Signature testbench for .adder8.' sig2.v
expect_exit 2 "$VERIPREF" tbgen --task noref --interface x.v
expect_grep "^veripref: error: --interface is for --kind signature$" err
exit 0
