/*
 * store: the run store in RUN/run.db (see store.h for the schema).
 *
 * Statements are prepared per call with sqlite3_prepare_v2: the stages write
 * a few thousand rows per task at most, inside one transaction each, and the
 * bench (tests/bench/run.sh) shows the store's share of a run is small.
 */
#include "pipeline/store.h"
#include "sim/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

struct store {
	char *dir;
	char *db_path;
	sqlite3 *db;
	int lock_fd;
	int in_tx;
	int full;
};

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS config(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS tasks("
	" id TEXT PRIMARY KEY,"
	" kind TEXT NOT NULL CHECK(kind IN ('rtl','sw')),"
	" dir TEXT, spec TEXT NOT NULL, ref TEXT, prompt TEXT NOT NULL,"
	" has_ref INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS testbenches("
	" task TEXT NOT NULL REFERENCES tasks(id), name TEXT NOT NULL,"
	" kind TEXT NOT NULL"
	"  CHECK(kind IN ('human','differential','llm','signature','test','truth')),"
	" text TEXT NOT NULL, multiplicity INTEGER NOT NULL DEFAULT 1,"
	" status INTEGER NOT NULL DEFAULT -1,"
	" reason TEXT, metrics TEXT, settings TEXT, PRIMARY KEY(task, name));"
	"CREATE TABLE IF NOT EXISTS candidates("
	" task TEXT NOT NULL REFERENCES tasks(id), id TEXT NOT NULL,"
	" origin TEXT NOT NULL CHECK(origin IN ('llm','import','mutate','reference')),"
	" text TEXT NOT NULL, hash TEXT NOT NULL, first_sample INTEGER NOT NULL,"
	" note TEXT, PRIMARY KEY(task, id));"
	"CREATE TABLE IF NOT EXISTS samples("
	" task TEXT NOT NULL, idx INTEGER NOT NULL, cand TEXT NOT NULL,"
	" origin TEXT NOT NULL, model TEXT, finish_reason TEXT,"
	" truncated INTEGER NOT NULL DEFAULT 0, prompt_tokens INTEGER, completion_tokens INTEGER,"
	" PRIMARY KEY(task, idx), FOREIGN KEY(task, cand) REFERENCES candidates(task, id));"
	"CREATE TABLE IF NOT EXISTS results("
	" task TEXT NOT NULL, cand TEXT NOT NULL, tb TEXT NOT NULL, sim TEXT NOT NULL,"
	" outcome TEXT NOT NULL, passed INTEGER NOT NULL, total INTEGER NOT NULL,"
	" message TEXT, wall_ms REAL, signature TEXT,"
	" PRIMARY KEY(task, cand, tb, sim),"
	" FOREIGN KEY(task, cand) REFERENCES candidates(task, id),"
	" FOREIGN KEY(task, tb) REFERENCES testbenches(task, name));"
	"CREATE TABLE IF NOT EXISTS scores("
	" task TEXT NOT NULL, cand TEXT NOT NULL, method TEXT NOT NULL, score REAL, grp INTEGER,"
	" PRIMARY KEY(task, cand, method),"
	" FOREIGN KEY(task, cand) REFERENCES candidates(task, id));"
	"CREATE TABLE IF NOT EXISTS pairs("
	" task TEXT NOT NULL REFERENCES tasks(id), idx INTEGER NOT NULL,"
	" chosen TEXT NOT NULL, rejected TEXT NOT NULL, chosen_score REAL, rejected_score REAL,"
	" record TEXT NOT NULL, PRIMARY KEY(task, idx));"
	"CREATE TABLE IF NOT EXISTS drops("
	" task TEXT NOT NULL, stage TEXT NOT NULL, reason TEXT NOT NULL,"
	" PRIMARY KEY(task, stage));"
	"CREATE TABLE IF NOT EXISTS stages("
	" name TEXT PRIMARY KEY, done INTEGER NOT NULL DEFAULT 0,"
	" wall_ms REAL NOT NULL DEFAULT 0, items INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE IF NOT EXISTS usage("
	" stage TEXT NOT NULL, task TEXT NOT NULL, requests INTEGER NOT NULL DEFAULT 0,"
	" prompt_tokens INTEGER NOT NULL DEFAULT 0, completion_tokens INTEGER NOT NULL DEFAULT 0,"
	" cached INTEGER NOT NULL DEFAULT 0, PRIMARY KEY(stage, task));";

static int is_full_code(int rc)
{
	return rc == SQLITE_FULL || (rc & 0xff) == SQLITE_FULL ||
	       rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_FSYNC ||
	       rc == SQLITE_IOERR_TRUNCATE;
}

/* Put the database's message for rc into err, with context. */
static int db_fail(struct store *s, int rc, struct buf *err, const char *what)
{
	int sys = sqlite3_system_errno(s->db);

	if (is_full_code(rc) || sys == ENOSPC || sys == EFBIG) {
		s->full = 1;
		buf_setf(err, "cannot write the run store '%s' (%s): disk full%s%s", s->db_path, what,
			 sys ? ": " : "", sys ? strerror(sys) : "");
	} else {
		buf_setf(err, "run store '%s' (%s): %s", s->db_path, what, sqlite3_errmsg(s->db));
	}
	return -1;
}

static int exec_sql(struct store *s, const char *sql, struct buf *err, const char *what)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : db_fail(s, rc, err, what);
}

static sqlite3_stmt *prep(struct store *s, const char *sql, struct buf *err)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

	if (rc != SQLITE_OK) {
		db_fail(s, rc, err, "prepare");
		return NULL;
	}
	return st;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Step a write statement to completion and finalize it. */
static int step_done(struct store *s, sqlite3_stmt *st, struct buf *err, const char *what)
{
	int rc;

	if (!st)
		return -1;
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(s, rc, err, what);
	return 0;
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? xstrdup((const char *)t) : NULL;
}

int store_exists(const char *dir)
{
	char *p;
	struct stat sb;
	int r;

	p = xmalloc(strlen(dir) + sizeof(STORE_DB_NAME) + 2);
	sprintf(p, "%s/%s", dir, STORE_DB_NAME);
	r = stat(p, &sb) == 0;
	free(p);
	return r;
}

static int take_lock(struct store *s, struct buf *err)
{
	char *path = xmalloc(strlen(s->dir) + sizeof(STORE_LOCK_NAME) + 2);
	char pid[32];
	int fd, n, ret = -1;

	sprintf(path, "%s/%s", s->dir, STORE_LOCK_NAME);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		buf_setf(err, "cannot open '%s': %s", path, strerror(errno));
		goto out;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK) {
			n = (int)pread(fd, pid, sizeof(pid) - 1, 0);
			pid[n > 0 ? n : 0] = '\0';
			pid[strcspn(pid, "\n")] = '\0';
			buf_setf(err, "run directory '%s' is in use by another veripref process%s%s%s",
				 s->dir, *pid ? " (pid " : "", pid, *pid ? ")" : "");
		} else {
			buf_setf(err, "cannot lock '%s': %s", path, strerror(errno));
		}
		close(fd);
		goto out;
	}
	/* The pid is only for the message above; failing to write it is harmless. */
	n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) == 0 && pwrite(fd, pid, (size_t)n, 0) < 0)
		(void)0;
	s->lock_fd = fd;
	ret = 0;
