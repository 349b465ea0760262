#include "pipeline/stage.h"
#include "sim/sim.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

/* Shards by FNV-1a 64 of the id: the published vectors are
   "a" -> 0xaf63dc4c8601ec8c and "foobar" -> 0x85944171f73967e8. */
Test(stage, shard_is_fnv1a_of_the_task_id_modulo_n)
{
	cr_assert_eq(stage_shard_of("a", 16), 0xaf63dc4c8601ec8cull % 16);
	cr_assert_eq(stage_shard_of("a", 10), 6);
	cr_assert_eq(stage_shard_of("foobar", 7), 0x85944171f73967e8ull % 7);
	cr_assert_eq(stage_shard_of("foobar", 1), 0);
}

Test(stage, testbench_kinds_and_simulators_parse_and_print_back)
{
	struct buf err = BUF_INIT, txt = BUF_INIT;
	unsigned tb = 0, sims = 0;

	cr_assert_eq(stage_parse_tb("human,differential", &tb, &err), 0);
	cr_assert_eq(tb, STAGE_TB_HUMAN | STAGE_TB_DIFFERENTIAL);
	stage_tb_text(tb, &txt);
	cr_assert_str_eq(txt.data, "differential,human");
	cr_assert_eq(stage_parse_tb("human,magic", &tb, &err), -1);
	cr_assert_str_eq(err.data, "unknown testbench kind 'magic' (differential, human, llm)");
	cr_assert_eq(stage_parse_sims("both", &sims, &err), 0);
	cr_assert_eq(sims, (1u << SIM_ICARUS) | (1u << SIM_VERILATOR));
	cr_assert_str_eq(stage_sims_text(sims), "both");
	cr_assert_eq(stage_parse_sims("verilator", &sims, &err), 0);
	cr_assert_str_eq(stage_sims_text(sims), "verilator");
	cr_assert_eq(stage_parse_sims("modelsim", &sims, &err), -1);
	buf_release(&err);
	buf_release(&txt);
}

Test(stage, config_as_key_values_names_every_setting)
{
	struct run_config c;
	char **kv;
	size_t n, i;
	const char *want[] = {
		"tasks", "rtl_tasks", "generator", "mutate", "model", "", "n", "20",
		"tb", "differential,human", "sim", "iverilog", "method", "auto",
		"pairs", "best-worst", "format", "trl", "seed", "18446744073709551615",
		"shard", "2/5", "prompt", "sample_rtl.v1", "temperature", "0.8",
		"max-tokens", "", "tests", "none", "tests-n", "5",
	};

	run_config_init(&c);
	free(c.tasks);
	c.tasks = strdup("rtl_tasks");
	c.seed = 18446744073709551615ull;
	c.shard_i = 2;
	c.shard_n = 5;
	c.temperature = 0.8;
	kv = run_config_to_kv(&c, &n);
	cr_assert_eq(n, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < n; i++) {
		cr_assert_str_eq(kv[i], want[i]);
		free(kv[i]);
	}
	free(kv);
	run_config_release(&c);
}

Test(stage, stage_names_round_trip)
{
	enum stage_id s;
	int i;

	for (i = 0; i < STAGE_NSTAGES; i++) {
		cr_assert_eq(stage_parse(stage_name((enum stage_id)i), &s), 0);
		cr_assert_eq((int)s, i);
	}
	cr_assert_eq(stage_parse("report", &s), -1);
}
