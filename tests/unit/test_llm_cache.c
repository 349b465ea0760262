#include "pipeline/llm_cache.h"

#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char *temp_path(void)
{
	char *path = strdup("/tmp/vp-llm-cache-test-XXXXXX");
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	close(fd);
	unlink(path);
	return path;
}

static void remove_db(const char *path)
{
	char side[512];

	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

Test(llm_cache, put_then_get_and_missing_keys)
{
	char *path = temp_path();
	struct buf err = BUF_INIT, content = BUF_INIT, fr = BUF_INIT;
	struct llm_cache *c = llm_cache_open(path, &err);

	cr_assert_not_null(c, "%s", err.data);
	cr_assert_eq(llm_cache_get(c, "k1", &content, &fr, &err), 0);
	cr_assert_eq(llm_cache_put(c, "k1", "module m;\nendmodule\n", "stop", &err), 0);
	cr_assert_eq(llm_cache_put(c, "k2", "cut", NULL, &err), 0);
	cr_assert_eq(llm_cache_get(c, "k1", &content, &fr, &err), 1);
	cr_assert_str_eq(content.data, "module m;\nendmodule\n");
	cr_assert_str_eq(fr.data, "stop");
	cr_assert_eq(llm_cache_get(c, "k2", &content, &fr, &err), 1);
	cr_assert_str_eq(content.data, "cut");
	cr_assert_str_eq(fr.data, "");
	/* Replacing a row keeps one row per key. */
	cr_assert_eq(llm_cache_put(c, "k1", "v2", "length", &err), 0);
	cr_assert_eq(llm_cache_get(c, "k1", &content, NULL, &err), 1);
	cr_assert_str_eq(content.data, "v2");
	cr_assert_eq(llm_cache_count(c, &err), 2);
	llm_cache_close(c);

	/* Rows survive reopening. */
	c = llm_cache_open(path, &err);
	cr_assert_not_null(c);
	cr_assert_eq(llm_cache_get(c, "k2", &content, &fr, &err), 1);
	cr_assert_str_eq(content.data, "cut");
	llm_cache_close(c);
	remove_db(path);
	free(path);
	buf_release(&err);
	buf_release(&content);
	buf_release(&fr);
}

Test(llm_cache, file_is_in_wal_mode)
{
	char *path = temp_path();
	struct buf err = BUF_INIT;
	struct llm_cache *c = llm_cache_open(path, &err);
	sqlite3 *db;
	sqlite3_stmt *st;

	cr_assert_not_null(c, "%s", err.data);
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);
	llm_cache_close(c);
	remove_db(path);
	free(path);
	buf_release(&err);
}

Test(llm_cache, attach_shares_an_open_database_and_leaves_it_open)
{
	sqlite3 *db;
	struct buf err = BUF_INIT, content = BUF_INIT;
	struct llm_cache *c;
	sqlite3_stmt *st;

	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "CREATE TABLE tasks (id TEXT)", NULL, NULL, NULL), SQLITE_OK);
	c = llm_cache_attach(db, &err);
	cr_assert_not_null(c, "%s", err.data);
	cr_assert_eq(llm_cache_put(c, "abc", "reply", "stop", &err), 0);
	llm_cache_close(c);
	/* The handle still works and holds both tables. */
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT content FROM llm_cache WHERE key = 'abc'",
					-1, &st, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(st, 0), "reply");
	sqlite3_finalize(st);
	c = llm_cache_attach(db, &err);
	cr_assert_eq(llm_cache_get(c, "abc", &content, NULL, &err), 1);
	llm_cache_close(c);
	sqlite3_close(db);
	buf_release(&err);
	buf_release(&content);
}

Test(llm_cache, unopenable_path_is_one_sentence)
{
	struct buf err = BUF_INIT;
	struct llm_cache *c = llm_cache_open("/nonexistent-dir/x/cache.db", &err);

	cr_assert_null(c);
	cr_assert(strstr(err.data, "cannot open LLM cache '/nonexistent-dir/x/cache.db': "),
		  "%s", err.data);
	buf_release(&err);
	llm_cache_close(NULL);
}
