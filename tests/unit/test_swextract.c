#include "pipeline/swextract.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static const char *trunc_py(const char *s, struct buf *b)
{
	buf_reset(b);
	swx_truncate_python(s, b);
	return b->data;
}

Test(swextract, truncation_stops_at_each_top_level_stop_sequence)
{
	struct buf b = BUF_INIT;
	const char *body = "    return a + b\n";
	char in[256];
	const char *stops[] = { "class X:\n    pass\n", "def g():\n    pass\n", "# trailing note\n",
				"if __name__ == '__main__':\n    main()\n", "print(f(1))\n" };
	size_t i;

	for (i = 0; i < sizeof(stops) / sizeof(stops[0]); i++) {
		snprintf(in, sizeof(in), "%s\n%s", body, stops[i]);
		cr_assert_str_eq(trunc_py(in, &b), "    return a + b\n", "stop %zu", i);
	}
	buf_release(&b);
}

Test(swextract, truncation_keeps_indented_code_and_earliest_stop_wins)
{
	struct buf b = BUF_INIT;

	/* indented def / if / # / print are inside the function: kept */
	cr_assert_str_eq(trunc_py("    def h():\n        pass\n    if x:\n        print(1)\n    # c\n"
				  "    return h\n", &b),
			 "    def h():\n        pass\n    if x:\n        print(1)\n    # c\n    return h\n");
	/* the first stop in the text wins, whichever list entry it is */
	cr_assert_str_eq(trunc_py("    return 1\nprint(2)\ndef g(): pass\n", &b), "    return 1");
	/* no stop: whole text */
	cr_assert_str_eq(trunc_py("    return 1\n", &b), "    return 1\n");
	buf_release(&b);
}

Test(swextract, c_completion_ends_at_the_closing_brace)
{
	struct buf b = BUF_INIT;

	swx_truncate_c("    if (n < 0) { return -1; }\n    /* } */ return n; // }\n    char c = '}'; (void)\"}\";\n}\n"
		       "int main(void) { return 0; }\n", &b);
	cr_assert_str_eq(b.data, "    if (n < 0) { return -1; }\n    /* } */ return n; // }\n"
				 "    char c = '}'; (void)\"}\";\n}\n");
	buf_reset(&b);
	swx_truncate_c("    return 1;\n", &b);
	cr_assert_str_eq(b.data, "    return 1;\n");
	buf_release(&b);
}

Test(swextract, fenced_program_that_defines_the_entry_point_is_the_whole_program)
{
	struct buf b = BUF_INIT;
	const char *prompt = "from typing import List\n\n\ndef f(xs: List[int]) -> int:\n    \"\"\"doc\"\"\"\n";
	const char *reply = "Sure:\n```python\ndef f(xs):\n    return sum(xs)\n\nprint(f([1]))\n```\n";

	cr_assert_eq(swx_solution(reply, 0, "python", prompt, "f", &b), SWX_PROGRAM);
	cr_assert_str_eq(b.data, "from typing import List\ndef f(xs):\n    return sum(xs)\n\nprint(f([1]))\n");
	buf_release(&b);
}

Test(swextract, fenced_body_without_def_continues_the_prompt)
{
	struct buf b = BUF_INIT;

	cr_assert_eq(swx_solution("```python\n    return 0\n```\n", 0, "python", "def f():\n", "f", &b),
		     SWX_COMPLETION);
	cr_assert_str_eq(b.data, "def f():\n    return 0\n");
	buf_reset(&b);
	/* unfenced prose-free completion: truncated after the function */
	cr_assert_eq(swx_solution("    return 0\n\nprint(f())\n", 0, "python", "def f():\n", "f", &b),
		     SWX_COMPLETION);
	cr_assert_str_eq(b.data, "def f():\n    return 0\n");
	buf_reset(&b);
	/* a known completion is never searched for fences; 'def f' in it is not a stop */
	cr_assert_eq(swx_solution("    return 1\ndef g(): pass\n", 1, "python", "def f():\n", "f", &b),
		     SWX_COMPLETION);
	cr_assert_str_eq(b.data, "def f():\n    return 1");
	buf_release(&b);
}

