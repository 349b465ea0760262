# Batched grading gives the verdicts of grading one candidate at a time on
# every bundled task, in both simulators: for each task, its reference, its
# recorded bugs and five mutants, graded against the task's generated
# differential bench with --batch 1 and with the default (--batch auto); the
# JSONL lines must be identical but for wall_ms, and the batch path must have
# run.  The compile and run limits are raised: a loaded machine must not
# turn a slow build, or a simulation near its deadline (lzc16's exhaustive
# bench takes seconds), into a timeout in one mode and not the other.
. "$REPO/tests/lib.sh"

ntasks=0
ncells=0
for d in "$REPO"/rtl_tasks/*/; do
	id=$(basename "$d")
	t=${d%/}
	[ -f "$t/ref.v" ] || continue
	expect_exit 0 "$VERIPREF" tbgen --task "$t" -o "$id.tb.v"
	expect_exit 0 "$VERIPREF" mutate --task "$t" --max 5 --seed 3 --out "mut_$id"
	set -- "$t/ref.v" "$REPO"/tests/buggy/"$id"/bug*.v "mut_$id"/*.v
	for k in 1 auto; do
		"$VERIPREF" grade --task "$t" --testbench "$id.tb.v" --sim both --timeout 10 \
			--compile-timeout 300 --format jsonl --batch "$k" "$@" >"b$k" 2>"b$k.err"
		rc=$?
		[ $rc -le 1 ] || { cat "b$k.err" >&2; fail "$id: --batch $k exited $rc"; }
		sed 's/,"wall_ms":[0-9]*//' "b$k" >"b$k.s"
	done
	cmp -s b1.s bauto.s || { diff b1.s bauto.s | head -20 >&2; fail "$id: --batch auto differs from --batch 1"; }
	expect_eq "$id: cells" "$(wc -l <bauto)" "$(($# * 2))"
	expect_grep '"candidate":"[^"]*/ref.v","testbench":"[^"]*","sim":"iverilog","outcome":"pass"' bauto
	expect_grep '"candidate":"[^"]*/ref.v","testbench":"[^"]*","sim":"verilator","outcome":"pass"' bauto
	expect_grep '^batch: size [0-9]+, [1-9][0-9]* simulations' bauto.err
	ntasks=$((ntasks + 1))
	ncells=$((ncells + $# * 2))
done
expect_eq "tasks compared" "$ntasks" 52
echo "$ntasks tasks, $ncells cells: batched = one by one"
