/*
 * sandbox: the confinement policy of pool workers.  See sandbox.h.
 *
 * This file only decides *what* the confinement is: the bubblewrap command
 * line (built and probed here), or the calls a forked child makes when
 * bubblewrap is not usable.  Starting, feeding and killing the workers is
 * pool.c's job; per-job limits are run.c's.
 */
#define _GNU_SOURCE
#include "sim/sandbox.h"
#include "sim/run.h"
#include "sim/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * Optional hardening, most first; the probe keeps the strongest level this
 * machine's bubblewrap and kernel accept.
 *   2: + --unshare-user --disable-userns (no nested user namespaces),
 *        --size on the /tmp tmpfs
 *   1: + --cap-drop ALL (matters when we run as root)
 *   0: the base policy only
 */
#define SANDBOX_TMP_SIZE "268435456"   /* 256 MiB */

static int bwrap_level = -2;   /* -2: not probed; -1: unusable */
static char bwrap_path[64];    /* absolute, found by the probe */

static const char *const sandbox_env[] = {
	"PATH", "/usr/local/bin:/usr/bin:/bin",
	"HOME", "/nonexistent",
	"LANG", "C",
	"TZ", "UTC",
	NULL,
};

struct argv_builder {
	char **v;
	size_t nr, alloc;
};

static void push(struct argv_builder *a, const char *s)
{
	ALLOC_GROW(a->v, a->nr + 1, a->alloc);
	a->v[a->nr++] = s ? xstrdup(s) : NULL;
}

static void push_policy(struct argv_builder *a, int level)
{
	size_t i;

	push(a, bwrap_path);
	push(a, "--ro-bind"); push(a, "/"); push(a, "/");
	push(a, "--dev"); push(a, "/dev");
	push(a, "--proc"); push(a, "/proc");
	if (level >= 2) {
		/* A private /tmp that cannot eat all memory. */
		push(a, "--size"); push(a, SANDBOX_TMP_SIZE);
	}
	push(a, "--tmpfs"); push(a, "/tmp");
	push(a, "--unshare-all");
	if (level >= 2) {
		push(a, "--unshare-user");
		push(a, "--disable-userns");
	}
	push(a, "--die-with-parent");
	push(a, "--new-session");
	if (level >= 1) {
		push(a, "--cap-drop"); push(a, "ALL");
	}
	push(a, "--clearenv");
	for (i = 0; sandbox_env[i]; i += 2) {
		push(a, "--setenv");
		push(a, sandbox_env[i]);
		push(a, sandbox_env[i + 1]);
	}
}

static int probe_level(int level)
{
	struct argv_builder a = { NULL, 0, 0 };
	struct run_cmd cmd = { 0 };
	struct run_result res = RUN_RESULT_INIT;
	enum run_status st;
	size_t i;

	push_policy(&a, level);
	push(&a, "--");
	push(&a, "true");
	push(&a, NULL);
	cmd.argv = (const char *const *)a.v;
	cmd.lim.wall_sec = 20;
	cmd.lim.out_cap = 4096;
	st = run_command(&cmd, &res);
	run_result_release(&res);
	for (i = 0; i < a.nr; i++)
		free(a.v[i]);
	free(a.v);
	return st == RUN_OK;
}

int sandbox_bwrap_usable(void)
{
	if (bwrap_level == -2) {
		/* Where run_command() would find it with run_default_env(). */
		static const char *const dirs[] = {
			"/usr/local/bin/bwrap", "/usr/bin/bwrap", "/bin/bwrap", NULL,
		};
		int level, i;

		bwrap_level = -1;
		for (i = 0; dirs[i]; i++)
			if (!access(dirs[i], X_OK)) {
				strcpy(bwrap_path, dirs[i]);
				break;
			}
		if (!bwrap_path[0])
			return 0;
		for (level = 2; level >= 0; level--)
			if (probe_level(level)) {
				bwrap_level = level;
				break;
			}
	}
	return bwrap_level >= 0;
}

static enum sandbox_mode resolve(enum sandbox_mode m)
{
	if (m == SANDBOX_AUTO)
		return sandbox_bwrap_usable() ? SANDBOX_BWRAP : SANDBOX_NONE;
	return m;
}

const char *sandbox_describe(enum sandbox_mode m)
{
	return resolve(m) == SANDBOX_BWRAP ? "bwrap" : "rlimits";
}

static int add_binds(struct argv_builder *a, const char *opt,
		     const char *const *paths, struct buf *err)
{
	char real[PATH_MAX];
	size_t i;

	for (i = 0; paths && paths[i]; i++) {
		if (!realpath(paths[i], real)) {
			buf_setf(err, "cannot make '%s' visible in the sandbox: %s",
				 paths[i], strerror(errno));
			return -1;
		}
		push(a, opt);
		push(a, real);
		push(a, real);
	}
	return 0;
}

char **sandbox_argv(enum sandbox_mode m, const char *scratch_root,
		    const char *const *ro_binds, const char *const *rw_binds,
		    const char *const *inner_argv, struct buf *err)
{
	struct argv_builder a = { NULL, 0, 0 };
	const char *const scratch[] = { scratch_root, NULL };
	size_t i;

	m = resolve(m);
	if (m == SANDBOX_BWRAP) {
		if (!sandbox_bwrap_usable()) {
			buf_setf(err, "bubblewrap cannot create a sandbox on this machine "
				 "(is bwrap installed, and are namespaces allowed?)");
			return NULL;
		}
		push_policy(&a, bwrap_level);
		/*
		 * Binds come after "--tmpfs /tmp": the scratch root normally
		 * lives under the host's /tmp and must reappear at the same
		 * path on top of the private one.
		 */
		if (add_binds(&a, "--ro-bind", ro_binds, err) < 0 ||
		    add_binds(&a, "--bind", scratch_root ? scratch : NULL, err) < 0 ||
		    add_binds(&a, "--bind", rw_binds, err) < 0)
			goto fail;
		push(&a, "--");
	}
	for (i = 0; inner_argv[i]; i++)
		push(&a, inner_argv[i]);
	push(&a, NULL);
	return a.v;
fail:
	push(&a, NULL);
	sandbox_argv_free(a.v);
	return NULL;
}

void sandbox_argv_free(char **argv)
{
	size_t i;

	if (!argv)
		return;
	for (i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
}

void sandbox_enter_fallback(void)
{
	/* No controlling terminal: no TIOCSTI, no terminal signals. */
	setsid();
	/*
	 * Root (CAP_SYS_ADMIN) can leave the host's network and System V
	 * IPC; anyone else gets EPERM and keeps them: best effort.
	 */
	unshare(CLONE_NEWNET);
	unshare(CLONE_NEWIPC);
}