out:
	free(path);
	return ret;
}

struct store *store_open(const char *dir, int flags, struct buf *err)
{
	int create = flags & STORE_CREATE, readonly = flags & STORE_READONLY;
	struct store *s = xcalloc(1, sizeof(*s));
	struct stat sb;
	sqlite3_stmt *st = NULL;
	int rc, version;
	size_t len = strlen(dir);

	s->lock_fd = -1;
	while (len > 1 && dir[len - 1] == '/')
		len--;
	s->dir = xstrndup(dir, len);
	s->db_path = xmalloc(len + sizeof(STORE_DB_NAME) + 2);
	sprintf(s->db_path, "%s/%s", s->dir, STORE_DB_NAME);

	if (stat(s->dir, &sb) < 0) {
		if (errno != ENOENT || !create || mkdir(s->dir, 0777) < 0) {
			buf_setf(err, "cannot open run directory '%s': %s", s->dir, strerror(errno));
			goto fail;
		}
	} else if (!S_ISDIR(sb.st_mode)) {
		buf_setf(err, "cannot open run directory '%s': Not a directory", s->dir);
		goto fail;
	}
	if (!create && stat(s->db_path, &sb) < 0) {
		buf_setf(err, "'%s' is not a run directory (no %s)", s->dir, STORE_DB_NAME);
		goto fail;
	}
	if (!readonly && take_lock(s, err) < 0)
		goto fail;

	rc = sqlite3_open_v2(s->db_path, &s->db,
			     readonly ? SQLITE_OPEN_READONLY :
			     SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0), NULL);
	if (rc != SQLITE_OK) {
		buf_setf(err, "cannot open run store '%s': %s", s->db_path,
			 s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 10000);

	rc = sqlite3_prepare_v2(s->db, "PRAGMA user_version", -1, &st, NULL);
	if (rc != SQLITE_OK || sqlite3_step(st) != SQLITE_ROW) {
		buf_setf(err, "cannot read run store '%s': %s", s->db_path, sqlite3_errmsg(s->db));
		goto fail;
	}
	version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (version > STORE_SCHEMA_VERSION) {
		buf_setf(err, "'%s' has schema version %d, newer than this veripref (%d); "
			 "use a newer veripref", s->db_path, version, STORE_SCHEMA_VERSION);
		goto fail;
	}
	if (readonly) {
		if (version < STORE_SCHEMA_VERSION) {
			buf_setf(err, "'%s' has schema version %d; open it once with this veripref "
				 "(version %d) to upgrade it", s->db_path, version, STORE_SCHEMA_VERSION);
			goto fail;
		}
		return s;
	}
	if (exec_sql(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
		     " PRAGMA foreign_keys=ON;", err, "pragmas") < 0)
		goto fail;
	if (version < STORE_SCHEMA_VERSION) {
		/* Version 0 is a new database: create everything in one transaction. */
		struct buf sql = BUF_INIT;
		int r;

		buf_addf(&sql, "BEGIN IMMEDIATE; %s PRAGMA user_version=%d; COMMIT;", schema_sql,
			 STORE_SCHEMA_VERSION);
		r = exec_sql(s, sql.data, err, "create schema");
		buf_release(&sql);
		if (r < 0) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			goto fail;
		}
	}
	return s;
