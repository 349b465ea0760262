#!/usr/bin/env python3
"""Scripted generated tests for the bundled Python tasks (no LLM needed).

For measuring the consensus methods on a generated-test matrix in the
{"task_id", "tests": [...]} layout of `veripref run --tests import:FILE`:
per task, the prompt's doctest examples (what any model sees) and the first
six asserts of the ground-truth check rewritten to call the entry point, two
of them (the 2nd and 5th) given the expected value of their neighbour, so the
matrix holds plausible wrong tests as a model's would.  Deterministic.

Usage: sw_scripted_tests.py TASKS.jsonl > TESTS.jsonl
"""
import json
import re
import sys

DOCTEST = re.compile(r"^\s*>>> (.*)\n\s*(\S.*)$", re.M)
GT = re.compile(r"^\s*assert candidate\((.*)\) == (.*)$", re.M)


def tests_of(task):
    ep = task["entry_point"]
    out = []
    for call, want in DOCTEST.findall(task["prompt"]):
        if call.startswith(ep + "("):
            out.append("assert %s == %s" % (call.strip(), want.strip()))
    gt = GT.findall(task.get("test") or "")[:6]
    for i, (args, want) in enumerate(gt):
        if i in (1, 4) and len(gt) > 1:
            other = gt[(i + 1) % len(gt)][1]
            if other.strip() != want.strip():
                want = other
        out.append("assert %s(%s) == %s" % (ep, args, want.strip()))
    return out


def main():
    with open(sys.argv[1]) as f:
        for line in f:
            if line.strip():
                t = json.loads(line)
                if t.get("language", "python") == "python":
                    print(json.dumps({"task_id": t["task_id"], "tests": tests_of(t)}))


if __name__ == "__main__":
    main()
