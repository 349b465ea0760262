#include "pipeline/matrix.h"
#include "pipeline/swextract.h"
#include "pipeline/swgrade.h"
#include "sim/xalloc.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

Test(swgrade, c_sites_skip_comments_and_strings_and_give_lines)
{
	const char *t = "#include \"vp_ctest.h\"\n"          /* 1 */
			"VP_TESTS {\n"                          /* 2 */
			"  VP_CHECK(f(1) == 1);\n"              /* 3 */
			"  // VP_CHECK(f(2) == 2);\n"           /* 4 */
			"  /* VP_CHECK(f(3)\n == 3); */\n"      /* 5, 6 */
			"  puts(\"VP_CHECK(x)\");\n"            /* 7 */
			"  MY_VP_CHECK(1); VP_CHECKS(2);\n"     /* 8 */
			"  VP_CHECK (f(4) == 4); VP_CHECK(1);\n" /* 9 */
			"}\n";
	unsigned lines[8];

	cr_assert_eq(swgrade_c_sites(t, NULL, 0), 3);
	cr_assert_eq(swgrade_c_sites(t, lines, 8), 3);
	cr_assert_eq(lines[0], 3);
	cr_assert_eq(lines[1], 9);
	cr_assert_eq(lines[2], 9);
}

Test(swgrade, matrix_line_reads_back_with_the_scoring_core_reader)
{
	struct matrix_task t = MATRIX_TASK_INIT, u = MATRIX_TASK_INIT;
	struct buf line = BUF_INIT;
	char err[MATRIX_ERR_MAX];

	matrix_task_alloc(&t, 2, 3);
	free(t.task_id);
	t.task_id = xstrdup("demo/\"q\"");
	t.prompt = xstrdup("def f():\n");
	matrix_set(&t, 0, 0, 1);
	matrix_set(&t, 0, 2, 1);
	t.cand[1].ok = 0;
	t.cand[1].message = xstrdup("SyntaxError: x");
	t.cand[0].label = MATRIX_LABEL_RIGHT;
	t.cand[1].label = MATRIX_LABEL_WRONG;
	t.test[1].multiplicity = 3;
	t.test[1].text = xstrdup("assert f() == 1");
	swgrade_matrix_line(&t, &line);
	cr_assert_eq(line.data[line.len - 1], '\n');
	cr_assert_eq(matrix_task_parse(&u, line.data, line.len - 1, err), 0, "%s", err);
	cr_assert_str_eq(u.task_id, "demo/\"q\"");
	cr_assert_str_eq(u.prompt, "def f():\n");
	cr_assert_eq(u.ncand, 2);
	cr_assert_eq(u.ntest, 3);
	cr_assert_eq(matrix_get(&u, 0, 0), 1);
	cr_assert_eq(matrix_get(&u, 0, 1), 0);
	cr_assert_eq(matrix_get(&u, 0, 2), 1);
	cr_assert_eq(u.cand[1].ok, 0);
	cr_assert_str_eq(u.cand[1].message, "SyntaxError: x");
	cr_assert_eq(u.cand[0].label, MATRIX_LABEL_RIGHT);
	cr_assert_eq(u.cand[1].label, MATRIX_LABEL_WRONG);
	cr_assert_eq(u.test[1].multiplicity, 3);
	cr_assert_str_eq(u.test[1].text, "assert f() == 1");
	matrix_task_release(&t);
	matrix_task_release(&u);
	buf_release(&line);
}

Test(swgrade, python_parse_check_compiles_without_running)
{
	const char *texts[] = { "assert f(1) == 2", "assert f(", "import os; os._exit(3)",
				"assert f(1) == 2 and (lambda: 1)()" };
	int ok[4] = { -1, -1, -1, -1 };
	struct buf err = BUF_INIT;

	cr_assert_eq(swgrade_python_parses(texts, 4, ok, &err), 0, "%s", err.data);
	cr_assert_eq(ok[0], 1);
	cr_assert_eq(ok[1], 0);
	cr_assert_eq(ok[2], 1);  /* compiles; nothing ran, or we would not be here */
	cr_assert_eq(ok[3], 1);
	buf_release(&err);
}

Test(swgrade, build_tests_splits_checks_syntax_limits_and_folds)
{
	struct sw_task t = { "x", "def f(a):\n", "f", NULL, NULL, SW_LANG_PYTHON };
	const char *samples[] = {
		"assert f(1) == 1\nassert f(\nassert g(2) == 2\nassert f(2) == 4\nassert f(3) == 9\n",
		"x = [1]\nassert f(x) == 1",
		" f(1) == 1\n",   /* text after a prompt's assert: no piece */
		"assert f(1) == 1\n",
	};
	int verbatim[] = { 0, 1, 0, 0 };
	struct swx_tests out = SWX_TESTS_INIT;
	struct buf err = BUF_INIT;

	cr_assert_eq(swgrade_build_tests(&t, samples, verbatim, 4, 2, &out, &err), 0, "%s", err.data);
	cr_assert_eq(out.n, 3);
	cr_assert_str_eq(out.text[0], "assert f(1) == 1");
	cr_assert_eq(out.mult[0], 2);
	cr_assert_str_eq(out.text[1], "assert f(2) == 4");   /* K = 2: f(3) is cut */
	cr_assert_eq(out.mult[1], 1);
	cr_assert_str_eq(out.text[2], "x = [1]\nassert f(x) == 1");
	swx_tests_release(&out);
	buf_release(&err);
}
