#!/bin/sh
# make demo: the main job on the bundled tasks without any LLM.  Today that is
# validating the corpus — every reference graded against every testbench in
# Icarus and Verilator, sandboxed — followed by a sample grading of hostile
# candidates to show what the grader does with them.
set -u
VERIPREF=${1:?usage: demo.sh VERIPREF}
cd "$(dirname "$0")/.." || exit 3
echo "== veripref tasks --sim both rtl_tasks"
"$VERIPREF" tasks --sim both rtl_tasks
status=$?
echo
echo "== veripref grade --task rtl_tasks/adder8 --sim both (reference + hostile candidates)"
"$VERIPREF" grade --task rtl_tasks/adder8 --sim both --timeout 3 rtl_tasks/adder8/ref.v tests/hostile/adder8/*.v
[ $? -le 1 ] || status=3
exit $status
