/*
 * swtask: software-code tasks and the files that feed them — task files,
 * solution samples and test samples — in the layouts people already have.
 *
 * Task files are JSON Lines in the HumanEval schema (task_id, prompt,
 * entry_point, canonical_solution?, test?, language?), plain or gzip'ed
 * (.gz, read through `gzip -dc`).  The same reader takes EvalPlus files
 * (HumanEval+ and MBPP+ keep those keys) and the original MBPP layout
 * (task_id number, text, code, test_list, test_setup_code), which it turns
 * into the HumanEval schema: entry point from the first test's call, prompt
 * the problem text as a docstring, test a check(candidate) of the asserts.
 *
 * Samples files: evalplus style, one sample per line {"task_id", "solution"}
 * (a whole program) or {"task_id", "completion"} (appended to the prompt);
 * or the CodeT release layout, one line per task {"prompt", "samples": [...]}
 * (completions), matched to a task by its prompt.  Test samples: CodeT
 * layout (each sample is the text after the prompt's "assert"), or
 * {"task_id", "test"} lines (a sample, split on assert later), or
 * {"task_id", "tests": [...]} lines (each entry one test, kept verbatim).
 *
 * Not for: running anything (swgrade.h) or splitting tests (swextract.h).
 * Errors: -1 with one sentence naming the file and line in err.
 */
#ifndef VP_SWTASK_H
#define VP_SWTASK_H

#include "sim/buf.h"

#include <stddef.h>

enum sw_lang {
	SW_LANG_PYTHON = 0,
	SW_LANG_C,
};

/* "python" or "c". */
const char *sw_lang_name(enum sw_lang l);

struct sw_task {
	char *task_id;
	char *prompt;              /* never NULL */
	char *entry_point;         /* never NULL */
	char *canonical_solution;  /* NULL when absent */
	char *test;                /* ground-truth test; NULL when absent */
	enum sw_lang lang;
};

struct sw_taskset {
	struct sw_task *v;
	size_t n, alloc;
};

#define SW_TASKSET_INIT { NULL, 0, 0 }

void sw_taskset_release(struct sw_taskset *s);

/*
 * Append the tasks of path (.jsonl or .jsonl.gz) to s.  Returns 0, or -1
 * with err set ("'x.jsonl' line 3: missing string \"entry_point\"").  A
 * task id seen twice is an error.
 */
int sw_tasks_load(const char *path, struct sw_taskset *s, struct buf *err);

/* Index of the task with this id, or -1. */
long sw_task_find(const struct sw_taskset *s, const char *task_id);

/* One imported sample: a solution or a test sample. */
struct sw_sample {
	size_t task;            /* index into the task set */
	char *text;             /* as found in the file */
	int is_completion;      /* solutions: text continues the prompt */
	int verbatim;           /* tests: one test as it is (a "tests" array
				   entry), not a sample to split on assert */
};

struct sw_samples {
	struct sw_sample *v;
	size_t n, alloc;
	size_t unmatched;       /* lines naming no known task (skipped) */
};

#define SW_SAMPLES_INIT { NULL, 0, 0, 0 }

void sw_samples_release(struct sw_samples *s);

/*
 * Read solution samples (tests = 0) or test samples (tests = 1) from path
 * (.jsonl or .gz) for the tasks of ts, in any of the layouts above, and
 * append them to out in file order.  Lines whose task is unknown are
 * counted in out->unmatched, not errors.  Returns 0 or -1 with err set.
 */
int sw_samples_load(const char *path, const struct sw_taskset *ts, int tests,
		    struct sw_samples *out, struct buf *err);

/*
 * Read a whole file into out, decompressing it when the name ends in ".gz"
 * (`gzip -dc`, at most 1 GiB).  Returns 0 or -1 with err set.
 */
int sw_read_file(const char *path, struct buf *out, struct buf *err);

#endif
