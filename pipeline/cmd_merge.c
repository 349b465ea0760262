/*
 * veripref merge OUT SHARD_RUN...: merge the run directories of the shards
 * of one run (`veripref run --shard I/N`) into one run directory, which then
 * takes the global stages (`veripref pairs OUT` runs score and pairs,
 * `veripref report OUT`), exactly as if one machine had done it all.
 *
 * Checks before anything is written: every shard run is complete through
 * grading and not in use (its lock), all have the same settings but the
 * shard, the shards are exactly 0..N-1 of one N, each holds only its own
 * tasks, and an OUT merged before was merged from the same settings.  The
 * rows are copied with store_merge_from() (INSERT OR IGNORE on the
 * tables' keys, conflicting duplicates refused), so merging again changes
 * nothing.
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/stage.h"
#include "pipeline/store.h"
#include "sim/buf.h"
#include "sim/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char merge_usage[] =
	"usage: veripref merge OUT SHARD_RUN...\n"
	"\n"
	"Merge the run directories of the shards of one run (veripref run --shard I/N,\n"
	"every I from 0 to N-1, each finished through its grade stage) into the run\n"
	"directory OUT: tasks, testbenches, candidates, samples, results, drops,\n"
	"LLM usage and cache, and the stage timings (summed).  Then run the global\n"
	"stages on OUT:\n"
	"\n"
	"  veripref pairs OUT        scores every task and writes OUT/pairs.<format>.jsonl\n"
	"  veripref report OUT\n"
	"\n"
	"The result is the one an unsharded run with the same settings gives.\n"
	"Shards with other settings (seed, generator, model, methods, testbench\n"
	"kinds, simulators, tasks folder, shard count), a missing or repeated shard,\n"
	"or rows that disagree with OUT are refused; merging again changes nothing.\n"
	"\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 ok, 2 usage error (also: mismatched or missing shards),\n"
	"3 runtime error (a shard in use or unfinished, conflicting rows, I/O).\n";

/* The stages each shard must have done; their timings are summed into OUT. */
static const char *const shard_stages[] = { "tasks", "testbenches", "sample", "grade" };
#define NSHARD_STAGES (sizeof(shard_stages) / sizeof(shard_stages[0]))

struct kv_list {
	char **kv;     /* alternating keys and values */
	size_t n, alloc;
};

static int collect_kv(void *ctx, int ncol, const char *const *col)
{
	struct kv_list *l = ctx;

	if (ncol < 2)
		return 0;
	ALLOC_GROW(l->kv, l->n + 2, l->alloc);
	l->kv[l->n++] = xstrdup(col[0] ? col[0] : "");
	l->kv[l->n++] = xstrdup(col[1] ? col[1] : "");
	return 0;
}

static void kv_release(struct kv_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->kv[i]);
	free(l->kv);
	memset(l, 0, sizeof(*l));
}

static const char *kv_get(const struct kv_list *l, const char *key)
{
	size_t i;

	for (i = 0; i + 1 < l->n; i += 2)
		if (!strcmp(l->kv[i], key))
			return l->kv[i + 1];
	return NULL;
}

/*
 * The first setting (other than shard and shards) in which a and b differ:
 * its key, with the two values in *va and *vb ("(none)" when missing).
 */
static const char *kv_diff(const struct kv_list *a, const struct kv_list *b, const char **va,
			   const char **vb)
{
	const struct kv_list *l[2] = { a, b };
	size_t i, j;

	for (j = 0; j < 2; j++)
		for (i = 0; i + 1 < l[j]->n; i += 2) {
			const char *k = l[j]->kv[i], *x = kv_get(a, k), *y = kv_get(b, k);

			if (!strcmp(k, "shard") || !strcmp(k, "shards"))
				continue;
			if (!x || !y || strcmp(x, y)) {
				*va = x ? (*x ? x : "''") : "(none)";
				*vb = y ? (*y ? y : "''") : "(none)";
				return k;
			}
		}
	return NULL;
}

struct shard_info {
	const char *dir;
	struct kv_list cfg;
	unsigned i, n;
	double wall_ms[NSHARD_STAGES];
	long items[NSHARD_STAGES];
};

struct stage_row {
	struct shard_info *sh;
	int found[NSHARD_STAGES], done[NSHARD_STAGES];
};

static int collect_stage(void *ctx, int ncol, const char *const *col)
{
	struct stage_row *r = ctx;
	size_t k;

	if (ncol < 4 || !col[0])
		return 0;
	for (k = 0; k < NSHARD_STAGES; k++)
		if (!strcmp(col[0], shard_stages[k])) {
			r->found[k] = 1;
			r->done[k] = col[1] && atoi(col[1]) != 0;
			r->sh->wall_ms[k] = col[2] ? strtod(col[2], NULL) : 0;
			r->sh->items[k] = col[3] ? strtol(col[3], NULL, 10) : 0;
		}
	return 0;
}

