/*
 * llm: client for OpenAI-compatible chat completions (OpenAI, vLLM,
 * llama.cpp's server, Ollama, SGLang).
 *
 * Every generation stage goes through here.  Callers fill a queue with
 * llm_submit() and drain it with llm_next(), which drives libcurl's multi
 * interface from the calling thread with up to `concurrency` HTTP requests
 * in flight, retries what is worth retrying (connection errors, timeouts,
 * 408, 409, 429, 5xx, malformed or choice-less 200 bodies) with exponential
 * backoff and jitter or the server's Retry-After, and fails at once with the
 * server's own message on 400/401/403/404, other 4xx and an exhausted quota.
 * Completed samples are written to the response cache (llm_cache.h) as soon
 * as they arrive, so a crash loses only what was in flight.
 *
 * `n > 1` is asked for in one request; when a server returns fewer choices
 * (llama.cpp and Ollama ignore n) the missing samples are requested one by
 * one with seeds seed+index (seed 0 when the request has none).
 *
 * Not for: prompts (testbench/ and pipeline/ stages build those), reading
 * the environment (the command does that and fills struct llm_config).  The
 * API key is sent as a Bearer token and nowhere else: never in an error
 * message, never in a cache key or row.
 */
#ifndef VP_LLM_H
#define VP_LLM_H

#include "sim/buf.h"

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct llm_cache;

#define LLM_DEFAULT_BASE_URL "http://127.0.0.1:8000/v1"

enum llm_status {
	LLM_OK = 0,
	LLM_HTTP,       /* the server refused the request (4xx, or 5xx after retries) */
	LLM_QUOTA,      /* 429 with an exhausted quota: never retried */
	LLM_NETWORK,    /* connection failed or broke (after retries) */
	LLM_TIMEOUT,    /* the per-request timeout expired (after retries) */
	LLM_BAD_REPLY,  /* malformed JSON, no choices, or a reply over the size cap */
	LLM_INVALID,    /* the request itself is invalid (no model, no messages, n < 1) */
};

/* A stable lower-case name for a status ("ok", "http", "quota", ...). */
const char *llm_strerror(enum llm_status st);

/*
 * Client configuration.  Strings are borrowed: they must live as long as
 * the client.  Start from LLM_CONFIG_INIT and change what you need.
 */
struct llm_config {
	const char *base_url;      /* e.g. http://127.0.0.1:8000/v1; a trailing '/' is ignored */
	const char *api_key;       /* NULL or "": no Authorization header */
	int concurrency;           /* HTTP requests in flight at most (K) */
	int max_attempts;          /* attempts per HTTP request, first included */
	double connect_timeout;    /* seconds, per attempt */
	double timeout;            /* seconds, whole attempt */
	double backoff_base;       /* first retry delay in seconds (0.5) */
	double backoff_max;        /* cap of the doubling (8) */
	double retry_after_max;    /* cap on a server's Retry-After, seconds */
	double rpm;                /* request starts per minute, 0 = unlimited */
	uint64_t jitter_seed;      /* seeds the jitter RNG (tests fix it) */
	int jitter;                /* 0 disables jitter (delays exactly base*2^k) */
	size_t max_reply;          /* cap on a reply body in bytes */
	int max_completion_tokens; /* send max_completion_tokens instead of max_tokens */
	int n_fallback;            /* request missing samples one by one (default 1) */
	const char *user_agent;
};

#define LLM_CONFIG_INIT { \
	.base_url = LLM_DEFAULT_BASE_URL, .api_key = NULL, .concurrency = 16, \
	.max_attempts = 6, .connect_timeout = 10, .timeout = 600, \
	.backoff_base = 0.5, .backoff_max = 8, .retry_after_max = 600, \
	.rpm = 0, .jitter_seed = 1, .jitter = 1, .max_reply = 16u << 20, \
	.max_completion_tokens = 0, .n_fallback = 1, .user_agent = "veripref/0.1" }

