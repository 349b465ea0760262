/*
 * tbval: validate one testbench of one task — the question "may this bench
 * grade?" answered with evidence a person or a repairing model can act on.
 *
 * tbval_check() takes a loaded task (testbench/task.h, with ref.v) and one
 * testbench text and measures, as opts->what asks:
 *
 *	TBVAL_REF       does it compile, and pass the reference, in every
 *	                simulator of opts->sims (one grade_run(); compiling is
 *	                part of it, TBVAL_COMPILE is the same bit's alias)
 *	TBVAL_COVERAGE  line and toggle coverage of ref.v under the bench
 *	                (Verilator --coverage, sim/cover.h)
 *	TBVAL_MUTATION  how many mutants of ref.v (testbench/vmutate.h) it kills,
 *	                graded with opts->mutant_sim
 *	TBVAL_EQUIV     the mutants it does not kill are checked with Yosys
 *	                (sim/equiv.h); proven-equivalent ones leave the score's
 *	                denominator
 *
 * Coverage and mutation run only for a bench that compiles and passes the
 * reference everywhere (otherwise they mean nothing); both run even when the
 * other falls short, so a repair prompt gets both lists.
 * The report carries the texts a repair prompt needs: compile logs, the
 * failing checks on the reference, uncovered lines ("ref.v:42: <line>") and
 * surviving mutants.  Nothing is printed; pipeline/cmd_tbcheck.c prints.
 *
 *	struct tbval_opts o;
 *	struct tbval_report r;
 *	tbval_opts_init(&o, &grade_opts);
 *	struct grade_testbench tb = { .name = "tb.v", .text = text, .len = len };
 *	if (tbval_check(&o, &task, &tb, &r, &err) < 0) ... err ...
 *	... r.verdict, r.reason, r.sim[SIM_ICARUS].log, r.uncovered, r.survivors ...
 *	tbval_report_release(&r);
 */
#ifndef VP_TBVAL_H
#define VP_TBVAL_H

#include "pipeline/grade.h"
#include "sim/buf.h"
#include "sim/sim.h"
#include "testbench/task.h"
#include "testbench/vmutate.h"

#include <stddef.h>
#include <stdint.h>

/* What to measure (opts.what). */
#define TBVAL_COMPILE  0x01u  /* same run as TBVAL_REF */
#define TBVAL_REF      0x01u
#define TBVAL_COVERAGE 0x02u
#define TBVAL_MUTATION 0x04u
#define TBVAL_EQUIV    0x08u
#define TBVAL_ALL      0x0fu

struct tbval_opts {
	const struct grade_opts *grade;  /* simulators, jobs, timeouts, harness,
					    worker, sandbox, cache (borrowed) */
	unsigned sims;               /* (1u << SIM_*) for the reference run;
					0: grade->sims */
	unsigned what;               /* TBVAL_* bits */
	size_t max_mutants;          /* mutants drawn from ref.v (0: every site) */
	uint64_t seed;               /* of the mutant draw */
	enum sim_kind mutant_sim;    /* simulator grading the mutants */
	double min_coverage;         /* line coverage in percent, 0..100 */
	double min_mutation_score;   /* 0..1 */
	double equiv_timeout;        /* seconds of Yosys per surviving mutant */
	unsigned equiv_steps;        /* Yosys's bound (sim/equiv.h max_steps) */
	double equiv_budget;         /* seconds of Yosys per tbval_check() in all
					(0: no limit); survivors left when it is
					spent are "unknown" */
	const char *tmp_dir;         /* for coverage and Yosys work dirs (NULL:
					grade->tmp_dir, then /tmp) */
	struct tbval_cache *cache;   /* optional: Yosys verdicts shared between
					calls for the same task (tbval_cache_new) */
};

/*
 * Yosys verdicts by mutant text, so that the survivors of several benches of
 * one task are proved once.  Owned by the caller; not thread-safe.
 */
struct tbval_cache *tbval_cache_new(void);
void tbval_cache_free(struct tbval_cache *c);
/* Number of verdicts held (0 for NULL). */
size_t tbval_cache_size(const struct tbval_cache *c);