fail:
	sqlite3_finalize(st);
	store_close(s);
	return NULL;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	if (s->db) {
		if (s->in_tx)
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close_v2(s->db);
	}
	if (s->lock_fd >= 0)
		close(s->lock_fd);
	free(s->dir);
	free(s->db_path);
	free(s);
}

const char *store_dir(const struct store *s)
{
	return s->dir;
}

struct sqlite3 *store_db(struct store *s)
{
	return s->db;
}

int store_is_full(const struct store *s)
{
	return s->full;
}

int store_begin(struct store *s, struct buf *err)
{
	if (exec_sql(s, "BEGIN IMMEDIATE", err, "begin") < 0)
		return -1;
	s->in_tx = 1;
	return 0;
}

int store_commit(struct store *s, struct buf *err)
{
	if (exec_sql(s, "COMMIT", err, "commit") < 0) {
		store_rollback(s);
		return -1;
	}
	s->in_tx = 0;
	return 0;
}

void store_rollback(struct store *s)
{
	if (s->in_tx)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = 0;
}

/* ---- config ---- */

int store_config_get(struct store *s, const char *key, struct buf *val, struct buf *err)
{
	sqlite3_stmt *st = prep(s, "SELECT value FROM config WHERE key = ?", err);
	int rc;

	if (!st)
		return -1;
	bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		buf_reset(val);
		buf_addstr(val, (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		return 1;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return 0;
	return db_fail(s, rc, err, "config");
}

int store_config_set(struct store *s, const char *key, const char *value, struct buf *err)
{
	sqlite3_stmt *st = prep(s, "INSERT OR REPLACE INTO config(key, value) VALUES (?, ?)", err);

	if (st) {
		bind_text(st, 1, key);
		bind_text(st, 2, value);
	}
	return step_done(s, st, err, "config");
}

int store_config_check(struct store *s, const char *const *kv, size_t n, struct buf *err)
{
	struct buf val = BUF_INIT;
	size_t i;
	int ret = -1, r;

	if (store_begin(s, err) < 0)
		return -1;
	for (i = 0; i + 1 < n; i += 2) {
		r = store_config_get(s, kv[i], &val, err);
		if (r < 0)
			goto out;
		if (r == 0) {
			if (store_config_set(s, kv[i], kv[i + 1], err) < 0)
				goto out;
		} else if (strcmp(val.data, kv[i + 1])) {
			buf_setf(err, "run '%s' was made with --%s %s; it cannot be resumed with --%s %s",
				 s->dir, kv[i], *val.data ? val.data : "''", kv[i],
				 *kv[i + 1] ? kv[i + 1] : "''");
			ret = 1;
			goto out;
		}
	}
	ret = store_commit(s, err);
out:
	if (ret)
		store_rollback(s);
	buf_release(&val);
	return ret;
}

/* ---- tasks ---- */

int store_task_put(struct store *s, const struct store_task *t, struct buf *err)
{
	sqlite3_stmt *st = prep(s, "INSERT OR IGNORE INTO tasks(id, kind, dir, spec, ref, prompt,"
			       " has_ref) VALUES (?, ?, ?, ?, ?, ?, ?)", err);

	if (st) {
		bind_text(st, 1, t->id);
		bind_text(st, 2, t->kind);
		bind_text(st, 3, t->dir);
		bind_text(st, 4, t->spec ? t->spec : "");
		bind_text(st, 5, t->ref);
		bind_text(st, 6, t->prompt);
		sqlite3_bind_int(st, 7, t->has_ref);
	}
	return step_done(s, st, err, "tasks");
}

int store_tasks_list(struct store *s, struct store_task **out, size_t *n, struct buf *err)
{
	sqlite3_stmt *st = prep(s, "SELECT id, kind, dir, spec, ref, prompt, has_ref FROM tasks"
				" ORDER BY id",
				err);
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_task *t;

		ALLOC_GROW(*out, *n + 1, alloc);
		t = &(*out)[(*n)++];
		t->id = col_dup(st, 0);
		t->kind = col_dup(st, 1);
		t->dir = col_dup(st, 2);
		t->spec = col_dup(st, 3);
		t->ref = col_dup(st, 4);
		t->prompt = col_dup(st, 5);
		t->has_ref = sqlite3_column_int(st, 6);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_tasks_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(s, rc, err, "tasks");
	}
	return 0;
}

void store_tasks_free(struct store_task *t, size_t n)
{
	size_t i;

	for (i = 0; t && i < n; i++) {
		free(t[i].id);
		free(t[i].kind);
		free(t[i].dir);
		free(t[i].spec);
		free(t[i].ref);
		free(t[i].prompt);
	}
	free(t);
}

/* ---- testbenches ---- */

int store_tb_put(struct store *s, const struct store_tb *tb, struct buf *err)
{
	sqlite3_stmt *st = prep(s, "INSERT OR IGNORE INTO testbenches"
			       "(task, name, kind, text, status, reason, metrics, multiplicity,"
			       " settings) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", err);

	if (st) {
		bind_text(st, 1, tb->task);
		bind_text(st, 2, tb->name);
		bind_text(st, 3, tb->kind);
		bind_text(st, 4, tb->text);
		sqlite3_bind_int(st, 5, tb->status);
		bind_text(st, 6, tb->reason);
		bind_text(st, 7, tb->metrics);
		sqlite3_bind_int64(st, 8, tb->multiplicity > 0 ? tb->multiplicity : 1);
		bind_text(st, 9, tb->settings);
	}
	return step_done(s, st, err, "testbenches");
}

int store_tb_set_status(struct store *s, const char *task, const char *name, int status,
			const char *reason, const char *metrics, struct buf *err)
{
	sqlite3_stmt *st = prep(s, "UPDATE testbenches SET status = ?, reason = ?, metrics = ?"
			       " WHERE task = ? AND name = ?", err);

	if (st) {
		sqlite3_bind_int(st, 1, status);
		bind_text(st, 2, reason);
		bind_text(st, 3, metrics);
		bind_text(st, 4, task);
		bind_text(st, 5, name);
	}
	return step_done(s, st, err, "testbenches");
}

int store_tbs_list(struct store *s, const char *task, struct store_tb **out, size_t *n,
		   struct buf *err)
{
	sqlite3_stmt *st = prep(s, "SELECT task, name, kind, text, status, reason, metrics, settings,"
				" multiplicity FROM testbenches WHERE ?1 IS NULL OR task = ?1"
				" ORDER BY task, name", err);
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	bind_text(st, 1, task);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_tb *t;

		ALLOC_GROW(*out, *n + 1, alloc);
		t = &(*out)[(*n)++];
		t->task = col_dup(st, 0);
		t->name = col_dup(st, 1);
		t->kind = col_dup(st, 2);
		t->text = col_dup(st, 3);
		t->status = sqlite3_column_int(st, 4);
		t->reason = col_dup(st, 5);
		t->metrics = col_dup(st, 6);
		t->settings = col_dup(st, 7);
		t->multiplicity = (long)sqlite3_column_int64(st, 8);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_tbs_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(s, rc, err, "testbenches");
	}
	return 0;
}

