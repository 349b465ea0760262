/*
 * fake_openai: a loopback HTTP/1.1 server that speaks the OpenAI chat
 * completions protocol and fails the way real servers do.  Test-only.
 *
 * No LLM is reachable from the test machines, so the client is tested
 * against this.  It listens on 127.0.0.1 (port 0 = ephemeral), prints the
 * port as the first line of stdout (and to --port-file), and serves
 *   POST /v1/chat/completions   replies from a script, or a deterministic echo
 *   GET  /v1/models             the --models list
 *   GET  /stats                 counters as JSON (also written to --stats-file on
 *                               exit, and on SIGUSR1, which then zeroes them)
 * with keep-alive and Content-Length framing, from a poll() loop that holds
 * any number of connections.  Faults are chosen per request number
 * (--fault N:KIND), per prompt substring (script), or at random with a seed
 * (--fault-rate P --fault-kinds a,b --seed S).  It exits by itself after
 * --idle-exit seconds without a request, so a crashed test cannot leave it
 * running.  See README.md, "The fake server" for the script format and the fault kinds.
 */
#define _GNU_SOURCE /* accept4 */
#include "sim/buf.h"
#include "sim/xalloc.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_HEADER (64 * 1024)
#define MAX_BODY (16 * 1024 * 1024)

struct rule {
	long request;        /* > 0: applies to this chat request number */
	char *match;         /* or: the last user message contains this */
	char *reply;         /* canned reply (match rules) */
	char *finish;        /* finish_reason of the canned reply */
	char *fault;         /* fault kind, or NULL */
	long times;          /* match faults: how many times (-1 = always) */
};

struct conn {
	int fd;
	struct buf in;
	struct buf out;
	size_t out_off;
	int state;           /* 0 reading, 1 waiting for reply_at, 2 writing */
	double reply_at;
	int close_after;
	int counted;         /* a request of this conn is in flight */
};

static struct rule *rules;
static size_t nrules, rules_alloc;
static struct conn **conns;
static size_t nconns, conns_alloc;
static const char *stats_file;
static const char *log_file;
static const char *require_key;
static const char *models = "fake-model";
static const char *retry_after;
static const char *retry_after_ms;
static double delay_ms, fault_delay_ms = 5000, fault_rate;
static char *fault_kinds;
static int ignore_n;
static uint64_t rng_state = 1;
static volatile sig_atomic_t stop_flag, snap_flag;

static long st_requests, st_http, st_in_flight, st_max_in_flight, st_conns_open;
static long st_max_conns, st_conns_total, st_faults;

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void die(const char *what)
{
	fprintf(stderr, "fake_openai: %s: %s\n", what, strerror(errno));
	exit(3);
}

static void stats_json(struct buf *b)
{
	buf_addf(b, "{\"requests\":%ld,\"http_requests\":%ld,\"max_in_flight\":%ld,"
		 "\"max_connections\":%ld,\"connections\":%ld,\"faults\":%ld}\n",
		 st_requests, st_http, st_max_in_flight, st_max_conns, st_conns_total, st_faults);
}

static void write_stats(void)
{
	struct buf b = BUF_INIT;
	char tmp[4096];

	if (!stats_file)
		return;
	stats_json(&b);
	snprintf(tmp, sizeof(tmp), "%s.tmp", stats_file);
	if (buf_write_file(tmp, b.data, b.len) == 0)
		rename(tmp, stats_file);
	buf_release(&b);
}

static void on_term(int sig)
{
	(void)sig;
	stop_flag = 1;
}

static void on_usr1(int sig)
{
	(void)sig;
	snap_flag = 1;
}

/* SIGUSR1: write the stats file, then start counting afresh. */
static void snapshot(void)
{
	write_stats();
	st_requests = st_http = st_faults = st_conns_total = 0;
	st_max_in_flight = st_in_flight;
	st_max_conns = st_conns_open;
}

/* ---- script ---- */

static char *json_str(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? xstrdup(v->valuestring) : NULL;
}

