/*
 * import: turn public benchmark folders into task folders of our format
 * (testbench/task.h), keeping each benchmark's own testbench as a human
 * bench through a verdict adapter (testbench/vadapt.h).
 *
 *   import_verilog_eval()  VerilogEval v2: ProbNNN_<name>_{prompt.txt,
 *                          ref.sv,test.sv}, in dataset_spec-to-rtl or
 *                          dataset_code-complete-iccad2023 (or a folder
 *                          holding both)
 *   import_rtllm()         RTLLM: one folder per design (at any depth) with
 *                          design_description.txt, testbench.v and
 *                          verified_<name>.v
 *
 * Both share import_write_task(), which infers the clock and reset from the
 * reference's ports, appends an "## Interface" block to the spec, writes
 * task.json, spec.md, ref.v and tb/<bench>, and loads the result back with
 * task_load() so that only valid tasks stay on disk.
 *
 * The importers never print.  A problem that a benchmark file causes (a
 * missing file, a reference without the expected module) skips that problem
 * and adds one line to log->notes; only I/O failures on the output folder
 * or an unreadable input folder end the import (-1 with err).
 */
#ifndef VP_IMPORT_H
#define VP_IMPORT_H

#include "sim/buf.h"
#include "testbench/vadapt.h"
#include "testbench/vmod.h"

#include <stddef.h>

struct import_log {
	size_t imported;
	size_t skipped;
	struct buf notes;  /* "<problem>: <why it was skipped>\n" per skip */
	struct buf done;   /* "<task id>\n" per imported task, in order */
};

#define IMPORT_LOG_INIT { 0, 0, BUF_INIT, BUF_INIT }
void import_log_release(struct import_log *log);

struct import_opts {
	const char *out;   /* the tasks folder (created if missing) */
	int force;         /* replace task folders that already exist */
};

/* One task to write; every pointer is borrowed. */
struct import_task {
	const char *id;
	const char *origin;          /* where it came from, for task.json "source" */
	const char *suite;           /* "verilog-eval", "rtllm" */
	const char *spec;            /* markdown body (without the interface block) */
	const char *top;             /* module candidates write */
	const char *ref;             /* reference declaring top */
	size_t ref_len;
	const char *tb_name;         /* file name under tb/, ending in ".v" */
	const char *tb;
	size_t tb_len;
	const char *tb_ref_module;   /* NULL, or the name the bench expects */
	struct vadapt_rules verdict; /* .pass NULL: the bench uses vp_harness.vh */
	const char *const *tags;
	size_t ntags;
};

/*
 * Write it->id under o->out.  Returns 0 when written and valid; 1 when the
 * task was skipped (already exists without force, ports unreadable, or the
 * written task does not load — its folder is removed then), with the reason
 * in err; -1 on an I/O error, with err set.
 */
int import_write_task(const struct import_opts *o, const struct import_task *it,
		      struct buf *err);

/*
 * The clock and reset of a module, guessed from its 1-bit input ports'
 * names (clk, clock; reset, rst, areset, arst, rst_n, resetn ...): a name
 * ending in "_n"/"n" after reset/rst is active low; the reset is
 * asynchronous when src has `posedge <reset>` or `negedge <reset>`.  NULL
 * when none.  The strings point into ports.
 */
struct import_clkrst {
	const char *clock, *reset;
	int reset_active_high, reset_sync;
};
void import_infer_clkrst(const struct vmod_ports *ports, const char *src, size_t len,
			 struct import_clkrst *out);

/* Append "```verilog\nmodule top (\n    input  [7:0] a,\n ...\n);\n```\n". */
void import_interface(const char *top, const struct vmod_ports *ports, struct buf *out);

/* 0 when dir is a readable directory, else -1 with "cannot open 'dir': ...". */
int import_check_dir(const char *dir, struct buf *err);

int import_verilog_eval(const char *dir, const struct import_opts *o, struct import_log *log,
			struct buf *err);
int import_rtllm(const char *dir, const struct import_opts *o, struct import_log *log,
		 struct buf *err);

#endif