void store_tbs_free(struct store_tb *t, size_t n)
{
	size_t i;

	for (i = 0; t && i < n; i++) {
		free(t[i].task);
		free(t[i].name);
		free(t[i].kind);
		free(t[i].text);
		free(t[i].reason);
		free(t[i].metrics);
		free(t[i].settings);
	}
	free(t);
}

/* ---- candidates and samples ---- */

int store_sample_put(struct store *s, const struct store_sample *smp, struct buf *err)
{
	sqlite3_stmt *st;
	int rc;

	/* A sample index is recorded once: a repeat changes nothing. */
	st = prep(s, "SELECT 1 FROM samples WHERE task = ? AND idx = ?", err);
	if (!st)
		return -1;
	bind_text(st, 1, smp->task);
	sqlite3_bind_int64(st, 2, smp->idx);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_fail(s, rc, err, "samples");
	/* The candidate: its text and origin are those of its lowest sample. */
	st = prep(s, "INSERT INTO candidates(task, id, origin, text, hash, first_sample, note)"
		  " VALUES (?1, ?2, ?3, ?4, ?2, ?5, ?6)"
		  " ON CONFLICT(task, id) DO UPDATE SET origin = excluded.origin,"
		  " text = excluded.text, first_sample = excluded.first_sample, note = excluded.note"
		  " WHERE excluded.first_sample < candidates.first_sample", err);
	if (st) {
		bind_text(st, 1, smp->task);
		bind_text(st, 2, smp->hash);
		bind_text(st, 3, smp->origin);
		bind_text(st, 4, smp->text);
		sqlite3_bind_int64(st, 5, smp->idx);
		bind_text(st, 6, smp->note);
	}
	if (step_done(s, st, err, "candidates") < 0)
		return -1;
	st = prep(s, "INSERT OR IGNORE INTO samples(task, idx, cand, origin, model, finish_reason,"
		  " truncated, prompt_tokens, completion_tokens) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		  err);
	if (st) {
		bind_text(st, 1, smp->task);
		sqlite3_bind_int64(st, 2, smp->idx);
		bind_text(st, 3, smp->hash);
		bind_text(st, 4, smp->origin);
		bind_text(st, 5, smp->model);
		bind_text(st, 6, smp->finish_reason);
		sqlite3_bind_int(st, 7, smp->truncated);
		if (smp->prompt_tokens >= 0)
			sqlite3_bind_int64(st, 8, smp->prompt_tokens);
		if (smp->completion_tokens >= 0)
			sqlite3_bind_int64(st, 9, smp->completion_tokens);
	}
	return step_done(s, st, err, "samples");
}

int store_sample_indexes(struct store *s, const char *task, long **idx, size_t *n,
			 struct buf *err)
{
	sqlite3_stmt *st = prep(s, "SELECT idx FROM samples WHERE task = ? ORDER BY idx", err);
	size_t alloc = 0;
	int rc;

	*idx = NULL;
	*n = 0;
	if (!st)
		return -1;
	bind_text(st, 1, task);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(*idx, *n + 1, alloc);
		(*idx)[(*n)++] = (long)sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(*idx);
		*idx = NULL;
		*n = 0;
		return db_fail(s, rc, err, "samples");
	}
	return 0;
}

