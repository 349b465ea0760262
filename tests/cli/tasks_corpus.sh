# The bundled corpus validates: every task loads, every reference passes every
# testbench in Icarus and Verilator, and references are lint clean.
. "$REPO/tests/lib.sh"

expect_exit 0 "$VERIPREF" tasks --sim both --compile-timeout 300 "$REPO/rtl_tasks"
n=$(ls -d "$REPO"/rtl_tasks/*/ | wc -l)
expect_grep "^$n tasks: $n ok, 0 failed$" out
for id in adder8 counter8; do
	expect_grep "^ok +$id " out
done

# A broken task is reported with the file and field, exit 1.
mkdir -p broken/tb
echo '{"id": "broken", "top": 7}' > broken/task.json
echo '# broken' > broken/spec.md
expect_exit 1 "$VERIPREF" tasks --sim iverilog broken
expect_grep 'task.json' out
expect_grep '^0 tasks?: 0 ok, 1 failed$|^1 task: 0 ok, 1 failed$' out
