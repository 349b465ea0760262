#include "pipeline/llm.h"
#include "pipeline/llm_cache.h"

#include <arpa/inet.h>
#include <criterion/criterion.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct llm_message two_msgs[] = {
	{ "system", "You write Verilog." },
	{ "user", "say \"hi\"\n" },
};

static struct llm_request full_request(void)
{
	static const char *const stop[] = { "END", "```" };
	struct llm_request r = LLM_REQUEST_INIT;

	r.model = "qwen";
	r.messages = two_msgs;
	r.nmessages = 2;
	r.temperature = 0.2;
	r.top_p = 0.95;
	r.max_tokens = 512;
	r.n = 4;
	r.has_seed = 1;
	r.seed = 7;
	r.stop = stop;
	r.nstop = 2;
	return r;
}

/* ---- request building ---- */

Test(llm_request, full_body_has_every_field_in_order)
{
	struct llm_request r = full_request();
	char *s = llm_request_json(&r, 4, NULL, 0);

	cr_assert_str_eq(s, "{\"model\":\"qwen\",\"messages\":[{\"role\":\"system\",\"content\":"
			 "\"You write Verilog.\"},{\"role\":\"user\",\"content\":\"say \\\"hi\\\"\\n\"}],"
			 "\"temperature\":0.2,\"top_p\":0.95,\"max_tokens\":512,\"n\":4,\"seed\":7,"
			 "\"stop\":[\"END\",\"```\"]}");
	free(s);
}

Test(llm_request, unset_fields_are_omitted_and_n_1_is_not_sent)
{
	struct llm_request r = LLM_REQUEST_INIT;
	char *s;

	r.model = "m";
	r.messages = &two_msgs[1];
	r.nmessages = 1;
	s = llm_request_json(&r, 1, NULL, 0);
	cr_assert_str_eq(s, "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":"
			 "\"say \\\"hi\\\"\\n\"}]}");
	free(s);
}

Test(llm_request, max_completion_tokens_and_seed_override)
{
	struct llm_request r = full_request();
	long long seed = 10;
	char *s;

	r.nstop = 0;
	r.nmessages = 1;
	s = llm_request_json(&r, 1, &seed, 1);
	cr_assert_str_eq(s, "{\"model\":\"qwen\",\"messages\":[{\"role\":\"system\",\"content\":"
			 "\"You write Verilog.\"}],\"temperature\":0.2,\"top_p\":0.95,"
			 "\"max_completion_tokens\":512,\"seed\":10}");
	free(s);
}

Test(llm_request, temperature_zero_is_sent)
{
	struct llm_request r = LLM_REQUEST_INIT;
	char *s;

	r.model = "m";
	r.messages = &two_msgs[0];
	r.nmessages = 1;
	r.temperature = 0;
	s = llm_request_json(&r, 1, NULL, 0);
	cr_assert_str_eq(s, "{\"model\":\"m\",\"messages\":[{\"role\":\"system\",\"content\":"
			 "\"You write Verilog.\"}],\"temperature\":0}");
	free(s);
}

Test(llm_request, canonical_form_has_base_url_and_no_n)
{
	struct llm_request r = full_request();
	char *s = llm_request_canonical("http://h:1/v1//", &r);

	cr_assert_str_eq(s, "{\"base_url\":\"http://h:1/v1\",\"model\":\"qwen\",\"messages\":["
			 "{\"role\":\"system\",\"content\":\"You write Verilog.\"},{\"role\":\"user\","
			 "\"content\":\"say \\\"hi\\\"\\n\"}],\"temperature\":0.2,\"top_p\":0.95,"
			 "\"max_tokens\":512,\"seed\":7,\"stop\":[\"END\",\"```\"]}");
	free(s);
}

/* ---- cache keys ---- */

static void key_of(const char *base, const struct llm_request *r, size_t idx, char out[65])
{
	char *canon = llm_request_canonical(base, r);
	llm_cache_key(canon, idx, out);
	free(canon);
}

