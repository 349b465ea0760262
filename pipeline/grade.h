/*
 * grade: the grading engine — every candidate against every testbench in
 * every chosen simulator, sandboxed, with verdicts the candidate cannot forge.
 *
 * For each candidate: a size cap and the forbidden-construct scan
 * (testbench/vscan.h) run first; identical candidates (same normalised hash)
 * are simulated once.  Each (candidate, testbench, simulator) cell is one pool
 * job in its own directory, compiled with a fresh random nonce; only output
 * lines tagged with that nonce count (testbench/verdict.h).  A simulation
 * without the tagged final line is never a pass.
 *
 * Benches of other suites (grade_testbench.ref_as / .verdict, filled from
 * task.json by grade_task_testbenches()): the reference is compiled beside
 * the bench under the name it instantiates (the candidate may not name any
 * of the reference's modules: such a cell is forbidden), and a bench that
 * prints its own verdict is judged by a verdict adapter (testbench/vadapt.h)
 * on nonce-tagged lines.
 *
 * Infrastructure failures — a simulator missing, a worker dying, a tool that
 * cannot be started — are errors of the run: grade_run() returns -1 and no
 * candidate is blamed.  This module does not print; the caller gets cells.
 */
#ifndef VP_GRADE_H
#define VP_GRADE_H

#include "sim/buf.h"
#include "sim/sim.h"
#include "testbench/task.h"
#include "testbench/vadapt.h"

#include <stddef.h>
#include <stdint.h>

enum grade_outcome {
	GRADE_PASS = 0,
	GRADE_FAIL,
	GRADE_COMPILE_ERROR,
	GRADE_TIMEOUT,
	GRADE_CRASH,
	GRADE_FORBIDDEN,
	GRADE_NOUTCOMES
};

/* "pass", "fail", "compile_error", "timeout", "crash", "forbidden". */
const char *grade_outcome_name(enum grade_outcome o);

struct grade_candidate {
	const char *name;   /* as the user gave it (not owned) */
	const char *text;   /* source bytes (not owned; may contain NULs) */
	size_t len;
	size_t size;        /* size of the whole file when text was cut short
			       at the cap (> len), else len or 0 */
};

struct grade_testbench {
	const char *name;   /* e.g. "adder8_tb.v" (not owned) */
	const char *text;   /* source (not owned) */
	size_t len;
	/*
	 * For benches of other suites (zero for our own; all borrowed).
	 * ref_as: the bench instantiates the reference under this name, so
	 * ref_text is compiled with module ref_top renamed to ref_as (its
	 * other modules get a suffix) between the bench and the candidate.
	 * verdict.pass: the bench prints its own verdict; it is compiled with
	 * its prints tagged and judged by these rules (testbench/vadapt.h).
	 */
	const char *ref_as;
	const char *ref_top;
	const char *ref_text;
	size_t ref_len;
	struct vadapt_rules verdict;
};

/*
 * Fill tbs[0 .. t->ntbs) from the task's benches, including what task.json
 * declares for them (tb_ref_module, tb_verdict).  Pointers borrow from t.
 */
void grade_task_testbenches(const struct task *t, struct grade_testbench *tbs);

struct grade_cell {
	int cand;                  /* index into the candidates */
	int tb;                    /* index into the testbenches */
	enum sim_kind sim;
	enum grade_outcome outcome;
	int checks_passed;
	int checks_total;
	char *message;             /* one line; owned by the cell */
	double wall_ms;            /* time of this cell's jobs (0 if shared) */
	int same_as;               /* index of the identical candidate whose
				      simulation this cell reuses, or -1 */
	char *log;                 /* with grade_opts.keep_log: the output of the
				      failing build step (compile_error) or of the
				      simulation, the job directory's path removed and
				      verdict tags shown as "@vp:", at most
				      GRADE_LOG_MAX bytes; owned; else NULL */
};

#define GRADE_LOG_MAX ((size_t)16 << 10)

struct grade_opts {
	unsigned sims;             /* bit (1u << SIM_*) per simulator */
	int jobs;                  /* parallel workers */
	double run_timeout;        /* seconds per simulation */
	double compile_timeout;    /* seconds per compile step */
	size_t max_candidate_bytes;
	const char *harness_text;  /* contents of vp_harness.vh */
	const char *worker_exe;    /* veripref binary (runs "__worker") */
	int sandbox;               /* enum sandbox_mode */
	const char *cache_root;    /* for the Verilator runtime cache */
	const char *tmp_dir;       /* where job directories live (NULL: the
				      pool's default, see pool.h) */
	int keep_log;              /* fill grade_cell.log (for repair prompts) */
	/* Called after each finished job (may be NULL). */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *progress_ctx;
};

/* Defaults: Icarus only, one job per online CPU, 10 s per simulation, 60 s
   per compile step, 2 MiB candidates, sandbox auto. */
void grade_opts_init(struct grade_opts *o);

/*
 * Grade ncand candidates against ntb testbenches.  On success returns 0 and
 * an array of ncand * ntb * (simulators chosen) cells in the order candidate,
 * testbench, simulator (caller frees with grade_cells_free()).  Returns -1
 * with one sentence in err on an infrastructure failure.
 */
int grade_run(const struct grade_opts *opts,
	      const struct grade_testbench *tbs, int ntb,
	      const struct grade_candidate *cands, int ncand,
	      struct grade_cell **cells, size_t *ncells, struct buf *err);

void grade_cells_free(struct grade_cell *cells, size_t n);

/*
 * The simulators o->sims selects, in grade_run()'s cell order, into sims;
 * each simulator's tools checked, and Verilator's runtime prepared into vlt
 * when selected (release with sim_vlt_runtime_release()).  Returns their
 * number, or -1 with err set (a tool missing, no simulator selected).
 */
int grade_sims(const struct grade_opts *o, enum sim_kind sims[SIM_NKINDS],
	       struct sim_vlt_runtime *vlt, struct buf *err);

/*
 * The checks grade_run() applies to a candidate before simulating it (size
 * cap, forbidden-construct scan).  Returns 1 when it is forbidden, with the
 * reason in *reason (owned by the caller), else 0 with the normalised hash
 * that identifies duplicates in *hash and *reason NULL.
 */
int grade_check_candidate(const struct grade_opts *o, const struct grade_candidate *c,
			  char **reason, uint64_t *hash);

struct verdict;
/*
 * Set cell's outcome, counts and message from the verdict of a simulation
 * of one of our own benches that exited normally with a well-formed DONE
 * line: pass, or fail with "N of M checks failed; first: ..." (or "testbench
 * made no checks", "more than one verdict line").  Shared with the batch
 * grader so that both paths word results alike.
 */
void grade_cell_set_verdict(struct grade_cell *cell, const struct verdict *v);

#endif
