#include "pipeline/extract.h"

#include <criterion/criterion.h>
#include <string.h>

static enum extract_status run(const char *reply, const char *lang, struct buf *out)
{
	return extract_code(reply, lang, out);
}

Test(extract, takes_the_block_in_the_requested_language)
{
	struct buf out = BUF_INIT;
	const char *r = "Here is a test:\n```python\nprint(1)\n```\n"
			"And the design:\n```verilog\nmodule m;\nendmodule\n```\nDone.\n";

	cr_assert_eq(run(r, "verilog", &out), EXTRACT_FENCE);
	cr_assert_str_eq(out.data, "module m;\nendmodule\n");
	cr_assert_eq(run(r, "python", &out), EXTRACT_FENCE);
	cr_assert_str_eq(out.data, "print(1)\n");
	buf_release(&out);
}

Test(extract, last_complete_block_wins_among_several)
{
	struct buf out = BUF_INIT;
	const char *r = "```verilog\nmodule a; endmodule\n```\ntext\n"
			"```verilog\nmodule b; endmodule\n```\n";

	cr_assert_eq(run(r, "verilog", &out), EXTRACT_FENCE);
	cr_assert_str_eq(out.data, "module b; endmodule\n");
	buf_release(&out);
}

Test(extract, language_aliases_match_the_family)
{
	struct buf out = BUF_INIT;

	cr_assert_eq(run("```systemverilog\nx\n```\n", "verilog", &out), EXTRACT_FENCE);
	cr_assert_str_eq(out.data, "x\n");
	cr_assert_eq(run("```SV\ny\n```\n", "verilog", &out), EXTRACT_FENCE);
	cr_assert_str_eq(out.data, "y\n");
	cr_assert_eq(run("```v\nz\n```\n", "sv", &out), EXTRACT_FENCE);
	cr_assert_str_eq(out.data, "z\n");
	cr_assert_eq(run("```py\np\n```\n", "python", &out), EXTRACT_FENCE);
	cr_assert_str_eq(out.data, "p\n");
	cr_assert_eq(run("```C\nint x;\n```\n", "c", &out), EXTRACT_FENCE);
	cr_assert_str_eq(out.data, "int x;\n");
	buf_release(&out);
}

Test(extract, unlabeled_fence_is_the_fallback)
{
	struct buf out = BUF_INIT;
	const char *r = "```\nplain\n```\n```python\nprint(2)\n```\n";

	cr_assert_eq(run(r, "verilog", &out), EXTRACT_FENCE);
	cr_assert_str_eq(out.data, "plain\n");
	/* A labeled match beats a later unlabeled block. */
	cr_assert_eq(run("```c\nint a;\n```\n```\nother\n```\n", "c", &out), EXTRACT_FENCE);
	cr_assert_str_eq(out.data, "int a;\n");
	buf_release(&out);
}

Test(extract, fences_in_other_languages_only_give_none)
{
	struct buf out = BUF_INIT;

	cr_assert_eq(run("```python\nmodule x; endmodule\n```\n", "verilog", &out), EXTRACT_NONE);
	cr_assert_str_eq(out.data, "");
	buf_release(&out);
}

Test(extract, no_fence_uses_the_whole_reply_when_it_looks_like_code)
{
	struct buf out = BUF_INIT;

	cr_assert_eq(run("\nmodule top(input a);\nendmodule\n\n", "verilog", &out), EXTRACT_WHOLE);
	cr_assert_str_eq(out.data, "module top(input a);\nendmodule\n");
	cr_assert_eq(run("def f(x):\n    return x\n", "python", &out), EXTRACT_WHOLE);
	cr_assert_str_eq(out.data, "def f(x):\n    return x\n");
	cr_assert_eq(run("#include <stdio.h>\nint main(void) { return 0; }", "c", &out), EXTRACT_WHOLE);
	cr_assert_str_eq(out.data, "#include <stdio.h>\nint main(void) { return 0; }\n");
	buf_release(&out);
}

Test(extract, no_fence_and_prose_gives_none)
{
	struct buf out = BUF_INIT;

	cr_assert_eq(run("I cannot write that module for you.", "verilog", &out), EXTRACT_NONE);
	cr_assert_eq(run("Sure. The modules are fine.", "python", &out), EXTRACT_NONE);
	cr_assert_eq(out.len, 0);
	buf_release(&out);
}

Test(extract, unterminated_fence_is_flagged_truncated)
{
	struct buf out = BUF_INIT;
	const char *r = "Here:\n```verilog\nmodule m(\n  input a,\n";

	cr_assert_eq(run(r, "verilog", &out), EXTRACT_TRUNCATED);
	cr_assert_str_eq(out.data, "module m(\n  input a,\n");
	/* Without a final newline the partial line is kept. */
	cr_assert_eq(run("```python\ndef f(", "python", &out), EXTRACT_TRUNCATED);
	cr_assert_str_eq(out.data, "def f(\n");
	buf_release(&out);
}

Test(extract, crlf_line_ends_are_normalised)
{
	struct buf out = BUF_INIT;
	const char *r = "Code:\r\n```verilog\r\nmodule m;\r\nendmodule\r\n```\r\n";

	cr_assert_eq(run(r, "verilog", &out), EXTRACT_FENCE);
	cr_assert_str_eq(out.data, "module m;\nendmodule\n");
	cr_assert_eq(run("module m;\r\nendmodule\r\n", "verilog", &out), EXTRACT_WHOLE);
	cr_assert_str_eq(out.data, "module m;\nendmodule\n");
	buf_release(&out);
}

Test(extract, closing_fence_needs_the_same_character_and_length)
{
	struct buf out = BUF_INIT;
	const char *r = "````verilog\nA\n```\nB\n````\n";

	cr_assert_eq(run(r, "verilog", &out), EXTRACT_FENCE);
	cr_assert_str_eq(out.data, "A\n```\nB\n");
	cr_assert_eq(run("~~~c\nint q;\n~~~\n", "c", &out), EXTRACT_FENCE);
	cr_assert_str_eq(out.data, "int q;\n");
	buf_release(&out);
}

Test(extract, indented_fence_strips_its_indentation)
{
	struct buf out = BUF_INIT;
	const char *r = "1. Do this:\n   ```python\n   x = 1\n     y = 2\n   ```\n";

	cr_assert_eq(run(r, "python", &out), EXTRACT_FENCE);
	cr_assert_str_eq(out.data, "x = 1\n  y = 2\n");
	buf_release(&out);
}

Test(extract, any_language_takes_the_last_block)
{
	struct buf out = BUF_INIT;

	cr_assert_eq(run("```c\nint a;\n```\n```python\nb = 1\n```\n", NULL, &out), EXTRACT_FENCE);
	cr_assert_str_eq(out.data, "b = 1\n");
	buf_release(&out);
}

Test(extract, looks_like_code_needs_whole_words)
{
	cr_assert(extract_looks_like_code("module x; endmodule", "verilog"));
	cr_assert_not(extract_looks_like_code("submodule x; endmodules", "verilog"));
	cr_assert(extract_looks_like_code("import os\n", "py"));
	cr_assert_not(extract_looks_like_code("  we import nothing", "python"));
	cr_assert(extract_looks_like_code("int f(void)\n{\n  return 1;\n}\n", "c"));
	cr_assert_not(extract_looks_like_code("int f(void)\n{\n  return 1;\n}\n", "rust"));
	cr_assert_str_eq(extract_status_name(EXTRACT_TRUNCATED), "truncated");
}
