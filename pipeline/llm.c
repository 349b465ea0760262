/*
 * llm: OpenAI-compatible chat completions over libcurl's multi interface.
 * See llm.h for the contract.
 *
 * A logical request (a "job": one prompt, n samples) becomes one or more
 * HTTP transfers ("xfers"): one asking for all missing samples, then one per
 * sample the server did not return.  Transfers wait in a FIFO (fresh ones at
 * the tail, retries whose backoff expired at the head) and at most
 * `concurrency` of them are attached to the multi handle.  Everything runs
 * in the caller's thread inside llm_next().
 */
#define _GNU_SOURCE /* strcasestr */
#include "pipeline/llm.h"
#include "pipeline/llm_cache.h"
#include "sim/xalloc.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct job {
	struct llm_result res;      /* first member: llm_result_free() casts back */
	struct llm_request req;     /* deep copy */
	struct llm_message *msgs;
	char **stops;
	char *canon;
	int outstanding;            /* transfers not finished */
	struct job *prev, *next;    /* live list, then done list (next only) */
};

struct xfer {
	struct job *job;
	size_t *idx;                /* sample indices this transfer fills */
	size_t count;
	int has_seed;
	long long seed;
	char *body;
	int attempt;                /* attempts started */
	double not_before;
	CURL *easy;
	struct buf reply;
	char errbuf[CURL_ERROR_SIZE];
	char retry_after[64];
	char retry_after_ms[32];
	struct xfer *prev, *next;   /* queue or in-flight list */
};

struct xlist {
	struct xfer *head, *tail;
};

struct llm_client {
	struct llm_config cfg;
	char *base;
	char *chat_url;
	struct curl_slist *headers;
	CURLM *multi;
	CURL **idle;
	size_t nidle, idle_alloc;
	struct xlist ready;         /* may start now (subject to K and the rate) */
	struct xlist delayed;       /* waiting for their backoff to pass */
	struct xlist flying;        /* attached to the multi handle */
	int in_flight;
	struct job *live;           /* submitted, not yet finished */
	struct job *done_head, *done_tail;
	size_t pending;
	uint64_t next_id;
	uint64_t rng;
	double next_slot;
	struct llm_cache *cache;
	int refresh;
	struct llm_stats stats;
};

const char *llm_strerror(enum llm_status st)
{
	switch (st) {
	case LLM_OK: return "ok";
	case LLM_HTTP: return "http";
	case LLM_QUOTA: return "quota";
	case LLM_NETWORK: return "network";
	case LLM_TIMEOUT: return "timeout";
	case LLM_BAD_REPLY: return "bad-reply";
	case LLM_INVALID: return "invalid";
	}
	return "unknown";
}

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- lists ---- */

static void xl_push_tail(struct xlist *l, struct xfer *x)
{
	x->next = NULL;
	x->prev = l->tail;
	if (l->tail)
		l->tail->next = x;
	else
		l->head = x;
	l->tail = x;
}

static void xl_push_head(struct xlist *l, struct xfer *x)
{
	x->prev = NULL;
	x->next = l->head;
	if (l->head)
		l->head->prev = x;
	else
		l->tail = x;
	l->head = x;
}

static void xl_remove(struct xlist *l, struct xfer *x)
{
	if (x->prev)
		x->prev->next = x->next;
	else
		l->head = x->next;
	if (x->next)
		x->next->prev = x->prev;
	else
		l->tail = x->prev;
	x->prev = x->next = NULL;
}

/* ---- pure helpers ---- */

uint64_t llm_rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

double llm_backoff_delay(const struct llm_config *cfg, int retry, uint64_t *rng,
			 double server_delay)
{
	double d;
	int i;

	if (server_delay >= 0)
		return server_delay < cfg->retry_after_max ? server_delay : cfg->retry_after_max;
	d = cfg->backoff_base;
	for (i = 1; i < retry && d < cfg->backoff_max; i++)
		d *= 2;
	if (d > cfg->backoff_max)
		d = cfg->backoff_max;
	if (cfg->jitter) {
		double u = (double)(llm_rng_next(rng) >> 11) / 9007199254740992.0;
		d = d / 2 + u * d / 2;
	}
	return d;
}

double llm_rate_wait(double *next_slot, double now, double rpm)
{
	if (rpm <= 0)
		return 0;
	if (now < *next_slot)
		return *next_slot - now;
	*next_slot = now + 60.0 / rpm;
	return 0;
}

int llm_http_retryable(long code)
{
	return code == 408 || code == 409 || code == 429 || (code >= 500 && code <= 599);
}

