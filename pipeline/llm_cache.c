/*
 * llm_cache: SQLite-backed response cache.  See llm_cache.h.
 *
 * SHA-256 is implemented here (FIPS 180-4) so the cache needs no crypto
 * library; it hashes a few kilobytes per request, speed is irrelevant.
 */
#include "pipeline/llm_cache.h"
#include "sim/xalloc.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct llm_cache {
	sqlite3 *db;
	int owned;
	sqlite3_stmt *get;
	sqlite3_stmt *put;
};

/* ---- SHA-256 ---- */

struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char block[64];
	size_t used;
};

static const uint32_t K256[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(struct sha256 *s, const unsigned char *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h, t1, t2;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = s->h[0]; b = s->h[1]; c = s->h[2]; d = s->h[3];
	e = s->h[4]; f = s->h[5]; g = s->h[6]; h = s->h[7];
	for (i = 0; i < 64; i++) {
		t1 = h + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] + w[i];
		t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
		h = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	s->h[0] += a; s->h[1] += b; s->h[2] += c; s->h[3] += d;
	s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void sha256_init(struct sha256 *s)
{
	static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	memcpy(s->h, iv, sizeof(iv));
	s->len = 0;
	s->used = 0;
}

static void sha256_update(struct sha256 *s, const void *data, size_t len)
{
	const unsigned char *p = data;

	s->len += len;
	while (len) {
		size_t take = 64 - s->used;
		if (take > len)
			take = len;
		memcpy(s->block + s->used, p, take);
		s->used += take;
		p += take;
		len -= take;
		if (s->used == 64) {
			sha256_block(s, s->block);
			s->used = 0;
		}
	}
}

static void sha256_hex_final(struct sha256 *s, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	uint64_t bits = s->len * 8;
	unsigned char pad = 0x80, len8[8];
	int i;

	sha256_update(s, &pad, 1);
	pad = 0;
	while (s->used != 56)
		sha256_update(s, &pad, 1);
	for (i = 0; i < 8; i++)
		len8[i] = (unsigned char)(bits >> (56 - 8 * i));
	sha256_update(s, len8, 8);
	for (i = 0; i < 32; i++) {
		unsigned char byte = (unsigned char)(s->h[i / 4] >> (24 - 8 * (i % 4)));
		out[2 * i] = hex[byte >> 4];
		out[2 * i + 1] = hex[byte & 15];
	}
	out[64] = '\0';
}

void llm_sha256_hex(const void *data, size_t len, char out[65])
{
	struct sha256 s;

	sha256_init(&s);
	sha256_update(&s, data, len);
	sha256_hex_final(&s, out);
}

void llm_cache_key(const char *canonical, size_t index, char out[LLM_CACHE_KEY_LEN + 1])
{
	struct sha256 s;
	char tail[32];
	int n = snprintf(tail, sizeof(tail), "\n%zu", index);

	sha256_init(&s);
	sha256_update(&s, canonical, strlen(canonical));
	sha256_update(&s, tail, (size_t)n);
	sha256_hex_final(&s, out);
}

/* ---- SQLite ---- */

static int prepare(struct llm_cache *c, struct buf *err)
{
	static const char schema[] =
		"CREATE TABLE IF NOT EXISTS llm_cache ("
		" key TEXT PRIMARY KEY,"
		" content TEXT NOT NULL,"
		" finish_reason TEXT,"
		" created INTEGER NOT NULL)";
	char *msg = NULL;

	sqlite3_busy_timeout(c->db, 10000);
	if (sqlite3_exec(c->db, schema, NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	if (sqlite3_prepare_v2(c->db,
			"SELECT content, finish_reason FROM llm_cache WHERE key = ?1",
			-1, &c->get, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(c->db,
			"INSERT OR REPLACE INTO llm_cache (key, content, finish_reason, created)"
			" VALUES (?1, ?2, ?3, ?4)", -1, &c->put, NULL) != SQLITE_OK)
		goto fail;
	return 0;
fail:
	buf_setf(err, "cannot set up the LLM cache table: %s",
		 msg ? msg : sqlite3_errmsg(c->db));
	sqlite3_free(msg);
	return -1;
}

struct llm_cache *llm_cache_open(const char *path, struct buf *err)
{
	struct llm_cache *c = xcalloc(1, sizeof(*c));

	c->owned = 1;
	if (sqlite3_open_v2(path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK) {
		buf_setf(err, "cannot open LLM cache '%s': %s", path,
			 c->db ? sqlite3_errmsg(c->db) : "out of memory");
		goto fail;
	}
	sqlite3_busy_timeout(c->db, 10000);
	if (sqlite3_exec(c->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
			 NULL, NULL, NULL) != SQLITE_OK) {
		buf_setf(err, "cannot open LLM cache '%s': %s", path, sqlite3_errmsg(c->db));
		goto fail;
	}
	if (prepare(c, err) < 0) {
		struct buf inner = BUF_INIT;
		buf_addstr(&inner, err->data);
		buf_setf(err, "'%s': %s", path, inner.data);
		buf_release(&inner);
		goto fail;
	}
	return c;
fail:
	llm_cache_close(c);
	return NULL;
}

struct llm_cache *llm_cache_attach(struct sqlite3 *db, struct buf *err)
{
	struct llm_cache *c = xcalloc(1, sizeof(*c));

	c->db = db;
	c->owned = 0;
	if (prepare(c, err) < 0) {
		llm_cache_close(c);
		return NULL;
	}
	return c;
}

void llm_cache_close(struct llm_cache *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->get);
	sqlite3_finalize(c->put);
	if (c->owned)
		sqlite3_close(c->db);
	free(c);
}

int llm_cache_get(struct llm_cache *c, const char *key, struct buf *content,
		  struct buf *finish_reason, struct buf *err)
{
	int rc, ret;

	sqlite3_reset(c->get);
	sqlite3_bind_text(c->get, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(c->get);
	if (rc == SQLITE_ROW) {
		const unsigned char *fr = sqlite3_column_text(c->get, 1);
		buf_reset(content);
		buf_add(content, sqlite3_column_text(c->get, 0),
			(size_t)sqlite3_column_bytes(c->get, 0));
		if (finish_reason) {
			buf_reset(finish_reason);
			if (fr)
				buf_addstr(finish_reason, (const char *)fr);
		}
		ret = 1;
	} else if (rc == SQLITE_DONE) {
		ret = 0;
	} else {
		buf_setf(err, "cannot read the LLM cache: %s", sqlite3_errmsg(c->db));
		ret = -1;
	}
	sqlite3_reset(c->get);
	sqlite3_clear_bindings(c->get);
	return ret;
}

int llm_cache_put(struct llm_cache *c, const char *key, const char *content,
		  const char *finish_reason, struct buf *err)
{
	int rc;

	sqlite3_reset(c->put);
	sqlite3_bind_text(c->put, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(c->put, 2, content, -1, SQLITE_STATIC);
	if (finish_reason)
		sqlite3_bind_text(c->put, 3, finish_reason, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(c->put, 3);
	sqlite3_bind_int64(c->put, 4, (sqlite3_int64)time(NULL));
	rc = sqlite3_step(c->put);
	sqlite3_reset(c->put);
	sqlite3_clear_bindings(c->put);
	if (rc != SQLITE_DONE) {
		buf_setf(err, "cannot write the LLM cache: %s", sqlite3_errmsg(c->db));
		return -1;
	}
	return 0;
}

long llm_cache_count(struct llm_cache *c, struct buf *err)
{
	sqlite3_stmt *st = NULL;
	long n = -1;

	if (sqlite3_prepare_v2(c->db, "SELECT count(*) FROM llm_cache", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = (long)sqlite3_column_int64(st, 0);
	else
		buf_setf(err, "cannot count the LLM cache rows: %s", sqlite3_errmsg(c->db));
	sqlite3_finalize(st);
	return n;
}