int store_cands_list(struct store *s, const char *task, struct store_cand **out, size_t *n,
		     struct buf *err)
{
	sqlite3_stmt *st = prep(s, "SELECT c.task, c.id, c.origin, c.text, c.note,"
				" (SELECT count(*) FROM samples m WHERE m.task = c.task AND m.cand = c.id),"
				" (SELECT count(*) FROM samples m WHERE m.task = c.task AND m.cand = c.id"
				"  AND m.truncated)"
				" FROM candidates c WHERE ?1 IS NULL OR c.task = ?1 ORDER BY c.task, c.id",
				err);
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	bind_text(st, 1, task);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_cand *c;

		ALLOC_GROW(*out, *n + 1, alloc);
		c = &(*out)[(*n)++];
		c->task = col_dup(st, 0);
		c->id = col_dup(st, 1);
		c->origin = col_dup(st, 2);
		c->text = col_dup(st, 3);
		c->note = col_dup(st, 4);
		c->multiplicity = (long)sqlite3_column_int64(st, 5);
		c->truncated = sqlite3_column_int(st, 6) > 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_cands_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(s, rc, err, "candidates");
	}
	return 0;
}

void store_cands_free(struct store_cand *c, size_t n)
{
	size_t i;

	for (i = 0; c && i < n; i++) {
		free(c[i].task);
		free(c[i].id);
		free(c[i].origin);
		free(c[i].text);
		free(c[i].note);
	}
	free(c);
}

/* ---- results ---- */

int store_result_put(struct store *s, const struct store_result *r, struct buf *err)
{
	sqlite3_stmt *st = prep(s, "INSERT OR REPLACE INTO results(task, cand, tb, sim, outcome,"
			       " passed, total, message, wall_ms, signature)"
			       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", err);

	if (st) {
		bind_text(st, 1, r->task);
		bind_text(st, 2, r->cand);
		bind_text(st, 3, r->tb);
		bind_text(st, 4, r->sim);
		bind_text(st, 5, r->outcome);
		sqlite3_bind_int(st, 6, r->passed);
		sqlite3_bind_int(st, 7, r->total);
		bind_text(st, 8, r->message);
		sqlite3_bind_double(st, 9, r->wall_ms);
		bind_text(st, 10, r->signature);
	}
	return step_done(s, st, err, "results");
}

int store_results_list(struct store *s, const char *task, struct store_result **out, size_t *n,
		       struct buf *err)
{
	sqlite3_stmt *st = prep(s, "SELECT task, cand, tb, sim, outcome, passed, total, message,"
				" wall_ms, signature FROM results WHERE ?1 IS NULL OR task = ?1"
				" ORDER BY task, cand, tb, sim", err);
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (!st)
		return -1;
	bind_text(st, 1, task);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_result *r;

		ALLOC_GROW(*out, *n + 1, alloc);
		r = &(*out)[(*n)++];
		r->task = col_dup(st, 0);
		r->cand = col_dup(st, 1);
		r->tb = col_dup(st, 2);
		r->sim = col_dup(st, 3);
		r->outcome = col_dup(st, 4);
		r->passed = sqlite3_column_int(st, 5);
		r->total = sqlite3_column_int(st, 6);
		r->message = col_dup(st, 7);
		r->wall_ms = sqlite3_column_double(st, 8);
		r->signature = col_dup(st, 9);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		store_results_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(s, rc, err, "results");
	}
	return 0;
}

void store_results_free(struct store_result *r, size_t n)
{
	size_t i;

	for (i = 0; r && i < n; i++) {
		free(r[i].task);
		free(r[i].cand);
		free(r[i].tb);
		free(r[i].sim);
		free(r[i].outcome);
		free(r[i].message);
		free(r[i].signature);
	}
	free(r);
}

