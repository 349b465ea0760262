/*
 * veripref llm: talk to the configured LLM endpoint by hand.
 *
 *   veripref llm --model M [options] PROMPT...   print the replies and token usage
 *   veripref llm --ping                          does the endpoint answer? which models?
 *   veripref llm --bench N --model M             throughput of the client (make bench)
 *
 * The command reads OPENAI_BASE_URL, OPENAI_API_KEY and XDG_CACHE_HOME/HOME
 * (modules never read the environment), fills struct llm_config, and drives
 * pipeline/llm.c.  The API key is never printed.
 */
#include "pipeline/cli.h"
#include "pipeline/commands.h"
#include "pipeline/extract.h"
#include "pipeline/llm.h"
#include "pipeline/llm_cache.h"
#include "sim/buf.h"
#include "sim/xalloc.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#define MAX_STOP 4

static const char usage_text[] =
	"usage: veripref llm --model M [options] PROMPT...\n"
	"   or: veripref llm --ping [--base-url U]\n"
	"   or: veripref llm --bench N --model M [options]\n"
	"\n"
	"Send each PROMPT (and each line of --prompts FILE) to an OpenAI-compatible\n"
	"chat completions endpoint; print the replies on stdout and the token usage\n"
	"on stderr.  Replies are cached, so a rerun costs no requests.\n"
	"\n"
	"Endpoint (environment: OPENAI_BASE_URL, default " LLM_DEFAULT_BASE_URL ";\n"
	"OPENAI_API_KEY, sent as a Bearer token):\n"
	"  --base-url U             override OPENAI_BASE_URL\n"
	"  --ping                   report whether the endpoint answers and list its models\n"
	"Request:\n"
	"  --model M                model name\n"
	"  --system TEXT            system message sent before each prompt\n"
	"  --prompts FILE           one prompt per line\n"
	"  -n, --samples N          samples per prompt (default 1)\n"
	"  --temperature T          --top-p P    --seed S    --stop STR (up to 4)\n"
	"  --max-tokens N           reply length limit\n"
	"  --max-completion-tokens  send the limit as max_completion_tokens\n"
	"  --no-n-fallback          fail instead of re-asking when the server ignores n\n"
	"Transport:\n"
	"  --llm-concurrency K      requests in flight (default 16)\n"
	"  --max-attempts N         attempts per request, first included (default 6)\n"
	"  --timeout S              per attempt (default 600; 30 for --ping)\n"
	"  --connect-timeout S      (default 10)\n"
	"  --backoff-base S         first retry delay (default 0.5, doubling)\n"
	"  --backoff-max S          longest retry delay (default 8)\n"
	"  --retry-after-max S      cap on a server's Retry-After (default 600)\n"
	"  --rpm N                  at most N request starts per minute\n"
	"  --jitter-seed N          seed of the retry jitter (default: from the clock)\n"
	"  --max-reply-bytes N      cap on a reply body (default 16 MiB)\n"
	"Cache (default $XDG_CACHE_HOME/veripref/llm-cache.db):\n"
	"  --cache FILE             use this cache file\n"
	"  --no-cache               neither read nor write the cache\n"
	"  --refresh                ignore cached replies (and overwrite them)\n"
	"Output:\n"
	"  --extract LANG           print the code block in LANG (verilog, python, c, any)\n"
	"  --json                   one JSON object per sample\n"
	"  --bench N                send N distinct prompts, print requests/s and CPU per request\n"
	"\n"
	"Exit status: 0 all replies obtained (or the endpoint answers), 2 usage,\n"
	"3 a request failed or the endpoint is unreachable.\n";

enum {
	OPT_MODEL = 256, OPT_BASE, OPT_SYSTEM, OPT_PROMPTS, OPT_TEMP, OPT_TOPP, OPT_SEED,
	OPT_STOP, OPT_MAXTOK, OPT_MCT, OPT_NOFALLBACK, OPT_CONC, OPT_ATTEMPTS, OPT_TIMEOUT,
	OPT_CTIMEOUT, OPT_BBASE, OPT_BMAX, OPT_RAMAX, OPT_RPM, OPT_JSEED, OPT_MAXREPLY,
	OPT_CACHE, OPT_NOCACHE, OPT_REFRESH, OPT_EXTRACT, OPT_JSON, OPT_PING, OPT_BENCH,
};

