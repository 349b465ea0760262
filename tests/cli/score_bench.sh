# `score --bench` and `--eval` on a small generated file (the generator of
# `make bench`): the report's shape and counts, not its speed.
. "$REPO/tests/lib.sh"

"$BUILD/bin/gen_matrix" 3 5 70 1 m.jsonl || fail "gen_matrix"
expect_eq "tasks generated" "$(wc -l <m.jsonl | tr -d ' ')" 3
# 3 tasks x 5 candidates x 70 tests = 1050 cells; 70 tests take 2 words:
# 3 * 5 * 2 * 8 bytes = 240 bytes = 0.2 KiB.
expect_exit 0 "$VERIPREF" score --bench m.jsonl
expect_grep '^bench: 3 tasks, 1050 cells, packed matrix 0\.2 KiB$' out
for m in parse truth truth-all maxpass codet b4 cluster pagerank; do
	expect_grep "^$m +[0-9.]+ +[0-9.]+$" out
done
expect_grep '^peak RSS [0-9]+ KiB' out
expect_exit 0 "$VERIPREF" score --bench -m b4 m.jsonl
expect_no_grep '^codet ' out

# The generated file has signatures: cluster ranks every task.
expect_exit 0 "$VERIPREF" score --eval -f jsonl -m cluster m.jsonl
expect_grep '^\{"method":"cluster",.*"tasks":3,"ranked":3\}$' out
expect_no_grep 'cluster ranks nothing' err