struct llm_message {
	const char *role;      /* "system", "user", "assistant" */
	const char *content;
};

/*
 * One logical request: n samples of one prompt.  Borrowed by llm_submit(),
 * which copies what it needs.  Unset values are omitted from the JSON:
 * temperature/top_p < 0, max_tokens 0, has_seed 0, nstop 0.  timeout is
 * not sent and not part of the cache key.
 */
struct llm_request {
	const char *model;
	const struct llm_message *messages;
	size_t nmessages;
	double temperature;
	double top_p;
	long max_tokens;
	int n;
	int has_seed;
	long long seed;
	const char *const *stop;
	size_t nstop;
	double timeout;        /* seconds per attempt; 0 = the config's */
};

#define LLM_REQUEST_INIT { .temperature = -1, .top_p = -1, .n = 1 }

struct llm_sample {
	char *content;         /* NULL when this sample was not obtained */
	char *finish_reason;   /* as sent by the server; NULL if absent */
	int truncated;         /* finish_reason was "length": kept, but flagged */
	int cached;            /* came from the response cache */
};

/* A finished logical request, handed out by llm_next(). */
struct llm_result {
	uint64_t id;               /* as returned by llm_submit() */
	void *userdata;            /* as given to llm_submit() */
	enum llm_status status;    /* LLM_OK when every sample was obtained */
	long http_code;            /* last HTTP status seen, 0 if none */
	struct buf err;            /* one sentence when status != LLM_OK */
	size_t nsamples;           /* == request.n */
	struct llm_sample *samples;
	long prompt_tokens;        /* usage summed over the HTTP requests made */
	long completion_tokens;
	int requests;              /* HTTP requests made, retries included */
	int cached;                /* samples served from the cache */
};

/* Counters over the client's life, for the stage summaries. */
struct llm_stats {
	long submitted;         /* logical requests */
	long requests;          /* HTTP requests started */
	long retries;           /* of which retries */
	long fallbacks;         /* single-sample requests issued because n was ignored */
	long cache_hits;        /* samples */
	long cache_errors;      /* failed cache reads/writes (the request still ran) */
	long failed;            /* logical requests that ended in an error */
	long truncated;         /* samples with finish_reason "length" */
	long prompt_tokens;
	long completion_tokens;
	int max_in_flight;
};

struct llm_client;

/*
 * Create a client.  Returns NULL with err set when libcurl cannot be set up
 * or the configuration is invalid (empty base URL, concurrency < 1 ...).
 * Call curl_global_init() once before the first client (llm_global_init()).
 */
struct llm_client *llm_client_new(const struct llm_config *cfg, struct buf *err);
/* Abort what is in flight, free every pending request and result; NULL ok. */
void llm_client_free(struct llm_client *c);

/* Process-wide libcurl set-up; 0 or -1.  Call from main-level code once. */
int llm_global_init(void);

/*
 * Use a response cache (borrowed; NULL for none).  With refresh set, cached
 * rows are not read but fresh replies still overwrite them.
 */
void llm_client_set_cache(struct llm_client *c, struct llm_cache *cache, int refresh);

/*
 * Queue a request.  Samples found in the cache are filled at once; the rest
 * is sent by llm_next().  Returns the request's id (1, 2, ...).  Invalid
 * requests (no model, no messages, n < 1) are queued as already failed, so
 * every submit yields exactly one result.
 */
uint64_t llm_submit(struct llm_client *c, const struct llm_request *req, void *userdata);

/*
 * Run the transfers until one logical request is finished and return it
 * (ownership passes to the caller: llm_result_free()).  Results come in
 * completion order.  Returns NULL when nothing is queued or in flight.
 */
struct llm_result *llm_next(struct llm_client *c);

/* Logical requests submitted and not yet returned by llm_next(). */
size_t llm_pending(const struct llm_client *c);

void llm_result_free(struct llm_result *r);