/* ---- scores, pairs, drops ---- */

int store_scores_clear(struct store *s, const char *task, struct buf *err)
{
	sqlite3_stmt *st = prep(s, "DELETE FROM scores WHERE task = ?", err);

	if (st)
		bind_text(st, 1, task);
	return step_done(s, st, err, "scores");
}

int store_score_put(struct store *s, const char *task, const char *cand, const char *method,
		    double score, long grp, struct buf *err)
{
	sqlite3_stmt *st = prep(s, "INSERT OR REPLACE INTO scores(task, cand, method, score, grp)"
			       " VALUES (?, ?, ?, ?, ?)", err);

	if (st) {
		bind_text(st, 1, task);
		bind_text(st, 2, cand);
		bind_text(st, 3, method);
		if (!isnan(score))
			sqlite3_bind_double(st, 4, score);
		if (grp >= 0)
			sqlite3_bind_int64(st, 5, grp);
	}
	return step_done(s, st, err, "scores");
}

int store_pairs_clear(struct store *s, struct buf *err)
{
	return exec_sql(s, "DELETE FROM pairs; DELETE FROM drops WHERE stage = 'pairs';", err,
			"pairs");
}

int store_pair_put(struct store *s, const char *task, long idx, const char *chosen,
		   const char *rejected, double chosen_score, double rejected_score,
		   const char *record, struct buf *err)
{
	sqlite3_stmt *st = prep(s, "INSERT OR REPLACE INTO pairs(task, idx, chosen, rejected,"
			       " chosen_score, rejected_score, record) VALUES (?, ?, ?, ?, ?, ?, ?)",
			       err);

	if (st) {
		bind_text(st, 1, task);
		sqlite3_bind_int64(st, 2, idx);
		bind_text(st, 3, chosen);
		bind_text(st, 4, rejected);
		if (!isnan(chosen_score))
			sqlite3_bind_double(st, 5, chosen_score);
		if (!isnan(rejected_score))
			sqlite3_bind_double(st, 6, rejected_score);
		bind_text(st, 7, record);
	}
	return step_done(s, st, err, "pairs");
}

int store_pairs_each(struct store *s, int (*fn)(void *ctx, const char *task, const char *record),
		     void *ctx, struct buf *err)
{
	sqlite3_stmt *st = prep(s, "SELECT task, record FROM pairs ORDER BY task, idx", err);
	int rc, r = 0;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r = fn(ctx, (const char *)sqlite3_column_text(st, 0),
		       (const char *)sqlite3_column_text(st, 1));
		if (r)
			break;
	}
	sqlite3_finalize(st);
	if (r)
		return r;
	if (rc != SQLITE_DONE)
		return db_fail(s, rc, err, "pairs");
	return 0;
}

int store_drop_set(struct store *s, const char *task, const char *stage, const char *reason,
		   struct buf *err)
{
	sqlite3_stmt *st;

	if (reason) {
		st = prep(s, "INSERT OR REPLACE INTO drops(task, stage, reason) VALUES (?, ?, ?)", err);
		if (st) {
			bind_text(st, 1, task);
			bind_text(st, 2, stage);
			bind_text(st, 3, reason);
		}
	} else {
		st = prep(s, "DELETE FROM drops WHERE task = ? AND stage = ?", err);
		if (st) {
			bind_text(st, 1, task);
			bind_text(st, 2, stage);
		}
	}
	return step_done(s, st, err, "drops");
}

/* ---- stages and usage ---- */

int store_stage_done(struct store *s, const char *stage, struct buf *err)
{
	sqlite3_stmt *st = prep(s, "SELECT done FROM stages WHERE name = ?", err);
	int rc, done = 0;

	if (!st)
		return -1;
	bind_text(st, 1, stage);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		done = sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(s, rc, err, "stages");
	return done;
}

int store_stage_mark(struct store *s, const char *stage, int done, double wall_ms, long items,
		     struct buf *err)
{
	sqlite3_stmt *st = prep(s, "INSERT INTO stages(name, done, wall_ms, items) VALUES (?1, ?2, ?3, ?4)"
			       " ON CONFLICT(name) DO UPDATE SET done = ?2,"
			       " wall_ms = wall_ms + ?3, items = items + ?4", err);

	if (st) {
		bind_text(st, 1, stage);
		sqlite3_bind_int(st, 2, done);
		sqlite3_bind_double(st, 3, wall_ms);
		sqlite3_bind_int64(st, 4, items);
	}
	return step_done(s, st, err, "stages");
}

