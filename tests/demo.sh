#!/bin/sh
# make demo: the whole pipeline on the bundled tasks without any LLM —
# `veripref run --generator mutate` takes rtl_tasks/ to preference pairs
# (differential and human testbenches validated on each reference, the
# reference plus mutants as candidates, graded, scored, paired) and prints
# its report; then a sample grading of hostile candidates shows what the
# grader does with them.  The run directory is build/demo-run (made afresh).
set -u
VERIPREF=${1:?usage: demo.sh VERIPREF}
cd "$(dirname "$0")/.." || exit 3
OUT=build/demo-run
CPUS=$(getconf _NPROCESSORS_ONLN)
rm -rf "$OUT"
echo "== veripref run --tasks rtl_tasks --out $OUT --generator mutate -n 5 --jobs $CPUS"
env -u OPENAI_BASE_URL "$VERIPREF" run --tasks rtl_tasks --out "$OUT" --generator mutate -n 5 --jobs "$CPUS"
status=$?
echo
echo "== pairs files"
ls -l "$OUT"/pairs.*.jsonl || status=3
echo
echo "== veripref grade --task rtl_tasks/adder8 --sim both (reference + hostile candidates)"
"$VERIPREF" grade --task rtl_tasks/adder8 --sim both --timeout 3 rtl_tasks/adder8/ref.v tests/hostile/adder8/*.v
[ $? -le 1 ] || status=3
exit $status