Test(llm_cache_key, same_request_same_key_and_any_change_differs)
{
	struct llm_request r = full_request(), v;
	struct llm_message msgs[2] = { two_msgs[0], two_msgs[1] };
	static const char *const other_stop[] = { "END", "``" };
	char k0[65], k[65];

	key_of("http://h/v1", &r, 0, k0);
	key_of("http://h/v1/", &r, 0, k);
	cr_assert_str_eq(k, k0, "a trailing slash is the same endpoint");
	v = r; v.n = 1;
	key_of("http://h/v1", &v, 0, k);
	cr_assert_str_eq(k, k0, "n is not part of the key; the sample index is");

	key_of("http://h/v1", &r, 1, k);
	cr_assert_str_neq(k, k0);
	key_of("http://other/v1", &r, 0, k);
	cr_assert_str_neq(k, k0);
	v = r; v.model = "qwen2";
	key_of("http://h/v1", &v, 0, k);
	cr_assert_str_neq(k, k0);
	v = r; v.temperature = 0.3;
	key_of("http://h/v1", &v, 0, k);
	cr_assert_str_neq(k, k0);
	v = r; v.top_p = -1;
	key_of("http://h/v1", &v, 0, k);
	cr_assert_str_neq(k, k0);
	v = r; v.max_tokens = 513;
	key_of("http://h/v1", &v, 0, k);
	cr_assert_str_neq(k, k0);
	v = r; v.seed = 8;
	key_of("http://h/v1", &v, 0, k);
	cr_assert_str_neq(k, k0);
	v = r; v.has_seed = 0;
	key_of("http://h/v1", &v, 0, k);
	cr_assert_str_neq(k, k0);
	v = r; v.stop = other_stop;
	key_of("http://h/v1", &v, 0, k);
	cr_assert_str_neq(k, k0);
	v = r; msgs[1].content = "say \"hi\"";
	v.messages = msgs;
	key_of("http://h/v1", &v, 0, k);
	cr_assert_str_neq(k, k0);
	msgs[1].content = two_msgs[1].content;
	msgs[0].role = "user";
	key_of("http://h/v1", &v, 0, k);
	cr_assert_str_neq(k, k0);
}

Test(llm_cache_key, key_is_sha256_of_canonical_newline_index)
{
	char k[65], want[65];
	const char *canon = "{\"model\":\"m\"}";

	llm_cache_key(canon, 3, k);
	llm_sha256_hex("{\"model\":\"m\"}\n3", strlen(canon) + 2, want);
	cr_assert_str_eq(k, want);
}

Test(llm_cache_key, canonical_form_never_holds_the_api_key)
{
	/* The canonical form is built from the request and base URL only; a
	 * client configured with a key must produce the same text. */
	struct llm_request r = full_request();
	char *s = llm_request_canonical("http://h/v1", &r);

	cr_assert_null(strstr(s, "sk-"));
	cr_assert_null(strstr(s, "Bearer"));
	free(s);
}

