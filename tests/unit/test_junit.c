/*
 * Unit tests of the JUnit XML writer: the exact document for a small suite,
 * and a hostile suite (every C0 control, invalid UTF-8, "]]>", quotes, CR)
 * read back by python3's xml.etree, which must parse it and see exactly the
 * expected counts and strings.
 */
#include "pipeline/junit.h"
#include "sim/buf.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Write the cases to a memory stream; returns the text (caller frees). */
static char *write_doc(const char *suite, const struct junit_case *cases, size_t n)
{
	struct buf err = BUF_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	cr_assert(f);
	cr_assert_eq(junit_write(f, suite, cases, n, &err), 0, "%s", err.data);
	fclose(f);
	buf_release(&err);
	return text;
}

Test(junit, small_suite_exact_document)
{
	const struct junit_case cases[] = {
		{ "adder8", "good.v/adder8_tb.v/iverilog", 0.25, JUNIT_PASS, NULL, NULL, NULL, NULL },
		{ "adder8", "bad.v/adder8_tb.v/iverilog", 0.5, JUNIT_FAILURE, "fail",
		  "3 of 8 checks failed", "first: check 'sum' got=1 exp=2", NULL },
		{ "adder8", "loop.v/adder8_tb.v/iverilog", 10, JUNIT_ERROR, "timeout",
		  "simulation timed out", NULL, NULL },
		{ "adder8", "x.v", -1, JUNIT_SKIPPED, "ignored", "not run", NULL, "out\n" },
	};
	char *doc = write_doc("veripref grade", cases, 4);

	cr_assert_str_eq(doc,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<testsuites name=\"veripref grade\" tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\" time=\"10.750\">\n"
		"  <testsuite name=\"veripref grade\" tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\" time=\"10.750\">\n"
		"    <testcase classname=\"adder8\" name=\"good.v/adder8_tb.v/iverilog\" time=\"0.250\"/>\n"
		"    <testcase classname=\"adder8\" name=\"bad.v/adder8_tb.v/iverilog\" time=\"0.500\">\n"
		"      <failure message=\"3 of 8 checks failed\" type=\"fail\"><![CDATA[first: check 'sum' got=1 exp=2]]></failure>\n"
		"    </testcase>\n"
		"    <testcase classname=\"adder8\" name=\"loop.v/adder8_tb.v/iverilog\" time=\"10.000\">\n"
		"      <error message=\"simulation timed out\" type=\"timeout\"/>\n"
		"    </testcase>\n"
		"    <testcase classname=\"adder8\" name=\"x.v\" time=\"0.000\">\n"
		"      <skipped message=\"not run\"/>\n"
		"      <system-out><![CDATA[out\n]]></system-out>\n"
		"    </testcase>\n"
		"  </testsuite>\n"
		"</testsuites>\n");
	free(doc);
}

Test(junit, empty_suite_has_zero_counts)
{
	char *doc = write_doc("", NULL, 0);

	cr_assert(strstr(doc, "<testsuite name=\"\" tests=\"0\" failures=\"0\" errors=\"0\" skipped=\"0\" time=\"0.000\">"));
	free(doc);
}

Test(junit, unknown_status_is_an_error_and_writes_nothing)
{
	struct junit_case c = { "a", "b", 0, (enum junit_status)7, NULL, NULL, NULL, NULL };
	struct buf err = BUF_INIT;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	cr_assert_eq(junit_write(f, "s", &c, 1, &err), -1);
	fclose(f);
	cr_assert_str_eq(err.data, "JUnit case 0 has an unknown status 7");
	cr_assert_eq(len, 0);
	free(text);
	buf_release(&err);
}

Test(junit, write_error_is_reported)
{
	struct junit_case c = { "a", "b", 0, JUNIT_PASS, NULL, NULL, NULL, NULL };
	struct buf err = BUF_INIT;
	FILE *f = fopen("/dev/full", "w");

	cr_assert(f);
	cr_assert_eq(junit_write(f, "s", &c, 1, &err), -1);
	cr_assert_str_eq(err.data, "cannot write the JUnit report: No space left on device");
	fclose(f);
	buf_release(&err);
}