struct opts {
	struct llm_config cfg;
	struct llm_request req;
	const char *system;
	const char *prompts_file;
	const char *stop[MAX_STOP];
	const char *cache_path;
	const char *extract;
	int no_cache, refresh, json, ping, timeout_set;
	long bench;
};

static int parse_seconds(const char *opt, const char *arg, double *out)
{
	if (cli_parse_seconds(arg, out) < 0)
		return cli_usage_error("llm", "%s needs a number of seconds, not '%s'", opt, arg);
	return 0;
}

static int parse_long(const char *opt, const char *arg, long lo, long hi, long *out)
{
	if (cli_parse_long(arg, lo, hi, out) < 0)
		return cli_usage_error("llm", "%s needs a whole number in [%ld, %ld], not '%s'",
				       opt, lo, hi, arg);
	return 0;
}

static int parse_opts(int argc, char **argv, struct opts *o)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "model", required_argument, NULL, OPT_MODEL },
		{ "base-url", required_argument, NULL, OPT_BASE },
		{ "system", required_argument, NULL, OPT_SYSTEM },
		{ "prompts", required_argument, NULL, OPT_PROMPTS },
		{ "samples", required_argument, NULL, 'n' },
		{ "temperature", required_argument, NULL, OPT_TEMP },
		{ "top-p", required_argument, NULL, OPT_TOPP },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "stop", required_argument, NULL, OPT_STOP },
		{ "max-tokens", required_argument, NULL, OPT_MAXTOK },
		{ "max-completion-tokens", no_argument, NULL, OPT_MCT },
		{ "no-n-fallback", no_argument, NULL, OPT_NOFALLBACK },
		{ "llm-concurrency", required_argument, NULL, OPT_CONC },
		{ "max-attempts", required_argument, NULL, OPT_ATTEMPTS },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "connect-timeout", required_argument, NULL, OPT_CTIMEOUT },
		{ "backoff-base", required_argument, NULL, OPT_BBASE },
		{ "backoff-max", required_argument, NULL, OPT_BMAX },
		{ "retry-after-max", required_argument, NULL, OPT_RAMAX },
		{ "rpm", required_argument, NULL, OPT_RPM },
		{ "jitter-seed", required_argument, NULL, OPT_JSEED },
		{ "max-reply-bytes", required_argument, NULL, OPT_MAXREPLY },
		{ "cache", required_argument, NULL, OPT_CACHE },
		{ "no-cache", no_argument, NULL, OPT_NOCACHE },
		{ "refresh", no_argument, NULL, OPT_REFRESH },
		{ "extract", required_argument, NULL, OPT_EXTRACT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "ping", no_argument, NULL, OPT_PING },
		{ "bench", required_argument, NULL, OPT_BENCH },
		{ NULL, 0, NULL, 0 },
	};
	int c, ret = 0;
	long v;

	while (!ret && (c = getopt_long(argc, argv, "hn:", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			return -1;
		case OPT_MODEL: o->req.model = optarg; break;
		case OPT_BASE: o->cfg.base_url = optarg; break;
		case OPT_SYSTEM: o->system = optarg; break;
		case OPT_PROMPTS: o->prompts_file = optarg; break;
		case 'n':
			ret = parse_long("--samples", optarg, 1, 1000, &v);
			o->req.n = (int)v;
			break;
		case OPT_TEMP: ret = cli_double_opt("llm", "--temperature", optarg, 0, 10, &o->req.temperature); break;
		case OPT_TOPP: ret = cli_double_opt("llm", "--top-p", optarg, 0, 1, &o->req.top_p); break;
		case OPT_SEED:
			ret = parse_long("--seed", optarg, 0, 4294967295L, &v);
			o->req.has_seed = 1;
			o->req.seed = v;
			break;
		case OPT_STOP:
			if (o->req.nstop == MAX_STOP)
				return cli_usage_error("llm", "at most %d --stop strings", MAX_STOP);
			o->stop[o->req.nstop++] = optarg;
			break;
		case OPT_MAXTOK: ret = parse_long("--max-tokens", optarg, 1, 10000000, &o->req.max_tokens); break;
		case OPT_MCT: o->cfg.max_completion_tokens = 1; break;
		case OPT_NOFALLBACK: o->cfg.n_fallback = 0; break;
		case OPT_CONC:
			ret = parse_long("--llm-concurrency", optarg, 1, 4096, &v);
			o->cfg.concurrency = (int)v;
			break;
		case OPT_ATTEMPTS:
			ret = parse_long("--max-attempts", optarg, 1, 100, &v);
			o->cfg.max_attempts = (int)v;
			break;
		case OPT_TIMEOUT:
			ret = parse_seconds("--timeout", optarg, &o->cfg.timeout);
			o->timeout_set = 1;
			break;
		case OPT_CTIMEOUT: ret = parse_seconds("--connect-timeout", optarg, &o->cfg.connect_timeout); break;
		case OPT_BBASE: ret = parse_seconds("--backoff-base", optarg, &o->cfg.backoff_base); break;
		case OPT_BMAX: ret = parse_seconds("--backoff-max", optarg, &o->cfg.backoff_max); break;
		case OPT_RAMAX: ret = parse_seconds("--retry-after-max", optarg, &o->cfg.retry_after_max); break;
		case OPT_RPM: ret = cli_double_opt("llm", "--rpm", optarg, 0, 1e9, &o->cfg.rpm); break;
		case OPT_JSEED:
			ret = parse_long("--jitter-seed", optarg, 0, 0x7fffffffffffffffL, &v);
			o->cfg.jitter_seed = (uint64_t)v;
			break;
		case OPT_MAXREPLY:
			ret = parse_long("--max-reply-bytes", optarg, 1024, 1L << 34, &v);
			o->cfg.max_reply = (size_t)v;
			break;
		case OPT_CACHE: o->cache_path = optarg; break;
		case OPT_NOCACHE: o->no_cache = 1; break;
		case OPT_REFRESH: o->refresh = 1; break;
		case OPT_EXTRACT: o->extract = optarg; break;
		case OPT_JSON: o->json = 1; break;
		case OPT_PING: o->ping = 1; break;
		case OPT_BENCH: ret = parse_long("--bench", optarg, 1, 100000000, &o->bench); break;
		default:
			return fprintf(stderr, "try 'veripref llm --help'\n"), EXIT_USAGE;
		}
	}
	if (ret)
		return ret;
	if (o->cfg.timeout <= 0 || o->cfg.connect_timeout <= 0)
		return cli_usage_error("llm", "timeouts must be greater than 0");
	o->req.stop = o->stop;
	return 0;
}