int store_usage_add(struct store *s, const char *stage, const char *task, long requests,
		    long prompt_tokens, long completion_tokens, long cached, struct buf *err)
{
	sqlite3_stmt *st = prep(s, "INSERT INTO usage(stage, task, requests, prompt_tokens,"
			       " completion_tokens, cached) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
			       " ON CONFLICT(stage, task) DO UPDATE SET requests = requests + ?3,"
			       " prompt_tokens = prompt_tokens + ?4,"
			       " completion_tokens = completion_tokens + ?5, cached = cached + ?6", err);

	if (st) {
		bind_text(st, 1, stage);
		bind_text(st, 2, task);
		sqlite3_bind_int64(st, 3, requests);
		sqlite3_bind_int64(st, 4, prompt_tokens);
		sqlite3_bind_int64(st, 5, completion_tokens);
		sqlite3_bind_int64(st, 6, cached);
	}
	return step_done(s, st, err, "usage");
}

int store_query(struct store *s, const char *sql, const char *const *bind, int nbind,
		int (*fn)(void *ctx, int ncol, const char *const *col), void *ctx,
		struct buf *err)
{
	sqlite3_stmt *st = prep(s, sql, err);
	const char **cols = NULL;
	int rc, i, ncol, r = 0;

	if (!st)
		return -1;
	for (i = 0; i < nbind; i++)
		bind_text(st, i + 1, bind[i]);
	ncol = sqlite3_column_count(st);
	cols = xcalloc((size_t)ncol + 1, sizeof(*cols));
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (i = 0; i < ncol; i++)
			cols[i] = (const char *)sqlite3_column_text(st, i);
		r = fn(ctx, ncol, cols);
		if (r)
			break;
	}
	sqlite3_finalize(st);
	free(cols);
	if (r)
		return r;
	if (rc != SQLITE_DONE)
		return db_fail(s, rc, err, "query");
	return 0;
}

int store_stage_set(struct store *s, const char *stage, int done, double wall_ms, long items,
		    struct buf *err)
{
	/* An upsert, not INSERT OR REPLACE: the row keeps its place (rowid). */
	sqlite3_stmt *st = prep(s, "INSERT INTO stages(name, done, wall_ms, items)"
			       " VALUES (?1, ?2, ?3, ?4) ON CONFLICT(name) DO UPDATE SET"
			       " done = ?2, wall_ms = ?3, items = ?4", err);

	if (st) {
		bind_text(st, 1, stage);
		sqlite3_bind_int(st, 2, done);
		sqlite3_bind_double(st, 3, wall_ms);
		sqlite3_bind_int64(st, 4, items);
	}
	return step_done(s, st, err, "stages");
}

/* ---- merging shards ---- */

/* A table copied by store_merge_from(): key columns, compared columns, others. */
struct merge_table {
	const char *name;
	const char *keys[4];
	const char *vals[8];
	const char *other;   /* copied, not compared (NULL: none) */
	const char *where;   /* filter on the source rows x (NULL: all) */
};

static const struct merge_table merge_tables[] = {
	{ "tasks", { "id" }, { "kind", "spec", "ref", "prompt", "has_ref" }, "dir", NULL },
	{ "testbenches", { "task", "name" },
	  { "kind", "text", "multiplicity", "status", "reason", "metrics" }, NULL, NULL },
	{ "candidates", { "task", "id" }, { "origin", "text", "hash", "first_sample", "note" },
	  NULL, NULL },
	{ "samples", { "task", "idx" },
	  { "cand", "origin", "model", "finish_reason", "truncated", "prompt_tokens",
	    "completion_tokens" }, NULL, NULL },
	{ "results", { "task", "cand", "tb", "sim" },
	  { "outcome", "passed", "total", "message", "signature" }, "wall_ms", NULL },
	{ "drops", { "task", "stage" }, { "reason" }, NULL, "x.stage NOT IN ('score', 'pairs')" },
	{ "usage", { "stage", "task" }, { "requests", "prompt_tokens", "completion_tokens", "cached" },
	  NULL, NULL },
	{ "llm_cache", { "key" }, { "content", "finish_reason" }, "created", NULL },
};

/* Columns of t as "p.a, p.b, ..." (prefix p may be "") into out. */
static void merge_cols(const struct merge_table *t, const char *p, struct buf *out)
{
	size_t i;
	const char *sep = "";

	for (i = 0; i < 4 && t->keys[i]; i++, sep = ", ")
		buf_addf(out, "%s%s%s", sep, p, t->keys[i]);
	for (i = 0; i < 8 && t->vals[i]; i++)
		buf_addf(out, ", %s%s", p, t->vals[i]);
	if (t->other)
		buf_addf(out, ", %s%s", p, t->other);
}

/* 1 when the conflict query finds a row (its key in *key), 0 none, -1 error. */
static int merge_conflict(struct store *s, const struct merge_table *t, struct buf *key,
			  struct buf *err)
{
	struct buf sql = BUF_INIT;
	sqlite3_stmt *st;
	size_t i, nk = 0;
	int rc, ret = 0;

