/*
 * sim: Icarus and Verilator drivers.  See sim.h.
 */
#define _GNU_SOURCE
#include "sim/sim.h"
#include "sim/run.h"
#include "sim/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const names[SIM_NKINDS] = { "iverilog", "verilator" };

const char *sim_name(enum sim_kind k)
{
	return (unsigned)k < SIM_NKINDS ? names[k] : "?";
}

int sim_parse(const char *s, enum sim_kind *k)
{
	if (!strcmp(s, "iverilog") || !strcmp(s, "icarus")) {
		*k = SIM_ICARUS;
		return 0;
	}
	if (!strcmp(s, "verilator")) {
		*k = SIM_VERILATOR;
		return 0;
	}
	return -1;
}

int sim_check_tools(enum sim_kind k, struct buf *err)
{
	static const char *const icarus[] = { "iverilog", "vvp", NULL };
	static const char *const vlt[] = { "verilator", "g++", NULL };
	const char *const *p = k == SIM_ICARUS ? icarus : vlt;

	const char *const *env = run_default_env();
	const char *path = "";

	for (; *env; env++)
		if (!strncmp(*env, "PATH=", 5))
			path = *env + 5;
	for (; *p; p++) {
		char *found = run_lookup(*p, NULL);

		if (!found) {
			buf_setf(err, "simulator %s is not usable: program '%s' not found in %s"
				 " (the PATH grading jobs run with)", sim_name(k), *p, path);
			return -1;
		}
		free(found);
	}
	return 0;
}

void sim_version(enum sim_kind k, struct buf *out)
{
	const char *iv[] = { "iverilog", "-V", NULL };
	const char *vl[] = { "verilator", "--version", NULL };
	struct run_cmd cmd = { 0 };
	struct run_result res = RUN_RESULT_INIT;
	char *nl;

	buf_reset(out);
	cmd.argv = k == SIM_ICARUS ? iv : vl;
	cmd.lim.wall_sec = 10;
	cmd.lim.out_cap = 4096;
	cmd.merge_stderr = 1;
	run_command(&cmd, &res);
	if (res.status == RUN_OK || res.status == RUN_NONZERO) {
		nl = strchr(res.out.data, '\n');
		buf_add(out, res.out.data, nl ? (size_t)(nl - res.out.data) : res.out.len);
		/* iverilog -V runs on into a usage message; keep the version only. */
		if ((nl = strstr(out->data, " ()")))
			buf_setlen(out, (size_t)(nl - out->data) + 3);
	}
	run_result_release(&res);
}

/* ------------------------------------------------------------------ */
/* Verilator runtime cache */

/* Bump when the runtime cache entry gains or changes files. */
#define RUNTIME_LAYOUT "layout 2: vp_pch0"

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Run argv (no sandbox: trusted inputs only) and return its stdout. */
static int capture(const char *const *argv, double wall, struct buf *out, struct buf *err)
{
	struct run_cmd cmd = { 0 };
	struct run_result res = RUN_RESULT_INIT;
	int ret = 0;

	cmd.argv = argv;
	cmd.lim.wall_sec = wall;
	cmd.lim.out_cap = 1 << 20;
	run_command(&cmd, &res);
	if (res.status != RUN_OK) {
		struct buf line = BUF_INIT;
		sim_first_error(res.err.len ? res.err.data : res.out.data, NULL, 300, &line);
		buf_setf(err, "'%s' failed (%s%s%s)", argv[0], run_strstatus(res.status),
			 line.len ? ": " : "", line.data);
		buf_release(&line);
		ret = -1;
	} else if (out) {
		buf_addstr(out, res.out.data);
		buf_rtrim(out);
	}
	run_result_release(&res);
	return ret;
}

static int mkdir_p(const char *path)
{
	char *p = xstrdup(path), *s;
	int ret = 0;

	for (s = p + 1; ; s++) {
		if (*s == '/' || !*s) {
			char c = *s;
			*s = '\0';
			if (mkdir(p, 0755) < 0 && errno != EEXIST) {
				ret = -1;
				break;
			}
			*s = c;
			if (!c)
				break;
		}
	}
	free(p);
	return ret;
}