double llm_retry_after(const char *retry_after, const char *retry_after_ms, time_t now)
{
	char *end;
	double v;

	if (retry_after_ms && *retry_after_ms) {
		v = strtod(retry_after_ms, &end);
		if (end != retry_after_ms && !*end && v >= 0)
			return v / 1000.0;
	}
	if (retry_after && *retry_after) {
		time_t t;

		v = strtod(retry_after, &end);
		if (end != retry_after && !*end && v >= 0 && isdigit((unsigned char)*retry_after))
			return v;
		t = curl_getdate(retry_after, NULL);
		if (t != (time_t)-1)
			return t > now ? (double)(t - now) : 0;
	}
	return -1;
}

static void add_messages(cJSON *obj, const struct llm_request *req)
{
	cJSON *arr = cJSON_AddArrayToObject(obj, "messages");
	size_t i;

	for (i = 0; i < req->nmessages; i++) {
		cJSON *m = cJSON_CreateObject();
		cJSON_AddStringToObject(m, "role", req->messages[i].role ? req->messages[i].role : "user");
		cJSON_AddStringToObject(m, "content",
					req->messages[i].content ? req->messages[i].content : "");
		cJSON_AddItemToArray(arr, m);
	}
}

static void add_stop(cJSON *obj, const struct llm_request *req)
{
	cJSON *arr;
	size_t i;

	if (!req->nstop)
		return;
	arr = cJSON_AddArrayToObject(obj, "stop");
	for (i = 0; i < req->nstop; i++)
		cJSON_AddItemToArray(arr, cJSON_CreateString(req->stop[i]));
}

static char *print_free(cJSON *obj)
{
	char *s = cJSON_PrintUnformatted(obj);

	cJSON_Delete(obj);
	if (!s)
		abort(); /* cJSON fails only when malloc does */
	return s;
}

char *llm_request_json(const struct llm_request *req, int n, const long long *seed_override,
		       int max_completion_tokens)
{
	cJSON *obj = cJSON_CreateObject();

	cJSON_AddStringToObject(obj, "model", req->model ? req->model : "");
	add_messages(obj, req);
	if (req->temperature >= 0)
		cJSON_AddNumberToObject(obj, "temperature", req->temperature);
	if (req->top_p >= 0)
		cJSON_AddNumberToObject(obj, "top_p", req->top_p);
	if (req->max_tokens > 0)
		cJSON_AddNumberToObject(obj, max_completion_tokens ? "max_completion_tokens"
					: "max_tokens", (double)req->max_tokens);
	if (n > 1)
		cJSON_AddNumberToObject(obj, "n", n);
	if (seed_override)
		cJSON_AddNumberToObject(obj, "seed", (double)*seed_override);
	else if (req->has_seed)
		cJSON_AddNumberToObject(obj, "seed", (double)req->seed);
	add_stop(obj, req);
	return print_free(obj);
}

static size_t base_len(const char *base)
{
	size_t n = strlen(base);

	while (n && base[n - 1] == '/')
		n--;
	return n;
}

char *llm_request_canonical(const char *base_url, const struct llm_request *req)
{
	cJSON *obj = cJSON_CreateObject();
	char *base = xstrndup(base_url ? base_url : "", base_url ? base_len(base_url) : 0);

	cJSON_AddStringToObject(obj, "base_url", base);
	free(base);
	cJSON_AddStringToObject(obj, "model", req->model ? req->model : "");
	add_messages(obj, req);
	if (req->temperature >= 0)
		cJSON_AddNumberToObject(obj, "temperature", req->temperature);
	if (req->top_p >= 0)
		cJSON_AddNumberToObject(obj, "top_p", req->top_p);
	if (req->max_tokens > 0)
		cJSON_AddNumberToObject(obj, "max_tokens", (double)req->max_tokens);
	if (req->has_seed)
		cJSON_AddNumberToObject(obj, "seed", (double)req->seed);
	add_stop(obj, req);
	return print_free(obj);
}

static void add_type_code(struct buf *msg, const cJSON *obj)
{
	const cJSON *type = cJSON_GetObjectItemCaseSensitive(obj, "type");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(obj, "code");
	int t = cJSON_IsString(type) && *type->valuestring;
	int c = (cJSON_IsString(code) && *code->valuestring) || cJSON_IsNumber(code);

	if (!t && !c)
		return;
	buf_addstr(msg, " (");
	if (t)
		buf_addf(msg, "type %s", type->valuestring);
	if (t && c)
		buf_addstr(msg, ", ");
	if (c && cJSON_IsString(code))
		buf_addf(msg, "code %s", code->valuestring);
	else if (c)
		buf_addf(msg, "code %.0f", code->valuedouble);
	buf_addch(msg, ')');
}