/* Defaults: TBVAL_ALL, 40 mutants, seed 1, mutants with Icarus, 80 % line
   coverage, score 0.8, 10 s and 40 steps of Yosys per mutant and 120 s per
   call, no cache.
   grade is borrowed. */
void tbval_opts_init(struct tbval_opts *o, const struct grade_opts *grade);

/* What the reference run found in one simulator. */
struct tbval_sim {
	int ran;                     /* this simulator was asked for */
	int compiled;
	int passes;                  /* the bench passes the reference */
	enum grade_outcome outcome;
	int checks_passed, checks_total;
	char *message;               /* one line (grade_cell.message); owned */
	char *log;                   /* compile log when !compiled, else the
					simulation output (failing checks are
					its "@vp:FAIL <check> got= exp=" lines);
					owned, never NULL after a run */
};

enum tbval_equiv {
	TBVAL_EQ_NONE = 0,           /* not checked (killed, invalid, or no TBVAL_EQUIV) */
	TBVAL_EQ_EQUIVALENT,
	TBVAL_EQ_DIFFERENT,
	TBVAL_EQ_UNKNOWN,
};

/* "-", "equivalent", "not_equivalent", "unknown". */
const char *tbval_equiv_name(enum tbval_equiv e);

struct tbval_mutant {
	enum vmutate_op op;
	unsigned long line, col;
	char *desc;                  /* vmutate's "line 12 col 9: '+' -> '-'"; owned */
	char *changed;               /* the mutated source line, trimmed; owned */
	int valid;                   /* compiled */
	int killed;
	enum grade_outcome outcome;  /* of the bench on this mutant */
	enum tbval_equiv equiv;
	char *equiv_detail;          /* Yosys's reason or counterexample line; owned or NULL */
};

enum tbval_verdict {
	TBVAL_KEPT = 0,
	TBVAL_REJECTED,
};

struct tbval_report {
	unsigned what;               /* the stages that ran to completion */
	struct tbval_sim sim[SIM_NKINDS];
	int compiles;                /* in every simulator asked */
	int passes_reference;        /* in every simulator asked */

	/* TBVAL_COVERAGE (of ref.v's lines only) */
	size_t lines_hit, lines_total;
	size_t toggles_hit, toggles_total;
	double line_pct, toggle_pct; /* 100 * hit / total; 100 when total is 0 */
	char *uncovered;             /* "ref.v:42: <source line>\n" per line never
					executed; owned, "" when none */

	/* TBVAL_MUTATION / TBVAL_EQUIV */
	struct tbval_mutant *mutants;
	size_t nmutants;             /* drawn */
	size_t valid, killed;        /* valid = compiled */
	size_t equivalent, not_equivalent, unknown;  /* among the survivors */
	double score;                /* killed / (valid - equivalent); -1 when
					that denominator is 0 */
	char *survivors;             /* per valid mutant not killed, one line
					"<op> line:col: <changed line>" plus, after
					TBVAL_EQUIV, " (equivalent)" or
					" (not_equivalent: <counterexample>)" or
					" (unknown: <why>)"; owned */

	enum tbval_verdict verdict;
	char *reason;                /* one sentence; owned */
};

/*
 * Validate the bench tb against task t, which must have a reference.  tb
 * is as grade.h grades it: a bench of the task's own comes from
 * grade_task_testbenches() (so a bench that instantiates the reference or
 * prints its own verdict keeps its task.json settings); any other text is a
 * zeroed struct with name, text and len.  Fills *r (previous contents are not freed: pass a
 * released or fresh report).  Returns 0 whatever the verdict, or -1 with a
 * sentence in err on an infrastructure failure (a simulator or Yosys
 * missing, a worker dying); r is then still safe to release.
 */
int tbval_check(const struct tbval_opts *o, const struct task *t,
		const struct grade_testbench *tb, struct tbval_report *r, struct buf *err);

/* Free everything the report owns; it is zeroed afterwards.  Accepts NULL. */
void tbval_report_release(struct tbval_report *r);

#endif
