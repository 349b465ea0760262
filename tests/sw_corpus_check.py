#!/usr/bin/env python3
"""Checker for the bundled software corpus (sw_tasks/*.jsonl).

It validates the corpus with python3 and gcc only, independently of the
veripref runners: the JSONL schema and unique ids, that every canonical
solution passes its ground-truth test, and that every recorded bug
(tests/sw_buggy/<language>/<name>/bug[123].<py|c>) fails it.  It is not a
runner for candidates: no sandbox, no nonce protocol; the corpus is ours.

The tasks are authored as one file per task in sw_tasks/src/<language>/
(sections introduced by `#@prompt`, `#@solution`, `#@test` lines, `//@...` for
C); `--build` regenerates the JSONL files from them, and the default check
fails when a JSONL file differs from what `--build` would write.

Usage: sw_corpus_check.py [--build | --samples OUT] [--jobs N] [--verbose] REPO
Prints one summary line per file and exits 0, or prints each problem and
exits 1.  --samples writes the canonical solutions and the recorded bugs as
evalplus-style samples (4 per task, canonical first).
"""
import argparse
import ast
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

PY_TIMEOUT = 60
C_TIMEOUT = 60
CFLAGS = ["-std=c11", "-O1", "-Wall", "-Werror"]
NBUGS = 3
MIN_CHECKS, MAX_CHECKS = 8, 20
KEYS_FULL = ["task_id", "prompt", "entry_point", "canonical_solution", "test", "language"]
KEYS_UNTESTED = ["task_id", "prompt", "entry_point", "language"]
NAME_RE = re.compile(r"^[a-z][a-z0-9_]*$")

# JSONL file -> (source folder, language, has canonical + test)
FILES = [
    ("python.jsonl", "python", "python", True),
    ("c.jsonl", "c", "c", True),
    ("python_untested.jsonl", "python_untested", "python", False),
]
PREFIX = {"python": "vp_py/", "c": "vp_c/"}
MARK = {"python": "#@", "c": "//@"}
EXT = {"python": "py", "c": "c"}


# ---------------------------------------------------------------- sources


def parse_source(path, lang):
    """Split one authoring file into its sections: {"prompt": ..., ...}."""
    sections = {}
    cur = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith(MARK[lang]):
                cur = line[len(MARK[lang]):].strip()
                if cur not in ("prompt", "solution", "test") or cur in sections:
                    raise ValueError(f"{path}: bad or repeated section '{cur}'")
                sections[cur] = ""
            elif cur is None:
                if line.strip():
                    raise ValueError(f"{path}: text before the first section")
            else:
                sections[cur] += line
    return sections


def python_entry_point(prompt):
    """The last top-level function defined in a Python prompt."""
    names = [n.name for n in ast.parse(prompt).body if isinstance(n, ast.FunctionDef)]
    if not names:
        raise ValueError("prompt defines no function")
    return names[-1]


def c_prototype(prompt):
    """The prototype line of a C prompt (its last line, ending in '{')."""
    last = prompt.rstrip("\n").split("\n")[-1]
    if not last.endswith("{"):
        raise ValueError("C prompt does not end with a line ending in '{'")
    return last[:-1].rstrip()


def c_entry_point(prompt):
    m = re.search(r"([A-Za-z_][A-Za-z0-9_]*)\s*\([^()]*\)$", c_prototype(prompt))
    if not m:
        raise ValueError("cannot find the function name in the C prototype")
    return m.group(1)


def build_records(repo, folder, lang, full):
    """Records for one JSONL file from sw_tasks/src/<folder>/, sorted by name."""
    srcdir = os.path.join(repo, "sw_tasks", "src", folder)
    records = []
    for fn in sorted(os.listdir(srcdir)):
        if not fn.endswith("." + EXT[lang]):
            continue
        name = fn[: -len(EXT[lang]) - 1]
        s = parse_source(os.path.join(srcdir, fn), lang)
        want = {"prompt", "solution", "test"} if full else {"prompt"}
        if set(s) != want:
            raise ValueError(f"{folder}/{fn}: sections {sorted(s)}, want {sorted(want)}")
        try:
            ep = python_entry_point(s["prompt"]) if lang == "python" else c_entry_point(s["prompt"])
        except (SyntaxError, ValueError) as e:
            raise ValueError(f"{folder}/{fn}: prompt: {e}") from None
        rec = {"task_id": PREFIX[lang] + name, "prompt": s["prompt"], "entry_point": ep}
        if full:
            rec["canonical_solution"] = s["solution"]
            rec["test"] = s["test"]
        rec["language"] = lang
        records.append(rec)
    return records