Test(llm_sha256, known_vectors)
{
	char out[65];

	llm_sha256_hex("", 0, out);
	cr_assert_str_eq(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	llm_sha256_hex("abc", 3, out);
	cr_assert_str_eq(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	llm_sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, out);
	cr_assert_str_eq(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

/* ---- response parsing ---- */

Test(llm_parse, choices_content_finish_reason_and_usage)
{
	const char *body = "{\"id\":\"x\",\"choices\":["
		"{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"B\"},\"finish_reason\":\"length\"},"
		"{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"A\"},\"finish_reason\":\"stop\"}],"
		"\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":34,\"total_tokens\":46}}";
	struct llm_reply r;
	struct buf err = BUF_INIT;

	cr_assert_eq(llm_parse_reply(body, strlen(body), &r, &err), 0, "%s", err.data);
	cr_assert_eq(r.nchoices, 2);
	cr_assert_str_eq(r.choices[0].content, "A");
	cr_assert_str_eq(r.choices[0].finish_reason, "stop");
	cr_assert_eq(r.choices[0].truncated, 0);
	cr_assert_str_eq(r.choices[1].content, "B");
	cr_assert_eq(r.choices[1].truncated, 1);
	cr_assert_eq(r.prompt_tokens, 12);
	cr_assert_eq(r.completion_tokens, 34);
	llm_reply_release(&r);
	buf_release(&err);
}

Test(llm_parse, null_content_is_empty_and_missing_usage_is_zero)
{
	const char *body = "{\"choices\":[{\"message\":{\"content\":null}}]}";
	struct llm_reply r;
	struct buf err = BUF_INIT;

	cr_assert_eq(llm_parse_reply(body, strlen(body), &r, &err), 0);
	cr_assert_str_eq(r.choices[0].content, "");
	cr_assert_null(r.choices[0].finish_reason);
	cr_assert_eq(r.prompt_tokens, 0);
	llm_reply_release(&r);
	buf_release(&err);
}

Test(llm_parse, malformed_and_choiceless_bodies_fail_with_a_reason)
{
	struct llm_reply r;
	struct buf err = BUF_INIT;
	const char *cut = "{\"choices\":[{\"message\":{\"content\":\"tru";
	const char *none = "{\"id\":\"x\",\"object\":\"chat.completion\"}";
	const char *empty = "{\"choices\":[]}";
	const char *errbody = "{\"error\":{\"message\":\"boom\"}}";
	const char *nomsg = "{\"choices\":[{\"text\":\"x\"}]}";

	cr_assert_eq(llm_parse_reply(cut, strlen(cut), &r, &err), -1);
	cr_assert_str_eq(err.data, "reply is not a JSON object");
	cr_assert_eq(r.nchoices, 0);
	cr_assert_eq(llm_parse_reply(none, strlen(none), &r, &err), -1);
	cr_assert_str_eq(err.data, "reply has no choices");
	cr_assert_eq(llm_parse_reply(empty, strlen(empty), &r, &err), -1);
	cr_assert_str_eq(err.data, "reply has no choices");
	cr_assert_eq(llm_parse_reply(errbody, strlen(errbody), &r, &err), -1);
	cr_assert_str_eq(err.data, "reply has no choices: boom");
	cr_assert_eq(llm_parse_reply(nomsg, strlen(nomsg), &r, &err), -1);
	cr_assert_str_eq(err.data, "reply choice 0 has no message content");
	buf_release(&err);
}

static void check_msg(const char *body, const char *want)
{
	struct buf m = BUF_INIT;

	llm_error_message(body, strlen(body), &m);
	cr_assert_str_eq(m.data, want);
	buf_release(&m);
}

Test(llm_errors, every_error_body_shape)
{
	check_msg("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\","
		  "\"code\":\"rate_limit_exceeded\"}}",
		  "Rate limit reached (type requests, code rate_limit_exceeded)");
	check_msg("{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}",
		  "Loading model (type unavailable_error, code 503)");
	check_msg("{\"error\":{\"message\":\"plain\"}}", "plain");
	check_msg("{\"error\":\"max_tokens must be at least 1\"}", "max_tokens must be at least 1");
	check_msg("{\"object\":\"error\",\"message\":\"bad request from vllm\",\"type\":\"BadRequestError\","
		  "\"code\":400}", "bad request from vllm (type BadRequestError, code 400)");
	check_msg("{\"detail\":\"Not Found\"}", "Not Found");
	check_msg("<html><head><title>502 Bad Gateway</title></head></html>\nmore",
		  "<html><head><title>502 Bad Gateway</title></head></html>");
	check_msg("", "(empty body)");
}

Test(llm_errors, quota_is_told_apart_from_rate_limits)
{
	const char *quota = "{\"error\":{\"message\":\"You exceeded your current quota, please check\","
			    "\"type\":\"insufficient_quota\"}}";
	const char *rate = "{\"error\":{\"message\":\"Rate limit reached for requests\"}}";
	const char *gemini = "{\"error\":{\"message\":\"Quota exceeded for metric\"}}";

	cr_assert(llm_is_quota_error(quota, strlen(quota)));
	cr_assert(llm_is_quota_error(gemini, strlen(gemini)));
	cr_assert_not(llm_is_quota_error(rate, strlen(rate)));
}

Test(llm_errors, retryable_status_codes)
{
	static const long yes[] = { 408, 409, 429, 500, 502, 503, 504, 599 };
	static const long no[] = { 200, 301, 400, 401, 403, 404, 413, 422 };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++)
		cr_assert(llm_http_retryable(yes[i]), "%ld", yes[i]);
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		cr_assert_not(llm_http_retryable(no[i]), "%ld", no[i]);
	cr_assert_str_eq(llm_strerror(LLM_QUOTA), "quota");
}

/* ---- Retry-After, backoff, rate ---- */

Test(llm_backoff, retry_after_in_seconds_ms_and_http_date)
{
	time_t now = 1700000000; /* Tue, 14 Nov 2023 22:13:20 GMT */

	cr_assert_float_eq(llm_retry_after("3", NULL, now), 3.0, 1e-12);
	cr_assert_float_eq(llm_retry_after("3", "250", now), 0.25, 1e-12);
	cr_assert_float_eq(llm_retry_after(NULL, "0", now), 0.0, 1e-12);
	cr_assert_float_eq(llm_retry_after("Tue, 14 Nov 2023 22:13:30 GMT", NULL, now), 10.0, 1e-12);
	cr_assert_float_eq(llm_retry_after("Tue, 14 Nov 2023 22:00:00 GMT", NULL, now), 0.0, 1e-12);
	cr_assert_float_eq(llm_retry_after("soon", NULL, now), -1.0, 1e-12);
	cr_assert_float_eq(llm_retry_after("-4", "x", now), -1.0, 1e-12);
	cr_assert_float_eq(llm_retry_after(NULL, NULL, now), -1.0, 1e-12);
}

Test(llm_backoff, doubling_from_half_a_second_to_eight_without_jitter)
{
	struct llm_config cfg = LLM_CONFIG_INIT;
	static const double want[] = { 0.5, 1, 2, 4, 8, 8, 8 };
	uint64_t rng = 1;
	int i;

	cfg.jitter = 0;
	for (i = 0; i < 7; i++) {
		double got = llm_backoff_delay(&cfg, i + 1, &rng, -1);
		cr_assert_float_eq(got, want[i], 1e-12, "retry %d", i + 1);
	}
	cr_assert_eq(rng, 1, "no jitter, no RNG draws");
}

/* splitmix64 as published (Steele, Lea, Flood 2014), for the expected values. */
static uint64_t ref_splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

Test(llm_backoff, jitter_is_seeded_and_stays_in_the_upper_half)
{
	struct llm_config cfg = LLM_CONFIG_INIT;
	uint64_t rng = 42, ref = 42, zero = 0;
	static const double d[] = { 0.5, 1, 2, 4, 8, 8 };
	int i;

	cr_assert_eq(llm_rng_next(&zero), 0xe220a8397b1dcdafULL);
	for (i = 0; i < 6; i++) {
		double u = (double)(ref_splitmix(&ref) >> 11) / 9007199254740992.0;
		double got = llm_backoff_delay(&cfg, i + 1, &rng, -1);
		cr_assert_float_eq(got, d[i] / 2 + u * d[i] / 2, 1e-12, "retry %d", i + 1);
		cr_assert(got >= d[i] / 2 && got <= d[i]);
	}
}

Test(llm_backoff, server_delay_wins_and_is_capped)
{
	struct llm_config cfg = LLM_CONFIG_INIT;
	uint64_t rng = 5;

	double got;

	cfg.retry_after_max = 30;
	got = llm_backoff_delay(&cfg, 1, &rng, 2.5);
	cr_assert_float_eq(got, 2.5, 1e-12);
	got = llm_backoff_delay(&cfg, 6, &rng, 0);
	cr_assert_float_eq(got, 0.0, 1e-12);
	got = llm_backoff_delay(&cfg, 1, &rng, 3600);
	cr_assert_float_eq(got, 30.0, 1e-12);
	cr_assert_eq(rng, 5, "a server delay does not draw jitter");
}

Test(llm_rate, spacing_of_request_starts)
{
	double slot = 0, w;

	/* cr_assert_float_eq evaluates its arguments twice: call first. */
	w = llm_rate_wait(&slot, 100.0, 0);
	cr_assert_float_eq(w, 0.0, 1e-12);
	cr_assert_float_eq(slot, 0.0, 1e-12);
	/* 120 per minute: one every 0.5 s. */
	w = llm_rate_wait(&slot, 100.0, 120);
	cr_assert_float_eq(w, 0.0, 1e-12);
	cr_assert_float_eq(slot, 100.5, 1e-12);
	w = llm_rate_wait(&slot, 100.2, 120);
	cr_assert_float_eq(w, 0.3, 1e-9);
	cr_assert_float_eq(slot, 100.5, 1e-12);
	w = llm_rate_wait(&slot, 100.5, 120);
	cr_assert_float_eq(w, 0.0, 1e-12);
	cr_assert_float_eq(slot, 101.0, 1e-12);
	/* After a long pause there is no burst: the next slot follows now. */
	w = llm_rate_wait(&slot, 200.0, 120);
	cr_assert_float_eq(w, 0.0, 1e-12);
	cr_assert_float_eq(slot, 200.5, 1e-12);
}

/* ---- the client without a server ---- */

static struct llm_client *client_for(const char *base, struct llm_config *cfg)
{
	struct buf err = BUF_INIT;
	struct llm_client *c;

	cfg->base_url = base;
	cfg->backoff_base = 0.001;
	cfg->backoff_max = 0.002;
	cfg->connect_timeout = 2;
	cfg->timeout = 5;
	cr_assert_eq(llm_global_init(), 0);
	c = llm_client_new(cfg, &err);
	cr_assert_not_null(c, "%s", err.data);
	buf_release(&err);
	return c;
}

Test(llm_client, invalid_requests_fail_without_a_request)
{
	struct llm_config cfg = LLM_CONFIG_INIT;
	struct llm_client *c = client_for("http://127.0.0.1:1/v1", &cfg);
	struct llm_request r = LLM_REQUEST_INIT;
	struct llm_result *res;
	struct llm_stats st;

	r.messages = two_msgs;
	r.nmessages = 1;
	cr_assert_eq(llm_submit(c, &r, NULL), 1);
	res = llm_next(c);
	cr_assert_not_null(res);
	cr_assert_eq(res->status, LLM_INVALID);
	cr_assert_str_eq(res->err.data, "invalid LLM request: no model");
	llm_result_free(res);
	cr_assert_null(llm_next(c));
	llm_client_stats(c, &st);
	cr_assert_eq(st.requests, 0);
	llm_client_free(c);
}

Test(llm_client, refused_connection_is_retried_then_reported)
{
	struct llm_config cfg = LLM_CONFIG_INIT;
	struct llm_client *c;
	struct llm_request r = LLM_REQUEST_INIT;
	struct llm_result *res;
	struct llm_stats st;

	cfg.max_attempts = 3;
	c = client_for("http://127.0.0.1:1/v1/", &cfg);
	r.model = "m";
	r.messages = two_msgs;
	r.nmessages = 2;
	llm_submit(c, &r, (void *)7);
	res = llm_next(c);
	cr_assert_eq(res->status, LLM_NETWORK);
	cr_assert_eq(res->userdata, (void *)7);
	cr_assert_eq(res->requests, 3);
	cr_assert_null(res->samples[0].content);
	cr_assert(strstr(res->err.data, "gave up after 3 attempts: cannot talk to "
			 "http://127.0.0.1:1/v1/chat/completions: "), "%s", res->err.data);
	llm_client_stats(c, &st);
	cr_assert_eq(st.requests, 3);
	cr_assert_eq(st.retries, 2);
	cr_assert_eq(st.failed, 1);
	llm_result_free(res);
	llm_client_free(c);
}

Test(llm_client, cached_samples_cost_no_request)
{
	struct llm_config cfg = LLM_CONFIG_INIT;
	struct llm_client *c = client_for("http://127.0.0.1:1/v1", &cfg);
	struct llm_request r = LLM_REQUEST_INIT;
	struct buf err = BUF_INIT;
	char path[] = "/tmp/vp-llm-cache-XXXXXX", key[65], *canon;
	struct llm_cache *cache;
	struct llm_result *res;
	struct llm_stats st;
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	close(fd);
	cache = llm_cache_open(path, &err);
	cr_assert_not_null(cache, "%s", err.data);
	r.model = "m";
	r.messages = two_msgs;
	r.nmessages = 2;
	r.n = 2;
	canon = llm_request_canonical("http://127.0.0.1:1/v1", &r);
	llm_cache_key(canon, 0, key);
	cr_assert_eq(llm_cache_put(cache, key, "first", "stop", &err), 0);
	llm_cache_key(canon, 1, key);
	cr_assert_eq(llm_cache_put(cache, key, "second", "length", &err), 0);
	free(canon);

	llm_client_set_cache(c, cache, 0);
	llm_submit(c, &r, NULL);
	res = llm_next(c);
	cr_assert_eq(res->status, LLM_OK, "%s", res->err.data);
	cr_assert_eq(res->nsamples, 2);
	cr_assert_str_eq(res->samples[0].content, "first");
	cr_assert_str_eq(res->samples[1].content, "second");
	cr_assert_eq(res->samples[1].truncated, 1);
	cr_assert_eq(res->cached, 2);
	cr_assert_eq(res->requests, 0);
	llm_client_stats(c, &st);
	cr_assert_eq(st.requests, 0);
	cr_assert_eq(st.cache_hits, 2);
	llm_result_free(res);

	/* --refresh ignores the rows: the (unreachable) server is asked. */
	llm_client_set_cache(c, cache, 1);
	llm_submit(c, &r, NULL);
	res = llm_next(c);
	cr_assert_eq(res->status, LLM_NETWORK);
	cr_assert_eq(res->cached, 0);
	llm_result_free(res);

	llm_client_free(c);
	llm_cache_close(cache);
	unlink(path);
	buf_release(&err);
}

Test(llm_client, freeing_with_work_queued_releases_everything)
{
	struct llm_config cfg = LLM_CONFIG_INIT;
	struct llm_client *c;
	struct llm_request r = LLM_REQUEST_INIT;
	struct llm_result *res;
	int i;

	cfg.concurrency = 1;
	cfg.max_attempts = 2;
	c = client_for("http://127.0.0.1:1/v1", &cfg);
	r.model = "m";
	r.messages = two_msgs;
	r.nmessages = 1;
	r.n = 2;
	for (i = 0; i < 4; i++)
		llm_submit(c, &r, NULL);
	cr_assert_eq(llm_pending(c), 4);
	res = llm_next(c);
	cr_assert_not_null(res);
	cr_assert_eq(res->status, LLM_NETWORK);
	cr_assert_eq(res->nsamples, 2);
	llm_result_free(res);
	cr_assert_eq(llm_pending(c), 3);
	/* Three jobs still queued: make check's leak detector checks the rest. */
	llm_client_free(c);
	llm_result_free(NULL);
}

Test(llm_client, per_request_timeout_overrides_the_config)
{
	/* A socket that listens but never answers: the kernel completes the
	 * TCP handshake, no reply ever comes. */
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t alen = sizeof(addr);
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	struct llm_config cfg = LLM_CONFIG_INIT;
	struct llm_request r = LLM_REQUEST_INIT;
	struct llm_client *c;
	struct llm_result *res;
	char base[64], want[128];

	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	cr_assert_eq(bind(fd, (struct sockaddr *)&addr, sizeof(addr)), 0);
	cr_assert_eq(listen(fd, 8), 0);
	cr_assert_eq(getsockname(fd, (struct sockaddr *)&addr, &alen), 0);
	snprintf(base, sizeof(base), "http://127.0.0.1:%d/v1", ntohs(addr.sin_port));
	cfg.max_attempts = 1;
	c = client_for(base, &cfg);   /* config timeout: 5 s */
	r.model = "m";
	r.messages = two_msgs;
	r.nmessages = 1;
	r.timeout = 0.2;
	llm_submit(c, &r, NULL);
	res = llm_next(c);
	cr_assert_eq(res->status, LLM_TIMEOUT);
	snprintf(want, sizeof(want), "no reply from %s/chat/completions within 0.2 s", base);
	cr_assert_str_eq(res->err.data, want);
	llm_result_free(res);
	llm_client_free(c);
	close(fd);
}
