# A run split into shards (--shard I/N), each run separately, then merged
# with `veripref merge` and finished with `veripref pairs` gives the
# unsharded run's pairs byte for byte and the same report numbers (all but
# wall times and paths); also with an empty shard, and with a shard killed
# mid-grade and resumed.  Merging again changes nothing; mismatched,
# missing, repeated or unfinished shards and conflicting rows are refused.
. "$REPO/tests/lib.sh"
unset OPENAI_BASE_URL

mkdir tasks
for t in adder8 mux8 dec3to8_en counter8; do
	cp -r "$REPO/rtl_tasks/$t" tasks/
done
ARGS="--tasks tasks --generator mutate -n 3 --sim iverilog --pairs all --seed 5 --jobs 2"

# FNV-1a 64 of the ids (stage_shard_of): counter8 0, dec3to8_en 1, adder8 2,
# mux8 2 modulo 3; all four are odd, so shard 0/2 is empty.
python3 - >shards <<'EOF'
def fnv(s):
    h = 0xcbf29ce484222325
    for c in s.encode():
        h = ((h ^ c) * 0x100000001b3) & (2**64 - 1)
    return h
print(" ".join("%s:%d:%d" % (t, fnv(t) % 3, fnv(t) % 2)
               for t in ["adder8", "counter8", "dec3to8_en", "mux8"]))
EOF
expect_eq "shard of each task" "$(cat shards)" "adder8:2:1 counter8:0:1 dec3to8_en:1:1 mux8:2:1"

expect_exit 0 "$VERIPREF" run $ARGS --out REF
[ -s REF/pairs.trl.jsonl ] || fail "the unsharded run wrote no pairs"

# Compare reports without what legitimately differs: paths, wall times and
# the merged run's shard bookkeeping.
# With a second argument "resumed", stage items too: a killed process never
# marks its stage, so its work is not counted there (README.md, "Runs").
report_numbers() {
	"$VERIPREF" report "$1" --format json >"$1.report.json" || fail "report $1"
	python3 - "$1.report.json" "${2:-}" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
r.pop("run")
r["pairs"].pop("file")
r["config"].pop("shards", None)
r["config"].pop("shard")
for s in r["stages"]:
    s.pop("wall_ms")
    if sys.argv[2] == "resumed":
        s.pop("items")
print(json.dumps(r, sort_keys=True))
EOF
}
report_numbers REF >ref.numbers

report_numbers REF resumed >ref.resumed.numbers

same_as_ref() {
	cmp -s "$1/pairs.trl.jsonl" REF/pairs.trl.jsonl || fail "$2: pairs differ from the unsharded run"
	report_numbers "$1" ${3:-} >"$1.numbers"
	want=ref.numbers
	[ -z "${3:-}" ] || want=ref.$3.numbers
	cmp -s "$1.numbers" $want || { diff $want "$1.numbers" >&2; fail "$2: report numbers differ"; }
}

# Three shards: 1, 1 and 2 tasks.
for i in 0 1 2; do
	expect_exit 0 "$VERIPREF" run $ARGS --shard $i/3 --out S$i
done
expect_exit 0 "$VERIPREF" merge M S2 S0 S1
expect_grep '^merged 3 shard runs into M: [1-9][0-9]* new rows; next: veripref pairs M$' out
[ ! -e M/pairs.trl.jsonl ] || fail "merge wrote pairs itself"
expect_exit 0 "$VERIPREF" pairs M
expect_eq "pairs path" "$(cat out)" "M/pairs.trl.jsonl"
same_as_ref M "3 shards"
python3 -c "import json; r = json.load(open('M.report.json')); print(r['config']['shards'], r['config']['shard'])" >cfg
expect_eq "merged config" "$(cat cfg)" "3 0/1"

# Merging again: nothing new, the store and the pairs unchanged.
sqlite3 M/run.db .dump >dump1
expect_exit 0 "$VERIPREF" merge M S0 S1 S2
expect_grep '^merged 3 shard runs into M: 0 new rows; next: veripref pairs M$' out
sqlite3 M/run.db .dump >dump2
cmp -s dump1 dump2 || fail "merging twice changed the store"
expect_exit 0 "$VERIPREF" pairs M
same_as_ref M "merged twice"

# Two shards, the first of them empty.
for i in 0 1; do
	expect_exit 0 "$VERIPREF" run $ARGS --shard $i/2 --out T$i
done
expect_eq "tasks of the empty shard" "$(sqlite3 T0/run.db 'SELECT count(*) FROM tasks')" 0
expect_exit 0 "$VERIPREF" merge M2 T0 T1
expect_exit 0 "$VERIPREF" pairs M2
same_as_ref M2 "2 shards"

