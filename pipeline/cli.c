/*
 * cli: shared helpers for subcommands.  See cli.h.
 */
#include "pipeline/cli.h"
#include "pipeline/llm_cache.h"

#include "sim/xalloc.h"
#include "testbench/harness.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "veripref: %s: ", prefix);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("error", fmt, ap);
	va_end(ap);
}

void cli_warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning", fmt, ap);
	va_end(ap);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("error", fmt, ap);
	va_end(ap);
	fprintf(stderr, "try 'veripref %s --help'\n", cmd);
	return EXIT_USAGE;
}

int cli_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int cli_parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int cli_parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	if (!s || !*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !(v >= lo && v <= hi))
		return -1;
	*out = v;
	return 0;
}

int cli_parse_seconds(const char *s, double *out)
{
	return cli_parse_double(s, 0, 1e7, out);
}

int cli_double_opt(const char *cmd, const char *opt, const char *arg, double lo, double hi,
		   double *out)
{
	if (cli_parse_double(arg, lo, hi, out) < 0)
		return cli_usage_error(cmd, "%s needs a number in [%g, %g], not '%s'", opt, lo, hi,
				       arg);
	return 0;
}

int cli_progress_enabled(void)
{
	return isatty(STDERR_FILENO);
}

char *cli_exe_path(void)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n <= 0)
		return NULL;
	path[n] = '\0';
	return xstrdup(path);
}

int cli_read_harness(const char *path, struct buf *out)
{
	buf_reset(out);
	out->max = 1 << 20;
	if (!path) {
		buf_addstr(out, vp_harness_text);
		return 0;
	}
	if (buf_read_file(out, path) < 0) {
		cli_error("cannot read harness '%s': %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

char *cli_cache_root(void)
{
	struct buf p = BUF_INIT;
	const char *x = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");

	if (x && *x == '/')
		buf_addf(&p, "%s/veripref", x);
	else if (home && *home == '/' && strcmp(home, "/"))
		buf_addf(&p, "%s/.cache/veripref", home);
	else
		buf_addf(&p, "/var/tmp/veripref-cache-%ld", (long)getuid());
	return buf_detach(&p, NULL);
}

struct llm_cache *cli_open_llm_cache(const char *path)
{
	struct buf p = BUF_INIT, err = BUF_INIT;
	struct llm_cache *cache = NULL;
	char *root, *c;

	if (path) {
		buf_addstr(&p, path);
	} else {
		root = cli_cache_root();
		buf_addf(&p, "%s/llm-cache.db", root);
		free(root);
		/* The directories above the file (root may not exist yet). */
		for (c = p.data + 1; *c; c++) {
			if (*c != '/')
				continue;
			*c = '\0';
			if (mkdir(p.data, 0755) < 0 && errno != EEXIST) {
				*c = '/';
				cli_error("cannot create the directory of '%s': %s", p.data,
					  strerror(errno));
				goto out;
			}
			*c = '/';
		}
	}
	cache = llm_cache_open(p.data, &err);
	if (!cache)
		cli_error("%s", err.data);
out:
	buf_release(&p);
	buf_release(&err);
	return cache;
}
