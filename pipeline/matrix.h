/*
 * matrix: the pass matrix of one task and the reader of matrix files.
 *
 * A matrix file is JSON Lines, one task per line (format in README.md, "Scoring and preference pairs"):
 * task id, optional prompt, candidates (id, text, multiplicity, ok, label,
 * message), tests (id, text, multiplicity), one '0'/'1' string per candidate
 * and optional output signatures.  The reader streams it one line at a time
 * with a cap on the line length, so neither a huge file nor a hostile line
 * makes memory grow without bound.
 *
 * This module and score.c are the scoring core: they depend on libc and
 * cJSON only, never on sim/ or testbench/, so the Verilog and the software
 * paths share them.  That is also why errors travel in a caller-provided
 * char array instead of sim/buf.h: one sentence, at most MATRIX_ERR_MAX bytes.
 * Allocation failure aborts with a message (as xmalloc does elsewhere).
 */
#ifndef VP_MATRIX_H
#define VP_MATRIX_H

#include <stddef.h>
#include <stdint.h>

#define MATRIX_ERR_MAX 512
/* Default cap on one line of a matrix file: 256 MiB. */
#define MATRIX_MAX_LINE_DEFAULT ((size_t)256 << 20)

enum matrix_label {
	MATRIX_LABEL_UNKNOWN = -1,
	MATRIX_LABEL_WRONG = 0,
	MATRIX_LABEL_RIGHT = 1,
};

struct matrix_cand {
	char *id;                /* never NULL, unique within the task */
	char *text;              /* the candidate's code; NULL when absent */
	char *message;           /* failure message (compile error...); may be NULL */
	unsigned long multiplicity; /* >= 1: identical samples folded into one */
	int ok;                  /* 0: did not run at all; its row is ignored */
	int label;               /* enum matrix_label: ground truth if known */
	int has_sig;             /* signature present (may be empty: nsig 0) */
	size_t nsig;
	uint64_t *sig;           /* output-trace signature vector, nsig words */
};

struct matrix_test {
	char *id;
	char *text;              /* NULL when absent */
	unsigned long multiplicity; /* >= 1 */
};

/*
 * One task.  Row c of the pass matrix is bits[c * words .. c * words + words),
 * bit j of the row (word j / 64, bit j % 64) set when candidate c passes test
 * j.  Padding bits past ntest are always zero, so rows compare with memcmp.
 */
struct matrix_task {
	char *task_id;
	char *prompt;            /* NULL when absent */
	size_t ncand, ntest, words;
	struct matrix_cand *cand;
	struct matrix_test *test;
	uint64_t *bits;
	int has_signatures;      /* the line carried a "signatures" array */
};

#define MATRIX_TASK_INIT { 0 }

/* Free everything the task owns; the task is empty (MATRIX_TASK_INIT) after. */
void matrix_task_release(struct matrix_task *t);

/*
 * Allocate an empty task of ncand candidates and ntest tests: every bit zero,
 * ids "c<i>" and "t<j>", multiplicities 1, ok 1, labels unknown, task id
 * "task".  For tests and generators that build matrices in code.  Releases
 * whatever t held before.
 */
void matrix_task_alloc(struct matrix_task *t, size_t ncand, size_t ntest);

static inline const uint64_t *matrix_row(const struct matrix_task *t, size_t c)
{
	return t->bits + c * t->words;
}

static inline int matrix_get(const struct matrix_task *t, size_t c, size_t j)
{
	return (int)((t->bits[c * t->words + j / 64] >> (j % 64)) & 1);
}

static inline void matrix_set(struct matrix_task *t, size_t c, size_t j, int v)
{
	uint64_t m = (uint64_t)1 << (j % 64);

	if (v)
		t->bits[c * t->words + j / 64] |= m;
	else
		t->bits[c * t->words + j / 64] &= ~m;
}

/*
 * Parse one task from the JSON text json[0..len).  On success fills *t
 * (released first) and returns 0.  On a malformed task returns -1, leaves *t
 * empty and writes one sentence to err (MATRIX_ERR_MAX bytes) such as
 * "row 2 has 3 characters, expected 4 (one per test)".
 */
int matrix_task_parse(struct matrix_task *t, const char *json, size_t len, char *err);

/* A streaming reader of a matrix file. */
struct matrix_reader;

/*
 * Open path ("-" is standard input) for reading tasks; lines longer than
 * max_line bytes (0 = MATRIX_MAX_LINE_DEFAULT) are errors.  Returns NULL
 * with err set ("cannot open 'x': No such file or directory").
 */
struct matrix_reader *matrix_reader_open(const char *path, size_t max_line, char *err);

/*
 * Read the next task into *t.  Blank lines are skipped.  Returns 1 with a
 * task, 0 at the end of the file, -1 on an error, with err naming the file
 * and the line: "'x.jsonl' line 3: invalid JSON near column 17".  After an
 * error the reader is done (later calls return -1 again).
 */
int matrix_reader_next(struct matrix_reader *r, struct matrix_task *t, char *err);

/* Line number of the task last returned (1-based). */
size_t matrix_reader_line(const struct matrix_reader *r);

/* Close the file and free the reader; accepts NULL. */
void matrix_reader_close(struct matrix_reader *r);

#endif