void llm_client_stats(const struct llm_client *c, struct llm_stats *out);

/*
 * Ask the endpoint for its models (GET <base>/models) with the config's
 * timeouts and no retries.  Returns 0 and fills *ids (an array of *nids
 * strings, free each and the array) on HTTP 200 with a parsable list, else
 * -1 with err set ("cannot reach ...", "HTTP 401: ...").
 */
int llm_list_models(const struct llm_config *cfg, char ***ids, size_t *nids, struct buf *err);

/* ---- Pure helpers, exposed for the unit tests ---- */

/*
 * The JSON body for req asking n samples; seed_override (when not NULL)
 * replaces the request's seed.  Keys in this order: model, messages,
 * temperature, top_p, max_tokens (or max_completion_tokens), n (only when
 * n > 1), seed, stop.  Returns a malloc'd string.
 */
char *llm_request_json(const struct llm_request *req, int n, const long long *seed_override,
		       int max_completion_tokens);

/*
 * The canonical form hashed into cache keys: base URL (trailing '/'
 * removed), model, messages and the sampling parameters; not n (the sample
 * index goes into the key instead), not the API key, not the name of the
 * token limit field.  Returns a malloc'd string.
 */
char *llm_request_canonical(const char *base_url, const struct llm_request *req);

/* One parsed reply body. */
struct llm_reply {
	size_t nchoices;
	struct llm_sample *choices;   /* in the order of the "index" fields */
	long prompt_tokens;
	long completion_tokens;
};

/*
 * Parse a 200 body.  Returns 0, or -1 with err set when the body is not
 * JSON, has no "choices" (an error body's message is quoted) or a choice has
 * no string message.content.  Release with llm_reply_release().
 */
int llm_parse_reply(const char *body, size_t len, struct llm_reply *out, struct buf *err);
void llm_reply_release(struct llm_reply *r);

/*
 * The human message of an error body: {"error":{"message":..,"type":..,
 * "code":..}}, {"error":"..."}, {"message":"..."} or {"detail":"..."};
 * otherwise the body's first line (up to 200 bytes).  Appends to msg.
 */
void llm_error_message(const char *body, size_t len, struct buf *msg);

/* Whether a 429 body says the quota is exhausted (not a rate limit). */
int llm_is_quota_error(const char *body, size_t len);

/*
 * Whether an HTTP status is retried: 408, 409, 429, 5xx.  (A quota 429 is
 * singled out by llm_is_quota_error() first.)
 */
int llm_http_retryable(long code);

/*
 * Seconds to wait as asked by Retry-After (delta-seconds or an HTTP date,
 * relative to now) or retry-after-ms (milliseconds; preferred when both are
 * present).  Either string may be NULL.  Returns -1 when neither parses.
 */
double llm_retry_after(const char *retry_after, const char *retry_after_ms, time_t now);

/*
 * The jitter RNG: splitmix64.  Returns the next value and advances *state.
 */
uint64_t llm_rng_next(uint64_t *state);

/*
 * Delay before retry number `retry` (1 = the first retry):
 * d = min(backoff_base * 2^(retry-1), backoff_max); with jitter the delay is
 * d/2 + u*d/2 where u = (llm_rng_next(rng) >> 11) / 2^53, else d.  A server
 * delay >= 0 (from llm_retry_after()) wins instead, capped at
 * retry_after_max, and does not consume the RNG.
 */
double llm_backoff_delay(const struct llm_config *cfg, int retry, uint64_t *rng,
			 double server_delay);

/*
 * The rate limit: given the earliest start time of the next request
 * (*next_slot, seconds on any monotonic clock) and now, return how long to
 * wait before a request may start (0 when it may start now).  When it
 * returns 0 the slot is taken: *next_slot moves to max(*next_slot, now) +
 * 60/rpm.  rpm <= 0 means unlimited (always 0, nothing changes).
 */
double llm_rate_wait(double *next_slot, double now, double rpm);

#endif