def dump_jsonl(records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


# ---------------------------------------------------------------- running


def spawn(argv, **kw):
    """subprocess.run, retried while fork fails with EAGAIN: the machine may
    be at its process limit for a moment (other jobs, fork-bomb tests)."""
    for attempt in range(40):
        try:
            return subprocess.run(argv, **kw)
        except BlockingIOError:
            time.sleep(0.25 * min(attempt + 1, 8))
    return subprocess.run(argv, **kw)


def run_python(program, test, entry_point, workdir):
    """Run program + test + check(entry_point) in a fresh python3 -I process.
    Returns (passed, detail)."""
    src = program + "\n\n" + test + "\n\ncheck(" + entry_point + ")\n"
    try:
        compile(src, "<candidate>", "exec")
    except SyntaxError as e:
        return None, f"syntax error: {e}"
    fd, path = tempfile.mkstemp(suffix=".py", dir=workdir)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(src)
    try:
        p = spawn([sys.executable, "-I", path], cwd=workdir, capture_output=True,
                  text=True, timeout=PY_TIMEOUT)
    except subprocess.TimeoutExpired:
        return False, "timeout"
    tail = (p.stderr.strip().split("\n") or [""])[-1]
    return p.returncode == 0, tail


def first_error(stderr):
    """The first gcc diagnostic line that says error, without the temp path."""
    lines = stderr.strip().split("\n")
    line = next((x for x in lines if "error" in x), lines[0])
    return re.sub(r"^\S*/", "", line)[:300]


def run_c(program, test, workdir):
    """Compile program alone (-c), then program + test against the local
    stand-in vp_ctest.h, and run.  Returns (passed, detail); passed is None when
    the program does not compile."""
    d = tempfile.mkdtemp(dir=workdir)
    prog_c, test_c, exe = (os.path.join(d, n) for n in ("prog.c", "test.c", "t"))
    with open(prog_c, "w", encoding="utf-8") as f:
        f.write(program)
    with open(test_c, "w", encoding="utf-8") as f:
        f.write(test)
    p = spawn(["gcc", *CFLAGS, "-c", prog_c, "-o", os.path.join(d, "prog.o")],
              capture_output=True, text=True)
    if p.returncode != 0:
        return None, "does not compile: " + first_error(p.stderr)
    p = spawn(["gcc", *CFLAGS, "-I", workdir, test_c, prog_c, "-o", exe],
              capture_output=True, text=True)
    if p.returncode != 0:
        return None, "test does not compile with it: " + first_error(p.stderr)
    try:
        p = spawn([exe], cwd=d, capture_output=True, text=True, timeout=C_TIMEOUT)
    except subprocess.TimeoutExpired:
        return False, "timeout"
    out = p.stdout.strip().split("\n")
    return p.returncode == 0, (out[-1] if out else "") + f" (exit {p.returncode})"


# ---------------------------------------------------------------- checks


def check_schema(rec, lang, full, where, problems):
    keys = KEYS_FULL if full else KEYS_UNTESTED
    if sorted(rec) != sorted(keys):
        problems.append(f"{where}: keys {sorted(rec)}, want {sorted(keys)}")
        return False
    for k in keys:
        if not isinstance(rec[k], str) or not rec[k]:
            problems.append(f"{where}: '{k}' is not a non-empty string")
            return False
    tid = rec["task_id"]
    if rec["language"] != lang:
        problems.append(f"{where}: language '{rec['language']}', want '{lang}'")
    if not tid.startswith(PREFIX[lang]) or not NAME_RE.match(tid[len(PREFIX[lang]):]):
        problems.append(f"{where}: task_id '{tid}' is not {PREFIX[lang]}<name>")
        return False
    ep = rec["entry_point"]
    if lang == "python":
        try:
            ok = python_entry_point(rec["prompt"]) == ep
        except (SyntaxError, ValueError) as e:
            problems.append(f"{where}: prompt does not parse: {e}")
            return False
        if not ok:
            problems.append(f"{where}: entry_point '{ep}' is not the prompt's last function")
        if not re.search(r'"""[\s\S]*>>> ' + re.escape(ep) + r"\(", rec["prompt"]):
            problems.append(f"{where}: docstring has no '>>> {ep}(' example")
    else:
        if not rec["prompt"].endswith("{\n"):
            problems.append(f"{where}: C prompt does not end with '{{' and a newline")
        elif c_entry_point(rec["prompt"]) != ep:
            problems.append(f"{where}: entry_point '{ep}' is not the prototype's function")
        if not re.search(r"/\*[\s\S]*\*/\n[^\n]*\{\n$", rec["prompt"]):
            problems.append(f"{where}: C prompt needs a header comment right above the prototype")
    if not full:
        return True
    sol, test = rec["canonical_solution"], rec["test"]
    if not sol.endswith("\n"):
        problems.append(f"{where}: canonical_solution does not end with a newline")
    if lang == "python":
        try:
            tree = ast.parse(test)
        except SyntaxError as e:
            problems.append(f"{where}: test does not parse: {e}")
            return False
        checks = [f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name == "check"]
        if len(checks) != 1 or [a.arg for a in checks[0].args.args] != ["candidate"]:
            problems.append(f"{where}: test must define exactly one check(candidate)")
            return False
        n = sum(isinstance(x, ast.Assert) for x in ast.walk(checks[0]))
    else:
        if not test.startswith('#include "vp_ctest.h"\n'):
            problems.append(f'{where}: C test does not begin with #include "vp_ctest.h"')
        proto = c_prototype(rec["prompt"]) + ";"
        if proto not in test:
            problems.append(f"{where}: C test does not declare '{proto}'")
        if len(re.findall(r"\bVP_TESTS\b", test)) != 1:
            problems.append(f"{where}: C test must hold exactly one VP_TESTS block")
        n = len(re.findall(r"\bVP_CHECK\s*\(", test))
    if not MIN_CHECKS <= n <= MAX_CHECKS:
        problems.append(f"{where}: {n} checks, want {MIN_CHECKS}..{MAX_CHECKS}")
    return True


def evaluate(rec, lang, body, workdir):
    program = rec["prompt"] + body
    if lang == "python":
        return run_python(program, rec["test"], rec["entry_point"], workdir)
    return run_c(program, rec["test"], workdir)


def check_file(repo, fname, folder, lang, full, jobs, workdir, problems, ids, verbose=False):
    """Check one JSONL file; `ids` holds the task ids seen in earlier files
    (ids are unique across all the files).  Returns the summary line."""
    path = os.path.join(repo, "sw_tasks", fname)
    try:
        built = dump_jsonl(build_records(repo, folder, lang, full))
    except (OSError, ValueError, SyntaxError) as e:
        problems.append(f"sw_tasks/src/{folder}: {e}")
        built = None
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        problems.append(f"cannot open '{path}': {e.strerror}")
        return None
    if built is not None and built != text:
        problems.append(f"sw_tasks/{fname} is stale: run tests/sw_corpus_check.py --build")
    recs = []
    for i, line in enumerate(text.split("\n")[:-1], 1):
        where = f"sw_tasks/{fname}:{i}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            problems.append(f"{where}: not JSON: {e}")
            continue
        if not isinstance(rec, dict):
            problems.append(f"{where}: not a JSON object")
            continue
        if not check_schema(rec, lang, full, where, problems):
            continue
        if rec["task_id"] in ids:
            problems.append(f"{where}: duplicate task_id '{rec['task_id']}'")
            continue
        ids.add(rec["task_id"])
        recs.append(rec)
    if not full:
        for rec in recs:
            try:
                compile(rec["prompt"], rec["task_id"], "exec")
            except SyntaxError as e:
                problems.append(f"{rec['task_id']}: prompt does not compile: {e}")
        return f"{folder}: {len(recs)} tasks, prompts only"

    jobs_list = []  # (rec, label, body, want_pass)
    for rec in recs:
        name = rec["task_id"][len(PREFIX[lang]):]
        jobs_list.append((rec, "canonical", rec["canonical_solution"], True))
        bugdir = os.path.join(repo, "tests", "sw_buggy", lang, name)
        want = [f"bug{k}.{EXT[lang]}" for k in range(1, NBUGS + 1)]
        have = sorted(os.listdir(bugdir)) if os.path.isdir(bugdir) else []
        if have != want:
            problems.append(f"{rec['task_id']}: tests/sw_buggy/{lang}/{name} holds {have}, want {want}")
        for b in want:
            if b not in have:
                continue
            with open(os.path.join(bugdir, b), encoding="utf-8") as f:
                body = f.read()
            first = body.split("\n", 1)[0]
            tag = "# bug: " if lang == "python" else "// bug: "
            if not first.startswith(tag) or len(first) <= len(tag) + 5:
                problems.append(f"{rec['task_id']}/{b}: first line must be '{tag}<what is wrong>'")
            if body.split("\n", 1)[-1] == rec["canonical_solution"]:
                problems.append(f"{rec['task_id']}/{b}: identical to the canonical solution")
            jobs_list.append((rec, b, body, False))
    bugroot = os.path.join(repo, "tests", "sw_buggy", lang)
    names = {r["task_id"][len(PREFIX[lang]):] for r in recs}
    for d in sorted(os.listdir(bugroot)) if os.path.isdir(bugroot) else []:
        if d not in names:
            problems.append(f"tests/sw_buggy/{lang}/{d} has no task {PREFIX[lang]}{d} in sw_tasks/{fname}")
    if lang == "c":
        shutil.copy(os.path.join(repo, "tests", "sw_buggy", "vp_ctest_local.h"),
                    os.path.join(workdir, "vp_ctest.h"))
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        results = list(ex.map(lambda j: evaluate(j[0], lang, j[2], workdir), jobs_list))
    npass = nfail = nbugs = 0
    for (rec, label, _, want_pass), (ok, detail) in zip(jobs_list, results):
        who = f"{rec['task_id']} {label}"
        if verbose:
            print(f"{who}: {'pass' if ok else 'fail'}: {detail}")
        if ok is None:
            problems.append(f"{who}: {detail}")
        elif want_pass:
            if ok:
                npass += 1
            else:
                problems.append(f"{who} fails its test: {detail}")
        else:
            nbugs += 1
            if not ok:
                nfail += 1
            else:
                problems.append(f"{who} passes the test (the test misses this bug)")
    return (f"{lang}: {len(recs)} tasks, {npass} canonical pass, "
            f"{nfail}/{nbugs} bugs fail")


def write_samples(repo, out):
    """Write evalplus-style samples {"task_id", "solution"} (solution = the
    whole program) for every task of python.jsonl and c.jsonl: per task the
    canonical solution, then bug1, bug2, bug3.  Scripted candidates with a
    known verdict, for runner tests and pass@k evaluations."""
    lines = []
    for fname, _, lang, full in FILES:
        if not full:
            continue
        with open(os.path.join(repo, "sw_tasks", fname), encoding="utf-8") as f:
            recs = [json.loads(x) for x in f if x.strip()]
        for rec in recs:
            name = rec["task_id"][len(PREFIX[lang]):]
            bodies = [rec["canonical_solution"]]
            for k in range(1, NBUGS + 1):
                with open(os.path.join(repo, "tests", "sw_buggy", lang, name,
                                       f"bug{k}.{EXT[lang]}"), encoding="utf-8") as f:
                    bodies.append(f.read())
            for b in bodies:
                lines.append(json.dumps({"task_id": rec["task_id"], "solution": rec["prompt"] + b},
                                        ensure_ascii=False) + "\n")
    with open(out, "w", encoding="utf-8") as f:
        f.writelines(lines)
    print(f"wrote {out}: {len(lines)} samples")
    return 0


def main():
    ap = argparse.ArgumentParser(description="Check or build the bundled software corpus.")
    ap.add_argument("--build", action="store_true", help="regenerate sw_tasks/*.jsonl from sw_tasks/src")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--verbose", action="store_true", help="print how each solution and bug did")
    ap.add_argument("--samples", metavar="OUT",
                    help="write the canonical solutions and recorded bugs as samples to OUT")
    ap.add_argument("repo")
    a = ap.parse_args()
    if a.samples:
        return write_samples(a.repo, a.samples)
    if a.build:
        for fname, folder, lang, full in FILES:
            try:
                text = dump_jsonl(build_records(a.repo, folder, lang, full))
            except (OSError, ValueError) as e:
                print(f"error: sw_tasks/src/{folder}: {e}", file=sys.stderr)
                return 1
            with open(os.path.join(a.repo, "sw_tasks", fname), "w", encoding="utf-8") as f:
                f.write(text)
            print(f"wrote sw_tasks/{fname}: {text.count(chr(10))} tasks")
        return 0
    problems = []
    workdir = tempfile.mkdtemp(prefix="vp-swcorpus-")
    ids = set()
    try:
        for fname, folder, lang, full in FILES:
            sub = os.path.join(workdir, folder)
            os.makedirs(sub)
            line = check_file(a.repo, fname, folder, lang, full, a.jobs, sub, problems, ids,
                              a.verbose)
            if line:
                print(line)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for p in problems:
        print("problem: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
