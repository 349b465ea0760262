/*
 * import_rtllm: RTLLM designs to tasks.  See import.h.
 *
 * A design is any folder (at any depth under the given one) holding
 * design_description.txt; it also needs testbench.v and one
 * verified_<name>.v, the reference.  The testbench instantiates the design
 * under its own name and prints "Your Design Passed" on success, so the task
 * keeps it as tb/testbench.v with a pass-only verdict adapter.  The task id
 * is the folder name; the parent folder (RTLLM's category) becomes a tag.
 */
#include "pipeline/import.h"
#include "sim/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 6

static const struct vadapt_rules rtllm_rules = { "Your Design Passed", NULL, NULL };

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char *base_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* Sorted entries of dir (no dot files); NULL-free array, caller frees. */
static char **list_dir(const char *dir, size_t *n)
{
	char **v = NULL;
	size_t alloc = 0;
	struct dirent *e;
	DIR *d = opendir(dir);

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		ALLOC_GROW(v, *n + 1, alloc);
		v[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_str);
	return v;
}

static void free_list(char **v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void note(struct import_log *log, const char *what, const char *why)
{
	buf_addf(&log->notes, "%s: %s\n", what, why);
	log->skipped++;
}

static int read_path(const char *dir, const char *name, struct buf *b)
{
	struct buf path = BUF_INIT;
	int ret;

	buf_addf(&path, "%s/%s", dir, name);
	buf_init(b, (size_t)16 << 20);
	ret = buf_read_file(b, path.data);
	buf_release(&path);
	return ret;
}

static int one_design(const char *dir, const char *category, char **ents, size_t nents,
		      const struct import_opts *o, struct import_log *log, struct buf *err)
{
	struct buf desc = BUF_INIT, tb = BUF_INIT, ref = BUF_INIT, spec = BUF_INIT, why = BUF_INIT;
	struct vmod_list mods = VMOD_LIST_INIT;
	const char *id = base_of(dir), *verified = NULL, *top = NULL, *tags[2];
	struct import_task it;
	size_t i;
	int ret = 0, rc;

	for (i = 0; i < nents; i++) {
		size_t n = strlen(ents[i]);
		if (!strncmp(ents[i], "verified_", 9) && n > 11 && !strcmp(ents[i] + n - 2, ".v")) {
			/* Prefer verified_<folder>.v when there are several. */
			if (!verified || (n - 11 == strlen(id) && !strncmp(ents[i] + 9, id, n - 11)))
				verified = ents[i];
		}
	}
	if (!verified) {
		note(log, dir, "no verified_<name>.v reference");
		goto out;
	}
	if (read_path(dir, "design_description.txt", &desc) < 0 ||
	    read_path(dir, "testbench.v", &tb) < 0 || read_path(dir, verified, &ref) < 0) {
		buf_addf(&why, "cannot read design_description.txt, testbench.v or %s: %s", verified,
			 strerror(errno));
		note(log, dir, why.data);
		goto out;
	}
	/* The design's module: named like the folder or the file, or the only one. */
	vmod_declared(ref.data, ref.len, &mods);
	if (vmod_list_has(&mods, id)) {
		top = id;
	} else {
		buf_add(&why, verified + 9, strlen(verified) - 11);
		if (vmod_list_has(&mods, why.data))
			top = why.data;
		else if (mods.nr == 1)
			top = mods.names[0];
	}
	if (!top) {
		note(log, dir, "cannot tell which module of the reference is the design");
		goto out;
	}
	buf_addf(&spec, "# %s\n\n%s", id, desc.data);
	tags[0] = "rtllm";
	tags[1] = category;
	memset(&it, 0, sizeof(it));
	it.id = id;
	it.origin = dir;
	it.suite = "rtllm";
	it.spec = spec.data;
	it.top = top;
	it.ref = ref.data;
	it.ref_len = ref.len;
	it.tb_name = "testbench.v";
	it.tb = tb.data;
	it.tb_len = tb.len;
	it.verdict = rtllm_rules;
	it.tags = tags;
	it.ntags = category ? 2 : 1;
	{
		struct buf msg = BUF_INIT;
		rc = import_write_task(o, &it, &msg);
		if (rc < 0) {
			buf_setf(err, "%s", msg.data);
			ret = -1;
		} else if (rc > 0) {
			note(log, dir, msg.data);
		} else {
			log->imported++;
			buf_addf(&log->done, "%s\n", id);
		}
		buf_release(&msg);
	}
out:
	buf_release(&desc);
	buf_release(&tb);
	buf_release(&ref);
	buf_release(&spec);
	buf_release(&why);
	vmod_list_release(&mods);
	return ret;
}

static int walk(const char *dir, const char *category, int depth, const struct import_opts *o,
		struct import_log *log, struct buf *err)
{
	size_t n, i;
	char **ents = list_dir(dir, &n);
	struct buf sub = BUF_INIT;
	int ret = 0, design = 0;

	for (i = 0; i < n; i++)
		if (!strcmp(ents[i], "design_description.txt"))
			design = 1;
	if (design) {
		ret = one_design(dir, category, ents, n, o, log, err);
	} else if (depth < MAX_DEPTH) {
		for (i = 0; i < n && ret == 0; i++) {
			struct stat st;
			buf_reset(&sub);
			buf_addf(&sub, "%s/%s", dir, ents[i]);
			if (stat(sub.data, &st) == 0 && S_ISDIR(st.st_mode))
				ret = walk(sub.data, depth ? base_of(dir) : NULL, depth + 1, o, log, err);
		}
	}
	buf_release(&sub);
	free_list(ents, n);
	return ret;
}

int import_rtllm(const char *dir, const struct import_opts *o, struct import_log *log,
		 struct buf *err)
{
	if (import_check_dir(dir, err) < 0)
		return -1;
	return walk(dir, NULL, 0, o, log, err);
}