void llm_error_message(const char *body, size_t len, struct buf *msg)
{
	cJSON *root = cJSON_ParseWithLengthOpts(body, len, NULL, 0);
	const cJSON *e, *m;
	size_t n;

	if (cJSON_IsObject(root)) {
		e = cJSON_GetObjectItemCaseSensitive(root, "error");
		if (cJSON_IsObject(e)) {
			m = cJSON_GetObjectItemCaseSensitive(e, "message");
			if (cJSON_IsString(m)) {
				buf_addstr(msg, m->valuestring);
				add_type_code(msg, e);
				goto done;
			}
		}
		if (cJSON_IsString(e)) {
			buf_addstr(msg, e->valuestring);
			goto done;
		}
		m = cJSON_GetObjectItemCaseSensitive(root, "message");
		if (cJSON_IsString(m)) {
			buf_addstr(msg, m->valuestring);
			add_type_code(msg, root);
			goto done;
		}
		m = cJSON_GetObjectItemCaseSensitive(root, "detail");
		if (cJSON_IsString(m)) {
			buf_addstr(msg, m->valuestring);
			goto done;
		}
	}
	/* Not a known shape: quote the first line. */
	for (n = 0; n < len && n < 200 && body[n] != '\n' && body[n] != '\r'; n++)
		;
	if (n)
		buf_add(msg, body, n);
	else
		buf_addstr(msg, "(empty body)");
done:
	cJSON_Delete(root);
}

int llm_is_quota_error(const char *body, size_t len)
{
	static const char *const needles[] = { "insufficient_quota", "quota exceeded",
		"exceeded your current quota", "quota_exceeded", "quota has been exhausted", NULL };
	char *s = xstrndup(body, len);
	int hit = 0;
	size_t i;

	for (i = 0; needles[i] && !hit; i++)
		hit = strcasestr(s, needles[i]) != NULL;
	free(s);
	return hit;
}

void llm_reply_release(struct llm_reply *r)
{
	size_t i;

	if (!r)
		return;
	for (i = 0; i < r->nchoices; i++) {
		free(r->choices[i].content);
		free(r->choices[i].finish_reason);
	}
	free(r->choices);
	memset(r, 0, sizeof(*r));
}

int llm_parse_reply(const char *body, size_t len, struct llm_reply *out, struct buf *err)
{
	cJSON *root = cJSON_ParseWithLengthOpts(body, len, NULL, 0);
	const cJSON *choices, *ch, *usage;
	unsigned char *placed = NULL;
	size_t n, k;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!cJSON_IsObject(root)) {
		buf_setf(err, "reply is not a JSON object");
		goto done;
	}
	choices = cJSON_GetObjectItemCaseSensitive(root, "choices");
	if (!cJSON_IsArray(choices) || !cJSON_GetArraySize(choices)) {
		if (cJSON_GetObjectItemCaseSensitive(root, "error")) {
			struct buf m = BUF_INIT;
			llm_error_message(body, len, &m);
			buf_setf(err, "reply has no choices: %s", m.data);
			buf_release(&m);
		} else {
			buf_setf(err, "reply has no choices");
		}
		goto done;
	}
	n = (size_t)cJSON_GetArraySize(choices);
	out->choices = xcalloc(n, sizeof(*out->choices));
	placed = xcalloc(n, 1);
	out->nchoices = n;
	/* Place each choice at its "index"; choices without a usable one fill gaps. */
	k = 0;
	cJSON_ArrayForEach(ch, choices) {
		const cJSON *msg = cJSON_GetObjectItemCaseSensitive(ch, "message");
		const cJSON *content = cJSON_GetObjectItemCaseSensitive(msg, "content");
		const cJSON *fr = cJSON_GetObjectItemCaseSensitive(ch, "finish_reason");
		const cJSON *idx = cJSON_GetObjectItemCaseSensitive(ch, "index");
		struct llm_sample *s;
		size_t at = k;

		if (!cJSON_IsObject(msg) || !(cJSON_IsString(content) || cJSON_IsNull(content))) {
			buf_setf(err, "reply choice %zu has no message content", k);
			goto done;
		}
		if (cJSON_IsNumber(idx) && idx->valuedouble >= 0 && idx->valuedouble < (double)n &&
		    !placed[(size_t)idx->valuedouble])
			at = (size_t)idx->valuedouble;
		else
			for (at = 0; placed[at]; at++)
				;
		placed[at] = 1;
		s = &out->choices[at];
		s->content = xstrdup(cJSON_IsString(content) ? content->valuestring : "");
		if (cJSON_IsString(fr)) {
			s->finish_reason = xstrdup(fr->valuestring);
			s->truncated = !strcmp(fr->valuestring, "length");
		}
		k++;
	}
	usage = cJSON_GetObjectItemCaseSensitive(root, "usage");
	if (cJSON_IsObject(usage)) {
		const cJSON *p = cJSON_GetObjectItemCaseSensitive(usage, "prompt_tokens");
		const cJSON *c = cJSON_GetObjectItemCaseSensitive(usage, "completion_tokens");
		if (cJSON_IsNumber(p))
			out->prompt_tokens = (long)p->valuedouble;
		if (cJSON_IsNumber(c))
			out->completion_tokens = (long)c->valuedouble;
	}
	ret = 0;
