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

#endif
