# Malformed matrix files give one clear line naming the file and the line,
# exit 3; bad command lines exit 2.  Never a crash.
. "$REPO/tests/lib.sh"

good='{"task_id":"a","candidates":[{"id":"c0","ok":true,"label":1}],"tests":[{"id":"t0"}],"matrix":["1"]}'

expect_exit 3 "$VERIPREF" score nope.jsonl
expect_eq "missing file" "$(cat err)" "veripref: error: cannot open 'nope.jsonl': No such file or directory"

check_bad() { # NAME LINE2 MESSAGE: a file whose second line is LINE2
	printf '%s\n%s\n%s\n' "$good" "$2" "$good" >"$1.jsonl"
	expect_exit 3 "$VERIPREF" score --eval "$1.jsonl"
	expect_eq "$1" "$(cat err)" "veripref: error: '$1.jsonl' line 2: $3"
}
check_bad row-length '{"task_id":"b","candidates":[{"id":"c0","ok":true}],"tests":[{"id":"t0"}],"matrix":["10"]}' \
	'row 0 of "matrix" has 2 characters, expected 1 (one per test)'
check_bad non-binary '{"task_id":"b","candidates":[{"id":"c0","ok":true}],"tests":[{"id":"t0"}],"matrix":["2"]}' \
	"row 0 of \"matrix\" has '2' at position 0; only '0' and '1' are allowed"
check_bad no-tests '{"task_id":"b","candidates":[{"id":"c0","ok":true}],"matrix":["1"]}' \
	'missing array "tests"'
check_bad no-ok '{"task_id":"b","candidates":[{"id":"c0"}],"tests":[{"id":"t0"}],"matrix":["1"]}' \
	"candidate 'c0': missing boolean \"ok\""
check_bad invalid-json '{"task_id":"b","candidates":[' 'invalid JSON near column 29'
check_bad not-object '42' 'a task must be a JSON object'

# A 1 GB line is refused at the 256 MiB cap without reading the rest.
expect_exit 3 sh -c "head -c 1073741824 /dev/zero | tr '\\0' x | \"$VERIPREF\" score --eval -"
expect_eq "huge line" "$(cat err)" "veripref: error: '<stdin>' line 1: line is longer than 268435456 bytes"
# The cap is configurable.
printf '%s\n%s\n' "$good" "$good" >two.jsonl
expect_exit 3 "$VERIPREF" score --max-line 50 two.jsonl
expect_eq "max-line" "$(cat err)" "veripref: error: 'two.jsonl' line 1: line is longer than 50 bytes"
expect_exit 0 "$VERIPREF" score --max-line 200 two.jsonl

# Usage errors.
expect_exit 2 "$VERIPREF" score
expect_grep '^veripref: error: no matrix file given$' err
expect_exit 2 "$VERIPREF" score --method nope two.jsonl
expect_grep "unknown method 'nope'" err
expect_exit 2 "$VERIPREF" score -m codet -m b4 two.jsonl
expect_grep 'give one --method' err
expect_exit 2 "$VERIPREF" score --eval --format xml two.jsonl
expect_exit 2 "$VERIPREF" score --codet-power abc two.jsonl
expect_exit 2 "$VERIPREF" score --bogus two.jsonl
expect_grep "unknown option '--bogus'" err
expect_exit 2 "$VERIPREF" score a.jsonl b.jsonl
expect_exit 0 "$VERIPREF" score --help
expect_grep '^usage: veripref score' out

# A file where no task is fully labelled cannot be evaluated.
echo '{"task_id":"u","candidates":[{"id":"c0","ok":true}],"tests":[],"matrix":[""]}' >nolabel.jsonl
expect_exit 3 "$VERIPREF" score --eval nolabel.jsonl
expect_grep "no task has a label on every candidate" err
