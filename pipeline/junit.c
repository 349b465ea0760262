/*
 * junit: JUnit XML writer.  See junit.h.
 *
 * Every string goes through put_text(), which walks it as UTF-8 and decides
 * per character: copy, escape, or replace with U+FFFD.  Attributes and CDATA
 * sections differ only in what needs escaping.
 */
#include "pipeline/junit.h"

#include <errno.h>
#include <math.h>
#include <string.h>

enum ctx {
	CTX_ATTR,   /* inside a double-quoted attribute value */
	CTX_CDATA,  /* inside <![CDATA[ ... ]]> */
};

static const char replacement[] = "\xef\xbf\xbd";  /* U+FFFD */

/*
 * Length of the valid UTF-8 sequence at s (at most n bytes), 0 when the
 * bytes there are not one; *cp receives the code point.
 */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned long *cp)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		*cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		*cp = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;         /* no overlong forms */
		else if (c == 0xed)
			hi = 0x9f;         /* no UTF-16 surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		*cp = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;         /* nothing above U+10FFFF */
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		unsigned char b = s[i];
		if (i == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xbf))
			return 0;
		*cp = (*cp << 6) | (b & 0x3f);
	}
	return len;
}

static void put_text(FILE *f, const char *str, enum ctx ctx)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");
	size_t n = strlen((const char *)s), i = 0;

	while (i < n) {
		unsigned long cp;
		size_t len = utf8_seq(s + i, n - i, &cp);

		if (!len) {
			fputs(replacement, f);
			i++;
			continue;
		}
		if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') ||
		    cp == 0xfffe || cp == 0xffff) {
			fputs(replacement, f);
		} else if (ctx == CTX_ATTR) {
			switch (cp) {
			case '&': fputs("&amp;", f); break;
			case '<': fputs("&lt;", f); break;
			case '>': fputs("&gt;", f); break;
			case '"': fputs("&quot;", f); break;
			/* Attribute-value normalisation would turn these into spaces. */
			case '\t': fputs("&#9;", f); break;
			case '\n': fputs("&#10;", f); break;
			case '\r': fputs("&#13;", f); break;
			default: fwrite(s + i, 1, len, f);
			}
		} else if (cp == '>' && i >= 2 && s[i - 1] == ']' && s[i - 2] == ']') {
			/* "]]>" would close the section: end it between "]]" and ">". */
			fputs("]]><![CDATA[>", f);
		} else if (cp == '\r') {
			/* Parsers turn a raw CR into LF; a reference survives. */
			fputs("]]>&#13;<![CDATA[", f);
		} else {
			fwrite(s + i, 1, len, f);
		}
		i += len;
	}
}

static void put_attr(FILE *f, const char *name, const char *value)
{
	fprintf(f, " %s=\"", name);
	put_text(f, value, CTX_ATTR);
	fputc('"', f);
}

static void put_cdata(FILE *f, const char *text)
{
	fputs("<![CDATA[", f);
	put_text(f, text, CTX_CDATA);
	fputs("]]>", f);
}

static double clean_time(double t)
{
	return isnan(t) || t < 0 ? 0 : t;
}

static void put_counts(FILE *f, const char *suite_name, size_t n, const size_t counts[4],
		       double time_s)
{
	put_attr(f, "name", suite_name);
	fprintf(f, " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\" time=\"%.3f\"",
		n, counts[JUNIT_FAILURE], counts[JUNIT_ERROR], counts[JUNIT_SKIPPED], time_s);
}

int junit_write(FILE *f, const char *suite_name, const struct junit_case *cases, size_t n,
		struct buf *err)
{
	static const char *const tags[] = { NULL, "failure", "error", "skipped" };
	size_t counts[4] = { 0 }, i;
	double total = 0;

	for (i = 0; i < n; i++) {
		if ((unsigned)cases[i].status > JUNIT_SKIPPED) {
			buf_setf(err, "JUnit case %zu has an unknown status %d", i,
				 (int)cases[i].status);
			return -1;
		}
		counts[cases[i].status]++;
		total += clean_time(cases[i].time_s);
	}

	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", f);
	put_counts(f, suite_name, n, counts, total);
	fputs(">\n  <testsuite", f);
	put_counts(f, suite_name, n, counts, total);
	fputs(">\n", f);
	for (i = 0; i < n; i++) {
		const struct junit_case *c = &cases[i];

		fputs("    <testcase", f);
		put_attr(f, "classname", c->classname);
		put_attr(f, "name", c->name);
		fprintf(f, " time=\"%.3f\"", clean_time(c->time_s));
		if (c->status == JUNIT_PASS && !c->system_out) {
			fputs("/>\n", f);
			continue;
		}
		fputs(">\n", f);
		if (c->status != JUNIT_PASS) {
			fprintf(f, "      <%s", tags[c->status]);
			if (c->message)
				put_attr(f, "message", c->message);
			if (c->type && c->status != JUNIT_SKIPPED)
				put_attr(f, "type", c->type);
			if (c->detail) {
				fputc('>', f);
				put_cdata(f, c->detail);
				fprintf(f, "</%s>\n", tags[c->status]);
			} else {
				fputs("/>\n", f);
			}
		}
		if (c->system_out) {
			fputs("      <system-out>", f);
			put_cdata(f, c->system_out);
			fputs("</system-out>\n", f);
		}
		fputs("    </testcase>\n", f);
	}
	fputs("  </testsuite>\n</testsuites>\n", f);
	if (fflush(f) || ferror(f)) {
		buf_setf(err, "cannot write the JUnit report: %s", strerror(errno ? errno : EIO));
		return -1;
	}
	return 0;
}
