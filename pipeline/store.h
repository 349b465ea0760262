/*
 * store: the run store — one SQLite database, RUN/run.db, that holds every
 * row a run produces, so that each stage does only the work that is missing
 * and a run killed at any moment resumes where it stopped.
 *
 * A run directory holds:
 *
 *	run.db, run.db-wal, run.db-shm   the store (WAL mode)
 *	lock                             flock()ed for the life of the process
 *	                                 that has the store open (holds its pid)
 *	pairs.<format>.jsonl             written by the pairs stage
 *	dataset_info.json                (llamafactory format only)
 *
 * Opening takes an exclusive, non-blocking flock on RUN/lock: a second
 * process on the same run directory gets a clear error and touches nothing;
 * the lock goes away with the process (even on SIGKILL).  The database is
 * opened with journal_mode=WAL, synchronous=NORMAL, foreign_keys=ON and a
 * busy_timeout; every write goes through a transaction (store_begin /
 * store_commit), and a crash loses only the transaction in flight.
 *
 * Schema (version STORE_SCHEMA_VERSION in PRAGMA user_version; a database
 * with a newer version is refused: "RUN/run.db has schema version 9, newer
 * than this veripref (1); use a newer veripref"):
 *
 *   config(key PK, value)            the run's settings (seed, generator,
 *                                    model, n, tb, sim, method, pairs, format,
 *                                    shard, tasks, prompt ...); a resume
 *                                    with another value is refused; a run
 *                                    made by veripref merge has shard
 *                                    "0/1" and shards = the shard count
 *   tasks(id PK, kind 'rtl'|'sw', dir, spec, ref, prompt, has_ref)
 *                                    spec and ref (NULL when none) as read,
 *                                    so later stages need only the store;
 *                                    prompt is what the model sees (the
 *                                    filled template) — pairs use it
 *   testbenches(task, name, kind 'human'|'differential'|'llm'|'signature'
 *               |'test'|'truth', text, multiplicity, status, reason,
 *               metrics)                         PK (task, name)
 *                                    'test' and 'truth' are the software
 *                                    path's generated asserts and ground-
 *                                    truth test; multiplicity counts
 *                                    duplicate tests (default 1);
 *                                    status: STORE_TB_PENDING (-1, not yet
 *                                    validated), STORE_TB_REJECTED (0),
 *                                    STORE_TB_VALID (1), STORE_TB_UNVALIDATED
 *                                    (2: no reference to check it against;
 *                                    grades as an unvalidated matrix);
 *                                    reason: why rejected; metrics: JSON
 *   candidates(task, id, origin 'llm'|'import'|'mutate'|'reference', text,
 *              hash, first_sample, note)          PK (task, id)
 *                                    one row per distinct normalised text;
 *                                    id = the normalised hash (16 hex), so it
 *                                    does not depend on insertion order;
 *                                    text/origin are those of the sample with
 *                                    the lowest index; note: e.g. the mutant
 *   samples(task, idx, cand, origin, model, finish_reason, truncated,
 *           prompt_tokens, completion_tokens)     PK (task, idx)
 *                                    every draw; multiplicity of a candidate
 *                                    = its number of samples
 *   results(task, cand, tb, sim, outcome, passed, total, message, wall_ms,
 *           signature)                            PK (task, cand, tb, sim)
 *   scores(task, cand, method, score, grp)        PK (task, cand, method)
 *                                    score/grp NULL when unranked
 *   pairs(task, idx, chosen, rejected, chosen_score, rejected_score, record)
 *                                    PK (task, idx); record = the JSON line
 *   drops(task, stage, reason)       PK (task, stage): why a task gave nothing
 *   stages(name PK, done, wall_ms, items)         timing and completion
 *   usage(stage, task, requests, prompt_tokens, completion_tokens, cached)
 *                                    PK (stage, task): LLM token counts
 *   llm_cache(...)                   created by llm_cache_attach() (llm_cache.h)
 *
 * Every list function returns rows in a fixed order (by key, strcmp order
 * through SQLite's BINARY collation), never in insertion order, so stores
 * built by different processes (shards) hold and yield the same thing.
 *
 * Errors: functions return 0 (or a count, or 1 for "found") and -1 with one
 * sentence in err.  A write refused for lack of space (SQLITE_FULL, EFBIG,
 * ENOSPC) says "disk full" and store_is_full() is true afterwards; the store
 * stays consistent (the transaction is rolled back) and resumable.
 * This module never prints and never exits.
 */
#ifndef VP_STORE_H
#define VP_STORE_H

#include "sim/buf.h"

#include <stddef.h>

#define STORE_SCHEMA_VERSION 1
#define STORE_DB_NAME "run.db"
#define STORE_LOCK_NAME "lock"

struct sqlite3;
struct store;

enum store_tb_status {
	STORE_TB_PENDING = -1,
	STORE_TB_REJECTED = 0,
	STORE_TB_VALID = 1,
	STORE_TB_UNVALIDATED = 2,
};

