#!/bin/sh
# Test driver: runs every unit test binary, then every command-line test, and
# closes with one "N passed, N failed" line.  Exit status 1 if anything failed.
#
# Environment: VERIPREF (the binary under test), BUILD (the build directory).
# With arguments, runs only those command-line tests (tests/cli/NAME.sh or
# NAME) and no unit tests: `sh tests/run.sh tests/cli/grade_basic.sh`.
set -u
cd "$(dirname "$0")/.." || exit 3
only=""
for a in "$@"; do
	a=${a#tests/cli/}
	only="$only tests/cli/${a%.sh}.sh"
done
passed=0
failed=0
failures=""

for t in "$BUILD"/tests/test_*; do
	[ -z "$only" ] && [ -x "$t" ] || continue
	name=$(basename "$t")
	if "$t" --jobs=2 >"$BUILD/tests/$name.log" 2>&1; then
		n=$(sed -n 's/.*Tested: \([0-9]*\) .*/\1/p' "$BUILD/tests/$name.log" | tail -n 1)
		passed=$((passed + ${n:-1}))
		echo "ok    unit/$name (${n:-?} tests)"
	else
		failed=$((failed + 1))
		failures="$failures unit/$name"
		echo "FAIL  unit/$name"
		tail -n 30 "$BUILD/tests/$name.log"
	fi
done

for t in ${only:-tests/cli/*.sh}; do
	[ -f "$t" ] || { [ -n "$only" ] && echo "FAIL  $t: no such test" && failed=$((failed + 1)); continue; }
	name=$(basename "$t" .sh)
	dir=$(mktemp -d "${TMPDIR:-/tmp}/vp-cli-$name.XXXXXX")
	if (cd "$dir" && REPO="$OLDPWD" sh "$OLDPWD/$t") >"$dir.log" 2>&1; then
		passed=$((passed + 1))
		echo "ok    cli/$name"
		rm -rf "$dir" "$dir.log"
	else
		failed=$((failed + 1))
		failures="$failures cli/$name"
		echo "FAIL  cli/$name (log: $dir.log)"
		tail -n 30 "$dir.log"
	fi
done

[ -n "$failures" ] && echo "failed:$failures"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
