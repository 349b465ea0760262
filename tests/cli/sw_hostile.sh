# Hostile Python candidates against demo/add: none may pass unless it
# returns right answers, each gets the expected kind of failure, nothing is
# written outside the job, no secret leaks, and the grader stays healthy (a
# correct candidate in the same batch passes; the run exits 0).
. "$REPO/tests/lib.sh"

# kill(-1) and fork bombs are only safe inside bubblewrap.
if ! bwrap --ro-bind / / --dev /dev --proc /proc --unshare-all --die-with-parent true 2>/dev/null; then
	echo "skip: bubblewrap is not usable here"
	exit 0
fi
H="$REPO/tests/hostile/sw"
rm -f /tmp/veripref-sw-pwned /tmp/veripref-sw-pwned2
echo "top-secret-42" > secret.txt
python3 - "$H" "$PWD" <<'PY'
import json, os, sys
h, d = sys.argv[1], sys.argv[2]
with open("samples.jsonl", "w") as f:
    for n in sorted(os.listdir(h)):
        s = open(os.path.join(h, n)).read()
        s = s.replace("@OUT@", d + "/" + n).replace("@SECRET@", d + "/secret.txt")
        f.write(json.dumps({"task_id": "demo/add", "solution": s}) + "\n")
PY
head -n 1 "$REPO/tests/fixtures/sw/tasks.jsonl" > tasks.jsonl

export SECRET_TOKEN=xyzzy
expect_exit 0 "$VERIPREF" swgrade --tasks tasks.jsonl --samples samples.jsonl \
	--timeout 1 --load-timeout 2 --sandbox bwrap --jobs 2 -o m.jsonl
python3 - "$H" > got.txt <<'PY'
import json, os, sys
names = sorted(os.listdir(sys.argv[1]))
d = json.loads(open("m.jsonl").read())
assert len(names) == len(d["candidates"])
for n, c in zip(names, d["candidates"]):
    print(n[:-3], int(c["ok"]), int(c["label"]), c.get("message", ""))
PY
cat got.txt
verdict() { grep "^$1 " got.txt | cut -d' ' -f2-3; }
message() { grep "^$1 " got.txt | cut -d' ' -f4-; }

expect_eq good "$(verdict good)" "1 1"
# Right answers from hostile code are right; what it tried must not have worked.
for n in huge_output os_system write_outside read_secret fill_disk; do
	expect_eq "$n" "$(verdict $n)" "1 1"
done
for f in os_system.py.system write_outside.py.open /tmp/veripref-sw-pwned /tmp/veripref-sw-pwned2 \
	 /etc/veripref-pwned; do
	[ ! -e "$f" ] || fail "a candidate wrote $f"
done
# Loaded, then failed their tests.
for n in loop_call fork_bomb forge_lines exit_call huge_alloc monkeypatch; do
	expect_eq "$n" "$(verdict $n)" "1 0"
done
expect_eq "loop_call message" "$(message loop_call)" "check: timeout timed out after 1 s"
expect_eq "huge_alloc message" "$(message huge_alloc)" "check: fail MemoryError:"
# Did not load: ok 0, with the reason.
for n in loop_load huge_alloc_load exit_load os_exit_load kill_all; do
	expect_eq "$n" "$(verdict $n)" "0 0"
done
expect_eq "loop_load" "$(message loop_load)" "timed out while loading after 2 s"
expect_eq "exit_load" "$(message exit_load)" "SystemExit: 0"
expect_eq "huge_alloc_load" "$(message huge_alloc_load)" "MemoryError:"
expect_eq "os_exit_load" "$(message os_exit_load)" "the candidate process died while loading (EOFError)"
expect_eq "kill_all" "$(message kill_all)" "the candidate's job killed its sandbox worker twice"
