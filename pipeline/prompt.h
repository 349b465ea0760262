/*
 * prompt: the versioned prompt templates, compiled into the binary.
 *
 * Templates are text files in testbench/prompts/ and pipeline/prompts/ named
 * <name>.v<N>.txt (e.g. "sample_rtl.v1.txt"); the Makefile embeds every one
 * of them, so a prompt is edited as a file and reviewed as a diff, never as a
 * C string literal.  A template names its inputs as {{key}}; prompt_fill()
 * substitutes them.  The version is part of the name so a stored run records
 * exactly which wording produced its data.
 */
#ifndef VP_PROMPT_H
#define VP_PROMPT_H

#include "sim/buf.h"

#include <stddef.h>

/* The template called name (file name without ".txt"), or NULL. */
const char *prompt_get(const char *name);

/* Number of embedded templates, and the i-th name (sorted), for listings. */
size_t prompt_count(void);
const char *prompt_name(size_t i);

/*
 * Substitute {{key}} in tmpl with values: keys and values alternate in kv,
 * nkv entries in all (pairs).  Writes the result to out (appended).  Returns
 * 0, or -1 with one sentence in err when the template names a key that kv
 * lacks or a "{{" is not closed.  Text between the braces must be a key
 * ([a-z0-9_]+); anything else is copied as it is.
 */
int prompt_fill(const char *tmpl, const char *const *kv, size_t nkv,
		struct buf *out, struct buf *err);

#endif