/*
 * Each string below, read back by ElementTree, must equal the expected
 * string: controls and bad bytes become U+FFFD, everything else survives.
 */
Test(junit, hostile_strings_parse_in_python_with_exact_values)
{
	/* All C0 controls but NUL (strings are C strings), then specials. */
	char ctl[40];
	const char *hostile_detail = "a]]>b]]]>c]]\r\n<x>&amp;\"'\xff\xc3\x28\xed\xa0\x80\xef\xbf\xbe" "end";
	struct junit_case cases[5];
	char path[] = "/tmp/vp_junit_XXXXXX";
	struct buf cmd = BUF_INIT;
	FILE *f;
	int fd, i, rc;

	for (i = 1; i < 32; i++)
		ctl[i - 1] = (char)i;
	ctl[31] = '\0';
	memset(cases, 0, sizeof(cases));
	cases[0] = (struct junit_case){ "t\"<&>", ctl, 1.5, JUNIT_FAILURE, "fail", ctl,
					hostile_detail, hostile_detail };
	cases[1] = (struct junit_case){ "t", "ok", 0.5, JUNIT_PASS, NULL, NULL, NULL, NULL };
	cases[2] = (struct junit_case){ "t", "to", NAN, JUNIT_ERROR, "timeout", "a\nb", NULL, NULL };
	cases[3] = (struct junit_case){ "t", "sk", 2, JUNIT_SKIPPED, NULL, NULL, NULL, NULL };
	cases[4] = (struct junit_case){ "t", "\xe2\x82\xac uni", 0, JUNIT_FAILURE, NULL, "]]>", "]]>", NULL };

	fd = mkstemp(path);
	cr_assert(fd >= 0);
	f = fdopen(fd, "w");
	cr_assert_eq(junit_write(f, "suite \xe2\x9c\x93", cases, 5, &cmd), 0, "%s", cmd.data);
	fclose(f);

	buf_addf(&cmd,
		"python3 - '%s' <<'EOF'\n"
		"import sys, xml.etree.ElementTree as ET\n"
		"R = '\\ufffd'\n"
		"root = ET.parse(sys.argv[1]).getroot()\n"
		"assert root.tag == 'testsuites', root.tag\n"
		"suites = root.findall('testsuite')\n"
		"assert len(suites) == 1\n"
		"s = suites[0]\n"
		"for e in (root, s):\n"
		"    a = e.attrib\n"
		"    assert a['name'] == 'suite \\u2713', a\n"
		"    assert (a['tests'], a['failures'], a['errors'], a['skipped'], a['time']) == ('5', '2', '1', '1', '4.000'), a\n"
		"cs = s.findall('testcase')\n"
		"assert len(cs) == 5\n"
		"ctl = R * 8 + '\\t\\n' + R * 2 + '\\r' + R * 18\n"
		"det = 'a]]>b]]]>c]]\\r\\n<x>&amp;\"\\'' + R * 2 + '(' + R * 4 + 'end'\n"
		"c = cs[0]\n"
		"assert c.get('classname') == 't\"<&>', c.attrib\n"
		"assert c.get('name') == ctl, repr(c.get('name'))\n"
		"assert c.get('time') == '1.500'\n"
		"fl = c.find('failure')\n"
		"assert fl.get('message') == ctl and fl.get('type') == 'fail'\n"
		"assert fl.text == det, repr(fl.text)\n"
		"assert c.find('system-out').text == det\n"
		"assert len(list(cs[1])) == 0 and cs[1].get('time') == '0.500'\n"
		"er = cs[2].find('error')\n"
		"assert er.get('message') == 'a\\nb' and er.get('type') == 'timeout' and er.text is None\n"
		"assert cs[2].get('time') == '0.000'\n"
		"assert cs[3].find('skipped') is not None\n"
		"assert cs[4].get('name') == '\\u20ac uni'\n"
		"assert cs[4].find('failure').get('message') == ']]>' and cs[4].find('failure').text == ']]>'\n"
		"print('ok')\n"
		"EOF", path);
	rc = system(cmd.data);
	unlink(path);
	cr_assert_eq(rc, 0, "python3 rejected the document (see its output)");
	buf_release(&cmd);
}
