#!/bin/sh
# The whole pipeline over every bundled task with --generator mutate
# (-n 20: the reference and up to 20 mutants per task), then the store's
# overhead measured in the same run:
#   - wall time per stage (from `veripref report --format json`),
#   - candidates graded per second in the grade stage,
#   - the same grading twice more: `veripref grade RUN` on a copy of the run
#     with its results deleted (grading + the store), and `veripref grade
#     --task DIR --testbench ...` per task over the same candidate files and
#     the same validated benches (grading alone, no store).  The ratio of the
#     two is the store's overhead (target <= 1.05).
# Environment: VERIPREF, BUILD (set by `make bench`); BENCH_N overrides -n,
# BENCH_TASKS the task folder (default rtl_tasks/).
set -eu
REPO=$(cd "$(dirname "$0")/../.." && pwd)
W=$(mktemp -d "${TMPDIR:-/tmp}/vp-bench-run.XXXXXX")
trap 'rm -rf "$W"' EXIT INT TERM
CPUS=$(getconf _NPROCESSORS_ONLN)
N=${BENCH_N:-20}
TASKS=${BENCH_TASKS:-$REPO/rtl_tasks}
unset OPENAI_BASE_URL

now() { date +%s.%N; }

t0=$(now)
"$VERIPREF" run --tasks "$TASKS" --out "$W/R" -n "$N" --jobs "$CPUS" >"$W/run.out"
t1=$(now)
"$VERIPREF" report "$W/R" --format json >"$W/report.json"

# Export each task's candidates and gradable benches for the store-less grading.
python3 - "$W" <<'PY'
import os, sqlite3, sys
w = sys.argv[1]
db = sqlite3.connect(os.path.join(w, "R", "run.db"))
for task, cand, text in db.execute("SELECT task, id, text FROM candidates"):
    d = os.path.join(w, "c", task)
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, cand + ".v"), "w").write(text)
for task, name, text in db.execute("SELECT task, name, text FROM testbenches WHERE status = 1"):
    d = os.path.join(w, "b", task)
    os.makedirs(d, exist_ok=True)
    open(os.path.join(d, name), "w").write(text)
PY

# With the store: a copy of the run without results, graded again.
cp -r "$W/R" "$W/R2"
python3 -c "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute('DELETE FROM results'); db.commit()" "$W/R2/run.db"
s0=$(now)
"$VERIPREF" grade "$W/R2" --jobs "$CPUS" >/dev/null
s1=$(now)

# Without it: the grade command per task, same candidates and benches.
b0=$(now)
for d in "$W"/c/*/; do
	id=$(basename "$d")
	[ -d "$W/b/$id" ] || continue
	set --
	for tb in "$W/b/$id"/*.v; do set -- "$@" --testbench "$tb"; done
	"$VERIPREF" grade --task "$TASKS/$id" "$@" --jobs "$CPUS" --format jsonl "$d"*.v \
		>>"$W/plain.jsonl" 2>"$W/plain.err" || [ $? -eq 1 ] || { cat "$W/plain.err" >&2; exit 1; }
done
b1=$(now)

python3 - "$W" "$t0" "$t1" "$s0" "$s1" "$b0" "$b1" "$CPUS" "$N" <<'PY'
import json, sqlite3, sys, os
w = sys.argv[1]
t0, t1, s0, s1, b0, b1 = map(float, sys.argv[2:8])
cpus, n = sys.argv[8], sys.argv[9]
r = json.load(open(os.path.join(w, "report.json")))
db = sqlite3.connect(os.path.join(w, "R2", "run.db"))
cells_store = db.execute("SELECT count(*) FROM results").fetchone()[0]
cells_plain = sum(1 for _ in open(os.path.join(w, "plain.jsonl")))
stages = {s["name"]: s for s in r["stages"]}
g = stages["grade"]
print("bench run: %d tasks, %d candidates (%s), -n %s, %s CPUs" % (
    r["tasks"]["total"], r["candidates"]["distinct"],
    ", ".join("%s %d" % kv for kv in r["candidates"]["by_origin"].items()), n, cpus))
print("  run wall time %.1f s; per stage: %s" % (t1 - t0, ", ".join(
    "%s %.1f s" % (s["name"], s["wall_ms"] / 1e3) for s in r["stages"])))
print("  grade stage: %d candidates in %.1f s = %.2f candidates/s" % (
    g["items"], g["wall_ms"] / 1e3, g["items"] / (g["wall_ms"] / 1e3)))
print("  pairs: %d records; testbenches kept %d, rejected %d" % (
    r["pairs"]["records"], r["testbenches"]["kept"], r["testbenches"]["rejected"]))
print("  regrade with the store: %.1f s (%d cells); veripref grade per task without it: %.1f s (%d cells)" % (
    s1 - s0, cells_store, b1 - b0, cells_plain))
print("  store overhead: %.3fx (with store / without; target <= 1.05)" % ((s1 - s0) / (b1 - b0)))
PY
