# The Python runner's isolation: every test runs in a fresh fork of the
# loaded candidate (state from one test never reaches the next), a crash or
# a timeout fails that test only, a test that poisons builtins poisons only
# itself, values cross as data with their types (tuple is not list, sets,
# bytes, complex), in-place mutation of arguments is seen by the test, and
# so is a result that aliases an argument.
. "$REPO/tests/lib.sh"

F="$REPO/tests/fixtures/sw"
expect_exit 0 "$VERIPREF" swgrade --tasks "$F/iso_tasks.jsonl" --samples "$F/iso_samples.jsonl" \
	--tests "$F/iso_tests.jsonl" --timeout 1 -o m.jsonl
python3 -c '
import json
for l in open("m.jsonl"):
    d = json.loads(l)
    print(d["task_id"], " ".join(d["matrix"]), "|", " | ".join(c.get("message", "-") for c in d["candidates"]))' > got.txt
cat got.txt
# iso/add: t0 pass; t1 crashes (os._exit); t2 loops; t3 passes (the call
# count of t0 is not seen); t4 poisons abs and passes; t5 sees a clean abs;
# t6/t7 typed values; t8 two calls in one test share state (second returns 0);
# t9 hangs in the test's own native code (the runner is killed and a new one
# takes over); t10 passes.
expect_eq "add" "$(sed -n 1p got.txt)" \
	"iso/add 10011111001 | test 't1': fail RuntimeError: the candidate process died"
# xs.sort() mutates the caller's list; xs = sorted(xs) does not.
expect_eq "sort" "$(sed -n 2p got.txt)" "iso/sort_inplace 11 01 | - | test 't0': fail AssertionError"
# A result that is an argument's object is that object (aliasing is seen).
expect_eq "alias" "$(sed -n 3p got.txt)" "iso/first_row 01 10 | test 't0': fail AssertionError | test 't1': fail AssertionError"

# The benchmark's baseline (one runner per test) computes the same matrix.
expect_exit 0 "$VERIPREF" swgrade --tasks "$F/iso_tasks.jsonl" --samples "$F/iso_samples.jsonl" \
	--tests "$F/iso_tests.jsonl" --timeout 1 --one-test-per-process -o m2.jsonl
cmp m.jsonl m2.jsonl || fail "--one-test-per-process gives another matrix"
