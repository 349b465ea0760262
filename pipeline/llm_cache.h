/*
 * llm_cache: the LLM response cache, rows in SQLite.
 *
 * A completed sample is stored under a content address: the SHA-256 of the
 * canonical request (llm_request_canonical() in llm.h: base URL, model,
 * messages, sampling parameters; never the API key) plus the sample index.
 * Rerunning a stage therefore costs zero requests and yields identical text.
 *
 * The cache lives either in a standalone file (`veripref llm`, default
 * $XDG_CACHE_HOME/veripref/llm-cache.db, chosen by the command) or in the run
 * store's database: llm_cache_attach() takes an open sqlite3 handle and
 * creates its table there, leaving the handle's ownership with the caller.
 *
 * Table: llm_cache(key TEXT PRIMARY KEY, content TEXT, finish_reason TEXT,
 * created INTEGER).  Errors are reported as one sentence in err.
 */
#ifndef VP_LLM_CACHE_H
#define VP_LLM_CACHE_H

#include "sim/buf.h"

#include <stddef.h>

struct sqlite3;
struct llm_cache;

#define LLM_CACHE_KEY_LEN 64   /* hex SHA-256 */

/*
 * Open (creating when missing) a standalone cache file in WAL mode.  The
 * directory must exist.  Returns NULL with err set on failure.  Free with
 * llm_cache_close().
 */
struct llm_cache *llm_cache_open(const char *path, struct buf *err);

/*
 * Use an open database (the run store's).  Creates the table when missing.
 * The handle stays owned by the caller and must outlive the cache object;
 * llm_cache_close() does not close it.  NULL with err set on failure.
 */
struct llm_cache *llm_cache_attach(struct sqlite3 *db, struct buf *err);

/* Close; accepts NULL. */
void llm_cache_close(struct llm_cache *c);

/*
 * The key of sample `index` of a request: hex SHA-256 of canonical, a
 * newline and the decimal index.  out receives LLM_CACHE_KEY_LEN chars + NUL.
 */
void llm_cache_key(const char *canonical, size_t index, char out[LLM_CACHE_KEY_LEN + 1]);

/*
 * Look a key up.  Returns 1 and fills content (reset first) and
 * finish_reason (reset first; may be NULL) when found, 0 when missing, -1
 * with err set on a database error.
 */
int llm_cache_get(struct llm_cache *c, const char *key, struct buf *content,
		  struct buf *finish_reason, struct buf *err);

/* Store (or replace) a row.  finish_reason may be NULL.  0, or -1 with err. */
int llm_cache_put(struct llm_cache *c, const char *key, const char *content,
		  const char *finish_reason, struct buf *err);

/* Number of rows, or -1 with err set. */
long llm_cache_count(struct llm_cache *c, struct buf *err);

/* SHA-256 of data as 64 lowercase hex digits (exposed for tests). */
void llm_sha256_hex(const void *data, size_t len, char out[65]);

#endif
