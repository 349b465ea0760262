#include "pipeline/prompt.h"
#include "sim/buf.h"

#include <criterion/criterion.h>
#include <string.h>

static int fill(const char *tmpl, const char *const *kv, size_t n, struct buf *out, struct buf *err)
{
	buf_reset(out);
	return prompt_fill(tmpl, kv, n, out, err);
}

Test(prompt, embedded_table_sorted_and_found)
{
	size_t i;
	const char *t = prompt_get("sample_rtl.v1");

	cr_assert(prompt_count() >= 1);
	for (i = 1; i < prompt_count(); i++)
		cr_assert(strcmp(prompt_name(i - 1), prompt_name(i)) < 0);
	cr_assert_not_null(t);
	cr_assert(strstr(t, "{{spec}}") && strstr(t, "{{interface}}"));
	cr_assert_null(prompt_get("no_such_prompt.v1"));
	cr_assert_null(prompt_name(prompt_count()));
}

Test(prompt, fill_substitutes_every_key)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	const char *kv[] = { "a", "X", "long_key2", "{{a}}" };

	cr_assert_eq(fill("<{{a}}|{{long_key2}}|{{a}}>", kv, 2, &out, &err), 0);
	/* values are not re-expanded */
	cr_assert_str_eq(out.data, "<X|{{a}}|X>");
	cr_assert_eq(fill("no keys at all", kv, 2, &out, &err), 0);
	cr_assert_str_eq(out.data, "no keys at all");
	/* braces around something that is not a key are copied */
	cr_assert_eq(fill("{{ a }} {{A}}", kv, 2, &out, &err), 0);
	cr_assert_str_eq(out.data, "{{ a }} {{A}}");
	buf_release(&out);
	buf_release(&err);
}

Test(prompt, fill_errors_name_the_problem)
{
	struct buf out = BUF_INIT, err = BUF_INIT;
	const char *kv[] = { "a", "X" };

	cr_assert_eq(fill("x {{b}}", kv, 1, &out, &err), -1);
	cr_assert_str_eq(err.data, "the template uses '{{b}}' but no value was given");
	cr_assert_eq(fill("ab {{a", kv, 1, &out, &err), -1);
	cr_assert_str_eq(err.data, "unclosed '{{' at offset 3 of the template");
	buf_release(&out);
	buf_release(&err);
}