Test(swextract, c_program_and_c_completion)
{
	struct buf b = BUF_INIT;
	const char *prompt = "#include <stddef.h>\n/* sum */\nint sum(const int *a, size_t n) {\n";

	cr_assert_eq(swx_solution("```c\nint sum(const int *a, size_t n) {\n  int s = 0;\n"
				  "  while (n--) s += a[n];\n  return s;\n}\n```\n", 0, "c", prompt, "sum", &b),
		     SWX_PROGRAM);
	cr_assert_str_eq(b.data, "int sum(const int *a, size_t n) {\n  int s = 0;\n  while (n--) s += a[n];\n"
				 "  return s;\n}\n");
	buf_reset(&b);
	cr_assert_eq(swx_solution("  return 0;\n}\nint main(void){}\n", 1, "c", prompt, "sum", &b),
		     SWX_COMPLETION);
	cr_assert_str_eq(b.data, "#include <stddef.h>\n/* sum */\nint sum(const int *a, size_t n) {\n  return 0;\n}\n");
	buf_release(&b);
}

Test(swextract, assert_split_keeps_pieces_that_call_the_entry_point)
{
	struct swx_list l = SWX_LIST_INIT;

	swx_assert_pieces("assert add(1, 2) == 3\nassert True\nassert  add(0,0)==0  \n"
			  "assert address(1) == 2\n# done\nassert add(2, 2) == 4\nprint('x')\n", "add", &l);
	cr_assert_eq(l.n, 3);
	cr_assert_str_eq(l.v[0], "assert add(1, 2) == 3");
	cr_assert_str_eq(l.v[1], "assert add(0,0)==0");
	cr_assert_str_eq(l.v[2], "assert add(2, 2) == 4");
	swx_list_release(&l);
	/* text before the first assert is not a piece */
	swx_assert_pieces("add(1, 2)\nx = 1", "add", &l);
	cr_assert_eq(l.n, 0);
	swx_list_release(&l);
}

Test(swextract, at_most_k_valid_asserts_per_sample_and_duplicates_fold)
{
	struct swx_list s1 = SWX_LIST_INIT, s2 = SWX_LIST_INIT;
	struct swx_tests acc = SWX_TESTS_INIT;
	int v1[] = { 1, 0, 1, 1, 1 };
	int v2[] = { 1, 1, 1 };

	swx_list_add(&s1, "assert f(1) == 1");
	swx_list_add(&s1, "assert f(");        /* does not parse */
	swx_list_add(&s1, "assert f(2) == 4");
	swx_list_add(&s1, "assert f(3) == 9");
	swx_list_add(&s1, "assert f(4) == 16");  /* past K = 3 */
	swx_list_add(&s2, "assert f(2) == 4");
	swx_list_add(&s2, "assert f(2) == 4");
	swx_list_add(&s2, "assert f(5) == 25");
	cr_assert_eq(swx_tests_add(&acc, &s1, v1, 3), 3);
	cr_assert_eq(swx_tests_add(&acc, &s2, v2, 3), 3);
	cr_assert_eq(acc.n, 4);
	cr_assert_str_eq(acc.text[0], "assert f(1) == 1");
	cr_assert_eq(acc.mult[0], 1);
	cr_assert_str_eq(acc.text[1], "assert f(2) == 4");
	cr_assert_eq(acc.mult[1], 3);
	cr_assert_str_eq(acc.text[2], "assert f(3) == 9");
	cr_assert_str_eq(acc.text[3], "assert f(5) == 25");
	cr_assert_eq(acc.mult[3], 1);
	swx_tests_release(&acc);
	swx_list_release(&s1);
	swx_list_release(&s2);
}

Test(swextract, python_imports_of_the_prompt)
{
	struct buf b = BUF_INIT;

	swx_python_imports("from typing import List\nimport math\n\ndef f():\n    import os\n    \"\"\"x\"\"\"\n", &b);
	cr_assert_str_eq(b.data, "from typing import List\nimport math\n");
	buf_release(&b);
}
