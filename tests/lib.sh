# Shared helpers for tests/cli/*.sh.  Source with: . "$REPO/tests/lib.sh"
# Each test runs in a fresh temporary directory (the current directory);
# $REPO is the repository and $VERIPREF the binary under test.
set -u

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_exit CODE CMD...: run CMD, capture stdout/stderr in out/err, check code.
expect_exit() {
	want=$1
	shift
	"$@" >out 2>err
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "--- stdout" >&2; head -c 3000 out >&2
		echo "--- stderr" >&2; head -c 3000 err >&2
		fail "expected exit $want, got $got: $*"
	fi
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
}

# expect_grep PATTERN FILE: FILE has a line matching the extended regex.
expect_grep() {
	grep -Eq -- "$1" "$2" || { echo "--- $2" >&2; head -c 3000 "$2" >&2; fail "no line matching '$1' in $2"; }
}

# expect_no_grep PATTERN FILE
expect_no_grep() {
	! grep -Eq -- "$1" "$2" || { grep -E -- "$1" "$2" | head -5 >&2; fail "unexpected line matching '$1' in $2"; }
}