struct owner_check {
	struct shard_info *sh;
	char *bad;     /* the first task id of another shard */
};

static int check_owner(void *ctx, int ncol, const char *const *col)
{
	struct owner_check *o = ctx;

	if (ncol < 1 || !col[0])
		return 0;
	if (stage_shard_of(col[0], o->sh->n) != o->sh->i) {
		o->bad = xstrdup(col[0]);
		return 1;
	}
	return 0;
}

/* Open one shard run (taking its lock), read and check what it holds.  Exit code. */
static int read_shard(struct shard_info *sh)
{
	struct buf err = BUF_INIT;
	struct store *s = store_open(sh->dir, 0, &err);
	struct stage_row rows;
	struct owner_check oc = { sh, NULL };
	const char *v;
	char extra;
	size_t k;
	int ret = EXIT_RUNTIME, r;

	memset(&rows, 0, sizeof(rows));
	rows.sh = sh;
	if (!s) {
		cli_error("%s", err.data);
		goto out;
	}
	if (store_query(s, "SELECT key, value FROM config ORDER BY key", NULL, 0, collect_kv,
			&sh->cfg, &err) < 0 ||
	    store_query(s, "SELECT name, done, wall_ms, items FROM stages", NULL, 0, collect_stage,
			&rows, &err) < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	v = kv_get(&sh->cfg, "shard");
	if (!v || sscanf(v, "%u/%u%c", &sh->i, &sh->n, &extra) != 2 || !sh->n || sh->i >= sh->n) {
		cli_error("'%s' is not the run of a shard (its shard setting is '%s')", sh->dir,
			  v ? v : "(none)");
		goto out;
	}
	for (k = 0; k < NSHARD_STAGES; k++)
		if (!rows.found[k] || !rows.done[k]) {
			cli_error("shard run '%s' has not finished its %s stage; resume it first "
				  "(veripref run --out %s --resume)", sh->dir, shard_stages[k], sh->dir);
			goto out;
		}
	r = store_query(s, "SELECT id FROM tasks UNION SELECT task FROM drops ORDER BY 1", NULL, 0,
			check_owner, &oc, &err);
	if (r < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	if (oc.bad) {
		cli_error("shard run '%s' (shard %u/%u) holds task '%s', which belongs to shard %u/%u",
			  sh->dir, sh->i, sh->n, oc.bad, stage_shard_of(oc.bad, sh->n), sh->n);
		free(oc.bad);
		ret = EXIT_USAGE;
		goto out;
	}
	ret = EXIT_OK;
out:
	store_close(s);
	buf_release(&err);
	return ret;
}

static int dir_nonempty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			n = 1;
			break;
		}
	closedir(d);
	return n;
}

/* Whether a and b name the same existing directory. */
static int same_dir(const char *a, const char *b)
{
	char ra[PATH_MAX], rb[PATH_MAX];

	return realpath(a, ra) && realpath(b, rb) && !strcmp(ra, rb);
}

