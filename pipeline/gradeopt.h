/*
 * gradeopt: the command-line side of grading, shared by every command that
 * grades (grade, tasks): the options that fill a struct grade_opts, and the
 * environment a grading run needs (this executable as the worker program,
 * the verdict harness, the cache and temporary directories).
 *
 * Command layer: it prints its errors (cli_error / cli_usage_error) and
 * reads the environment, which modules never do.
 */
#ifndef VP_GRADEOPT_H
#define VP_GRADEOPT_H

#include "pipeline/grade.h"
#include "sim/buf.h"

#include <getopt.h>

/* Option codes (above any short option) and getopt_long entries. */
enum {
	GRADEOPT_SIM = 0x100,
	GRADEOPT_JOBS,
	GRADEOPT_TIMEOUT,
	GRADEOPT_COMPILE_TIMEOUT,
	GRADEOPT_SANDBOX,
	GRADEOPT_MAX_SIZE,
	GRADEOPT_HARNESS,
};

#define GRADEOPT_LONGOPTS \
	{ "sim", required_argument, NULL, GRADEOPT_SIM }, \
	{ "jobs", required_argument, NULL, GRADEOPT_JOBS }, \
	{ "timeout", required_argument, NULL, GRADEOPT_TIMEOUT }, \
	{ "compile-timeout", required_argument, NULL, GRADEOPT_COMPILE_TIMEOUT }, \
	{ "sandbox", required_argument, NULL, GRADEOPT_SANDBOX }, \
	{ "max-size", required_argument, NULL, GRADEOPT_MAX_SIZE }, \
	{ "harness", required_argument, NULL, GRADEOPT_HARNESS }

/* The help lines for those options (defaults as grade_opts_init() sets them). */
extern const char gradeopt_help[];

/* What gradeopt_env_init() sets up; owned here, borrowed by grade_opts. */
struct gradeopt_env {
	const char *harness_path;  /* --harness, or NULL for the default */
	char *exe;
	char *cache;
	struct buf harness;
};

#define GRADEOPT_ENV_INIT { NULL, NULL, NULL, BUF_INIT }

/*
 * Handle option c (from getopt_long) with argument arg for command cmd.
 * Returns 1 when c is a grading option and was applied, 0 when c is not a
 * grading option, or -1 after printing a usage error (exit with EXIT_USAGE).
 */
int gradeopt_parse(const char *cmd, int c, const char *arg, struct grade_opts *o,
		   struct gradeopt_env *env);

/*
 * Find this executable, read the harness, pick the cache and temporary
 * directories, and point o at them.  Returns 0, or -1 after printing an
 * error (exit with EXIT_RUNTIME).
 */
int gradeopt_env_init(struct gradeopt_env *env, struct grade_opts *o);
void gradeopt_env_release(struct gradeopt_env *env);

#endif
