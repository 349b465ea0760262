/*
 * sim: drivers for the HDL simulators — Icarus Verilog (iverilog + vvp) and
 * Verilator 5 — expressed as pool job steps.
 *
 * A driver knows how to turn "these sources, this top, this nonce" into the
 * commands that compile and run a simulation, how to find the tools, and how
 * to pull the first meaningful error line out of a log.  It knows nothing of
 * candidates, testbenches or verdicts (testbench/ and pipeline/ do).
 *
 * Verilator is fast only with care: a naive `verilator --binary` rebuilds
 * Verilator's own runtime (verilated.cpp & co) with g++ for every model,
 * about 5 s.  sim_verilator_prepare() builds that runtime once per Verilator
 * version and flag set into a cache directory, together with a precompiled
 * header of the Verilator headers; each model then compiles as one unity
 * translation unit against the header and links the cached objects.
 */
#ifndef VP_SIM_H
#define VP_SIM_H

#include "sim/buf.h"
#include "sim/pool.h"

enum sim_kind {
	SIM_ICARUS = 0,
	SIM_VERILATOR = 1,
	SIM_NKINDS
};

/* "iverilog" or "verilator" (the names users type). */
const char *sim_name(enum sim_kind k);
/* Parse a simulator name; returns 0 and sets *k, or -1. */
int sim_parse(const char *s, enum sim_kind *k);

/*
 * Check that the simulator's programs are installed where grading jobs look
 * for them: the PATH of run_default_env(), not the caller's.  Returns 0, or -1 with
 * a sentence naming the missing program in err.  A missing simulator is an
 * error of the run, never a candidate's failure.
 */
int sim_check_tools(enum sim_kind k, struct buf *err);

/* What a Verilator build needs from the runtime cache (sim_verilator_prepare). */
struct sim_vlt_runtime {
	char *dir;        /* cache directory holding the objects and the PCH */
	char *cxxflags;   /* flags every model compile must use (space-separated) */
	char *cxxflags_fast;  /* the same at -O0, for SIM_BUILD_FAST models */
};

/*
 * Make sure the Verilator runtime objects and precompiled header exist under
 * cache_root (built once, under a lock, atomically renamed into place; ccache
 * is used for the build when installed).  Fills rt.  Returns 0, or -1 with
 * the compiler's first error in err.
 */
int sim_verilator_prepare(const char *cache_root, struct sim_vlt_runtime *rt,
			  struct buf *err);
/*
 * The same for models built with coverage (-DVM_COVERAGE=1, plus
 * verilated_cov.o): a separate cache entry, since the flags differ.  Used by
 * sim/cover.h.
 */
int sim_verilator_prepare_coverage(const char *cache_root, struct sim_vlt_runtime *rt,
				   struct buf *err);
void sim_vlt_runtime_release(struct sim_vlt_runtime *rt);

/* One simulation to build and run inside a pool job's directory. */
struct sim_build {
	const char *const *sources;  /* file names relative to the job dir, in
					compile order */
	int nsources;
	const char *incdir;          /* include path for the harness */
	const char *top;             /* top module (the testbench) */
	const char *nonce_literal;   /* e.g. "64'h0123456789abcdef" */
	double compile_timeout;      /* seconds, for each compile step */
	double run_timeout;          /* seconds, for the simulation */
	const struct sim_vlt_runtime *vlt;  /* required for SIM_VERILATOR */
	/*
	 * Verilator: a model whose build dwarfs its run (a batch of many
	 * candidates, pipeline/gradebatch.h): compiled at -O0 against the -O0
	 * precompiled header, about 3x faster to build, slower to run; and
	 * with -fno-life, since Verilator 5.006's lifetime pass folds a
	 * counter to a stale constant across a long task with timing controls
	 * (a 100-slot batch bench printed DONE 0 0).
	 */
	int fast_build;
};

/*
 * Append the compile and run steps of b for simulator k to job.  The last
 * step added is the simulation; every earlier one is a build step.  Returns
 * the number of steps added.
 */
int sim_add_steps(enum sim_kind k, struct pool_job *job, const struct sim_build *b);

/*
 * Copy into out the first line of log that reports an error or a Verilator
 * %Warning, skipping Verilator's closing "Exiting due to N error(s)" (or,
 * failing that, the first non-blank line), trimmed to at most max bytes with the job
 * directory's path removed.  out is reset first.
 */
void sim_first_error(const char *log, const char *job_dir, size_t max, struct buf *out);

/* The simulator's version line ("Icarus Verilog version 11.0 ..."), or "". */
void sim_version(enum sim_kind k, struct buf *out);

#endif
