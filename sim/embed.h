/*
 * embed: files a job needs at run time, compiled into the binary.
 *
 * The Makefile turns every file of sim/embed/ into a C string (the Python
 * test runner swrun.py, the C test harness vp_ctest.h), so a grading job
 * never reads them from the source tree or from anywhere a candidate could
 * have written: the grader writes a fresh copy into each job directory.
 */
#ifndef VP_EMBED_H
#define VP_EMBED_H

/* The contents of sim/embed/<name>, NUL-terminated, or NULL if there is no
   such file.  Static storage. */
const char *embed_get(const char *name);

#endif
