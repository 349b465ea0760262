# The bundled corpus through the runners: every canonical solution passes
# its ground truth and every recorded bug (tests/sw_buggy/<lang>/<task>/bug*)
# fails it.
. "$REPO/tests/lib.sh"

cat "$REPO/sw_tasks/python.jsonl" "$REPO/sw_tasks/c.jsonl" > tasks.jsonl
python3 - "$REPO/tests/sw_buggy" > bugs.jsonl <<'PY'
import json, os, sys
root = sys.argv[1]
for lang, prefix in (("python", "vp_py/"), ("c", "vp_c/")):
    d = os.path.join(root, lang)
    for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
        for f in sorted(os.listdir(os.path.join(d, name))):
            if f.startswith("bug"):
                body = open(os.path.join(d, name, f)).read()
                print(json.dumps({"task_id": prefix + name, "completion": body}))
PY
expect_exit 0 "$VERIPREF" swgrade --tasks tasks.jsonl --samples bugs.jsonl --canonical \
	--timeout 5 --jobs 2 -o m.jsonl
python3 - > got.txt <<'PY'
import json
right = wrong = 0
for l in open("m.jsonl"):
    d = json.loads(l)
    for c in d["candidates"]:
        if c["id"] == "canonical":
            if not c["label"]:
                print("canonical fails:", d["task_id"], c.get("message"))
            right += 1
        else:
            if c["label"] or not c["ok"]:
                print("bug not caught as a failing test:", d["task_id"], c["id"], c.get("message"))
            wrong += 1
print("graded", right, "canonical", wrong, "bugs")
PY
cat got.txt
ntask=$(cat tasks.jsonl | wc -l)
expect_eq "corpus" "$(cat got.txt)" "graded $ntask canonical $(wc -l < bugs.jsonl) bugs"