/* Compile the runtime and the PCH into tmp.  0 or -1 with err set. */
static int build_runtime(const char *tmp, const char *root, const char *flags, int coverage,
			 struct buf *err)
{
	static const char *const units[] = { "verilated", "verilated_timing",
					     "verilated_threads", "verilated_cov" };
	size_t nunits = sizeof(units) / sizeof(units[0]) - (coverage ? 0 : 1);
	struct buf script = BUF_INIT;
	const char *argv[] = { "sh", "-c", NULL, NULL };
	char *ccache = run_lookup("ccache", NULL);
	const char *cxx = ccache ? "ccache g++" : "g++";
	size_t i;
	int ret;

	free(ccache);
	buf_addf(&script, "set -e; cd '%s'; printf '#include \"verilated.h\"\\n"
		 "#include \"verilated_timing.h\"\\n' > vp_pch.h;", tmp);
	/* The three runtime units in parallel, then the header. */
	for (i = 0; i < nunits; i++)
		buf_addf(&script, " %s %s -Os -c -o %s.o '%s/include/%s.cpp' & p%zu=$!;",
			 cxx, flags, units[i], root, units[i], i);
	/*
	 * The header precompiled twice: for -Os (single models) and for -O0
	 * (batch models, SIM_BUILD_FAST; GCC ignores a PCH built at another
	 * optimisation level).
	 */
	buf_addf(&script, " cp vp_pch.h vp_pch0.h; g++ %s -x c++-header vp_pch0.h -o vp_pch0.h.gch -O0 &"
		 " p0h=$!; g++ %s -x c++-header vp_pch.h -o vp_pch.h.gch -Os; wait $p0h;", flags, flags);
	for (i = 0; i < nunits; i++)
		buf_addf(&script, " wait $p%zu;", i);
	argv[2] = script.data;
	ret = capture(argv, 600, NULL, err);
	buf_release(&script);
	return ret;
}

static int prepare(const char *cache_root, int coverage, struct sim_vlt_runtime *rt,
		   struct buf *err)
{
	const char *getroot[] = { "verilator", "--getenv", "VERILATOR_ROOT", NULL };
	const char *ver[] = { "verilator", "--version", NULL };
	const char *gxx[] = { "g++", "--version", NULL };
	struct buf root = BUF_INIT, version = BUF_INIT, flags = BUF_INIT;
	struct buf dir = BUF_INIT, path = BUF_INIT, tmp = BUF_INIT, msg = BUF_INIT;
	uint64_t h;
	int lockfd = -1, ret = -1;

	rt->dir = NULL;
	rt->cxxflags = NULL;
	rt->cxxflags_fast = NULL;
	if (capture(getroot, 30, &root, &msg) < 0 || !root.len) {
		buf_setf(err, "cannot locate Verilator's installation: %s",
			 msg.len ? msg.data : "empty VERILATOR_ROOT");
		goto out;
	}
	if (capture(ver, 30, &version, &msg) < 0 || capture(gxx, 30, &version, &msg) < 0) {
		buf_setf(err, "cannot run the Verilator toolchain: %s", msg.data);
		goto out;
	}
	buf_addf(&flags, "-I%s/include -I%s/include/vltstd -DVM_COVERAGE=%d -DVM_SC=0 "
		 "-DVM_TRACE=0 -DVM_TRACE_FST=0 -DVM_TRACE_VCD=0 -faligned-new "
		 "-fcf-protection=none -Wno-bool-operation -Wno-sign-compare "
		 "-Wno-uninitialized -Wno-unused-but-set-variable -Wno-unused-parameter "
		 "-Wno-unused-variable -Wno-shadow -DVL_TIME_CONTEXT -fcoroutines",
		 root.data, root.data, coverage ? 1 : 0);
	h = fnv1a(fnv1a(fnv1a(0xcbf29ce484222325ULL, version.data), flags.data), RUNTIME_LAYOUT);
	buf_addf(&dir, "%s/verilator-%016llx", cache_root, (unsigned long long)h);
	buf_addf(&path, "%s/ok", dir.data);
	if (access(path.data, F_OK) == 0)
		goto ready;