# Refusals: nothing is written to OUT.
expect_exit 0 "$VERIPREF" run --tasks tasks --generator mutate -n 3 --sim iverilog --pairs all --seed 6 --shard 1/3 --out X1
expect_exit 2 "$VERIPREF" merge N S0 X1 S2
expect_eq "seed mismatch" "$(cat err)" "veripref: error: shard runs 'S0' and 'X1' differ in --seed (5 vs 6)"
[ ! -e N ] || fail "a refused merge created OUT"
expect_exit 2 "$VERIPREF" merge M S0 X1 S2
expect_eq "seed mismatch into a merged run" "$(cat err)" "veripref: error: shard runs 'S0' and 'X1' differ in --seed (5 vs 6)"
expect_exit 2 "$VERIPREF" merge M X1 S0 S2
expect_eq "seed mismatch, other order" "$(cat err)" "veripref: error: shard runs 'X1' and 'S0' differ in --seed (6 vs 5)"
expect_exit 0 "$VERIPREF" run --tasks tasks --generator mutate -n 2 --sim iverilog --pairs all --seed 5 --shard 1/3 --out Y1
expect_exit 2 "$VERIPREF" merge N S0 Y1 S2
expect_eq "n mismatch" "$(cat err)" "veripref: error: shard runs 'S0' and 'Y1' differ in --n (3 vs 2)"
expect_exit 2 "$VERIPREF" merge N S0 S2
expect_eq "missing shard" "$(cat err)" "veripref: error: shard 1/3 is missing (2 of 3 shard runs given, from 'S0')"
expect_exit 2 "$VERIPREF" merge N S0 S1 S1 S2
expect_eq "repeated shard" "$(cat err)" "veripref: error: shard runs 'S1' and 'S1' are both shard 1/3"
expect_exit 2 "$VERIPREF" merge N S0 T1
expect_eq "shard count" "$(cat err)" "veripref: error: shard runs 'S0' and 'T1' differ in the shard count (--shard 0/3 vs 1/2)"
expect_exit 2 "$VERIPREF" merge M T0 T1
expect_eq "merged run of another shard count" "$(cat err)" "veripref: error: merged run 'M' and shard run 'T0' differ in the shard count (3 vs 2)"
expect_exit 2 "$VERIPREF" merge REF S0 S1 S2
expect_eq "OUT is a plain run" "$(cat err)" "veripref: error: 'REF' is a run directory, not the merge of shard runs"
expect_exit 2 "$VERIPREF" merge S0 S0 S1 S2
expect_eq "OUT is a shard" "$(head -1 err)" "veripref: error: OUT 'S0' is also a shard run"
expect_exit 0 "$VERIPREF" run $ARGS --shard 1/3 --out U1 --stop-after sample
expect_exit 3 "$VERIPREF" merge N S0 U1 S2
expect_eq "unfinished shard" "$(cat err)" "veripref: error: shard run 'U1' has not finished its grade stage; resume it first (veripref run --out U1 --resume)"
[ ! -e N ] || fail "a refused merge created OUT"

# A row of OUT that disagrees with a shard's is a conflict; nothing changes.
cp -r M C
sqlite3 C/run.db "UPDATE results SET outcome = 'fail', passed = 0 WHERE task = 'counter8' AND cand = (SELECT min(cand) FROM results WHERE task = 'counter8')"
sqlite3 C/run.db .dump >c1
expect_exit 3 "$VERIPREF" merge C S0 S1 S2
expect_grep "^veripref: error: 'S0' and 'C' hold different results rows for \(counter8, [0-9a-f]{16}, [^,]+, iverilog\)$" err
sqlite3 C/run.db .dump >c2
cmp -s c1 c2 || fail "a refused merge changed OUT"

# A shard killed with SIGKILL right after its first graded task (of 2),
# refused while unfinished, then resumed and merged: still identical.
VERIPREF_TEST_KILL=grade:1 "$VERIPREF" run $ARGS --shard 2/3 --out K2 >out 2>err
expect_eq "exit of the killed shard" "$?" 137
expect_exit 3 "$VERIPREF" merge MK S0 S1 K2
expect_grep "^veripref: error: shard run 'K2' has not finished its grade stage" err
expect_exit 0 "$VERIPREF" run --out K2 --resume --jobs 2
expect_exit 0 "$VERIPREF" merge MK S0 S1 K2
expect_exit 0 "$VERIPREF" pairs MK
same_as_ref MK "killed and resumed shard" resumed
exit 0
