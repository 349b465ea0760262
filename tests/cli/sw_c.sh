# The C runner: gcc -O1 candidate + the task's VP_TESTS translation unit,
# one forked child per VP_CHECK site.  Columns are the sites (named by line;
# the one in a comment is not a site); a compile error is ok = 0 with the
# compiler's message; a crash, a hang, exit(0), forged output, a fork bomb,
# system() and a huge malloc each fail only what they touch.
. "$REPO/tests/lib.sh"

F="$REPO/tests/fixtures/sw"
sed "s|@OUT@|$PWD/c.pwned|" "$F/c_samples.jsonl" > samples.jsonl
rm -f /tmp/veripref-sw-c-pwned
expect_exit 0 "$VERIPREF" swgrade --tasks "$F/c_tasks.jsonl" --samples samples.jsonl --canonical \
	--timeout 1 --jobs 2 -o m.jsonl
python3 -c '
import json
d = json.loads(open("m.jsonl").read())
print(" ".join(t["id"] for t in d["tests"]))
names = ["canonical"] + [json.loads(l)["name"] for l in open("samples.jsonl")]
for n, c, r in zip(names, d["candidates"], d["matrix"]):
    print(n, r, int(c["ok"]), int(c["label"]), c.get("message", "-"))' > got.txt
cat got.txt
expect_eq "columns" "$(sed -n 1p got.txt)" "check:L8 check:L9 check:L11"
row() { grep "^$1 " got.txt | cut -d' ' -f2-; }
expect_eq canonical "$(row canonical)" "111 1 1 -"
expect_eq good "$(row good)" "111 1 1 -"
expect_eq off_by_one "$(row off_by_one)" "011 1 0 check line 8: fail line 8: sum_array(a, 4) == 10"
expect_eq crash_empty "$(row crash_empty)" "101 1 0 check line 9: crash killed by signal 11 (Segmentation fault)"
expect_eq loop_big "$(row loop_big)" "110 1 0 check line 11: timeout timed out after 1 s"
expect_grep "^compile_error 000 0 0 compile error: cand.c: In function 'sum_array': .*expected expression" got.txt
expect_eq exit0 "$(row exit0)" "000 1 0 check line 8: crash the check exited before it reported"
expect_eq forge "$(row forge)" "000 1 0 check line 8: crash the check exited before it reported"
expect_eq fork_bomb "$(row fork_bomb)" "000 1 0 check line 8: timeout timed out after 1 s"
# system() cannot start a process: the sum is still right, nothing was touched
expect_eq system_call "$(row system_call)" "111 1 1 -"
[ ! -e c.pwned ] && [ ! -e /tmp/veripref-sw-c-pwned ] || fail "system() escaped"
# open(..., O_WRONLY | O_CREAT) fails inside a check: the sum is right
expect_eq write_file "$(row write_file)" "111 1 1 -"
expect_eq huge_malloc "$(row huge_malloc)" "000 1 0 check line 8: fail line 8: sum_array(a, 4) == 10"

# Generated checks (expressions or VP_CHECK lines) are the columns; the
# ground truth gives the label.
expect_exit 0 "$VERIPREF" swgrade --tasks "$F/c_tasks.jsonl" --samples samples.jsonl \
	--tests "$F/c_tests.jsonl" --timeout 1 -o m2.jsonl
python3 -c '
import json
d = json.loads(open("m2.jsonl").read())
print(" ".join(t["id"] for t in d["tests"]), "|", " ".join(d["matrix"][:3]), "|",
      " ".join(str(int(c["label"])) for c in d["candidates"][:3]))' > got2.txt
# good: all; off_by_one drops a[0]: {5}->0, {1,1}->1, {7,7,7}->14
expect_eq "generated" "$(cat got2.txt)" "t0 t1 t2 | 111 000 111 | 1 0 0"

# A ground-truth test that does not compile is the task's error, not the
# candidates' (exit 3, the compiler's words).
sed 's/VP_CHECK(sum_array(a, 0) == 0);/VP_CHECK(sum_array(a, 0) == 0)/' "$F/c_tasks.jsonl" > bad.jsonl
expect_exit 3 "$VERIPREF" swgrade --tasks bad.jsonl --canonical
expect_grep "^veripref: error: task 'c/sum_array': the ground-truth test does not compile: .*expected ';'" err