done:
	if (ret < 0)
		llm_reply_release(out);
	free(placed);
	cJSON_Delete(root);
	return ret;
}

/* ---- client ---- */

int llm_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static struct curl_slist *make_headers(const char *api_key)
{
	struct curl_slist *h = NULL;

	h = curl_slist_append(h, "Content-Type: application/json");
	h = curl_slist_append(h, "Accept: application/json");
	h = curl_slist_append(h, "Expect:");
	if (api_key && *api_key) {
		struct buf auth = BUF_INIT;
		buf_addf(&auth, "Authorization: Bearer %s", api_key);
		h = curl_slist_append(h, auth.data);
		/* Do not leave the key lying around in freed memory. */
		memset(auth.data, 0, auth.len);
		buf_release(&auth);
	}
	return h;
}

struct llm_client *llm_client_new(const struct llm_config *cfg, struct buf *err)
{
	struct llm_client *c;
	size_t n;

	if (!cfg->base_url || !*cfg->base_url) {
		buf_setf(err, "the LLM base URL is empty");
		return NULL;
	}
	if (cfg->concurrency < 1 || cfg->max_attempts < 1) {
		buf_setf(err, "LLM concurrency and attempt count must be at least 1");
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->cfg = *cfg;
	n = base_len(cfg->base_url);
	c->base = xstrndup(cfg->base_url, n);
	c->chat_url = xmalloc(n + sizeof("/chat/completions"));
	memcpy(c->chat_url, c->base, n);
	strcpy(c->chat_url + n, "/chat/completions");
	c->headers = make_headers(cfg->api_key);
	c->multi = curl_multi_init();
	if (!c->multi || !c->headers) {
		buf_setf(err, "cannot initialise libcurl");
		llm_client_free(c);
		return NULL;
	}
	curl_multi_setopt(c->multi, CURLMOPT_MAXCONNECTS, (long)cfg->concurrency);
	c->rng = cfg->jitter_seed;
	return c;
}

void llm_client_set_cache(struct llm_client *c, struct llm_cache *cache, int refresh)
{
	c->cache = cache;
	c->refresh = refresh;
}

size_t llm_pending(const struct llm_client *c)
{
	return c->pending;
}

void llm_client_stats(const struct llm_client *c, struct llm_stats *out)
{
	*out = c->stats;
}

static void xfer_free(struct xfer *x)
{
	if (!x)
		return;
	free(x->idx);
	free(x->body);
	buf_release(&x->reply);
	free(x);
}

static void job_free(struct job *j)
{
	size_t i;

	if (!j)
		return;
	buf_release(&j->res.err);
	for (i = 0; i < j->res.nsamples; i++) {
		free(j->res.samples[i].content);
		free(j->res.samples[i].finish_reason);
	}
	free(j->res.samples);
	for (i = 0; i < j->req.nmessages; i++) {
		free((char *)j->msgs[i].role);
		free((char *)j->msgs[i].content);
	}
	free(j->msgs);
	for (i = 0; i < j->req.nstop; i++)
		free(j->stops[i]);
	free(j->stops);
	free((char *)j->req.model);
	free(j->canon);
	free(j);
}

void llm_result_free(struct llm_result *r)
{
	job_free((struct job *)r);
}

static void free_xlist(struct llm_client *c, struct xlist *l)
{
	struct xfer *x, *next;

	for (x = l->head; x; x = next) {
		next = x->next;
		if (x->easy) {
			curl_multi_remove_handle(c->multi, x->easy);
			curl_easy_cleanup(x->easy);
		}
		xfer_free(x);
	}
	l->head = l->tail = NULL;
}

void llm_client_free(struct llm_client *c)
{
	struct job *j, *next;
	size_t i;

	if (!c)
		return;
	free_xlist(c, &c->flying);
	free_xlist(c, &c->ready);
	free_xlist(c, &c->delayed);
	for (j = c->live; j; j = next) {
		next = j->next;
		job_free(j);
	}
	for (j = c->done_head; j; j = next) {
		next = j->next;
		job_free(j);
	}
	for (i = 0; i < c->nidle; i++)
		curl_easy_cleanup(c->idle[i]);
	free(c->idle);
	if (c->multi)
		curl_multi_cleanup(c->multi);
	curl_slist_free_all(c->headers);
	free(c->base);
	free(c->chat_url);
	free(c);
}

static void live_remove(struct llm_client *c, struct job *j)
{
	if (j->prev)
		j->prev->next = j->next;
	else
		c->live = j->next;
	if (j->next)
		j->next->prev = j->prev;
	j->prev = j->next = NULL;
}

/* Move a job whose transfers are all over to the done queue. */
static void job_finish(struct llm_client *c, struct job *j)
{
	size_t i;

	live_remove(c, j);
	if (j->res.status == LLM_OK)
		for (i = 0; i < j->res.nsamples; i++)
			if (!j->res.samples[i].content) {
				j->res.status = LLM_BAD_REPLY;
				buf_setf(&j->res.err, "sample %zu of %zu was never obtained",
					 i + 1, j->res.nsamples);
				break;
			}
	if (j->res.status != LLM_OK)
		c->stats.failed++;
	if (c->done_tail)
		c->done_tail->next = j;
	else
		c->done_head = j;
	c->done_tail = j;
}

static void job_fail(struct job *j, enum llm_status st, long http, int attempts, const char *msg)
{
	if (j->res.status != LLM_OK)
		return; /* the first error is the one reported */
	j->res.status = st;
	j->res.http_code = http;
	if (attempts > 1)
		buf_setf(&j->res.err, "gave up after %d attempts: %s", attempts, msg);
	else
		buf_setf(&j->res.err, "%s", msg);
}

static struct xfer *xfer_new(struct job *j, const size_t *idx, size_t count,
			     int has_seed, long long seed)
{
	struct xfer *x = xcalloc(1, sizeof(*x));

	x->job = j;
	x->idx = xmalloc(st_mult(count, sizeof(*idx)));
	memcpy(x->idx, idx, count * sizeof(*idx));
	x->count = count;
	x->has_seed = has_seed;
	x->seed = seed;
	buf_init(&x->reply, 0);
	j->outstanding++;
	return x;
}

static void copy_request(struct job *j, const struct llm_request *req)
{
	size_t i;

	j->req = *req;
	j->req.model = xstrdup(req->model ? req->model : "");
	j->msgs = xcalloc(req->nmessages ? req->nmessages : 1, sizeof(*j->msgs));
	for (i = 0; i < req->nmessages; i++) {
		j->msgs[i].role = xstrdup(req->messages[i].role ? req->messages[i].role : "user");
		j->msgs[i].content = xstrdup(req->messages[i].content ? req->messages[i].content : "");
	}
	j->req.messages = j->msgs;
	j->stops = xcalloc(req->nstop ? req->nstop : 1, sizeof(*j->stops));
	for (i = 0; i < req->nstop; i++)
		j->stops[i] = xstrdup(req->stop[i] ? req->stop[i] : "");
	j->req.stop = (const char *const *)j->stops;
}

static void cache_store(struct llm_client *c, struct job *j, size_t index)
{
	char key[LLM_CACHE_KEY_LEN + 1];
	struct buf err = BUF_INIT;
	struct llm_sample *s = &j->res.samples[index];

	if (!c->cache)
		return;
	llm_cache_key(j->canon, index, key);
	if (llm_cache_put(c->cache, key, s->content, s->finish_reason, &err) < 0)
		c->stats.cache_errors++;
	buf_release(&err);
}

uint64_t llm_submit(struct llm_client *c, const struct llm_request *req, void *userdata)
{
	struct job *j = xcalloc(1, sizeof(*j));
	size_t *missing = NULL, nmissing = 0, i;

	j->res.id = ++c->next_id;
	j->res.userdata = userdata;
	buf_init(&j->res.err, 0);
	c->pending++;
	c->stats.submitted++;
	copy_request(j, req);
	j->next = c->live;
	if (c->live)
		c->live->prev = j;
	c->live = j;

	if (!req->model || !*req->model || !req->nmessages || req->n < 1) {
		j->res.status = LLM_INVALID;
		buf_setf(&j->res.err, "invalid LLM request: %s",
			 !req->model || !*req->model ? "no model" :
			 !req->nmessages ? "no messages" : "n must be at least 1");
		job_finish(c, j);
		return j->res.id;
	}
	j->res.nsamples = (size_t)req->n;
	j->res.samples = xcalloc(j->res.nsamples, sizeof(*j->res.samples));
	j->canon = llm_request_canonical(c->base, req);

	missing = xmalloc(st_mult(j->res.nsamples, sizeof(*missing)));
	for (i = 0; i < j->res.nsamples; i++) {
		if (c->cache && !c->refresh) {
			char key[LLM_CACHE_KEY_LEN + 1];
			struct buf content = BUF_INIT, fr = BUF_INIT, err = BUF_INIT;
			int got;

			llm_cache_key(j->canon, i, key);
			got = llm_cache_get(c->cache, key, &content, &fr, &err);
			if (got > 0) {
				struct llm_sample *s = &j->res.samples[i];
				s->content = buf_detach(&content, NULL);
				s->finish_reason = fr.len ? buf_detach(&fr, NULL) : NULL;
				s->truncated = s->finish_reason && !strcmp(s->finish_reason, "length");
				s->cached = 1;
				j->res.cached++;
				c->stats.cache_hits++;
				if (s->truncated)
					c->stats.truncated++;
			} else if (got < 0) {
				c->stats.cache_errors++;
			}
			buf_release(&content);
			buf_release(&fr);
			buf_release(&err);
			if (got > 0)
				continue;
		}
		missing[nmissing++] = i;
	}

	if (nmissing == j->res.nsamples) {
		xl_push_tail(&c->ready, xfer_new(j, missing, nmissing, req->has_seed, req->seed));
	} else {
		/* Partly cached: the rest one by one, each with its own seed. */
		for (i = 0; i < nmissing; i++)
			xl_push_tail(&c->ready, xfer_new(j, &missing[i], 1, 1,
					(req->has_seed ? req->seed : 0) + (long long)missing[i]));
	}
	free(missing);
	if (!j->outstanding)
		job_finish(c, j);
	return j->res.id;
}

static size_t on_body(char *ptr, size_t size, size_t nmemb, void *data)
{
	struct xfer *x = data;
	size_t n = size * nmemb;

	if (buf_add(&x->reply, ptr, n) < 0)
		return 0; /* over the cap: abort the transfer */
	return n;
}

static void header_value(char *dst, size_t cap, const char *v, size_t n)
{
	while (n && (*v == ' ' || *v == '\t')) {
		v++;
		n--;
	}
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, v, n);
	dst[n] = '\0';
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *data)
{
	struct xfer *x = data;
	size_t n = size * nmemb;

	if (n > 12 && !strncasecmp(ptr, "Retry-After:", 12))
		header_value(x->retry_after, sizeof(x->retry_after), ptr + 12, n - 12);
	else if (n > 15 && !strncasecmp(ptr, "retry-after-ms:", 15))
		header_value(x->retry_after_ms, sizeof(x->retry_after_ms), ptr + 15, n - 15);
	return n;
}