/* Whether dir holds a run store (dir/run.db exists). */
int store_exists(const char *dir);

/* Flags of store_open(). */
#define STORE_CREATE 1    /* create dir (one level) and run.db when missing */
#define STORE_READONLY 2  /* read only, without the lock: for reports on a live run */

/*
 * Open the run in dir: create it (STORE_CREATE); lock it; set the pragmas;
 * check the schema version and create the tables of a new store.  With
 * STORE_READONLY nothing is written and no lock is taken (SQLite's WAL
 * lets a reader see the last committed state while a run writes).  Returns
 * NULL with err set: the directory is missing, it is locked by another
 * process ("run directory 'R' is in use by another veripref process (pid
 * N)"), not a database, or of a newer schema.  Close with store_close().
 */
struct store *store_open(const char *dir, int flags, struct buf *err);

/* Roll back an open transaction, close the database, drop the lock.  NULL ok. */
void store_close(struct store *s);

/* The run directory, as given to store_open(). */
const char *store_dir(const struct store *s);

/* The database handle (for llm_cache_attach()); owned by the store. */
struct sqlite3 *store_db(struct store *s);

/* Whether the last failure was a full disk (or a file-size limit). */
int store_is_full(const struct store *s);

/* Transactions (BEGIN IMMEDIATE / COMMIT / ROLLBACK).  0 or -1 with err. */
int store_begin(struct store *s, struct buf *err);
int store_commit(struct store *s, struct buf *err);
void store_rollback(struct store *s);

/* ---- config ---- */

/* 1 and the value in val (reset first), 0 when missing, -1 with err. */
int store_config_get(struct store *s, const char *key, struct buf *val, struct buf *err);
/* Insert or replace. */
int store_config_set(struct store *s, const char *key, const char *value, struct buf *err);
/*
 * Compare kv (n alternating keys and values) with the stored config: a key
 * stored with another value fails with err "run 'R' was made with --seed 1;
 * it cannot be resumed with --seed 2" (flag = "--" key) and returns 1;
 * missing keys are stored.  0 when everything matches, -1 on a database error.
 */
int store_config_check(struct store *s, const char *const *kv, size_t n, struct buf *err);

/* ---- tasks ---- */

struct store_task {
	char *id;
	char *kind;    /* "rtl" or "sw" */
	char *dir;     /* where it was loaded from; may be NULL */
	char *spec;    /* the specification (spec.md) */
	char *ref;     /* the reference, NULL when the task has none */
	char *prompt;
	int has_ref;
};

/* Insert a task unless it is there already (the first insert wins). */
int store_task_put(struct store *s, const struct store_task *t, struct buf *err);
/* All tasks by id.  *out (caller frees with store_tasks_free) and *n. */
int store_tasks_list(struct store *s, struct store_task **out, size_t *n, struct buf *err);
void store_tasks_free(struct store_task *t, size_t n);

/* ---- testbenches ---- */

struct store_tb {
	char *task;
	char *name;
	char *kind;    /* "human", "differential", "llm", "signature", "test", "truth" */
	char *text;
	int status;    /* enum store_tb_status */
	char *reason;  /* NULL unless rejected */
	char *metrics; /* JSON object text or NULL */
	long multiplicity;  /* identical tests folded into this one; <= 0 means 1 */
	char *settings; /* JSON object or NULL: how to compile a bench of another
			   suite, {"ref_module", "ref_top", "verdict":
			   {"pass", "fail", "count"}} (task.json's tb_ref_module
			   and tb_verdict; see stage_grade_testbench()) */
};

/* Insert a bench (status taken from tb) unless (task, name) exists. */
int store_tb_put(struct store *s, const struct store_tb *tb, struct buf *err);
/* Set status, reason and metrics (NULLs allowed) of (task, name). */
int store_tb_set_status(struct store *s, const char *task, const char *name, int status,
			const char *reason, const char *metrics, struct buf *err);
/* Benches of task (or of every task when task is NULL) by (task, name). */
int store_tbs_list(struct store *s, const char *task, struct store_tb **out, size_t *n,
		   struct buf *err);
void store_tbs_free(struct store_tb *t, size_t n);

/* ---- candidates and samples ---- */

struct store_sample {
	const char *task;
	long idx;              /* sample index within the task, unique, >= 0 */
	const char *origin;    /* "llm", "import", "mutate", "reference" */
	const char *text;      /* the code */
	const char *hash;      /* normalised hash of text (hex); becomes the candidate id */
	const char *note;      /* e.g. the mutation; NULL */
	const char *model;     /* LLM metadata; NULL for other origins */
	const char *finish_reason;
	int truncated;
	long prompt_tokens, completion_tokens;   /* -1 when unknown */
};

/*
 * Record one sample: the samples row (ignored when (task, idx) exists) and
 * its candidate (created, or given this sample's text/origin when idx is
 * lower than the candidate's first sample).  0 or -1.
 */
