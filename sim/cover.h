/*
 * cover: line and toggle coverage of one Verilog file under a simulation,
 * measured with Verilator (--coverage-line --coverage-toggle).
 *
 * Verilator 5.006's --binary/--main model never writes coverage.dat, so
 * cover_run() builds the model with a small C++ main of its own that runs the
 * simulation to $finish (or until no event is left) and then calls
 * VerilatedCov::write().  The build reuses sim.h's scheme — one unity
 * translation unit against a precompiled header, linked with a runtime
 * cached once per flag set (sim_verilator_prepare_coverage) — and runs as a
 * pool job, sandboxed and under deadlines, like every grading job.
 *
 * cover_summarise() turns coverage.dat into counts for one source file:
 * points are merged across instances (hierarchy ignored, counts summed); a
 * line is covered when every line or branch point spanning it was hit (as
 * verilator_coverage --annotate marks lines), a toggle point is hit when its
 * count is non-zero.
 *
 * Not for: knowing what a testbench or a verdict is (pipeline/tbval.h).
 */
#ifndef VP_COVER_H
#define VP_COVER_H

#include "sim/buf.h"

#include <stddef.h>

/* A file written into the job directory; sources are compiled in array order. */
struct cover_file {
	const char *name;    /* plain file name, e.g. "ref.v" */
	const char *text;
	size_t len;
	int is_source;       /* passed to Verilator (else only written: an include) */
};

struct cover_opts {
	const char *worker_exe;   /* as pool_opts */
	int sandbox;
	const char *tmp_dir;
	const char *cache_root;   /* for the coverage runtime (required) */
	const char *top;          /* top module */
	const char *const *defines;  /* "NAME=VALUE" (+define+), NULL-terminated; may be NULL */
	double compile_timeout;   /* seconds per build step */
	double run_timeout;       /* seconds for the simulation */
};

enum cover_status {
	COVER_OK = 0,        /* ran; coverage.dat is in dat */
	COVER_FAILED,        /* the design did not build or run under Verilator:
				the reason in msg (the inputs' fault) */
	COVER_ERROR,         /* infrastructure: Verilator or g++ missing, the
				runtime not buildable, a worker died (err) */
};

/*
 * Build files under Verilator with coverage, run it, and put the contents of
 * coverage.dat (at most 64 MiB) into dat (appended).  Returns the status;
 * msg gets one line for COVER_FAILED ("verilator build failed: ...",
 * "simulation timed out after 10.0 s", "simulation wrote no coverage.dat"),
 * err one sentence for COVER_ERROR.
 */
enum cover_status cover_run(const struct cover_opts *o, const struct cover_file *files,
			    int nfiles, struct buf *dat, struct buf *msg, struct buf *err);

struct cover_summary {
	size_t lines_hit, lines_total;
	size_t toggles_hit, toggles_total;
	unsigned long *uncovered;  /* line numbers never (fully) executed, ascending; owned */
	size_t nuncovered;
};

#define COVER_SUMMARY_INIT { 0, 0, 0, 0, NULL, 0 }

/*
 * Summarise coverage.dat text dat[0..len) for the points whose file ('f'
 * key) is `file` or ends with "/" + `file` (Verilator may record the
 * absolute path of the job directory).  Fills *s (released or fresh).  Returns 0, or -1
 * with a sentence in err when the text is not a coverage file (no
 * "# SystemC::Coverage" header) or a point line is malformed.  Line numbers
 * above 10,000,000 are ignored.
 */
int cover_summarise(const char *dat, size_t len, const char *file, struct cover_summary *s,
		    struct buf *err);
void cover_summary_release(struct cover_summary *s);

#endif
