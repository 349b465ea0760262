/*
 * harness: the verdict harness (testbench/vp_harness.vh) compiled into the
 * binary, so a grading job never depends on where veripref was installed or
 * built.  The Makefile generates the definition from the .vh file, which
 * stays the one source of truth (and what testbench authors read).
 */
#ifndef VP_HARNESS_H
#define VP_HARNESS_H

/* The contents of testbench/vp_harness.vh, NUL-terminated. */
extern const char vp_harness_text[];

#endif