static double xfer_timeout(const struct llm_client *c, const struct xfer *x)
{
	return x->job->req.timeout > 0 ? x->job->req.timeout : c->cfg.timeout;
}

static void xfer_start(struct llm_client *c, struct xfer *x)
{
	CURL *e;
	long long seed = x->seed;

	if (!x->body)
		x->body = llm_request_json(&x->job->req, (int)x->count, x->has_seed ? &seed : NULL,
					   c->cfg.max_completion_tokens);
	e = c->nidle ? c->idle[--c->nidle] : curl_easy_init();
	if (!e)
		abort(); /* curl_easy_init fails only when malloc does */
	x->easy = e;
	buf_reset(&x->reply);
	x->reply.max = c->cfg.max_reply;
	x->errbuf[0] = '\0';
	x->retry_after[0] = '\0';
	x->retry_after_ms[0] = '\0';
	curl_easy_setopt(e, CURLOPT_URL, c->chat_url);
	curl_easy_setopt(e, CURLOPT_POST, 1L);
	curl_easy_setopt(e, CURLOPT_POSTFIELDS, x->body);
	curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE, (long)strlen(x->body));
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, c->headers);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)(c->cfg.connect_timeout * 1000));
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)(xfer_timeout(c, x) * 1000));
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_USERAGENT, c->cfg.user_agent);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_multi_add_handle(c->multi, e);
	xl_push_tail(&c->flying, x);
	c->in_flight++;
	if (c->in_flight > c->stats.max_in_flight)
		c->stats.max_in_flight = c->in_flight;
	c->stats.requests++;
	if (x->attempt)
		c->stats.retries++;
	x->attempt++;
	x->job->res.requests++;
}

