/* store_merge_from() and store_stage_set(): the row copy under veripref merge. */
#include "pipeline/store.h"

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *temp_dir(void)
{
	char *path = strdup("/tmp/vp-merge-test-XXXXXX");

	cr_assert_not_null(mkdtemp(path));
	return path;
}

static void remove_dir(const char *dir)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	cr_assert_eq(system(cmd), 0);
}

static struct store *open_new(const char *root, const char *name)
{
	char path[600];
	struct buf err = BUF_INIT;
	struct store *s;

	snprintf(path, sizeof(path), "%s/%s", root, name);
	s = store_open(path, STORE_CREATE, &err);
	cr_assert_not_null(s, "%s", err.data);
	buf_release(&err);
	return s;
}

/* A shard holding task id with one candidate text (sample 0) graded once. */
static void fill_shard(struct store *s, const char *id, const char *text, const char *outcome)
{
	struct buf err = BUF_INIT;
	struct store_task t = { (char *)id, "rtl", NULL, "spec", "ref", "prompt", 1 };
	struct store_tb tb = { (char *)id, "tb.v", "human", "module tb; endmodule", STORE_TB_VALID,
			       NULL, NULL, 1 };
	struct store_sample smp = { .task = id, .idx = 0, .origin = "reference", .text = text,
				    .hash = "00000000000000aa", .prompt_tokens = -1,
				    .completion_tokens = -1 };
	struct store_result r = { (char *)id, "00000000000000aa", "tb.v", "iverilog",
				  (char *)outcome, 1, 1, NULL, 12.5, NULL };

	cr_assert_eq(store_begin(s, &err), 0, "%s", err.data);
	cr_assert_eq(store_task_put(s, &t, &err), 0, "%s", err.data);
	cr_assert_eq(store_tb_put(s, &tb, &err), 0, "%s", err.data);
	cr_assert_eq(store_sample_put(s, &smp, &err), 0, "%s", err.data);
	cr_assert_eq(store_result_put(s, &r, &err), 0, "%s", err.data);
	cr_assert_eq(store_drop_set(s, id, "pairs", "none-pass", &err), 0, "%s", err.data);
	cr_assert_eq(store_drop_set(s, id, "sample", "why not", &err), 0, "%s", err.data);
	cr_assert_eq(store_usage_add(s, "sample", id, 2, 30, 40, 1, &err), 0, "%s", err.data);
	cr_assert_eq(store_commit(s, &err), 0, "%s", err.data);
	buf_release(&err);
}

static long count(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	long n;

	cr_assert_eq(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK, "%s", sql);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	n = (long)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

Test(merge, copies_rows_once_and_skips_score_and_pairs_drops)
{
	char *dir = temp_dir(), src[600];
	struct store *a = open_new(dir, "a"), *b = open_new(dir, "b"), *out = open_new(dir, "out");
	struct buf err = BUF_INIT;
	long added = -1;

	fill_shard(a, "t1", "module m; endmodule", "pass");
	fill_shard(b, "t2", "module m; endmodule", "fail");
	store_close(a);
	store_close(b);
	snprintf(src, sizeof(src), "%s/a", dir);
	cr_assert_eq(store_merge_from(out, src, &added, &err), 0, "%s", err.data);
	/* task, testbench, candidate, sample, result, the sample drop, usage. */
	cr_assert_eq(added, 7);
	snprintf(src, sizeof(src), "%s/b", dir);
	cr_assert_eq(store_merge_from(out, src, &added, &err), 0, "%s", err.data);
	cr_assert_eq(added, 7);
	cr_assert_eq(store_merge_from(out, src, &added, &err), 0, "%s", err.data);
	cr_assert_eq(added, 0);
	cr_assert_eq(count(out, "SELECT count(*) FROM tasks"), 2);
	cr_assert_eq(count(out, "SELECT count(*) FROM results WHERE outcome = 'fail' AND task = 't2'"), 1);
	cr_assert_eq(count(out, "SELECT count(*) FROM drops WHERE stage = 'pairs'"), 0);
	cr_assert_eq(count(out, "SELECT count(*) FROM drops WHERE stage = 'sample'"), 2);
	cr_assert_eq(count(out, "SELECT sum(completion_tokens) FROM usage"), 80);
	/* No llm_cache in the sources: none created. */
	cr_assert_eq(count(out, "SELECT count(*) FROM sqlite_master WHERE name = 'llm_cache'"), 0);
	store_close(out);
	buf_release(&err);
	remove_dir(dir);
	free(dir);
}

Test(merge, refuses_a_conflicting_row_and_writes_nothing)
{
	char *dir = temp_dir(), src[600], want[800];
	struct store *a = open_new(dir, "a"), *out = open_new(dir, "out");
	struct buf err = BUF_INIT;
	long added = -1;

	fill_shard(a, "t1", "module m; endmodule", "pass");
	fill_shard(out, "t1", "module m; endmodule", "fail");
	store_close(a);
	snprintf(src, sizeof(src), "%s/a", dir);
	cr_assert_eq(store_merge_from(out, src, &added, &err), -1);
	snprintf(want, sizeof(want),
		 "'%s/a' and '%s/out' hold different results rows for (t1, 00000000000000aa, tb.v, iverilog)",
		 dir, dir);
	cr_assert_str_eq(err.data, want);
	cr_assert_eq(added, -1);
	cr_assert_eq(count(out, "SELECT count(*) FROM results WHERE outcome = 'fail'"), 1);
	store_close(out);
	buf_release(&err);
	remove_dir(dir);
	free(dir);
}

Test(merge, copies_llm_cache_rows)
{
	char *dir = temp_dir(), src[600];
	struct store *a = open_new(dir, "a"), *out = open_new(dir, "out");
	struct buf err = BUF_INIT;
	long added = -1;

	cr_assert_eq(sqlite3_exec(store_db(a),
				  "CREATE TABLE llm_cache (key TEXT PRIMARY KEY, content TEXT NOT NULL,"
				  " finish_reason TEXT, created INTEGER NOT NULL);"
				  "INSERT INTO llm_cache VALUES ('k1', 'reply', 'stop', 5);",
				  NULL, NULL, NULL), SQLITE_OK);
	store_close(a);
	snprintf(src, sizeof(src), "%s/a", dir);
	cr_assert_eq(store_merge_from(out, src, &added, &err), 0, "%s", err.data);
	cr_assert_eq(added, 1);
	cr_assert_eq(count(out, "SELECT count(*) FROM llm_cache WHERE key = 'k1' AND content = 'reply'"
			   " AND created = 5"), 1);
	store_close(out);
	buf_release(&err);
	remove_dir(dir);
	free(dir);
}

Test(merge, stage_set_replaces_totals_in_place)
{
	char *dir = temp_dir();
	struct store *s = open_new(dir, "r");
	struct buf err = BUF_INIT;

	cr_assert_eq(store_stage_mark(s, "grade", 1, 10, 3, &err), 0);
	cr_assert_eq(store_stage_mark(s, "score", 1, 1, 1, &err), 0);
	cr_assert_eq(store_stage_set(s, "grade", 0, 2.5, 7, &err), 0, "%s", err.data);
	cr_assert_eq(count(s, "SELECT items FROM stages WHERE name = 'grade' AND done = 0"
			   " AND wall_ms = 2.5"), 7);
	/* In place: the row keeps its rowid (its order in a dump). */
	cr_assert_eq(count(s, "SELECT rowid FROM stages WHERE name = 'grade'"), 1);
	store_close(s);
	buf_release(&err);
	remove_dir(dir);
	free(dir);
}