	if (mkdir_p(cache_root) < 0) {
		buf_setf(err, "cannot create cache directory '%s': %s", cache_root, strerror(errno));
		goto out;
	}
	buf_reset(&path);
	buf_addf(&path, "%s.lock", dir.data);
	lockfd = open(path.data, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (lockfd < 0 || flock(lockfd, LOCK_EX) < 0) {
		buf_setf(err, "cannot lock '%s': %s", path.data, strerror(errno));
		goto out;
	}
	buf_reset(&path);
	buf_addf(&path, "%s/ok", dir.data);
	if (access(path.data, F_OK) == 0)   /* another process built it meanwhile */
		goto ready;

	buf_addf(&tmp, "%s/tmp-XXXXXX", cache_root);
	if (!mkdtemp(tmp.data)) {
		buf_setf(err, "cannot create a directory in '%s': %s", cache_root, strerror(errno));
		goto out;
	}
	if (build_runtime(tmp.data, root.data, flags.data, coverage, &msg) < 0) {
		buf_setf(err, "cannot build the Verilator runtime: %s", msg.data);
		run_remove_dir(tmp.data);
		goto out;
	}
	buf_reset(&path);
	buf_addf(&path, "%s/ok", tmp.data);
	if (buf_write_file(path.data, "", 0) < 0 || rename(tmp.data, dir.data) < 0) {
		buf_setf(err, "cannot install the Verilator runtime into '%s': %s",
			 dir.data, strerror(errno));
		run_remove_dir(tmp.data);
		goto out;
	}
ready:
	rt->dir = buf_detach(&dir, NULL);
	{
		struct buf f = BUF_INIT;

		buf_addf(&f, "%s -Os", flags.data);
		rt->cxxflags = buf_detach(&f, NULL);
		buf_addf(&f, "%s -O0", flags.data);
		rt->cxxflags_fast = buf_detach(&f, NULL);
	}
	ret = 0;
out:
	if (lockfd >= 0)
		close(lockfd);
	buf_release(&root);
	buf_release(&version);
	buf_release(&flags);
	buf_release(&dir);
	buf_release(&path);
	buf_release(&tmp);
	buf_release(&msg);
	return ret;
}

int sim_verilator_prepare(const char *cache_root, struct sim_vlt_runtime *rt,
			  struct buf *err)
{
	return prepare(cache_root, 0, rt, err);
}

int sim_verilator_prepare_coverage(const char *cache_root, struct sim_vlt_runtime *rt,
				   struct buf *err)
{
	return prepare(cache_root, 1, rt, err);
}

void sim_vlt_runtime_release(struct sim_vlt_runtime *rt)
{
	free(rt->dir);
	free(rt->cxxflags);
	free(rt->cxxflags_fast);
	rt->dir = NULL;
	rt->cxxflags = NULL;
	rt->cxxflags_fast = NULL;
}

/* ------------------------------------------------------------------ */
/* Job steps */

static void compile_limits(struct run_limits *lim, const struct sim_build *b)
{
	memset(lim, 0, sizeof(*lim));
	lim->wall_sec = b->compile_timeout;
	lim->cpu_sec = (long)b->compile_timeout + 2;
	lim->as_bytes = (size_t)4 << 30;
	lim->fsize_bytes = (size_t)256 << 20;
	lim->nofile = 256;
	lim->out_cap = 64 << 10;
}

static void run_limits_for(struct run_limits *lim, const struct sim_build *b)
{
	memset(lim, 0, sizeof(*lim));
	lim->wall_sec = b->run_timeout;
	lim->cpu_sec = (long)b->run_timeout + 2;
	lim->as_bytes = (size_t)2 << 30;
	lim->fsize_bytes = (size_t)16 << 20;
	lim->nofile = 64;
	lim->out_cap = 1 << 20;
}

int sim_add_steps(enum sim_kind k, struct pool_job *job, const struct sim_build *b)
{
	struct run_limits lim;
	const char *argv[64];
	struct buf def = BUF_INIT, inc = BUF_INIT, script = BUF_INIT;
	int n = 0, i, steps = 0;

	if (k == SIM_ICARUS) {
		buf_addf(&def, "-DVP_NONCE=%s", b->nonce_literal);
		buf_addf(&inc, "-I%s", b->incdir);
		argv[n++] = "iverilog";
		argv[n++] = "-g2012";
		argv[n++] = inc.data;
		argv[n++] = def.data;
		argv[n++] = "-s";
		argv[n++] = b->top;
		argv[n++] = "-o";
		argv[n++] = "sim.vvp";
		for (i = 0; i < b->nsources && n < 60; i++)
			argv[n++] = b->sources[i];
		argv[n] = NULL;
		compile_limits(&lim, b);
		pool_job_add_step(job, argv, &lim, 1);
		argv[0] = "vvp";
		argv[1] = "-n";
		argv[2] = "sim.vvp";
		argv[3] = NULL;
		run_limits_for(&lim, b);
		pool_job_add_step(job, argv, &lim, 1);
		steps = 2;
	} else {
		buf_addf(&def, "-DVP_NONCE=%s", b->nonce_literal);
		buf_addf(&inc, "-I%s", b->incdir);
		argv[n++] = "verilator";
		argv[n++] = "--cc";
		argv[n++] = "--exe";
		argv[n++] = "--main";
		argv[n++] = "--timing";
		argv[n++] = "-Wno-fatal";
		argv[n++] = "-Wno-lint";
		argv[n++] = "-Wno-style";
		argv[n++] = "--timescale";
		argv[n++] = "1ns/1ps";
		argv[n++] = "--prefix";
		argv[n++] = "Vsim";
		argv[n++] = "-Mdir";
		argv[n++] = "obj";
		if (b->fast_build)
			argv[n++] = "-fno-life";
		argv[n++] = "--top-module";
		argv[n++] = b->top;
		argv[n++] = inc.data;
		argv[n++] = def.data;
		for (i = 0; i < b->nsources && n < 60; i++)
			argv[n++] = b->sources[i];
		argv[n] = NULL;
		compile_limits(&lim, b);
		pool_job_add_step(job, argv, &lim, 1);

		/*
		 * One unity translation unit against the precompiled header,
		 * linked with the cached runtime: ~0.5 s instead of ~6 s.
		 */
		buf_addf(&script,
			 "cd obj && for f in Vsim*.cpp; do printf '#include \"%%s\"\\n' \"$f\"; done"
			 " > vp_all.cpp && g++ %s -include '%s/%s' -c vp_all.cpp -o vp_all.o"
			 " && g++ vp_all.o '%s/verilated.o' '%s/verilated_timing.o'"
			 " '%s/verilated_threads.o' -pthread -latomic -o Vsim",
			 b->fast_build ? b->vlt->cxxflags_fast : b->vlt->cxxflags, b->vlt->dir,
			 b->fast_build ? "vp_pch0.h" : "vp_pch.h", b->vlt->dir, b->vlt->dir, b->vlt->dir);
		argv[0] = "sh";
		argv[1] = "-c";
		argv[2] = script.data;
		argv[3] = NULL;
		pool_job_add_step(job, argv, &lim, 1);

		argv[0] = "obj/Vsim";
		argv[1] = NULL;
		run_limits_for(&lim, b);
		pool_job_add_step(job, argv, &lim, 1);
		steps = 3;
	}
	buf_release(&def);
	buf_release(&inc);
	buf_release(&script);
	return steps;
}

static int has_error_word(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i + 5 <= n; i++)
		if (!strncasecmp(s + i, "error", 5))
			return 1;
	return 0;
}

