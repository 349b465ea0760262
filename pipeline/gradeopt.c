/*
 * gradeopt: options and environment shared by the grading commands.
 * See gradeopt.h.
 */
#include "pipeline/gradeopt.h"
#include "pipeline/cli.h"
#include "sim/sandbox.h"

#include <stdlib.h>
#include <string.h>

const char gradeopt_help[] =
	"  --sim SIM              iverilog, verilator or both\n"
	"  --jobs N               parallel jobs (default: online CPUs)\n"
	"  --timeout SEC          wall-clock limit per simulation\n"
	"  --compile-timeout SEC  wall-clock limit per compile step (default 60)\n"
	"  --sandbox MODE         auto (default), bwrap or none\n"
	"  --max-size BYTES       candidates larger than this are forbidden (default 2097152)\n"
	"  --harness FILE         verdict harness to use instead of the built-in copy\n"
	"                         of testbench/vp_harness.vh\n";

int gradeopt_parse(const char *cmd, int c, const char *arg, struct grade_opts *o,
		   struct gradeopt_env *env)
{
	enum sim_kind k;
	long n;
	double secs;

	switch (c) {
	case GRADEOPT_SIM:
		if (!strcmp(arg, "both"))
			o->sims = (1u << SIM_ICARUS) | (1u << SIM_VERILATOR);
		else if (sim_parse(arg, &k) == 0)
			o->sims = 1u << k;
		else
			return cli_usage_error(cmd, "unknown simulator '%s' (iverilog, verilator or both)", arg), -1;
		return 1;
	case GRADEOPT_JOBS:
		if (cli_parse_long(arg, 1, 1024, &n) < 0)
			return cli_usage_error(cmd, "--jobs needs a number from 1 to 1024, not '%s'", arg), -1;
		o->jobs = (int)n;
		return 1;
	case GRADEOPT_TIMEOUT:
	case GRADEOPT_COMPILE_TIMEOUT:
		if (cli_parse_seconds(arg, &secs) < 0 || secs <= 0)
			return cli_usage_error(cmd, "--%s needs a positive number of seconds, not '%s'",
					       c == GRADEOPT_TIMEOUT ? "timeout" : "compile-timeout", arg), -1;
		if (c == GRADEOPT_TIMEOUT)
			o->run_timeout = secs;
		else
			o->compile_timeout = secs;
		return 1;
	case GRADEOPT_SANDBOX:
		if (!strcmp(arg, "auto"))
			o->sandbox = SANDBOX_AUTO;
		else if (!strcmp(arg, "bwrap"))
			o->sandbox = SANDBOX_BWRAP;
		else if (!strcmp(arg, "none"))
			o->sandbox = SANDBOX_NONE;
		else
			return cli_usage_error(cmd, "unknown sandbox mode '%s' (auto, bwrap or none)", arg), -1;
		return 1;
	case GRADEOPT_MAX_SIZE:
		if (cli_parse_long(arg, 1, 1L << 30, &n) < 0)
			return cli_usage_error(cmd, "--max-size needs a byte count from 1 to 1073741824, not '%s'", arg), -1;
		o->max_candidate_bytes = (size_t)n;
		return 1;
	case GRADEOPT_HARNESS:
		env->harness_path = arg;
		return 1;
	default:
		return 0;
	}
}

int gradeopt_env_init(struct gradeopt_env *env, struct grade_opts *o)
{
	env->exe = cli_exe_path();
	if (!env->exe) {
		cli_error("cannot locate the veripref executable through /proc/self/exe");
		return -1;
	}
	if (cli_read_harness(env->harness_path, &env->harness) < 0)
		return -1;
	env->cache = cli_cache_root();
	o->harness_text = env->harness.data;
	o->worker_exe = env->exe;
	o->cache_root = env->cache;
	o->tmp_dir = getenv("TMPDIR");
	return 0;
}

void gradeopt_env_release(struct gradeopt_env *env)
{
	free(env->exe);
	free(env->cache);
	buf_release(&env->harness);
	env->exe = env->cache = NULL;
}