	buf_addstr(&sql, "SELECT ");
	for (i = 0; i < 4 && t->keys[i]; i++, nk++)
		buf_addf(&sql, "%sx.%s", i ? ", " : "", t->keys[i]);
	buf_addf(&sql, " FROM src.%s x JOIN main.%s m ON ", t->name, t->name);
	for (i = 0; i < nk; i++)
		buf_addf(&sql, "%sm.%s = x.%s", i ? " AND " : "", t->keys[i], t->keys[i]);
	buf_addstr(&sql, " WHERE (");
	for (i = 0; i < 8 && t->vals[i]; i++)
		buf_addf(&sql, "%sm.%s IS NOT x.%s", i ? " OR " : "", t->vals[i], t->vals[i]);
	buf_addf(&sql, ")%s%s ORDER BY 1 LIMIT 1", t->where ? " AND " : "",
		 t->where ? t->where : "");
	st = prep(s, sql.data, err);
	buf_release(&sql);
	if (!st)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		buf_reset(key);
		for (i = 0; i < nk; i++) {
			const char *v = (const char *)sqlite3_column_text(st, (int)i);

			buf_addf(key, "%s%s", i ? ", " : "", v ? v : "NULL");
		}
		ret = 1;
	} else if (rc != SQLITE_DONE) {
		ret = db_fail(s, rc, err, t->name);
	}
	sqlite3_finalize(st);
	return ret;
}

int store_merge_from(struct store *s, const char *src_dir, long *added, struct buf *err)
{
	struct buf path = BUF_INIT, sql = BUF_INIT, key = BUF_INIT;
	sqlite3_stmt *st = NULL;
	size_t i, len = strlen(src_dir);
	int ret = -1, attached = 0, has_cache = 0, version, r;
	long n = 0;

	while (len > 1 && src_dir[len - 1] == '/')
		len--;
	buf_addf(&path, "%.*s/%s", (int)len, src_dir, STORE_DB_NAME);
	st = prep(s, "ATTACH DATABASE ? AS src", err);
	if (!st)
		goto out;
	bind_text(st, 1, path.data);
	if (step_done(s, st, err, "attach") < 0)
		goto out;
	attached = 1;
	st = prep(s, "PRAGMA src.user_version", err);
	if (!st)
		goto out;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		db_fail(s, sqlite3_errcode(s->db), err, "attach");
		goto out;
	}
	version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version != STORE_SCHEMA_VERSION) {
		buf_setf(err, "'%s' has schema version %d, not %d; open it once with this veripref",
			 path.data, version, STORE_SCHEMA_VERSION);
		goto out;
	}
	st = prep(s, "SELECT 1 FROM src.sqlite_master WHERE type = 'table' AND name = 'llm_cache'",
		  err);
	if (!st)
		goto out;
	has_cache = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (store_begin(s, err) < 0)
		goto out;
	/* The same definition as llm_cache.c's, so llm_cache_attach() accepts it. */
	if (has_cache && exec_sql(s, "CREATE TABLE IF NOT EXISTS main.llm_cache ("
				  " key TEXT PRIMARY KEY, content TEXT NOT NULL,"
				  " finish_reason TEXT, created INTEGER NOT NULL)", err, "llm_cache") < 0)
		goto rollback;
	for (i = 0; i < sizeof(merge_tables) / sizeof(merge_tables[0]); i++) {
		const struct merge_table *t = &merge_tables[i];

		if (!strcmp(t->name, "llm_cache") && !has_cache)
			continue;
		r = merge_conflict(s, t, &key, err);
		if (r < 0)
			goto rollback;
		if (r) {
			buf_setf(err, "'%.*s' and '%s' hold different %s rows for (%s)", (int)len, src_dir,
				 s->dir, t->name, key.data);
			goto rollback;
		}
		buf_reset(&sql);
		buf_addf(&sql, "INSERT OR IGNORE INTO main.%s(", t->name);
		merge_cols(t, "", &sql);
		buf_addstr(&sql, ") SELECT ");
		merge_cols(t, "x.", &sql);
		buf_addf(&sql, " FROM src.%s x%s%s ORDER BY 1", t->name, t->where ? " WHERE " : "",
			 t->where ? t->where : "");
		if (exec_sql(s, sql.data, err, t->name) < 0)
			goto rollback;
		n += sqlite3_changes(s->db);
	}
	if (store_commit(s, err) < 0)
		goto out;
	if (added)
		*added = n;
	ret = 0;
	goto out;
rollback:
	store_rollback(s);
out:
	if (attached)
		sqlite3_exec(s->db, "DETACH DATABASE src", NULL, NULL, NULL);
	buf_release(&path);
	buf_release(&sql);
	buf_release(&key);
	return ret;
}

int store_llm_sample_commit(struct store *s, const struct store_sample *smp, long requests,
			    long prompt_tokens, long completion_tokens, long cached,
			    struct buf *err)
{
	if (store_begin(s, err) < 0)
		return -1;
	if (store_sample_put(s, smp, err) < 0 ||
	    store_usage_add(s, "sample", smp->task, requests, prompt_tokens, completion_tokens,
			    cached, err) < 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err);
}