void sim_first_error(const char *log, const char *job_dir, size_t max, struct buf *out)
{
	const char *p = log, *first = NULL, *pick = NULL;
	size_t first_len = 0, pick_len = 0, dl = job_dir ? strlen(job_dir) : 0;

	buf_reset(out);
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *s = p;
		size_t m = n;

		while (m && (*s == ' ' || *s == '\t')) {
			s++;
			m--;
		}
		while (m && (s[m - 1] == '\r' || s[m - 1] == ' '))
			m--;
		if (m && !first) {
			first = s;
			first_len = m;
		}
		if (m && (has_error_word(s, m) || !strncmp(s, "%Warning", 8)) &&
		    !memmem(s, m, "Exiting due to", 14)) {
			pick = s;
			pick_len = m;
			break;
		}
		p += n + (nl ? 1 : 0);
	}
	if (!pick) {
		pick = first;
		pick_len = first_len;
	}
	if (!pick)
		return;
	while (pick_len && out->len < max) {
		if (dl && pick_len > dl && !strncmp(pick, job_dir, dl) && pick[dl] == '/') {
			pick += dl + 1;
			pick_len -= dl + 1;
			continue;
		}
		buf_addch(out, (unsigned char)*pick < 0x20 ? ' ' : *pick);
		pick++;
		pick_len--;
	}
	if (pick_len)
		buf_addstr(out, "...");
}