static void add_rule(struct rule r)
{
	ALLOC_GROW(rules, nrules + 1, rules_alloc);
	rules[nrules++] = r;
}

static void load_script(const char *path)
{
	struct buf b = BUF_INIT;
	char *line, *save = NULL;
	long lineno = 0;

	if (buf_read_file(&b, path) < 0)
		die(path);
	for (line = strtok_r(b.data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		cJSON *o;
		struct rule r = { 0 };
		const cJSON *v;

		lineno++;
		while (isspace((unsigned char)*line))
			line++;
		if (!*line || *line == '#')
			continue;
		o = cJSON_Parse(line);
		if (!cJSON_IsObject(o)) {
			fprintf(stderr, "fake_openai: %s:%ld: not a JSON object\n", path, lineno);
			exit(2);
		}
		v = cJSON_GetObjectItemCaseSensitive(o, "request");
		r.request = cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
		v = cJSON_GetObjectItemCaseSensitive(o, "times");
		r.times = cJSON_IsNumber(v) ? (long)v->valuedouble : -1;
		r.match = json_str(o, "match");
		r.reply = json_str(o, "reply");
		r.finish = json_str(o, "finish_reason");
		r.fault = json_str(o, "fault");
		add_rule(r);
		cJSON_Delete(o);
	}
	buf_release(&b);
}

/* ---- HTTP ---- */

static const char *reason(int code)
{
	switch (code) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 404: return "Not Found";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 413: return "Payload Too Large";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 502: return "Bad Gateway";
	case 503: return "Service Unavailable";
	}
	return "Status";
}

/* Queue a response; extra_len > 0 announces more body than is sent. */
static void respond(struct conn *c, int code, const char *ctype, const char *body,
		    size_t len, const char *extra_headers, size_t extra_len)
{
	buf_addf(&c->out, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%s%s\r\n",
		 code, reason(code), ctype, len + extra_len, extra_headers ? extra_headers : "",
		 c->close_after ? "Connection: close\r\n" : "");
	buf_add(&c->out, body, len);
}

static void respond_json(struct conn *c, int code, const char *body, const char *extra)
{
	respond(c, code, "application/json", body, strlen(body), extra, 0);
}

