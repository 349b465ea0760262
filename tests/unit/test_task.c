#include "sim/buf.h"
#include "testbench/task.h"

#include <criterion/criterion.h>
#include <string.h>

#define FX "tests/fixtures/tasks/"

Test(task, loads_a_good_task_with_every_field)
{
	struct task t;
	struct buf err = BUF_INIT;

	cr_assert_eq(task_load(&t, FX "good/", &err), 0, "%s", err.data);
	cr_assert_str_eq(err.data, "");
	cr_assert_str_eq(t.dir, FX "good");
	cr_assert_str_eq(t.id, "good");
	cr_assert_str_eq(t.top, "counter8");
	cr_assert_str_eq(t.clock, "clk");
	cr_assert_str_eq(t.reset, "rst");
	cr_assert_eq(t.reset_active_high, 1);
	cr_assert_eq(t.reset_sync, 1);
	cr_assert_eq(t.kind, TASK_SEQ);
	cr_assert_str_eq(task_kind_name(t.kind), "seq");
	cr_assert_eq(t.ntags, 2);
	cr_assert_str_eq(t.tags[0], "counter");
	cr_assert_str_eq(t.tags[1], "sequential");
	cr_assert_str_eq(t.spec, "# counter8\n\nAn 8-bit counter with synchronous active-high reset.\n");
	cr_assert_eq(t.spec_len, strlen(t.spec));
	cr_assert_not_null(t.ref);
	cr_assert_not_null(strstr(t.ref, "module counter8(clk, rst, en, q);"));
	cr_assert_eq(t.ports.nr, 4);
	cr_assert_str_eq(t.ports.v[3].name, "q");
	cr_assert_eq(t.ports.v[3].width, 8);
	cr_assert_eq(t.ntbs, 2);
	cr_assert_str_eq(t.tbs[0].name, "a_first.v");
	cr_assert_str_eq(t.tbs[0].path, FX "good/tb/a_first.v");
	cr_assert_str_eq(t.tbs[0].text, "module tb_a; endmodule\n");
	cr_assert_str_eq(t.tbs[1].name, "b_second.v");
	cr_assert_eq(t.tbs[1].len, strlen("module tb_b; endmodule\n"));
	task_release(&t);
	cr_assert_null(t.id);
	task_release(&t);
	task_release(NULL);
	buf_release(&err);
}

Test(task, spec_only_task_without_ref_or_testbenches)
{
	struct task t;
	struct buf err = BUF_INIT;

	cr_assert_eq(task_load(&t, FX "spec_only", &err), 0, "%s", err.data);
	cr_assert_null(t.ref);
	cr_assert_null(t.clock);
	cr_assert_null(t.reset);
	cr_assert_eq(t.reset_active_high, 0);
	cr_assert_eq(t.reset_sync, 0);
	cr_assert_eq(t.kind, TASK_COMB);
	cr_assert_eq(t.ntags, 0);
	cr_assert_eq(t.ntbs, 0);
	cr_assert_eq(t.ports.nr, 0);
	task_release(&t);
	buf_release(&err);
}

static void expect_errors(const char *dir, const char *want)
{
	struct task t;
	struct buf err = BUF_INIT;

	cr_assert_eq(task_load(&t, dir, &err), -1, "%s", dir);
	cr_assert_str_eq(err.data, want);
	cr_assert_null(t.id);   /* released on failure */
	cr_assert_eq(t.ntbs, 0);
	buf_release(&err);
}

Test(task, reports_every_field_problem)
{
	expect_errors(FX "bad_fields",
		FX "bad_fields/task.json: field 'tags' appears more than once.\n"
		FX "bad_fields/task.json: field 'id' must be a string.\n"
		FX "bad_fields/task.json: field 'top' is missing.\n"
		FX "bad_fields/task.json: field 'clock' must be a string or null.\n"
		FX "bad_fields/task.json: field 'reset_active' must be \"high\" or \"low\", not \"HIGH\".\n"
		FX "bad_fields/task.json: field 'reset_sync' must be true or false.\n"
		FX "bad_fields/task.json: field 'kind' must be \"comb\" or \"seq\", not \"sequential\".\n"
		FX "bad_fields/task.json: field 'tags' must be an array of strings.");
}