/* Detach a finished transfer's handle and keep it for reuse. */
static void xfer_detach(struct llm_client *c, struct xfer *x)
{
	curl_multi_remove_handle(c->multi, x->easy);
	ALLOC_GROW(c->idle, c->nidle + 1, c->idle_alloc);
	c->idle[c->nidle++] = x->easy;
	x->easy = NULL;
	xl_remove(&c->flying, x);
	c->in_flight--;
}

static void xfer_done(struct llm_client *c, struct xfer *x)
{
	struct job *j = x->job;

	xfer_free(x);
	if (--j->outstanding == 0)
		job_finish(c, j);
}

/* A 2xx body parsed: hand the choices to their samples. */
static void deliver(struct llm_client *c, struct xfer *x, struct llm_reply *r)
{
	struct job *j = x->job;
	size_t take = r->nchoices < x->count ? r->nchoices : x->count, i;

	j->res.prompt_tokens += r->prompt_tokens;
	j->res.completion_tokens += r->completion_tokens;
	c->stats.prompt_tokens += r->prompt_tokens;
	c->stats.completion_tokens += r->completion_tokens;
	for (i = 0; i < take; i++) {
		struct llm_sample *s = &j->res.samples[x->idx[i]];
		*s = r->choices[i];
		memset(&r->choices[i], 0, sizeof(r->choices[i]));
		if (s->truncated)
			c->stats.truncated++;
		cache_store(c, j, x->idx[i]);
	}
	if (take < x->count) {
		if (!c->cfg.n_fallback) {
			struct buf m = BUF_INIT;
			buf_addf(&m, "the server returned %zu of %zu samples", take, x->count);
			job_fail(j, LLM_BAD_REPLY, 200, 1, m.data);
			buf_release(&m);
		}
		for (i = take; c->cfg.n_fallback && i < x->count; i++) {
			long long seed = (j->req.has_seed ? j->req.seed : 0) + (long long)x->idx[i];
			xl_push_tail(&c->ready, xfer_new(j, &x->idx[i], 1, 1, seed));
			c->stats.fallbacks++;
		}
	}
}

