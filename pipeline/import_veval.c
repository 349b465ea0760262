/*
 * import_verilog_eval: VerilogEval v2 problems to tasks.  See import.h.
 *
 * Per problem ProbNNN_<name>: the prompt (a spec, or in the code-completion
 * dataset a module header to complete), the reference (module RefModule)
 * and the test (module tb, instantiating RefModule and TopModule and
 * printing "Mismatches: N in M samples").  The task keeps the test as
 * tb/test.v with tb_ref_module RefModule and a verdict adapter; ref.v is the
 * reference with RefModule renamed to TopModule.
 */
#include "pipeline/import.h"
#include "sim/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define VE_TOP "TopModule"
#define VE_REF "RefModule"

static const struct vadapt_rules ve_rules = {
	"^Mismatches: 0 in [0-9]+ samples$",
	"^TIMEOUT",
	"^Mismatches: ([0-9]+) in ([0-9]+) samples$",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int read_in(const char *dir, const char *stem, const char *suffix, struct buf *b)
{
	struct buf path = BUF_INIT;
	int ret;

	buf_addf(&path, "%s/%s%s", dir, stem, suffix);
	buf_init(b, (size_t)16 << 20);
	ret = buf_read_file(b, path.data);
	buf_release(&path);
	return ret;
}

static void note(struct import_log *log, const char *what, const char *fmt, const char *arg)
{
	buf_addf(&log->notes, "%s: ", what);
	buf_addf(&log->notes, fmt, arg);
	buf_addch(&log->notes, '\n');
	log->skipped++;
}

/* One problem.  Returns 0 (imported or skipped with a note) or -1. */
static int one_problem(const char *dir, const char *stem, const struct import_opts *o,
		       struct import_log *log, struct buf *err)
{
	struct buf prompt = BUF_INIT, ref = BUF_INIT, test = BUF_INIT, newref = BUF_INIT;
	struct buf spec = BUF_INIT, id = BUF_INIT, origin = BUF_INIT, why = BUF_INIT;
	struct vmod_list mods = VMOD_LIST_INIT, pmods = VMOD_LIST_INIT;
	struct import_task it;
	const char *tags[3];
	int complete, ret = 0, rc;

	if (read_in(dir, stem, "_prompt.txt", &prompt) < 0 || read_in(dir, stem, "_ref.sv", &ref) < 0 ||
	    read_in(dir, stem, "_test.sv", &test) < 0) {
		buf_addf(&why, "cannot read its prompt, _ref.sv or _test.sv: %s", strerror(errno));
		note(log, stem, "%s", why.data);
		goto out;
	}
	vmod_declared(ref.data, ref.len, &mods);
	if (!vmod_list_has(&mods, VE_REF) || vmod_list_has(&mods, VE_TOP)) {
		note(log, stem, "%s", "the reference does not declare module RefModule (or also declares TopModule)");
		goto out;
	}
	if (vmod_rename_to(ref.data, ref.len, VE_REF, VE_TOP, NULL, &newref, &why) < 0) {
		note(log, stem, "%s", why.data);
		goto out;
	}
	/* The code-completion prompt is the header of TopModule itself. */
	vmod_declared(prompt.data, prompt.len, &pmods);
	complete = vmod_list_has(&pmods, VE_TOP);

	buf_addf(&id, "%s%s", stem, complete ? "_cc" : "");
	buf_addf(&origin, "%s/%s", dir, stem);
	buf_addf(&spec, "# %s\n\n", id.data);
	if (complete) {
		buf_rtrim(&prompt);
		buf_addf(&spec, "Complete the Verilog module `%s` whose header (with its comments) "
			 "is given below; write the whole module, header included.\n\n"
			 "```verilog\n%s\n```\n", VE_TOP, prompt.data);
	} else {
		buf_addstr(&spec, prompt.data);
	}
	tags[0] = "verilog-eval";
	tags[1] = complete ? "code-complete" : "spec-to-rtl";
	memset(&it, 0, sizeof(it));
	it.id = id.data;
	it.origin = origin.data;
	it.suite = "verilog-eval";
	it.spec = spec.data;
	it.top = VE_TOP;
	it.ref = newref.data;
	it.ref_len = newref.len;
	it.tb_name = "test.v";
	it.tb = test.data;
	it.tb_len = test.len;
	it.tb_ref_module = VE_REF;
	it.verdict = ve_rules;
	it.tags = tags;
	it.ntags = 2;
	rc = import_write_task(o, &it, &why);
	if (rc < 0) {
		buf_setf(err, "%s", why.data);
		ret = -1;
	} else if (rc > 0) {
		note(log, stem, "%s", why.data);
	} else {
		log->imported++;
		buf_addf(&log->done, "%s\n", id.data);
	}
out:
	buf_release(&prompt);
	buf_release(&ref);
	buf_release(&test);
	buf_release(&newref);
	buf_release(&spec);
	buf_release(&id);
	buf_release(&origin);
	buf_release(&why);
	vmod_list_release(&mods);
	vmod_list_release(&pmods);
	return ret;
}

/* Every ProbNNN_<name>_prompt.txt of one dataset folder, in name order. */
static int one_dataset(const char *dir, const struct import_opts *o, struct import_log *log,
		       struct buf *err)
{
	static const char suffix[] = "_prompt.txt";
	size_t sl = sizeof(suffix) - 1, n = 0, alloc = 0, i;
	char **stems = NULL;
	struct dirent *e;
	DIR *d = opendir(dir);
	int ret = 0;

	if (!d) {
		buf_setf(err, "cannot open '%s': %s", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (e->d_name[0] == '.' || len <= sl || strcmp(e->d_name + len - sl, suffix))
			continue;
		ALLOC_GROW(stems, n + 1, alloc);
		stems[n++] = xstrndup(e->d_name, len - sl);
	}
	closedir(d);
	if (n)
		qsort(stems, n, sizeof(*stems), cmp_str);
	for (i = 0; i < n && ret == 0; i++)
		ret = one_problem(dir, stems[i], o, log, err);
	for (i = 0; i < n; i++)
		free(stems[i]);
	free(stems);
	return ret;
}

int import_verilog_eval(const char *dir, const struct import_opts *o, struct import_log *log,
			struct buf *err)
{
	static const char *const datasets[] = { "dataset_spec-to-rtl",
						"dataset_code-complete-iccad2023" };
	struct buf sub = BUF_INIT;
	int found = 0, ret = 0;
	size_t i;

	if (import_check_dir(dir, err) < 0)
		return -1;
	/* A checkout holding both datasets, or one dataset folder. */
	for (i = 0; i < 2 && ret == 0; i++) {
		buf_reset(&sub);
		buf_addf(&sub, "%s/%s", dir, datasets[i]);
		if (!is_dir(sub.data))
			continue;
		found = 1;
		ret = one_dataset(sub.data, o, log, err);
	}
	if (!found)
		ret = one_dataset(dir, o, log, err);
	buf_release(&sub);
	return ret;
}
