#include "sim/buf.h"
#include "sim/xalloc.h"
#include "sim/yosys.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIXTURE_V "tests/fixtures/yosys_fx.v"
#define FIXTURE_JSON "tests/fixtures/yosys_fx.json"

static void expect_port(const struct yosys_module *m, size_t i, const char *name,
			enum yosys_dir dir, int width, int is_signed)
{
	cr_assert_lt(i, m->nports);
	cr_assert_str_eq(m->ports[i].name, name);
	cr_assert_eq(m->ports[i].dir, dir, "port %s", name);
	cr_assert_eq(m->ports[i].width, width, "port %s", name);
	cr_assert_eq(m->ports[i].is_signed, is_signed, "port %s", name);
}

Test(yosys, fixture_ports_come_in_declaration_order_with_widths)
{
	struct buf json = BUF_INIT, err = BUF_INIT;
	struct yosys_module m = YOSYS_MODULE_INIT;

	cr_assert_eq(buf_read_file(&json, FIXTURE_JSON), 0);
	cr_assert_eq(yosys_parse_json(json.data, json.len, "fx", &m, &err), 0, "%s", err.data);
	cr_assert_str_eq(m.name, "fx");
	cr_assert_eq(m.nports, 5);
	/* Written with W = 10, so data_in is [9:0] and q is [W/2:0] = [5:0]. */
	expect_port(&m, 0, "clk", YOSYS_INPUT, 1, 0);
	expect_port(&m, 1, "data_in", YOSYS_INPUT, 10, 1);
	expect_port(&m, 2, "q", YOSYS_OUTPUT, 6, 0);
	expect_port(&m, 3, "bus", YOSYS_INOUT, 4, 0);
	expect_port(&m, 4, "flag", YOSYS_OUTPUT, 1, 0);
	cr_assert_eq(yosys_find_port(&m, "q"), &m.ports[2]);
	cr_assert_null(yosys_find_port(&m, "nope"));
	/* Parameters: the string one stays text, the integer one is decimal. */
	cr_assert_eq(m.nparams, 2);
	cr_assert_str_eq(m.params[0].name, "NAME");
	cr_assert_str_eq(m.params[0].value, "fx");
	cr_assert_eq(m.params[0].is_number, 0);
	cr_assert_str_eq(m.params[1].name, "W");
	cr_assert_str_eq(m.params[1].value, "10");
	cr_assert_eq(m.params[1].is_number, 1);
	yosys_module_release(&m);
	cr_assert_eq(m.nports, 0);
	yosys_module_release(&m);   /* twice is fine */
	yosys_module_release(NULL);
	buf_release(&json);
	buf_release(&err);
}

static void expect_parse_error(const char *json, const char *top, const char *msg)
{
	struct buf err = BUF_INIT;
	struct yosys_module m = YOSYS_MODULE_INIT;

	cr_assert_eq(yosys_parse_json(json, strlen(json), top, &m, &err), -1);
	cr_assert_str_eq(err.data, msg);
	cr_assert_null(m.name);
	cr_assert_eq(m.nports, 0);
	buf_release(&err);
}

Test(yosys, malformed_json_is_an_error)
{
	expect_parse_error("{\"modules\": {", "x", "yosys wrote malformed JSON");
	expect_parse_error("{\"creator\": \"Yosys\"}", "x", "yosys JSON has no \"modules\" object");
	expect_parse_error("{\"modules\": {\"a\": {\"ports\": {}}}}", "x", "yosys JSON has no module 'x'");
	expect_parse_error("{\"modules\": {\"x\": {\"ports\": {\"p\": {\"direction\": \"input\"}}}}}",
			   "x", "port 'p' of module 'x' has no direction or bits");
	expect_parse_error("{\"modules\": {\"x\": {\"ports\": {\"p\": {\"direction\": \"sideways\", \"bits\": [2]}}}}}",
			   "x", "port 'p' of module 'x' has unknown direction 'sideways'");
	expect_parse_error("{\"modules\": {\"x\": {\"ports\": {\"p\": {\"direction\": \"input\", \"bits\": []}}}}}",
			   "x", "port 'p' of module 'x' has no bits");
}

Test(yosys, a_renamed_top_is_found_by_its_top_attribute)
{
	static const char json[] =
		"{\"modules\": {"
		"\"sub\": {\"attributes\": {}, \"ports\": {\"a\": {\"direction\": \"input\", \"bits\": [2]}}},"
		"\"$paramod\\\\fx\\\\W=8\": {\"attributes\": {\"top\": \"00000000000000000000000000000001\"},"
		" \"ports\": {\"y\": {\"direction\": \"output\", \"bits\": [3, 4, \"0\"]}}}}}";
	struct buf err = BUF_INIT;
	struct yosys_module m = YOSYS_MODULE_INIT;

	cr_assert_eq(yosys_parse_json(json, strlen(json), "fx", &m, &err), 0, "%s", err.data);
	cr_assert_str_eq(m.name, "$paramod\\fx\\W=8");
	cr_assert_eq(m.nports, 1);
	expect_port(&m, 0, "y", YOSYS_OUTPUT, 3, 0);
	cr_assert_eq(m.nparams, 0);
	yosys_module_release(&m);
	buf_release(&err);
}