int store_sample_put(struct store *s, const struct store_sample *smp, struct buf *err);
/* The sample indexes recorded for task, ascending.  Caller frees *idx. */
int store_sample_indexes(struct store *s, const char *task, long **idx, size_t *n,
			 struct buf *err);

struct store_cand {
	char *task;
	char *id;
	char *origin;
	char *text;
	char *note;
	long multiplicity;     /* number of samples */
	int truncated;         /* some sample of it was truncated */
};

/* Candidates of task (NULL: all) by (task, id). */
int store_cands_list(struct store *s, const char *task, struct store_cand **out, size_t *n,
		     struct buf *err);
void store_cands_free(struct store_cand *c, size_t n);

/* ---- results ---- */

struct store_result {
	char *task, *cand, *tb, *sim;
	char *outcome;         /* grade_outcome_name() */
	int passed, total;
	char *message;
	double wall_ms;
	char *signature;       /* NULL when none */
};

/* Insert or replace one result. */
int store_result_put(struct store *s, const struct store_result *r, struct buf *err);
/* Results of task (NULL: all) by (task, cand, tb, sim). */
int store_results_list(struct store *s, const char *task, struct store_result **out, size_t *n,
		       struct buf *err);
void store_results_free(struct store_result *r, size_t n);

/* ---- scores, pairs, drops ---- */

/* Delete the scores, pairs and drops of a stage's output for task. */
int store_scores_clear(struct store *s, const char *task, struct buf *err);
/* score/grp < 0 or NAN: unranked (NULL in the table). */
int store_score_put(struct store *s, const char *task, const char *cand, const char *method,
		    double score, long grp, struct buf *err);
int store_pairs_clear(struct store *s, struct buf *err);
int store_pair_put(struct store *s, const char *task, long idx, const char *chosen,
		   const char *rejected, double chosen_score, double rejected_score,
		   const char *record, struct buf *err);
/* Called with each pair's record in (task, idx) order; stops on a nonzero return. */
int store_pairs_each(struct store *s, int (*fn)(void *ctx, const char *task, const char *record),
		     void *ctx, struct buf *err);
/* Record (or replace) why task gave nothing at stage; reason NULL deletes. */
int store_drop_set(struct store *s, const char *task, const char *stage, const char *reason,
		   struct buf *err);

/* ---- stages and usage ---- */

/* 1 when stage is marked done, 0 when not, -1 on error. */
int store_stage_done(struct store *s, const char *stage, struct buf *err);
/* Mark done (done 1) or not done (0); adds wall_ms and items to its totals. */
int store_stage_mark(struct store *s, const char *stage, int done, double wall_ms, long items,
		     struct buf *err);
/* Add LLM usage of stage for task. */
int store_usage_add(struct store *s, const char *stage, const char *task, long requests,
		    long prompt_tokens, long completion_tokens, long cached, struct buf *err);

/*
 * One LLM sample and the usage of the request that produced it, in one
 * transaction of its own (stage "sample"): a reply is either fully stored
 * or not at all, so a resumed run asks again only for what is missing.
 */
int store_llm_sample_commit(struct store *s, const struct store_sample *smp, long requests,
			    long prompt_tokens, long completion_tokens, long cached,
			    struct buf *err);

/* Set a stage's row to exactly these values (the merge's sums over shards). */
int store_stage_set(struct store *s, const char *stage, int done, double wall_ms, long items,
		    struct buf *err);

/* ---- merging shards (veripref merge) ---- */

/*
 * Copy the rows of the run store in src_dir into s, in one transaction:
 * tasks, testbenches, candidates, samples, results, drops (except those of
 * the score and pairs stages, which the merged run recomputes), usage, and
 * llm_cache rows when src has that table (it is created in s like
 * llm_cache.h does).  Not copied: config, stages, scores, pairs (the caller
 * decides those).  Rows are keyed as in the schema and inserted with
 * INSERT OR IGNORE, so merging the same source again adds nothing; a row
 * whose key is already in s with other values (results: other than
 * wall_ms; tasks: other than dir) is a conflict and fails with err
 * "'SRC' and 'DIR' hold different results rows for (adder8, 1f..., ...)"
 * and nothing is written.  *added (may be NULL) gets the number of new
 * rows.  s must not be in a transaction (src is ATTACHed and DETACHed).
 * 0 or -1 with err.
 */
int store_merge_from(struct store *s, const char *src_dir, long *added, struct buf *err);

/*
 * Run a read-only query with up to nbind text parameters and call fn for
 * each row with its columns as strings (NULL for SQL NULL).  For reports;
 * 0 or -1 with err.
 */
int store_query(struct store *s, const char *sql, const char *const *bind, int nbind,
		int (*fn)(void *ctx, int ncol, const char *const *col), void *ctx,
		struct buf *err);

#endif
