# veripref run --generator mutate, one stage command at a time, in both
# simulators, with KTO output: the reference and every mutant of it are
# candidates, the reference passes every cell, a task without ref.v is
# dropped with its reason, and `report` tells it all.
. "$REPO/tests/lib.sh"
unset OPENAI_BASE_URL

mkdir tasks
cp -r "$REPO/rtl_tasks/adder8" tasks/
cp -r tasks/adder8 tasks/adder8_noref
rm tasks/adder8_noref/ref.v
sed 's/"id": *"adder8"/"id": "adder8_noref"/' tasks/adder8/task.json >tasks/adder8_noref/task.json

# -n 100 exceeds the number of mutation sites, so every site gives a mutant:
# as many as `veripref mutate` lists without its compile check.
expect_exit 0 "$VERIPREF" mutate --task tasks/adder8 --no-compile-check --format text
sites=$(wc -l <out)
[ "$sites" -ge 3 ] || fail "too few mutation sites in adder8: $sites"

expect_exit 0 "$VERIPREF" run --tasks tasks --out R -n 100 --sim both --format kto --stop-after sample
expect_grep "^candidates: $((sites + 1)) distinct from $((sites + 1)) samples \(mutate $sites, reference 1\), 0 truncated$" out
expect_grep '^testbenches: 2 kept, 0 rejected, 1 unvalidated, 0 pending$' out
expect_grep '^  dropped adder8_noref \(sample\): no reference to mutate \(generator mutate\)$' out
expect_grep '^stages: tasks [0-9.]+ s testbenches [0-9.]+ s sample [0-9.]+ s$' out
[ ! -e R/pairs.kto.jsonl ] || fail "pairs written before the pairs stage"

# Each stage command does only its stage (the earlier ones are done).
expect_exit 0 "$VERIPREF" grade R --jobs 2
expect_exit 0 "$VERIPREF" score R
expect_exit 0 "$VERIPREF" pairs R
expect_eq "pairs path" "$(cat out)" "R/pairs.kto.jsonl"
expect_exit 0 "$VERIPREF" report R
# 2 benches x 2 simulators per candidate.
expect_grep "^stages: tasks [0-9.]+ s testbenches [0-9.]+ s sample [0-9.]+ s grade [0-9.]+ s score [0-9.]+ s pairs [0-9.]+ s$" out
expect_grep '^  dropped adder8_noref \(pairs\): no candidates$' out

python3 - R "$sites" >check.out <<'PY' || fail "mutate run check: $(cat check.out)"
import json, sqlite3, sys
run, sites = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(run + "/run.db")
ref = open("tasks/adder8/ref.v").read()
rows = db.execute("SELECT origin, text, first_sample FROM candidates WHERE task = 'adder8'"
                  " ORDER BY first_sample").fetchall()
assert rows[0] == ("reference", ref, 0), rows[0]
assert [r[0] for r in rows[1:]] == ["mutate"] * sites
assert [r[2] for r in rows] == list(range(sites + 1))
cells = db.execute("SELECT count(*) FROM results").fetchone()[0]
assert cells == (sites + 1) * 4, cells
refid = db.execute("SELECT id FROM candidates WHERE origin = 'reference'").fetchone()[0]
out = db.execute("SELECT tb, sim, outcome FROM results WHERE cand = ? ORDER BY 1, 2", (refid,)).fetchall()
assert out == [("adder8_tb.v", "iverilog", "pass"), ("adder8_tb.v", "verilator", "pass"),
               ("vp_differential.v", "iverilog", "pass"), ("vp_differential.v", "verilator", "pass")], out
# KTO: best-worst gives one pair, written as one desirable and one undesirable line.
recs = [json.loads(l) for l in open(run + "/pairs.kto.jsonl")]
assert [r["label"] for r in recs] == [True, False], [r["label"] for r in recs]
good, bad = recs
assert good["completion"] in [t for o, t, _ in rows]
assert db.execute("SELECT count(*) FROM results WHERE cand = ? AND outcome <> 'pass'",
                  (good["meta"]["candidate"],)).fetchone()[0] == 0
assert db.execute("SELECT count(*) FROM results WHERE cand = ? AND outcome <> 'pass'",
                  (bad["meta"]["candidate"],)).fetchone()[0] > 0
assert "@iverilog" in json.dumps(bad["meta"]) or "@verilator" in json.dumps(bad["meta"]), bad["meta"]
PY

# Usage errors.
expect_exit 2 "$VERIPREF" run --tasks tasks
expect_grep "^veripref: error: --out RUN is required$" err
expect_exit 2 "$VERIPREF" run --tasks tasks --out X --generator magic
expect_grep "unknown generator 'magic'" err
expect_exit 2 "$VERIPREF" run --tasks tasks --out X --shard 2/2
expect_grep "^veripref: error: --shard needs I/N with 0 <= I < N, not '2/2'$" err
expect_exit 2 "$VERIPREF" grade R --sim verilator
expect_grep "is a setting of the run" err
expect_exit 3 "$VERIPREF" run --tasks nowhere --out X
expect_grep "^veripref: error: tasks stage: cannot open task folder 'nowhere': No such file or directory$" err
