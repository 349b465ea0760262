# Differential testbenches from `veripref tbgen` grade through `veripref grade
# --testbench`: every bundled reference passes its generated bench, and the
# recorded buggy variants fail it (Icarus for all tasks, both simulators for a
# combinational, a sync-reset and an async-reset task).
. "$REPO/tests/lib.sh"

# sat_add/bug3 equals the reference at the default WIDTH=8 (it differs only at
# other widths), so no bench at the task's parameters can tell them apart.
equivalent="sat_add/bug3"

for t in "$REPO"/rtl_tasks/*/; do
	id=$(basename "$t")
	[ -f "$t/ref.v" ] || continue
	expect_exit 0 "$VERIPREF" tbgen --task "$t" --kind differential --seed 7 -o "diff_$id.v"
	sims=iverilog
	case $id in adder8|counter8|shift_reg8) sims=both ;; esac
	bugs=$(ls "$REPO/tests/buggy/$id"/bug*.v 2>/dev/null)
	"$VERIPREF" grade --task "$t" --testbench "diff_$id.v" --sim $sims --format jsonl \
		"$t/ref.v" $bugs > "res_$id.jsonl" 2>err
	rc=$?
	[ $rc -le 1 ] || { cat err >&2; fail "$id: grade exited $rc"; }
	n=$(grep -F "\"candidate\":\"$t/ref.v\"" "res_$id.jsonl" | grep -c '"outcome":"pass"')
	want=1; [ $sims = both ] && want=2
	expect_eq "$id: reference passes its differential bench" "$n" "$want"
	for b in $bugs; do
		name=$id/$(basename "$b" .v)
		case " $equivalent " in *" $name "*) continue ;; esac
		nf=$(grep -F "\"candidate\":\"$b\"" "res_$id.jsonl" | grep -c '"outcome":"fail"')
		expect_eq "$name fails its differential bench" "$nf" "$want"
	done
done
# A mismatch message names the output, the time and the values.
expect_grep '"candidate":"[^"]*adder8/bug1.v".*"message":"[0-9]+ of [0-9]+ checks failed; first: check .(sum|cout). got=' res_adder8.jsonl