Test(task, invalid_json_names_the_line)
{
	expect_errors(FX "bad_json", FX "bad_json/task.json: invalid JSON at line 3.");
}

Test(task, clock_and_reset_must_be_input_ports_of_top)
{
	expect_errors(FX "bad_ref",
		FX "bad_ref/task.json: field 'clock' names 'clock', which is not a port of module 'dff' in ref.v.\n"
		FX "bad_ref/task.json: field 'reset' names 'q', which is an output of module 'dff' in ref.v, not an input.");
	expect_errors(FX "bad_width",
		FX "bad_width/task.json: field 'clock' names 'd', which is 2 bits wide in ref.v, not 1.");
}

Test(task, id_seq_without_clock_empty_spec_and_missing_top)
{
	expect_errors(FX "bad_top",
		FX "bad_top/task.json: field 'id' is \"other_name\" but the directory is named \"bad_top\".\n"
		FX "bad_top/task.json: field 'kind' is \"seq\" but field 'clock' is null.\n"
		FX "bad_top/spec.md: the specification is empty.\n"
		FX "bad_top/ref.v: module 'fsm' (field 'top' of task.json) is not declared.");
}

Test(task, missing_spec_and_a_tb_that_is_not_a_directory)
{
	expect_errors(FX "no_spec",
		FX "no_spec/spec.md: missing; every task needs a specification.\n"
		FX "no_spec/tb: not a directory.");
}

Test(task, missing_directory_and_missing_task_json)
{
	expect_errors(FX "does_not_exist",
		FX "does_not_exist: cannot open the task directory: No such file or directory.");
	expect_errors(FX "good/spec.md", FX "good/spec.md: not a directory.");
	expect_errors(FX "good/tb",
		FX "good/tb/task.json: cannot read: No such file or directory.\n"
		FX "good/tb/spec.md: missing; every task needs a specification.");
}

Test(task, tb_ref_module_and_tb_verdict_per_bench)
{
	struct task t;
	struct buf err = BUF_INIT;

	cr_assert_eq(task_load(&t, FX "tb_fields_good", &err), 0, "%s", err.data);
	cr_assert_eq(t.ntbs, 2);
	cr_assert_null(t.tbs[0].ref_module);
	cr_assert_null(t.tbs[0].verdict_pass);
	cr_assert_null(t.tbs[0].verdict_fail);
	cr_assert_null(t.tbs[0].verdict_count);
	cr_assert_str_eq(t.tbs[1].ref_module, "RefModule");
	cr_assert_str_eq(t.tbs[1].verdict_pass, "^Mismatches: 0 in");
	cr_assert_str_eq(t.tbs[1].verdict_fail, "^TIMEOUT");
	cr_assert_str_eq(t.tbs[1].verdict_count, "^Mismatches: ([0-9]+) in ([0-9]+)");
	task_release(&t);
	buf_release(&err);
}

Test(task, tb_fields_problems_are_all_reported)
{
	expect_errors(FX "tb_fields_bad",
		FX "tb_fields_bad/task.json: field 'tb_ref_module' entry 'a.v' is \"TopModule\", the name of the module candidates write; the reference needs another name.\n"
		FX "tb_fields_bad/task.json: field 'tb_ref_module' entry 'nope.v' names no testbench in tb/.\n"
		FX "tb_fields_bad/task.json: field 'tb_ref_module' entry 'b.v' must be a Verilog module name.\n"
		FX "tb_fields_bad/task.json: field 'tb_verdict' entry 'a.v': rule 'pass' is not a valid extended regular expression: Unmatched ( or \\(.\n"
		FX "tb_fields_bad/task.json: field 'tb_verdict' entry 'b.v': rule 'pass' is missing.\n"
		FX "tb_fields_bad/task.json: field 'tb_verdict' entry 'c.v': rule 'count' must have exactly two groups (failures, total), not 1.\n"
		FX "tb_fields_bad/task.json: field 'tb_verdict' entry 'd.v' must be an object of rules.\n"
		FX "tb_fields_bad/task.json: field 'tb_verdict' entry 'e.v' has an unknown rule 'exit' (rules: pass, fail, count).");
	expect_errors(FX "tb_fields_noref",
		FX "tb_fields_noref/task.json: field 'tb_ref_module' needs the reference ref.v.\n"
		FX "tb_fields_noref/task.json: field 'tb_verdict' must be an object.");
}
