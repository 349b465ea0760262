/*
 * swextract: from model output to runnable programs and unit tests, by the
 * rules of the literature (Codex/CodeT post-processing).
 *
 * Solutions: a reply with a fenced block gives that block (extract.h); if it
 * defines the entry point it is the whole program (the prompt's import lines
 * are put in front), otherwise it continues the prompt.  A reply without a
 * fence is a completion: for Python it is cut at the first stop sequence
 * "\nclass", "\ndef", "\n#", "\nif", "\nprint" (top-level code after the
 * function), for C after the brace that closes the prompt's open function.
 *
 * Tests: a test sample is split on "assert"; each piece, cut at the same
 * stop sequences and trimmed, becomes "assert <piece>"; pieces that do not
 * mention the entry point are dropped.  Of the pieces that parse (checked
 * by the caller, which can run Python), at most K per sample are kept, and
 * identical asserts across samples fold into one test with a multiplicity.
 *
 * Pure functions: no I/O, no globals.  Output buffers are appended to.
 */
#ifndef VP_SWEXTRACT_H
#define VP_SWEXTRACT_H

#include "sim/buf.h"

#include <stddef.h>

/* Cut a Python completion at the first stop sequence; whole if none. */
void swx_truncate_python(const char *completion, struct buf *out);

/*
 * Cut a C completion (the function body after the prompt's "{") just after
 * the "}" that closes it (braces in comments, strings and character literals
 * do not count); whole if it never closes.
 */
void swx_truncate_c(const char *completion, struct buf *out);

/* How swx_solution() read the sample. */
enum swx_kind {
	SWX_PROGRAM,     /* a whole program (fenced, defines the entry point) */
	SWX_COMPLETION,  /* appended to the prompt */
	SWX_EMPTY,       /* nothing usable (the program is then the prompt) */
};

/*
 * The program for one solution sample of a task (lang "python" or "c").
 * is_completion: the sample is known to continue the prompt (a samples
 * file's "completion", a CodeT sample) — no fence search, truncation only.
 * Otherwise fences are looked for first.  Writes the program to out.
 */
enum swx_kind swx_solution(const char *sample, int is_completion, const char *lang,
			   const char *prompt, const char *entry_point, struct buf *out);

/* A list of strings (owned). */
struct swx_list {
	char **v;
	size_t n, alloc;
};

#define SWX_LIST_INIT { NULL, 0, 0 }

void swx_list_release(struct swx_list *l);
void swx_list_add(struct swx_list *l, const char *s);

/* The assert pieces of one test sample that mention entry_point, in order
   (appended to out). */
void swx_assert_pieces(const char *sample, const char *entry_point, struct swx_list *out);

/* Tests folded across samples: text and multiplicity. */
struct swx_tests {
	char **text;
	unsigned long *mult;
	size_t n, alloc;
};

#define SWX_TESTS_INIT { NULL, NULL, 0, 0 }

void swx_tests_release(struct swx_tests *t);

/*
 * Add one sample's pieces to acc: the first max_per_sample pieces with
 * valid[i] != 0 (max_per_sample 0: no limit); a text already in acc adds 1
 * to its multiplicity.  Returns the number of pieces taken.
 */
size_t swx_tests_add(struct swx_tests *acc, const struct swx_list *pieces,
		     const int *valid, size_t max_per_sample);

/* The top-level import lines of a Python prompt ("import x", "from x import
   y"), each with its newline, appended to out. */
void swx_python_imports(const char *prompt, struct buf *out);

#endif