/* Open the cache chosen by the options; *cache stays NULL with --no-cache. */
static int open_cache(const struct opts *o, struct llm_cache **cache)
{
	*cache = NULL;
	if (o->no_cache)
		return 0;
	*cache = cli_open_llm_cache(o->cache_path);
	return *cache ? 0 : -1;
}

static int do_ping(const struct opts *o)
{
	struct llm_config cfg = o->cfg;
	struct buf err = BUF_INIT;
	char **ids;
	size_t n, i;
	int ret;

	/* A ping should not hang for the generation timeout. */
	if (!o->timeout_set)
		cfg.timeout = 30;
	if (llm_list_models(&cfg, &ids, &n, &err) < 0) {
		cli_error("%s", err.data);
		buf_release(&err);
		return EXIT_RUNTIME;
	}
	printf("%s answers; %zu model%s\n", o->cfg.base_url, n, n == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		printf("%s\n", ids[i]);
		free(ids[i]);
	}
	free(ids);
	ret = EXIT_OK;
	buf_release(&err);
	return ret;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(long *maxrss_kb)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	if (maxrss_kb)
		*maxrss_kb = ru.ru_maxrss;
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/*
 * --bench: N distinct prompts, no cache, with at most a few windows of
 * requests queued so memory stays flat whatever N is.
 */
static int do_bench(struct opts *o, struct llm_client *client)
{
	size_t window = (size_t)o->cfg.concurrency * 4 + 64;
	long submitted = 0, done = 0, failed = 0, maxrss;
	struct llm_message msg[2];
	size_t nmsg = 0;
	char text[64];
	struct llm_result *r;
	struct llm_stats st;
	double t0 = now_s(), c0 = cpu_s(NULL), secs, cpu;

	if (o->system) {
		msg[nmsg].role = "system";
		msg[nmsg++].content = o->system;
	}
	msg[nmsg].role = "user";
	msg[nmsg++].content = text;
	o->req.messages = msg;
	o->req.nmessages = nmsg;
	while (done < o->bench) {
		while (submitted < o->bench && llm_pending(client) < window) {
			snprintf(text, sizeof(text), "bench request %ld", submitted);
			llm_submit(client, &o->req, NULL);
			submitted++;
		}
		r = llm_next(client);
		if (!r)
			break;
		if (r->status != LLM_OK) {
			if (!failed)
				cli_error("bench request failed: %s", r->err.data);
			failed++;
		}
		llm_result_free(r);
		done++;
	}
	secs = now_s() - t0;
	cpu = cpu_s(&maxrss) - c0;
	llm_client_stats(client, &st);
	printf("requests %ld\n", done);
	printf("concurrency %d\n", o->cfg.concurrency);
	printf("http_requests %ld\n", st.requests);
	printf("max_in_flight %d\n", st.max_in_flight);
	printf("seconds %.3f\n", secs);
	printf("requests_per_second %.1f\n", secs > 0 ? (double)done / secs : 0.0);
	printf("cpu_ms_per_request %.4f\n", done ? cpu * 1000 / (double)done : 0.0);
	printf("max_rss_kb %ld\n", maxrss);
	printf("failed %ld\n", failed);
	return failed ? EXIT_RUNTIME : EXIT_OK;
}

static int read_prompts(const char *path, char ***prompts, size_t *n, size_t *alloc,
			struct buf *store)
{
	char *line, *save = NULL;

	if (buf_read_file(store, path) < 0) {
		cli_error("cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	for (line = strtok_r(store->data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		size_t len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[len - 1] = '\0';
		if (!*line)
			continue;
		ALLOC_GROW(*prompts, *n + 1, *alloc);
		(*prompts)[(*n)++] = line;
	}
	return 0;
}

static void print_sample(const struct opts *o, size_t p, size_t s, int multi,
			 const struct llm_sample *smp)
{
	struct buf code = BUF_INIT;
	const char *text = smp->content;
	enum extract_status es = EXTRACT_NONE;

	if (smp->truncated)
		cli_warning("prompt %zu sample %zu: reply truncated (finish_reason \"length\")",
			    p + 1, s + 1);
	if (o->extract) {
		es = extract_code(smp->content, strcmp(o->extract, "any") ? o->extract : NULL, &code);
		if (es == EXTRACT_NONE)
			cli_warning("prompt %zu sample %zu: no %s code in the reply", p + 1, s + 1,
				    o->extract);
		else if (es == EXTRACT_TRUNCATED)
			cli_warning("prompt %zu sample %zu: code block is not closed (truncated)",
				    p + 1, s + 1);
		text = code.data;
	}
	if (o->json) {
		cJSON *obj = cJSON_CreateObject();
		char *line;

		cJSON_AddNumberToObject(obj, "prompt", (double)(p + 1));
		cJSON_AddNumberToObject(obj, "sample", (double)(s + 1));
		cJSON_AddStringToObject(obj, "content", smp->content);
		if (smp->finish_reason)
			cJSON_AddStringToObject(obj, "finish_reason", smp->finish_reason);
		else
			cJSON_AddNullToObject(obj, "finish_reason");
		cJSON_AddBoolToObject(obj, "truncated", smp->truncated);
		cJSON_AddBoolToObject(obj, "cached", smp->cached);
		if (o->extract) {
			cJSON_AddStringToObject(obj, "code", code.data);
			cJSON_AddStringToObject(obj, "extract", extract_status_name(es));
		}
		line = cJSON_PrintUnformatted(obj);
		printf("%s\n", line);
		free(line);
		cJSON_Delete(obj);
	} else {
		size_t len = strlen(text);
		if (multi)
			printf("=== prompt %zu sample %zu ===\n", p + 1, s + 1);
		fputs(text, stdout);
		if (!len || text[len - 1] != '\n')
			putchar('\n');
	}
	buf_release(&code);
}

int cmd_llm(int argc, char **argv)
{
	struct opts o = { .cfg = LLM_CONFIG_INIT, .req = LLM_REQUEST_INIT };
	const char *env_base = getenv("OPENAI_BASE_URL"), *env_key = getenv("OPENAI_API_KEY");
	struct llm_client *client = NULL;
	struct llm_cache *cache = NULL;
	struct llm_result **results = NULL, *r;
	struct buf err = BUF_INIT, store = BUF_INIT;
	char **prompts = NULL;
	size_t nprompts = 0, palloc = 0, i, s;
	struct llm_message msg[2];
	struct llm_stats st;
	int ret, failed = 0, multi;

	if (env_base && *env_base)
		o.cfg.base_url = env_base;
	if (env_key && *env_key)
		o.cfg.api_key = env_key;
	o.cfg.jitter_seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	ret = parse_opts(argc, argv, &o);
	if (ret)
		return ret < 0 ? EXIT_OK : ret;
	if (llm_global_init() < 0) {
		cli_error("cannot initialise libcurl");
		return EXIT_RUNTIME;
	}
	if (o.ping) {
		if (optind < argc)
			return cli_usage_error("llm", "--ping takes no prompt");
		return do_ping(&o);
	}
	if (!o.req.model)
		return cli_usage_error("llm", "--model is required");
	if (o.bench && (optind < argc || o.prompts_file))
		return cli_usage_error("llm", "--bench makes its own prompts");
	for (i = (size_t)optind; i < (size_t)argc; i++) {
		ALLOC_GROW(prompts, nprompts + 1, palloc);
		prompts[nprompts++] = argv[i];
	}
	if (o.prompts_file && read_prompts(o.prompts_file, &prompts, &nprompts, &palloc, &store) < 0) {
		ret = EXIT_RUNTIME;
		goto done;
	}
	if (!nprompts && !o.bench) {
		ret = cli_usage_error("llm", "no prompt given");
		goto done;
	}

	client = llm_client_new(&o.cfg, &err);
	if (!client) {
		cli_error("%s", err.data);
		ret = EXIT_RUNTIME;
		goto done;
	}
	if (o.bench) {
		ret = do_bench(&o, client);
		goto done;
	}
	if (open_cache(&o, &cache) < 0) {
		ret = EXIT_RUNTIME;
		goto done;
	}
	llm_client_set_cache(client, cache, o.refresh);

	results = xcalloc(nprompts, sizeof(*results));
	for (i = 0; i < nprompts; i++) {
		size_t nmsg = 0;
		if (o.system) {
			msg[nmsg].role = "system";
			msg[nmsg++].content = o.system;
		}
		msg[nmsg].role = "user";
		msg[nmsg++].content = prompts[i];
		o.req.messages = msg;
		o.req.nmessages = nmsg;
		llm_submit(client, &o.req, (void *)(uintptr_t)i);
	}
	while ((r = llm_next(client)))
		results[(uintptr_t)r->userdata] = r;

	multi = nprompts > 1 || o.req.n > 1;
	for (i = 0; i < nprompts; i++) {
		r = results[i];
		for (s = 0; s < r->nsamples; s++)
			if (r->samples[s].content)
				print_sample(&o, i, s, multi, &r->samples[s]);
		if (r->status != LLM_OK) {
			failed++;
			if (nprompts > 1)
				cli_error("prompt %zu: %s", i + 1, r->err.data);
			else
				cli_error("%s", r->err.data);
		}
	}
	llm_client_stats(client, &st);
	fflush(stdout);
	fprintf(stderr, "tokens: %ld prompt + %ld completion; requests: %ld (%ld retries, "
		"%ld fallbacks); cached samples: %ld\n", st.prompt_tokens, st.completion_tokens,
		st.requests, st.retries, st.fallbacks, st.cache_hits);
	ret = failed ? EXIT_RUNTIME : EXIT_OK;
done:
	if (results)
		for (i = 0; i < nprompts; i++)
			llm_result_free(results[i]);
	free(results);
	free(prompts);
	llm_client_free(client);
	llm_cache_close(cache);
	buf_release(&err);
	buf_release(&store);
	return ret;
}