static int have_yosys(void)
{
	return system("command -v yosys >/dev/null 2>&1") == 0;
}

Test(yosys_run, elaborates_with_a_parameter_override)
{
	static const struct yosys_chparam chp[] = { { "W", "8" } };
	struct buf err = BUF_INIT;
	struct yosys_module m = YOSYS_MODULE_INIT;

	if (!have_yosys())
		cr_skip_test("yosys is not installed");
	cr_assert_eq(yosys_extract(FIXTURE_V, "fx", chp, 1, NULL, &m, &err), 0, "%s", err.data);
	cr_assert_str_eq(m.name, "fx");
	cr_assert_eq(m.nports, 5);
	expect_port(&m, 1, "data_in", YOSYS_INPUT, 8, 1);
	expect_port(&m, 2, "q", YOSYS_OUTPUT, 5, 0);
	cr_assert_str_eq(m.params[1].name, "W");
	cr_assert_str_eq(m.params[1].value, "8");
	yosys_module_release(&m);

	/* Without the override: the default W = 12. */
	cr_assert_eq(yosys_extract(FIXTURE_V, "fx", NULL, 0, NULL, &m, &err), 0, "%s", err.data);
	expect_port(&m, 1, "data_in", YOSYS_INPUT, 12, 1);
	expect_port(&m, 2, "q", YOSYS_OUTPUT, 7, 0);
	yosys_module_release(&m);
	buf_release(&err);
}

Test(yosys_run, errors_name_the_file_and_carry_yosys_first_error)
{
	static const struct yosys_chparam bad[] = { { "W", "8; shell" } };
	char tmpl[] = "/tmp/vp-test-yosys.XXXXXX";
	struct buf err = BUF_INIT, path = BUF_INIT, want = BUF_INIT;
	struct yosys_module m = YOSYS_MODULE_INIT;
	const char *src = "module broken(input a;\nendmodule\n";

	if (!have_yosys())
		cr_skip_test("yosys is not installed");
	cr_assert(mkdtemp(tmpl));
	buf_addf(&path, "%s/broken.v", tmpl);
	cr_assert_eq(buf_write_file(path.data, src, strlen(src)), 0);

	cr_assert_eq(yosys_extract(path.data, "broken", NULL, 0, NULL, &m, &err), -1);
	buf_addf(&want, "yosys cannot elaborate '%s': %s:1: ERROR: syntax error", path.data, path.data);
	cr_assert(!strncmp(err.data, want.data, want.len), "got: %s\nwant prefix: %s", err.data, want.data);

	cr_assert_eq(yosys_extract(FIXTURE_V, "nope", NULL, 0, NULL, &m, &err), -1);
	cr_assert_str_eq(err.data, "yosys cannot elaborate '" FIXTURE_V "': ERROR: Module `nope' not found!");

	cr_assert_eq(yosys_extract("tests/fixtures/no-such-file.v", "fx", NULL, 0, NULL, &m, &err), -1);
	cr_assert_str_eq(err.data, "cannot read 'tests/fixtures/no-such-file.v': No such file or directory");

	cr_assert_eq(yosys_extract(FIXTURE_V, "fx", bad, 1, NULL, &m, &err), -1);
	cr_assert_str_eq(err.data, "value '8; shell' of parameter W is not an integer literal");
	cr_assert_null(m.name);

	unlink(path.data);
	rmdir(tmpl);
	buf_release(&err);
	buf_release(&path);
	buf_release(&want);
}

Test(yosys_run, leaves_no_temporary_directory_behind)
{
	char tmpl[] = "/tmp/vp-test-yosys-tmp.XXXXXX";
	struct yosys_opts o = { 0, NULL };
	struct yosys_module m = YOSYS_MODULE_INIT;
	struct buf err = BUF_INIT, cmd = BUF_INIT;

	if (!have_yosys())
		cr_skip_test("yosys is not installed");
	cr_assert(mkdtemp(tmpl));
	o.tmpdir = tmpl;
	cr_assert_eq(yosys_extract(FIXTURE_V, "fx", NULL, 0, &o, &m, &err), 0, "%s", err.data);
	yosys_module_release(&m);
	cr_assert_eq(yosys_extract(FIXTURE_V, "nope", NULL, 0, &o, &m, &err), -1);
	/* rmdir succeeds only on an empty directory. */
	cr_assert_eq(rmdir(tmpl), 0, "temporary files left in %s", tmpl);
	yosys_module_release(&m);
	buf_release(&err);
	buf_release(&cmd);
}