int cmd_merge(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct shard_info *sh = NULL;
	struct kv_list outcfg = { NULL, 0, 0 };
	struct buf err = BUF_INIT, val = BUF_INIT;
	struct store *out = NULL;
	const char *outdir, *key, *va, *vb;
	size_t nsh = 0, i, k;
	size_t *seen = NULL;
	long added = 0, a;
	unsigned n;
	int c, ret = EXIT_USAGE, r;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(merge_usage, stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("merge", "bad option");
		}
	}
	if (argc - optind < 2)
		return cli_usage_error("merge", "OUT and at least one SHARD_RUN are required");
	outdir = argv[optind];
	nsh = (size_t)(argc - optind - 1);
	sh = xcalloc(nsh, sizeof(*sh));
	for (i = 0; i < nsh; i++) {
		sh[i].dir = argv[optind + 1 + i];
		if (same_dir(sh[i].dir, outdir)) {
			cli_usage_error("merge", "OUT '%s' is also a shard run", outdir);
			goto out;
		}
	}

	/* Every shard: readable, finished, its own tasks; all alike. */
	for (i = 0; i < nsh; i++) {
		ret = read_shard(&sh[i]);
		if (ret != EXIT_OK)
			goto out;
		ret = EXIT_USAGE;
		if (i == 0)
			continue;
		key = kv_diff(&sh[0].cfg, &sh[i].cfg, &va, &vb);
		if (key) {
			cli_error("shard runs '%s' and '%s' differ in --%s (%s vs %s)", sh[0].dir,
				  sh[i].dir, key, va, vb);
			goto out;
		}
		if (sh[i].n != sh[0].n) {
			cli_error("shard runs '%s' and '%s' differ in the shard count (--shard %u/%u vs %u/%u)",
				  sh[0].dir, sh[i].dir, sh[0].i, sh[0].n, sh[i].i, sh[i].n);
			goto out;
		}
	}
	n = sh[0].n;
	seen = xcalloc(n, sizeof(*seen));
	for (i = 0; i < nsh; i++) {
		if (seen[sh[i].i]) {
			cli_error("shard runs '%s' and '%s' are both shard %u/%u", sh[seen[sh[i].i] - 1].dir,
				  sh[i].dir, sh[i].i, n);
			goto out;
		}
		seen[sh[i].i] = i + 1;
	}
	for (k = 0; k < n; k++)
		if (!seen[k]) {
			cli_error("shard %zu/%u is missing (%zu of %u shard runs given, from '%s')", k, n,
				  nsh, n, sh[0].dir);
			goto out;
		}

	/* OUT: new, or merged before from the same settings. */
	if (!store_exists(outdir) && dir_nonempty(outdir)) {
		cli_error("'%s' is not empty and not a run directory", outdir);
		goto out;
	}
	ret = EXIT_RUNTIME;
	out = store_open(outdir, STORE_CREATE, &err);
	if (!out) {
		cli_error("%s", err.data);
		goto out;
	}
	if (store_query(out, "SELECT key, value FROM config ORDER BY key", NULL, 0, collect_kv,
			&outcfg, &err) < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	if (outcfg.n) {
		const char *m = kv_get(&outcfg, "shards");

		ret = EXIT_USAGE;
		if (!m) {
			cli_error("'%s' is a run directory, not the merge of shard runs", outdir);
			goto out;
		}
		key = kv_diff(&outcfg, &sh[0].cfg, &va, &vb);
		if (key) {
			cli_error("merged run '%s' and shard run '%s' differ in --%s (%s vs %s)", outdir,
				  sh[0].dir, key, va, vb);
			goto out;
		}
		if (strtoul(m, NULL, 10) != n) {
			cli_error("merged run '%s' and shard run '%s' differ in the shard count (%s vs %u)",
				  outdir, sh[0].dir, m, n);
			goto out;
		}
		ret = EXIT_RUNTIME;
	}

	/* The rows, one shard per transaction (a crash here: merge again). */
	for (k = 0; k < n; k++) {
		struct shard_info *x = &sh[seen[k] - 1];

		if (store_merge_from(out, x->dir, &a, &err) < 0) {
			cli_error("%s", err.data);
			goto out;
		}
		added += a;
	}

	/* Config and stage timings last: OUT is a usable run only once all is in. */
	if (store_begin(out, &err) < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	for (i = 0; !outcfg.n && i + 1 < sh[0].cfg.n; i += 2) {
		const char *k2 = sh[0].cfg.kv[i];

		if (store_config_set(out, k2, !strcmp(k2, "shard") ? "0/1" : sh[0].cfg.kv[i + 1],
				     &err) < 0)
			goto fail_tx;
	}
	buf_reset(&val);
	buf_addf(&val, "%u", n);
	if (store_config_set(out, "shards", val.data, &err) < 0)
		goto fail_tx;
	for (k = 0; k < NSHARD_STAGES; k++) {
		double ms = 0;
		long items = 0;

		for (i = 0; i < n; i++) {  /* in shard order: the same sum every time */
			ms += sh[seen[i] - 1].wall_ms[k];
			items += sh[seen[i] - 1].items[k];
		}
		if (store_stage_set(out, shard_stages[k], 1, ms, items, &err) < 0)
			goto fail_tx;
	}
	/* New rows: the global stages must run (again). */
	r = store_stage_done(out, "pairs", &err);
	if (r < 0)
		goto fail_tx;
	if (added > 0 || !r) {
		if (store_stage_set(out, "score", 0, 0, 0, &err) < 0 ||
		    store_stage_set(out, "pairs", 0, 0, 0, &err) < 0)
			goto fail_tx;
	}
	if (store_commit(out, &err) < 0) {
		cli_error("%s", err.data);
		goto out;
	}
	if (added > 0) {
		/* A pairs file of an earlier merge no longer matches the store. */
		char *p = stage_pairs_path(outdir, kv_get(&sh[0].cfg, "format") ?
					   kv_get(&sh[0].cfg, "format") : "trl");

		if (unlink(p) < 0 && errno != ENOENT)
			cli_warning("cannot remove '%s': %s", p, strerror(errno));
		free(p);
	}
	printf("merged %u shard runs into %s: %ld new rows; next: veripref pairs %s\n", n, outdir,
	       added, outdir);
	ret = EXIT_OK;
	goto out;
fail_tx:
	cli_error("%s", err.data);
	store_rollback(out);
out:
	for (i = 0; sh && i < nsh; i++)
		kv_release(&sh[i].cfg);
	kv_release(&outcfg);
	free(sh);
	free(seen);
	store_close(out);
	buf_release(&err);
	buf_release(&val);
	return ret;
}
