# Every command answers --help with exit 0; unknown commands are usage errors.
. "$REPO/tests/lib.sh"

expect_exit 0 "$VERIPREF" --help
expect_grep '^usage: veripref <command>' out
for cmd in $(sed -n 's/^  \([a-z][a-z-]*\)  .*/\1/p' out); do
	expect_exit 0 "$VERIPREF" "$cmd" --help
	expect_grep "^usage: veripref $cmd" out
done
expect_exit 2 "$VERIPREF" no-such-command
expect_grep "unknown command 'no-such-command'" err
expect_exit 2 "$VERIPREF"