static long count_words(const char *s)
{
	long n = 0;
	int in = 0;

	for (; *s; s++) {
		if (isspace((unsigned char)*s))
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

static void retry_headers(struct buf *h)
{
	if (retry_after)
		buf_addf(h, "Retry-After: %s\r\n", retry_after);
	if (retry_after_ms)
		buf_addf(h, "retry-after-ms: %s\r\n", retry_after_ms);
}

static const char *pick_fault(long reqno, const char *last_user, struct rule **canned)
{
	size_t i;

	*canned = NULL;
	for (i = 0; i < nrules; i++)
		if (rules[i].request == reqno && rules[i].fault)
			return rules[i].fault;
	for (i = 0; i < nrules; i++) {
		struct rule *r = &rules[i];
		if (!r->match || !strstr(last_user, r->match))
			continue;
		if (r->fault) {
			if (r->times == 0)
				continue;
			if (r->times > 0)
				r->times--;
			return r->fault;
		}
		/* A canned reply with "times" serves that many requests, then the next rule. */
		if (!*canned && r->times != 0)
			*canned = r;
	}
	if (fault_rate > 0 && fault_kinds) {
		double u = (double)(rng_next() >> 11) / 9007199254740992.0;
		if (u < fault_rate) {
			/* Pick one of the comma-separated kinds. */
			static char kind[64];
			size_t nk = 1, k, pos = 0;
			const char *p;
			for (p = fault_kinds; *p; p++)
				nk += *p == ',';
			k = (size_t)(rng_next() % nk);
			for (p = fault_kinds; k; p++)
				if (*p == ',')
					k--;
			while (p[pos] && p[pos] != ',' && pos + 1 < sizeof(kind)) {
				kind[pos] = p[pos];
				pos++;
			}
			kind[pos] = '\0';
			return kind;
		}
	}
	return NULL;
}

static void log_request(const char *auth, const char *body)
{
	FILE *f;

	if (!log_file)
		return;
	f = fopen(log_file, "a");
	if (!f)
		return;
	fprintf(f, "%s\t%s\n", auth ? auth : "-", body);
	fclose(f);
}

static void chat(struct conn *c, const char *body, size_t len, const char *auth)
{
	cJSON *req = cJSON_ParseWithLength(body, len), *resp = NULL, *choices;
	const cJSON *msgs, *m, *nv, *seedv, *modelv;
	const char *last_user = "", *fault;
	struct rule *canned;
	struct buf hdr = BUF_INIT, content = BUF_INIT;
	long reqno = ++st_requests, prompt_words = 0, completion_words = 0;
	long n = 1, i, nchoices;
	char *text;

	{
		char *flat = xstrndup(body, len);
		log_request(auth, flat);
		free(flat);
	}
	if (require_key) {
		char want[512];
		snprintf(want, sizeof(want), "Bearer %s", require_key);
		if (!auth || strcmp(auth, want)) {
			respond_json(c, 401, "{\"error\":{\"message\":\"Incorrect API key provided\","
				     "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}", NULL);
			goto out;
		}
	}
	if (!cJSON_IsObject(req)) {
		respond_json(c, 400, "{\"error\":{\"message\":\"could not parse the JSON body\","
			     "\"type\":\"invalid_request_error\"}}", NULL);
		goto out;
	}
	msgs = cJSON_GetObjectItemCaseSensitive(req, "messages");
	cJSON_ArrayForEach(m, msgs) {
		const cJSON *role = cJSON_GetObjectItemCaseSensitive(m, "role");
		const cJSON *ct = cJSON_GetObjectItemCaseSensitive(m, "content");
		if (!cJSON_IsString(ct))
			continue;
		prompt_words += count_words(ct->valuestring);
		if (cJSON_IsString(role) && !strcmp(role->valuestring, "user"))
			last_user = ct->valuestring;
	}
	nv = cJSON_GetObjectItemCaseSensitive(req, "n");
	if (cJSON_IsNumber(nv) && nv->valuedouble >= 1)
		n = (long)nv->valuedouble;
	seedv = cJSON_GetObjectItemCaseSensitive(req, "seed");
	modelv = cJSON_GetObjectItemCaseSensitive(req, "model");

	fault = pick_fault(reqno, last_user, &canned);
	if (fault)
		st_faults++;
	else if (canned && canned->times > 0)
		canned->times--;
	if (fault && !strcmp(fault, "429")) {
		retry_headers(&hdr);
		respond_json(c, 429, "{\"error\":{\"message\":\"Rate limit reached for requests\","
			     "\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}", hdr.data);
	} else if (fault && !strcmp(fault, "quota")) {
		respond_json(c, 429, "{\"error\":{\"message\":\"You exceeded your current quota, "
			     "please check your plan and billing details.\",\"type\":\"insufficient_quota\","
			     "\"param\":null,\"code\":\"insufficient_quota\"}}", NULL);
	} else if (fault && !strcmp(fault, "500")) {
		respond_json(c, 500, "{\"error\":{\"message\":\"The server had an error while "
			     "processing your request\",\"type\":\"server_error\"}}", NULL);
	} else if (fault && !strcmp(fault, "502")) {
		const char *html = "<html><head><title>502 Bad Gateway</title></head></html>\n";
		respond(c, 502, "text/html", html, strlen(html), NULL, 0);
	} else if (fault && !strcmp(fault, "503")) {
		retry_headers(&hdr);
		respond_json(c, 503, "{\"error\":{\"message\":\"Service unavailable\","
			     "\"type\":\"server_error\"}}", hdr.data);
	} else if (fault && !strcmp(fault, "loading")) {
		respond_json(c, 503, "{\"error\":{\"code\":503,\"message\":\"Loading model\","
			     "\"type\":\"unavailable_error\"}}", NULL);
	} else if (fault && !strcmp(fault, "400")) {
		respond_json(c, 400, "{\"error\":{\"message\":\"This model's maximum context length "
			     "is 4096 tokens\",\"type\":\"invalid_request_error\",\"param\":\"messages\","
			     "\"code\":\"context_length_exceeded\"}}", NULL);
	} else if (fault && !strcmp(fault, "400flat")) {
		respond_json(c, 400, "{\"error\":\"max_tokens must be at least 1\"}", NULL);
	} else if (fault && !strcmp(fault, "400message")) {
		respond_json(c, 400, "{\"object\":\"error\",\"message\":\"bad request from vllm\","
			     "\"type\":\"BadRequestError\",\"code\":400}", NULL);
	} else if (fault && !strcmp(fault, "401")) {
		respond_json(c, 401, "{\"error\":{\"message\":\"Incorrect API key provided\","
			     "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}", NULL);
	} else if (fault && !strcmp(fault, "404")) {
		respond_json(c, 404, "{\"error\":{\"message\":\"The model does not exist\","
			     "\"type\":\"invalid_request_error\",\"code\":\"model_not_found\"}}", NULL);
	} else if (fault && (!strcmp(fault, "408") || !strcmp(fault, "409"))) {
		respond_json(c, atoi(fault), "{\"error\":{\"message\":\"try again\"}}", NULL);
	} else if (fault && !strcmp(fault, "drop")) {
		c->close_after = 1; /* close without a byte of reply */
	} else if (fault && !strcmp(fault, "malformed")) {
		respond_json(c, 200, "{\"id\":\"x\",\"choices\":[{\"message\":{\"content\":\"tru", NULL);
	} else if (fault && !strcmp(fault, "nochoices")) {
		respond_json(c, 200, "{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion\"}", NULL);
	} else {
		/* A normal reply (perhaps delayed, cut, truncated or ignoring n). */
		int length = fault && !strcmp(fault, "length");
		int cut = fault && !strcmp(fault, "close");

		nchoices = (ignore_n || (fault && !strcmp(fault, "ignoren"))) ? 1 : n;
		resp = cJSON_CreateObject();
		cJSON_AddStringToObject(resp, "id", "chatcmpl-fake");
		cJSON_AddStringToObject(resp, "object", "chat.completion");
		cJSON_AddNumberToObject(resp, "created", 0);
		cJSON_AddStringToObject(resp, "model", cJSON_IsString(modelv) ? modelv->valuestring : "");
		choices = cJSON_AddArrayToObject(resp, "choices");
		for (i = 0; i < nchoices; i++) {
			cJSON *ch = cJSON_CreateObject(), *msg;
			const char *finish = "stop";

			buf_reset(&content);
			if (canned) {
				buf_addstr(&content, canned->reply ? canned->reply : "");
				if (canned->finish)
					finish = canned->finish;
			} else {
				buf_addstr(&content, "echo");
				if (cJSON_IsNumber(seedv))
					buf_addf(&content, " seed=%.0f", seedv->valuedouble);
				if (nchoices > 1)
					buf_addf(&content, " choice=%ld", i);
				buf_addf(&content, ": %s", last_user);
			}
			if (length) {
				buf_setlen(&content, (content.len + 1) / 2);
				finish = "length";
			}
			completion_words += count_words(content.data);
			cJSON_AddNumberToObject(ch, "index", (double)i);
			msg = cJSON_AddObjectToObject(ch, "message");
			cJSON_AddStringToObject(msg, "role", "assistant");
			cJSON_AddStringToObject(msg, "content", content.data);
			cJSON_AddStringToObject(ch, "finish_reason", finish);
			cJSON_AddItemToArray(choices, ch);
		}
		{
			cJSON *u = cJSON_AddObjectToObject(resp, "usage");
			cJSON_AddNumberToObject(u, "prompt_tokens", (double)prompt_words);
			cJSON_AddNumberToObject(u, "completion_tokens", (double)completion_words);
			cJSON_AddNumberToObject(u, "total_tokens", (double)(prompt_words + completion_words));
		}
		text = cJSON_PrintUnformatted(resp);
		if (cut) {
			/* Announce the whole body, send half, hang up. */
			size_t half = strlen(text) / 2;
			c->close_after = 1;
			respond(c, 200, "application/json", text, half, NULL, strlen(text) - half);
		} else {
			respond_json(c, 200, text, NULL);
		}
		free(text);
		if (fault && !strcmp(fault, "delay"))
			c->reply_at = now_s() + fault_delay_ms / 1000.0;
	}
out:
	if (c->reply_at == 0 && delay_ms > 0)
		c->reply_at = now_s() + delay_ms / 1000.0;
	cJSON_Delete(req);
	cJSON_Delete(resp);
	buf_release(&hdr);
	buf_release(&content);
}

static void list_models(struct conn *c)
{
	struct buf b = BUF_INIT;
	char *copy = xstrdup(models), *tok, *save = NULL;
	int first = 1;

	buf_addstr(&b, "{\"object\":\"list\",\"data\":[");
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		buf_addf(&b, "%s{\"id\":\"%s\",\"object\":\"model\",\"owned_by\":\"fake\"}",
			 first ? "" : ",", tok);
		first = 0;
	}
	buf_addstr(&b, "]}");
	respond_json(c, 200, b.data, NULL);
	free(copy);
	buf_release(&b);
}

/* Find a header's value in [h, end); copies it into dst (NUL-terminated). */
static int header(const char *h, const char *end, const char *name, char *dst, size_t cap)
{
	size_t n = strlen(name);
	const char *p = h;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if ((size_t)(eol - p) > n && !strncasecmp(p, name, n) && p[n] == ':') {
			const char *v = p + n + 1;
			size_t len;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			len = (size_t)(eol - v);
			while (len && (v[len - 1] == '\r' || v[len - 1] == ' '))
				len--;
			if (len >= cap)
				len = cap - 1;
			memcpy(dst, v, len);
			dst[len] = '\0';
			return 1;
		}
		p = eol + 1;
	}
	return 0;
}

