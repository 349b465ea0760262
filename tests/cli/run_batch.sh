# The grade stage of `veripref run` batches candidates of a task in one
# simulation (pipeline/gradebatch.h) and changes no result: two runs from
# the same inputs, one graded one by one (--batch 1) and one batched (the
# default, auto), store the same results (every column but wall_ms) and
# write byte-identical pairs.  About 300 mutants over four bundled tasks, the
# differential bench of each, plus the human bench of one task (graded one
# by one in both runs).  One task's folder of the batched run is changed
# after its bench was stored, so that bench cannot be rebuilt byte for byte
# and is graded one by one; its results must not change either.
# --batch is not a setting of the run: a resume with another value is not
# refused and nothing is stored.
. "$REPO/tests/lib.sh"
unset OPENAI_BASE_URL

N=75
TASKS="bcd_add2 isqrt16 pipe_add32 seg7_hex"
mkdir tasks
for t in $TASKS; do
	cp -r "$REPO/rtl_tasks/$t" tasks/
done
# Only bcd_add2 keeps its human bench (tb/), to keep the test short.
rm -rf tasks/isqrt16/tb tasks/pipe_add32/tb tasks/seg7_hex/tb
cp -r tasks tasksB

# Candidates per task: the reference and min(N, mutation sites) mutants
# (-n beyond the sites gives one mutant per site, as run_mutate.sh checks).
cands=0
for t in $TASKS; do
	expect_exit 0 "$VERIPREF" mutate --task "tasks/$t" --no-compile-check --format text
	sites=$(wc -l <out)
	[ "$sites" -ge 2 ] || fail "too few mutation sites in $t: $sites"
	[ "$sites" -lt "$N" ] && m=$sites || m=$N
	eval "cands_$t=$((m + 1))"
	cands=$((cands + m + 1))
done
[ "$cands" -ge 250 ] || fail "only $cands candidates"
# One differential bench per task, one human bench for bcd_add2, Icarus only.
rows=$((cands + cands_bcd_add2))

# Usage errors, in cmd_grade.c's words.
expect_exit 2 "$VERIPREF" run --tasks tasks --out X --batch 0
expect_grep "^veripref: error: --batch wants 'auto' or a number in 1\.\.4096, not '0'$" err
[ ! -e X ] || fail "a usage error created the run directory"
expect_exit 0 "$VERIPREF" run --help
expect_grep '^  --batch K\|auto  ' out
expect_grep '^grading options \(not stored\):$' out

# A: one candidate at a time, the whole run in one command.
expect_exit 0 "$VERIPREF" run --tasks tasks --out A -n $N --tb differential,human --batch 1 \
	--jobs 2 --timeout 10
expect_grep "^candidates: $cands distinct from $cands samples \(mutate $((cands - 4)), reference 4\), 0 truncated$" out
expect_grep '^testbenches: 5 kept, 0 rejected, 0 unvalidated, 0 pending$' out
expect_no_grep '^batch:' err

# B: the same inputs, sampled, then graded by the stage command with the
# default batch size.  seg7_hex's folder gets an extra module after its
# bench was stored: the bench rebuilt from it differs, so the stored one is
# graded one candidate at a time.
expect_exit 0 "$VERIPREF" run --tasks tasksB --out B -n $N --tb differential,human --stop-after sample
printf '\nmodule vp_run_batch_extra(input wire a, output wire y);\n  assign y = ~a;\nendmodule\n' \
	>>tasksB/seg7_hex/ref.v
expect_exit 2 "$VERIPREF" grade B --batch many
expect_grep "^veripref: error: --batch wants 'auto' or a number in 1\.\.4096, not 'many'$" err
expect_exit 0 "$VERIPREF" grade B --help
expect_grep '^  --batch K\|auto  ' out
expect_exit 0 "$VERIPREF" grade B --jobs 2 --timeout 10
expect_grep '^batch: size [0-9]+, [0-9]+ simulations? \([0-9]+ splits?\), [0-9]+ pre-checks?.*; 3 differential benches batched, 1 graded one by one \(not rebuilt byte for byte\)$' err
# The batch path ran: fewer simulations than the candidates of the three
# batched tasks (every one of them was graded alone otherwise).
sims=$(sed -n 's/^batch: size [0-9]*, \([0-9]*\) simulation.*/\1/p' err)
batched=$((cands - cands_seg7_hex))
[ "$sims" -ge 3 ] && [ "$sims" -lt "$batched" ] ||
	fail "batch simulations: $sims for $batched candidates"
# The rest of the run, resumed with another --batch: not refused, not stored.
expect_exit 0 "$VERIPREF" run --out B --resume --batch 1 --jobs 2
expect_no_grep '^batch:' err
expect_grep "^candidates: $cands distinct from $cands samples" out

if command -v sqlite3 >/dev/null 2>&1; then
	q() { sqlite3 -separator '|' "$1" "$2"; }
else
	q() {
		python3 -c 'import sqlite3, sys
for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print("|".join("" if v is None else str(v) for v in r))' "$1" "$2"
	}
fi
q B/run.db "SELECT count(*) FROM config WHERE key LIKE '%batch%'" >n
expect_eq "batch keys in B's config" "$(cat n)" 0

# Every column of results but wall_ms, in key order; quote() keeps NULL,
# '' and newlines in messages apart.
COLS="quote(task), quote(cand), quote(tb), quote(sim), quote(outcome), quote(passed), quote(total), quote(message), quote(signature)"
SEL="SELECT $COLS FROM results ORDER BY task, cand, tb, sim"
q A/run.db "$SEL" >a.rows
q B/run.db "$SEL" >b.rows
expect_eq "result rows in A" "$(q A/run.db 'SELECT count(*) FROM results')" "$rows"
expect_eq "result rows in B" "$(q B/run.db 'SELECT count(*) FROM results')" "$rows"
cmp -s a.rows b.rows || { diff a.rows b.rows | head -20 >&2; fail "results differ between --batch 1 and auto"; }
# Per task: candidates x gradable benches x 1 simulator.
for t in $TASKS; do
	eval "want=\$cands_$t"
	[ "$t" = bcd_add2 ] && want=$((want * 2))
	expect_eq "$t results" "$(q A/run.db "SELECT count(*) FROM results WHERE task = '$t'")" "$want"
done
# Both verdicts on each kind of bench, and every reference passes everything.
for kind in differential human; do
	for o in pass fail; do
		n=$(q A/run.db "SELECT count(*) FROM results r JOIN testbenches b ON b.task = r.task AND b.name = r.tb WHERE b.kind = '$kind' AND r.outcome = '$o'")
		[ "$n" -ge 1 ] || fail "no $o on a $kind bench"
	done
done
expect_eq "references passing" "$(q B/run.db "SELECT count(*) FROM results r JOIN candidates c ON c.task = r.task AND c.id = r.cand WHERE c.origin = 'reference' AND r.outcome = 'pass'")" 5

# The pairs, written by the pairs stage of each run, are byte-identical.
expect_exit 0 "$VERIPREF" pairs A
expect_exit 0 "$VERIPREF" pairs B
[ -s A/pairs.trl.jsonl ] || fail "no pairs in A"
cmp A/pairs.trl.jsonl B/pairs.trl.jsonl || fail "pairs differ between --batch 1 and auto"
