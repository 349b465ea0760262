/*
 * sandbox: how a worker process is confined.
 *
 * With bubblewrap (preferred): a new user/pid/net/ipc/uts namespace, the host
 * root mounted read-only, a private /tmp, /dev minimal, only the pool's
 * scratch directory (and explicitly listed paths) writable, no network, dies
 * with its parent.  Without bubblewrap: a new session, rlimits on every job,
 * and unshare() of network and IPC namespaces where the kernel allows it.
 * Per-job limits (CPU, memory, file size, open files, wall clock) are applied
 * by run_command() inside the sandbox either way.
 */
#ifndef VP_SANDBOX_H
#define VP_SANDBOX_H

#include "sim/buf.h"

enum sandbox_mode {
	SANDBOX_AUTO = 0,   /* bubblewrap if it works here, else SANDBOX_NONE */
	SANDBOX_BWRAP,      /* bubblewrap; failing to start it is an error */
	SANDBOX_NONE,       /* rlimits + new session + namespaces where allowed */
};

/* Whether bubblewrap is installed and can create a sandbox on this machine
   (probed once, then cached). */
int sandbox_bwrap_usable(void);

/* Name of the mode actually in use for opts mode m: "bwrap" or "rlimits". */
const char *sandbox_describe(enum sandbox_mode m);

/*
 * The command line that runs inner_argv confined by mode m (SANDBOX_AUTO is
 * resolved with sandbox_bwrap_usable()).  For bubblewrap:
 *   bwrap --ro-bind / / --dev /dev --proc /proc [--size 256MiB] --tmpfs /tmp
 *         --unshare-all [--unshare-user --disable-userns] --die-with-parent
 *         --new-session [--cap-drop ALL] --clearenv --setenv PATH ... (HOME,
 *         LANG, TZ as run_default_env())
 *         [--ro-bind P P]... [--bind scratch_root scratch_root] [--bind P P]...
 *         -- inner_argv...
 * (bracketed hardening only where the probe found it works; every bind path
 * is resolved with realpath() and mounted at the same path inside).  For
 * SANDBOX_NONE: a copy of inner_argv; the forked child must also call
 * sandbox_enter_fallback().  scratch_root, ro_binds and rw_binds may be NULL.
 *
 * Returns a NULL-terminated array of malloc'ed strings (free it with
 * sandbox_argv_free()), or NULL with a sentence in err when bubblewrap was
 * asked for but is unusable, or a bind path cannot be resolved.
 */
char **sandbox_argv(enum sandbox_mode m, const char *scratch_root,
		    const char *const *ro_binds, const char *const *rw_binds,
		    const char *const *inner_argv, struct buf *err);
/* Free what sandbox_argv() returned.  NULL is accepted. */
void sandbox_argv_free(char **argv);

/*
 * The confinement of SANDBOX_NONE, for a forked child just before exec:
 * setsid(), then unshare() of the network and IPC namespaces where the kernel
 * permits (EPERM is ignored: best effort).  Async-signal-safe.
 */
void sandbox_enter_fallback(void);

#endif