/* Parse and answer one request if a whole one is buffered.  1 if handled. */
static int handle_request(struct conn *c)
{
	char *hend = strstr(c->in.data, "\r\n\r\n");
	char method[16], path[256], val[512], auth[512];
	size_t hlen, clen = 0, total;
	int has_auth;

	if (!hend) {
		if (c->in.len > MAX_HEADER) {
			c->close_after = 1;
			respond_json(c, 413, "{\"error\":\"headers too large\"}", NULL);
			c->state = 2;
			return 1;
		}
		return 0;
	}
	hlen = (size_t)(hend - c->in.data) + 4;
	if (header(c->in.data, hend, "Content-Length", val, sizeof(val)))
		clen = strtoul(val, NULL, 10);
	if (clen > MAX_BODY) {
		c->close_after = 1;
		respond_json(c, 413, "{\"error\":\"body too large\"}", NULL);
		c->state = 2;
		return 1;
	}
	total = hlen + clen;
	if (c->in.len < total)
		return 0;
	if (sscanf(c->in.data, "%15s %255s", method, path) != 2) {
		c->close_after = 1;
		respond_json(c, 400, "{\"error\":\"bad request line\"}", NULL);
		c->state = 2;
		return 1;
	}
	if (header(c->in.data, hend, "Connection", val, sizeof(val)) && !strcasecmp(val, "close"))
		c->close_after = 1;
	has_auth = header(c->in.data, hend, "Authorization", auth, sizeof(auth));

	st_http++;
	st_in_flight++;
	c->counted = 1;
	if (st_in_flight > st_max_in_flight)
		st_max_in_flight = st_in_flight;
	c->reply_at = 0;
	buf_reset(&c->out);
	c->out_off = 0;
	if (!strcmp(method, "POST") && !strcmp(path, "/v1/chat/completions")) {
		chat(c, c->in.data + hlen, clen, has_auth ? auth : NULL);
	} else if (!strcmp(method, "GET") && !strcmp(path, "/v1/models")) {
		list_models(c);
	} else if (!strcmp(method, "GET") && !strcmp(path, "/stats")) {
		struct buf b = BUF_INIT;
		stats_json(&b);
		respond_json(c, 200, b.data, NULL);
		buf_release(&b);
	} else {
		respond_json(c, 404, "{\"error\":{\"message\":\"no such endpoint\"}}", NULL);
	}
	/* Drop the consumed request, keep anything pipelined after it. */
	memmove(c->in.data, c->in.data + total, c->in.len - total);
	buf_setlen(&c->in, c->in.len - total);
	c->state = c->reply_at > 0 ? 1 : 2;
	return 1;
}

