/*
 * cli: what every subcommand shares — exit codes, the error line format, and
 * the --help convention.
 *
 * Only commands (pipeline/cmd_*.c and main.c) include this; modules below them
 * never print and never exit.  Exit codes are an API for scripts and CI and
 * are defined here once.
 */
#ifndef VP_CLI_H
#define VP_CLI_H

#include "sim/buf.h"

#include <stdint.h>

enum cli_exit {
	EXIT_OK = 0,        /* the command did its job; the answer is positive */
	EXIT_NEGATIVE = 1,  /* the command did its job; the answer is negative */
	EXIT_USAGE = 2,     /* bad command line */
	EXIT_RUNTIME = 3,   /* environment or runtime error (missing tool, I/O) */
	/* A run stopped cleanly on SIGUSR1/SIGTERM/SIGINT (its store is saved and
	   resumable): sysexits' EX_TEMPFAIL, "try again later". */
	EXIT_STOPPED = 75,
};

/* Print "veripref: error: <message>\n" to stderr. */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "veripref: warning: <message>\n" to stderr. */
void cli_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Report a usage error: prints the error line plus "try 'veripref <cmd> --help'"
 * and returns EXIT_USAGE so callers can write `return cli_usage_error(...)`.
 */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * Parse a whole decimal number in [min, max].  Returns 0, or -1 when s is not
 * such a number.
 */
int cli_parse_long(const char *s, long min, long max, long *out);
/* Parse a whole decimal number in [0, 2^64-1] (no sign).  0 or -1. */
int cli_parse_u64(const char *s, uint64_t *out);
/* Parse a non-negative decimal (fractions allowed) number of seconds. */
int cli_parse_seconds(const char *s, double *out);
/* Parse a whole decimal number (fractions, exponents allowed) in [lo, hi].  0 or -1. */
int cli_parse_double(const char *s, double lo, double hi, double *out);
/*
 * The same for the argument arg of option opt of command cmd: 0, or, after
 * printing "veripref: error: OPT needs a number in [LO, HI], not 'ARG'" as a
 * usage error, EXIT_USAGE.
 */
int cli_double_opt(const char *cmd, const char *opt, const char *arg, double lo, double hi,
		   double *out);

/* Whether stderr is a terminal (progress lines are shown only then). */
int cli_progress_enabled(void);

/* Absolute path of the running executable (from /proc/self/exe), or NULL.
   Caller frees. */
char *cli_exe_path(void);

/*
 * Put the verdict harness into out: the file at `path` if given, else the
 * copy of testbench/vp_harness.vh compiled into the binary.  Returns 0, or
 * -1 after printing an error naming the file.
 */
int cli_read_harness(const char *path, struct buf *out);

/* Where caches live: $XDG_CACHE_HOME/veripref, ~/.cache/veripref, or a
   per-user directory in /var/tmp.  Caller frees. */
char *cli_cache_root(void);

/*
 * Open the LLM response cache at path, or, when path is NULL, at
 * llm-cache.db under cli_cache_root() (its directories created).  Returns
 * the cache, or NULL after printing an error naming the file.
 */
struct llm_cache;
struct llm_cache *cli_open_llm_cache(const char *path);

#endif