static void xfer_complete(struct llm_client *c, struct xfer *x, CURLcode rc)
{
	enum llm_status st = LLM_OK;
	int retry = 0;
	long code = 0;
	double server_delay = -1;
	struct buf msg = BUF_INIT;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	xfer_detach(c, x);

	if (rc != CURLE_OK) {
		if (rc == CURLE_WRITE_ERROR && x->reply.truncated) {
			st = LLM_BAD_REPLY;
			buf_addf(&msg, "reply from %s is larger than %zu bytes", c->chat_url,
				 c->cfg.max_reply);
		} else if (rc == CURLE_OPERATION_TIMEDOUT) {
			st = LLM_TIMEOUT;
			retry = 1;
			buf_addf(&msg, "no reply from %s within %g s", c->chat_url, xfer_timeout(c, x));
		} else {
			st = LLM_NETWORK;
			retry = !(rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL ||
				  rc == CURLE_NOT_BUILT_IN || rc == CURLE_PEER_FAILED_VERIFICATION);
			buf_addf(&msg, "cannot talk to %s: %s", c->chat_url,
				 x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
		}
	} else if (code >= 200 && code <= 299) {
		struct llm_reply r;
		struct buf perr = BUF_INIT;

		if (llm_parse_reply(x->reply.data, x->reply.len, &r, &perr) == 0) {
			deliver(c, x, &r);
			llm_reply_release(&r);
			buf_release(&perr);
			goto done;
		}
		st = LLM_BAD_REPLY;
		retry = 1;
		buf_addf(&msg, "bad reply from %s: %s", c->chat_url, perr.data);
		buf_release(&perr);
	} else {
		st = LLM_HTTP;
		buf_addf(&msg, "HTTP %ld: ", code);
		llm_error_message(x->reply.data, x->reply.len, &msg);
		if (code == 429 && llm_is_quota_error(x->reply.data, x->reply.len)) {
			st = LLM_QUOTA;
		} else if (llm_http_retryable(code)) {
			retry = 1;
			server_delay = llm_retry_after(x->retry_after, x->retry_after_ms, time(NULL));
		}
	}

	if (retry && x->attempt < c->cfg.max_attempts) {
		double delay = llm_backoff_delay(&c->cfg, x->attempt, &c->rng, server_delay);
		x->not_before = mono_now() + delay;
		xl_push_tail(&c->delayed, x);
		buf_release(&msg);
		return;
	}
	job_fail(x->job, st, code, x->attempt, msg.data);
done:
	buf_release(&msg);
	xfer_done(c, x);
}

/* Move due retries to the head of the ready queue; return seconds to the next one. */
static double promote_delayed(struct llm_client *c, double now)
{
	struct xfer *x, *next;
	double wait = -1;

	for (x = c->delayed.head; x; x = next) {
		next = x->next;
		if (x->not_before <= now) {
			xl_remove(&c->delayed, x);
			xl_push_head(&c->ready, x);
		} else if (wait < 0 || x->not_before - now < wait) {
			wait = x->not_before - now;
		}
	}
	return wait;
}

struct llm_result *llm_next(struct llm_client *c)
{
	for (;;) {
		double now, wait, rate_wait = -1;
		struct job *j;
		CURLMsg *m;
		int running, left;
		long timeout_ms;

		if (c->done_head) {
			j = c->done_head;
			c->done_head = j->next;
			if (!c->done_head)
				c->done_tail = NULL;
			j->next = NULL;
			c->pending--;
			return &j->res;
		}
		if (!c->pending)
			return NULL;
		if (!c->in_flight && !c->ready.head && !c->delayed.head)
			return NULL; /* cannot happen: every pending job has a transfer */

		now = mono_now();
		wait = promote_delayed(c, now);
		while (c->ready.head && c->in_flight < c->cfg.concurrency) {
			struct xfer *x = c->ready.head;
			double w = llm_rate_wait(&c->next_slot, now, c->cfg.rpm);

			if (w > 0) {
				rate_wait = w;
				break;
			}
			xl_remove(&c->ready, x);
			xfer_start(c, x);
		}

		curl_multi_perform(c->multi, &running);
		while ((m = curl_multi_info_read(c->multi, &left)))
			if (m->msg == CURLMSG_DONE) {
				struct xfer *x = NULL;
				CURLcode rc = m->data.result;
				curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, (char **)&x);
				xfer_complete(c, x, rc);
			}
		if (c->done_head)
			continue;
		/* New work may be startable right away (fallbacks, zero-delay retries). */
		if (c->ready.head && c->in_flight < c->cfg.concurrency && rate_wait < 0)
			continue;

		if (rate_wait >= 0 && (wait < 0 || rate_wait < wait))
			wait = rate_wait;
		if (c->in_flight)
			timeout_ms = wait < 0 || wait > 1.0 ? 1000 : (long)ceil(wait * 1000);
		else if (wait >= 0)
			timeout_ms = (long)ceil(wait * 1000);
		else
			timeout_ms = 0;
		if (timeout_ms > 0 || c->in_flight)
			curl_multi_poll(c->multi, NULL, 0, (int)timeout_ms, NULL);
	}
}

