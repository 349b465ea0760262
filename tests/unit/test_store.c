#include "pipeline/store.h"

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *temp_dir(void)
{
	char *path = strdup("/tmp/vp-store-test-XXXXXX");

	cr_assert_not_null(mkdtemp(path));
	return path;
}

static void remove_dir(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

static struct store *open_ok(const char *dir, int create)
{
	struct buf err = BUF_INIT;
	struct store *s = store_open(dir, create, &err);

	cr_assert_not_null(s, "%s", err.data);
	buf_release(&err);
	return s;
}

Test(store, creates_schema_with_version_wal_and_foreign_keys)
{
	char *dir = temp_dir();
	char sub[600];
	struct store *s;
	sqlite3_stmt *st;

	snprintf(sub, sizeof(sub), "%s/run", dir);
	cr_assert_eq(store_exists(sub), 0);
	s = open_ok(sub, 1);
	cr_assert_eq(store_exists(sub), 1);
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), "PRAGMA user_version", -1, &st, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(st, 0), STORE_SCHEMA_VERSION);
	sqlite3_finalize(st);
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	cr_assert_eq(sqlite3_prepare_v2(store_db(s), "PRAGMA foreign_keys", -1, &st, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	store_close(s);
	remove_dir(dir);
	free(dir);
}

Test(store, open_without_create_refuses_a_plain_directory)
{
	char *dir = temp_dir();
	struct buf err = BUF_INIT;
	char want[700];

	cr_assert_null(store_open(dir, 0, &err));
	snprintf(want, sizeof(want), "'%s' is not a run directory (no run.db)", dir);
	cr_assert_str_eq(err.data, want);
	buf_release(&err);
	remove_dir(dir);
	free(dir);
}

Test(store, second_open_of_a_locked_run_is_refused)
{
	char *dir = temp_dir();
	struct buf err = BUF_INIT;
	struct store *s = open_ok(dir, 1), *t;
	char want[700];

	/* flock locks belong to the open file description: a second open in
	   the same process conflicts exactly as another process would. */
	t = store_open(dir, 0, &err);
	cr_assert_null(t);
	snprintf(want, sizeof(want),
		 "run directory '%s' is in use by another veripref process (pid %ld)", dir,
		 (long)getpid());
	cr_assert_str_eq(err.data, want);
	store_close(s);
	t = open_ok(dir, 0);
	store_close(t);
	buf_release(&err);
	remove_dir(dir);
	free(dir);
}

Test(store, newer_schema_is_refused)
{
	char *dir = temp_dir();
	struct buf err = BUF_INIT;
	struct store *s = open_ok(dir, 1);
	char want[700];

	cr_assert_eq(sqlite3_exec(store_db(s), "PRAGMA user_version = 7", NULL, NULL, NULL),
		     SQLITE_OK);
	store_close(s);
	cr_assert_null(store_open(dir, 0, &err));
	snprintf(want, sizeof(want),
		 "'%s/run.db' has schema version 7, newer than this veripref (%d); use a newer veripref",
		 dir, STORE_SCHEMA_VERSION);
	cr_assert_str_eq(err.data, want);
	buf_release(&err);
	remove_dir(dir);
	free(dir);
}

Test(store, config_check_stores_then_refuses_a_different_value)
{
	char *dir = temp_dir();
	struct buf err = BUF_INIT, val = BUF_INIT;
	struct store *s = open_ok(dir, 1);
	const char *first[] = { "seed", "1", "method", "truth" };
	const char *again[] = { "seed", "1", "method", "truth", "model", "m" };
	const char *other[] = { "seed", "2" };
	char want[700];

	cr_assert_eq(store_config_check(s, first, 4, &err), 0, "%s", err.data);
	cr_assert_eq(store_config_check(s, again, 6, &err), 0, "%s", err.data);
	cr_assert_eq(store_config_get(s, "model", &val, &err), 1);
	cr_assert_str_eq(val.data, "m");
	cr_assert_eq(store_config_check(s, other, 2, &err), 1);
	snprintf(want, sizeof(want),
		 "run '%s' was made with --seed 1; it cannot be resumed with --seed 2", dir);
	cr_assert_str_eq(err.data, want);
	cr_assert_eq(store_config_get(s, "nothing", &val, &err), 0);
	store_close(s);
	buf_release(&err);
	buf_release(&val);
	remove_dir(dir);
	free(dir);
}

static void put_sample(struct store *s, long idx, const char *origin, const char *text,
		       const char *hash)
{
	struct buf err = BUF_INIT;
	struct store_sample smp = { .task = "t", .idx = idx, .origin = origin, .text = text,
				    .hash = hash, .prompt_tokens = -1, .completion_tokens = -1 };

	cr_assert_eq(store_sample_put(s, &smp, &err), 0, "%s", err.data);
	buf_release(&err);
}

/* The same samples in two orders give the same candidate rows. */
Test(store, candidates_do_not_depend_on_insertion_order)
{
	char *dir1 = temp_dir(), *dir2 = temp_dir();
	struct buf err = BUF_INIT;
	struct store *a = open_ok(dir1, 1), *b = open_ok(dir2, 1);
	struct store_task t = { "t", "rtl", NULL, "spec", "ref", "prompt", 1 };
	struct store_cand *ca, *cb;
	size_t na, nb, i;
	long *idx;

	cr_assert_eq(store_task_put(a, &t, &err), 0, "%s", err.data);
	cr_assert_eq(store_task_put(b, &t, &err), 0, "%s", err.data);
	put_sample(a, 0, "reference", "ref", "00000000000000aa");
	put_sample(a, 1, "mutate", "m1", "00000000000000bb");
	put_sample(a, 2, "mutate", "m1 again", "00000000000000bb");
	put_sample(a, 2, "mutate", "duplicate index ignored", "00000000000000cc");
	put_sample(b, 2, "mutate", "m1 again", "00000000000000bb");
	put_sample(b, 1, "mutate", "m1", "00000000000000bb");
	put_sample(b, 0, "reference", "ref", "00000000000000aa");

	cr_assert_eq(store_cands_list(a, "t", &ca, &na, &err), 0);
	cr_assert_eq(store_cands_list(b, NULL, &cb, &nb, &err), 0);
	cr_assert_eq(na, 2);
	cr_assert_eq(nb, 2);
	for (i = 0; i < 2; i++) {
		cr_assert_str_eq(ca[i].id, cb[i].id);
		cr_assert_str_eq(ca[i].text, cb[i].text);
		cr_assert_str_eq(ca[i].origin, cb[i].origin);
		cr_assert_eq(ca[i].multiplicity, cb[i].multiplicity);
	}
	cr_assert_str_eq(ca[0].id, "00000000000000aa");
	cr_assert_eq(ca[0].multiplicity, 1);
	cr_assert_str_eq(ca[1].text, "m1");
	cr_assert_eq(ca[1].multiplicity, 2);
	cr_assert_eq(store_sample_indexes(a, "t", &idx, &na, &err), 0);
	cr_assert_eq(na, 3);
	cr_assert_eq(idx[0] + idx[1] + idx[2], 3);
	free(idx);
	store_cands_free(ca, 2);
	store_cands_free(cb, 2);
	store_close(a);
	store_close(b);
	buf_release(&err);
	remove_dir(dir1);
	remove_dir(dir2);
	free(dir1);
	free(dir2);
}

Test(store, foreign_keys_reject_a_result_for_an_unknown_candidate)
{
	char *dir = temp_dir();
	struct buf err = BUF_INIT;
	struct store *s = open_ok(dir, 1);
	struct store_task t = { "t", "rtl", NULL, "s", "r", "p", 1 };
	struct store_tb tb = { "t", "tb.v", "human", "module tb; endmodule", STORE_TB_VALID, NULL, NULL };
	struct store_result r = { "t", "nope", "tb.v", "iverilog", "pass", 1, 1, "", 1.0, NULL };
	struct store_result *rs;
	size_t n;

	cr_assert_eq(store_task_put(s, &t, &err), 0);
	cr_assert_eq(store_tb_put(s, &tb, &err), 0);
	cr_assert_eq(store_result_put(s, &r, &err), -1);
	cr_assert(strstr(err.data, "FOREIGN KEY") != NULL, "%s", err.data);
	put_sample(s, 0, "reference", "ref", "00000000000000aa");
	r.cand = "00000000000000aa";
	cr_assert_eq(store_result_put(s, &r, &err), 0, "%s", err.data);
	cr_assert_eq(store_results_list(s, "t", &rs, &n, &err), 0);
	cr_assert_eq(n, 1);
	cr_assert_str_eq(rs[0].outcome, "pass");
	store_results_free(rs, n);
	store_close(s);
	buf_release(&err);
	remove_dir(dir);
	free(dir);
}

Test(store, rolled_back_transaction_leaves_nothing)
{
	char *dir = temp_dir();
	struct buf err = BUF_INIT;
	struct store *s = open_ok(dir, 1);
	struct store_task t = { "t", "rtl", NULL, "s", NULL, "p", 0 }, *ts;
	size_t n;

	cr_assert_eq(store_begin(s, &err), 0);
	cr_assert_eq(store_task_put(s, &t, &err), 0);
	store_rollback(s);
	cr_assert_eq(store_tasks_list(s, &ts, &n, &err), 0);
	cr_assert_eq(n, 0);
	cr_assert_eq(store_stage_done(s, "grade", &err), 0);
	cr_assert_eq(store_stage_mark(s, "grade", 1, 5, 2, &err), 0);
	cr_assert_eq(store_stage_mark(s, "grade", 1, 7, 3, &err), 0);
	cr_assert_eq(store_stage_done(s, "grade", &err), 1);
	store_close(s);
	buf_release(&err);
	remove_dir(dir);
	free(dir);
}

Test(store, read_only_open_needs_no_lock_and_writes_nothing)
{
	char *dir = temp_dir();
	struct buf err = BUF_INIT;
	struct store *s = open_ok(dir, STORE_CREATE), *r;
	struct store_task t = { "t", "rtl", NULL, "s", NULL, "p", 0 }, *ts;
	size_t n;

	cr_assert_eq(store_task_put(s, &t, &err), 0);
	r = store_open(dir, STORE_READONLY, &err);
	cr_assert_not_null(r, "%s", err.data);
	cr_assert_eq(store_tasks_list(r, &ts, &n, &err), 0);
	cr_assert_eq(n, 1);
	store_tasks_free(ts, n);
	cr_assert_eq(store_task_put(r, &t, &err), -1);
	cr_assert(strstr(err.data, "readonly") != NULL, "%s", err.data);
	store_close(r);
	store_close(s);
	buf_release(&err);
	remove_dir(dir);
	free(dir);
}