static void conn_close(size_t i)
{
	struct conn *c = conns[i];

	if (c->counted)
		st_in_flight--;
	close(c->fd);
	buf_release(&c->in);
	buf_release(&c->out);
	free(c);
	conns[i] = conns[--nconns];
	st_conns_open--;
}

/* Returns 0 to keep the connection, -1 to close it. */
static int conn_write(struct conn *c)
{
	while (c->out_off < c->out.len) {
		ssize_t n = write(c->fd, c->out.data + c->out_off, c->out.len - c->out_off);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			return -1;
		}
		c->out_off += (size_t)n;
	}
	/* Reply complete. */
	if (c->counted) {
		st_in_flight--;
		c->counted = 0;
	}
	if (c->close_after)
		return -1;
	buf_reset(&c->out);
	c->out_off = 0;
	c->state = 0;
	if (c->in.len)
		handle_request(c);
	return 0;
}

static int conn_read(struct conn *c)
{
	char tmp[65536];

	for (;;) {
		ssize_t n = read(c->fd, tmp, sizeof(tmp));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return -1;
		}
		if (n == 0)
			return -1;
		buf_add(&c->in, tmp, (size_t)n);
		if ((size_t)n < sizeof(tmp))
			break;
	}
	if (c->state == 0)
		handle_request(c);
	return 0;
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: fake_openai [--port N] [--port-file F] [--stats-file F] [--script F]\n"
		"                   [--fault N:KIND]... [--fault-rate P --fault-kinds K,K --seed S]\n"
		"                   [--ignore-n] [--delay-ms MS] [--fault-delay-ms MS]\n"
		"                   [--retry-after V] [--retry-after-ms V] [--models A,B]\n"
		"                   [--require-key KEY] [--log F] [--idle-exit SEC]\n"
		"kinds: 429 quota 500 502 503 loading 400 400flat 400message 401 404 408 409\n"
		"       drop close delay malformed nochoices length ignoren\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "port", required_argument, NULL, 'p' },
		{ "port-file", required_argument, NULL, 'P' },
		{ "stats-file", required_argument, NULL, 'S' },
		{ "script", required_argument, NULL, 's' },
		{ "fault", required_argument, NULL, 'f' },
		{ "fault-rate", required_argument, NULL, 'r' },
		{ "fault-kinds", required_argument, NULL, 'k' },
		{ "seed", required_argument, NULL, 'x' },
		{ "ignore-n", no_argument, NULL, 'n' },
		{ "delay-ms", required_argument, NULL, 'd' },
		{ "fault-delay-ms", required_argument, NULL, 'D' },
		{ "retry-after", required_argument, NULL, 'a' },
		{ "retry-after-ms", required_argument, NULL, 'A' },
		{ "models", required_argument, NULL, 'm' },
		{ "require-key", required_argument, NULL, 'K' },
		{ "log", required_argument, NULL, 'l' },
		{ "idle-exit", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *port_file = NULL;
	struct sockaddr_in addr;
	socklen_t alen = sizeof(addr);
	struct pollfd *pfd = NULL;
	size_t pfd_alloc = 0;
	double idle_exit = 30, last_activity;
	int port = 0, lfd, opt, one = 1;
	struct sigaction sa;

	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (opt) {
		case 'p': port = atoi(optarg); break;
		case 'P': port_file = optarg; break;
		case 'S': stats_file = optarg; break;
		case 's': load_script(optarg); break;
		case 'f': {
			char *colon = strchr(optarg, ':');
			struct rule r = { 0 };
			if (!colon) {
				usage(stderr);
				return 2;
			}
			r.request = atol(optarg);
			r.fault = xstrdup(colon + 1);
			add_rule(r);
			break;
		}
		case 'r': fault_rate = atof(optarg); break;
		case 'k': fault_kinds = xstrdup(optarg); break;
		case 'x': rng_state = strtoull(optarg, NULL, 10); break;
		case 'n': ignore_n = 1; break;
		case 'd': delay_ms = atof(optarg); break;
		case 'D': fault_delay_ms = atof(optarg); break;
		case 'a': retry_after = optarg; break;
		case 'A': retry_after_ms = optarg; break;
		case 'm': models = optarg; break;
		case 'K': require_key = optarg; break;
		case 'l': log_file = optarg; break;
		case 'i': idle_exit = atof(optarg); break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_term;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	lfd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		die("socket");
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = htons((unsigned short)port);
	if (bind(lfd, (struct sockaddr *)&addr, sizeof(addr)) < 0)
		die("bind");
	if (listen(lfd, 1024) < 0)
		die("listen");
	if (getsockname(lfd, (struct sockaddr *)&addr, &alen) < 0)
		die("getsockname");
	port = ntohs(addr.sin_port);
	printf("%d\n", port);
	fflush(stdout);
	if (port_file) {
		char tmp[4096], line[32];
		int n = snprintf(line, sizeof(line), "%d\n", port);
		snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
		if (buf_write_file(tmp, line, (size_t)n) < 0 || rename(tmp, port_file) < 0)
			die(port_file);
	}

	last_activity = now_s();
	while (!stop_flag) {
		double now = now_s(), wake = -1;
		size_t i, np = 0;
		int timeout, rc;

		if (idle_exit > 0 && now - last_activity > idle_exit)
			break;
		if (snap_flag) {
			snap_flag = 0;
			snapshot();
		}
		ALLOC_GROW(pfd, nconns + 1, pfd_alloc);
		pfd[np].fd = lfd;
		pfd[np].events = POLLIN;
		np++;
		for (i = 0; i < nconns; i++) {
			struct conn *c = conns[i];
			if (c->state == 1 && c->reply_at <= now)
				c->state = 2;
			pfd[np].fd = c->fd;
			pfd[np].events = c->state == 0 ? POLLIN : c->state == 2 ? POLLOUT : 0;
			if (c->state == 1 && (wake < 0 || c->reply_at < wake))
				wake = c->reply_at;
			np++;
		}
		timeout = 1000;
		if (wake >= 0 && (wake - now) * 1000 < timeout)
			timeout = (int)((wake - now) * 1000) + 1;
		rc = poll(pfd, np, timeout);
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		/* Connections first (indices shift as they close), walking backwards. */
		for (i = np; i-- > 1;) {
			struct conn *c = conns[i - 1];
			int bad = 0;
			if (!pfd[i].revents)
				continue;
			last_activity = now_s();
			if (pfd[i].revents & (POLLERR | POLLNVAL))
				bad = 1;
			else if ((pfd[i].revents & (POLLIN | POLLHUP)) && c->state == 0)
				bad = conn_read(c) < 0;
			else if (pfd[i].revents & POLLHUP)
				bad = 1;
			if (!bad && c->state == 2)
				bad = conn_write(c) < 0;
			if (bad)
				conn_close(i - 1);
		}
		if (pfd[0].revents & POLLIN) {
			for (;;) {
				int fd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
				struct conn *c;
				if (fd < 0)
					break;
				setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
				c = xcalloc(1, sizeof(*c));
				c->fd = fd;
				buf_init(&c->in, 0);
				buf_init(&c->out, 0);
				ALLOC_GROW(conns, nconns + 1, conns_alloc);
				conns[nconns++] = c;
				st_conns_total++;
				if (++st_conns_open > st_max_conns)
					st_max_conns = st_conns_open;
				last_activity = now_s();
			}
		}
	}
	write_stats();
	while (nconns)
		conn_close(nconns - 1);
	close(lfd);
	free(pfd);
	return 0;
}