/* ---- /models ---- */

static size_t on_plain_body(char *ptr, size_t size, size_t nmemb, void *data)
{
	size_t n = size * nmemb;

	return buf_add(data, ptr, n) < 0 ? 0 : n;
}

int llm_list_models(const struct llm_config *cfg, char ***ids, size_t *nids, struct buf *err)
{
	CURL *e = curl_easy_init();
	struct curl_slist *h = make_headers(cfg->api_key);
	struct buf body = BUF_INIT, url = BUF_INIT;
	char errbuf[CURL_ERROR_SIZE] = "";
	cJSON *root = NULL;
	const cJSON *list, *item;
	size_t alloc = 0;
	long code = 0;
	CURLcode rc;
	int ret = -1;

	*ids = NULL;
	*nids = 0;
	if (!e || !h) {
		buf_setf(err, "cannot initialise libcurl");
		goto done;
	}
	buf_init(&body, cfg->max_reply);
	buf_add(&url, cfg->base_url, base_len(cfg->base_url));
	buf_addstr(&url, "/models");
	curl_easy_setopt(e, CURLOPT_URL, url.data);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, (long)(cfg->connect_timeout * 1000));
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)(cfg->timeout * 1000));
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_plain_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(e, CURLOPT_USERAGENT, cfg->user_agent);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	rc = curl_easy_perform(e);
	if (rc != CURLE_OK) {
		buf_setf(err, "cannot reach %s: %s", url.data, errbuf[0] ? errbuf : curl_easy_strerror(rc));
		goto done;
	}
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &code);
	if (code != 200) {
		buf_setf(err, "%s answered HTTP %ld: ", url.data, code);
		llm_error_message(body.data, body.len, err);
		goto done;
	}
	root = cJSON_ParseWithLengthOpts(body.data, body.len, NULL, 0);
	list = cJSON_GetObjectItemCaseSensitive(root, "data");
	if (!cJSON_IsArray(list))
		list = cJSON_GetObjectItemCaseSensitive(root, "models");
	if (!cJSON_IsArray(list)) {
		buf_setf(err, "%s answered without a model list", url.data);
		goto done;
	}
	cJSON_ArrayForEach(item, list) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "id");
		if (!cJSON_IsString(id))
			id = cJSON_GetObjectItemCaseSensitive(item, "name");
		if (!cJSON_IsString(id))
			continue;
		ALLOC_GROW(*ids, *nids + 1, alloc);
		(*ids)[(*nids)++] = xstrdup(id->valuestring);
	}
	ret = 0;
done:
	cJSON_Delete(root);
	buf_release(&body);
	buf_release(&url);
	curl_slist_free_all(h);
	if (e)
		curl_easy_cleanup(e);
	return ret;
}
