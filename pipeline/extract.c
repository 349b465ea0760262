/*
 * extract: fenced-code extraction from LLM replies.  See extract.h.
 *
 * The fence rules follow CommonMark closely enough for model output: an
 * opening fence is three or more backticks or tildes after optional
 * indentation, followed by an info string whose first word is the language
 * tag; the closing fence uses the same character, at least as many of it,
 * and nothing else on the line.
 */
#include "pipeline/extract.h"
#include "sim/xalloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct block {
	char tag[32];       /* lowercased first word of the info string */
	const char *start;  /* first content line */
	const char *end;    /* one past the last content byte (before the close) */
	size_t indent;      /* indentation of the opening fence */
	int complete;
};

/* The language family of a tag or lang name: 1 Verilog, 2 Python, 3 C, 0 other. */
static int family(const char *tag)
{
	static const char *const verilog[] = { "verilog", "systemverilog", "sv",
		"v", "vlog", "verilog-2001", "verilog-2005", NULL };
	static const char *const python[] = { "python", "py", "python3", NULL };
	static const char *const c[] = { "c", "h", NULL };
	size_t i;

	for (i = 0; verilog[i]; i++)
		if (!strcasecmp(tag, verilog[i]))
			return 1;
	for (i = 0; python[i]; i++)
		if (!strcasecmp(tag, python[i]))
			return 2;
	for (i = 0; c[i]; i++)
		if (!strcasecmp(tag, c[i]))
			return 3;
	return 0;
}

static int tag_matches(const char *tag, const char *lang)
{
	int f;

	if (!lang)
		return 1;
	if (!*tag)
		return 0;
	f = family(lang);
	if (f)
		return family(tag) == f;
	return !strcasecmp(tag, lang);
}

/* Length of the line at p without its "\n" or "\r\n". */
static size_t line_len(const char *p, const char **next)
{
	const char *nl = strchr(p, '\n');
	size_t n = nl ? (size_t)(nl - p) : strlen(p);

	*next = nl ? nl + 1 : p + n;
	if (n && p[n - 1] == '\r')
		n--;
	return n;
}

/*
 * If the line [p, p+n) is a fence, return its run length and set *ch,
 * *indent and *info (pointing into the line); else return 0.
 */
static size_t fence_run(const char *p, size_t n, char *ch, size_t *indent,
			const char **info)
{
	size_t i = 0, run;

	while (i < n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	if (i >= n || (p[i] != '`' && p[i] != '~'))
		return 0;
	*ch = p[i];
	*indent = i;
	for (run = 0; i + run < n && p[i + run] == *ch; run++)
		;
	if (run < 3)
		return 0;
	*info = p + i + run;
	/* A backtick fence's info string may not contain backticks. */
	if (*ch == '`' && memchr(*info, '`', n - (i + run)))
		return 0;
	return run;
}

static int only_space(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isspace((unsigned char)p[i]))
			return 0;
	return 1;
}

static void take_tag(struct block *b, const char *info, const char *eol)
{
	size_t i = 0;

	while (info < eol && (isspace((unsigned char)*info) || *info == '{' || *info == '.'))
		info++;
	while (info < eol && !isspace((unsigned char)*info) && *info != '}' &&
	       *info != ',' && i + 1 < sizeof(b->tag))
		b->tag[i++] = (char)tolower((unsigned char)*info++);
	b->tag[i] = '\0';
}

/* Split reply into fenced blocks; returns how many were stored in *out. */
static size_t find_blocks(const char *reply, struct block **out)
{
	struct block *blocks = NULL, *cur = NULL;
	size_t nr = 0, alloc = 0, open_run = 0;
	char open_ch = 0;
	const char *p = reply, *next;

	while (*p) {
		size_t n = line_len(p, &next), run, indent;
		const char *info;
		char ch;

		run = fence_run(p, n, &ch, &indent, &info);
		if (!cur) {
			if (run) {
				ALLOC_GROW(blocks, nr + 1, alloc);
				cur = &blocks[nr++];
				memset(cur, 0, sizeof(*cur));
				take_tag(cur, info, p + n);
				cur->indent = indent;
				cur->start = next;
				cur->end = next;
				open_ch = ch;
				open_run = run;
			}
		} else if (run && ch == open_ch && run >= open_run &&
			   only_space(info, (size_t)(p + n - info))) {
			cur->end = p;
			cur->complete = 1;
			cur = NULL;
		}
		p = next;
	}
	if (cur)
		cur->end = p;
	*out = blocks;
	return nr;
}

/* Append [start, end) to out with "\n" line ends, removing up to indent spaces. */
static void add_lines(struct buf *out, const char *start, const char *end, size_t indent)
{
	const char *p = start;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		size_t n = (size_t)(eol - p), skip = 0;

		if (n && p[n - 1] == '\r')
			n--;
		while (skip < indent && skip < n && p[skip] == ' ')
			skip++;
		buf_add(out, p + skip, n - skip);
		buf_addch(out, '\n');
		p = nl ? nl + 1 : end;
	}
}

enum extract_status extract_code(const char *reply, const char *lang, struct buf *out)
{
	struct block *blocks = NULL, *pick = NULL;
	size_t nr, i;
	enum extract_status st;

	buf_reset(out);
	nr = find_blocks(reply, &blocks);
	for (i = nr; i-- > 0 && !pick;)
		if (tag_matches(blocks[i].tag, lang))
			pick = &blocks[i];
	for (i = nr; i-- > 0 && !pick;)
		if (!blocks[i].tag[0])
			pick = &blocks[i];

	if (pick) {
		add_lines(out, pick->start, pick->end, pick->indent);
		st = pick->complete ? EXTRACT_FENCE : EXTRACT_TRUNCATED;
	} else if (!nr && extract_looks_like_code(reply, lang)) {
		const char *s = reply;
		size_t n = strlen(reply);

		/* Drop blank lines around the code. */
		while (*s == '\n' || *s == '\r')
			s++;
		while (n > (size_t)(s - reply) && isspace((unsigned char)reply[n - 1]))
			n--;
		add_lines(out, s, reply + n, 0);
		st = EXTRACT_WHOLE;
	} else {
		st = EXTRACT_NONE;
	}
	free(blocks);
	return st;
}

const char *extract_status_name(enum extract_status st)
{
	switch (st) {
	case EXTRACT_FENCE: return "fence";
	case EXTRACT_WHOLE: return "whole";
	case EXTRACT_TRUNCATED: return "truncated";
	case EXTRACT_NONE: return "none";
	}
	return "none";
}

static int is_ident(int c)
{
	return isalnum(c) || c == '_' || c == '$';
}

/* Whether word occurs in text delimited by non-identifier characters. */
static int has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	const char *p = text;

	while ((p = strstr(p, word))) {
		if ((p == text || !is_ident((unsigned char)p[-1])) &&
		    !is_ident((unsigned char)p[n]))
			return 1;
		p += n;
	}
	return 0;
}

/* Whether some line starts (after indentation when indented) with prefix. */
static int has_line_start(const char *text, const char *prefix, int indented)
{
	const char *p = text;
	size_t n = strlen(prefix);

	while (*p) {
		const char *q = p;
		if (indented)
			while (*q == ' ' || *q == '\t')
				q++;
		if (!strncmp(q, prefix, n))
			return 1;
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return 0;
}

static int looks_verilog(const char *t)
{
	return has_word(t, "module") && has_word(t, "endmodule");
}

static int looks_python(const char *t)
{
	return has_line_start(t, "def ", 0) || has_line_start(t, "class ", 0) ||
	       has_line_start(t, "import ", 0) || has_line_start(t, "from ", 0) ||
	       has_line_start(t, "async def ", 0);
}

static int looks_c(const char *t)
{
	const char *p;

	if (has_line_start(t, "#include", 1))
		return 1;
	/* A function body: ")" then "{" at the end of a line, and a statement. */
	for (p = t; (p = strchr(p, ')')); p++) {
		const char *q = p + 1;
		while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n')
			q++;
		if (*q == '{' && strchr(q, ';') && strchr(q, '}'))
			return 1;
	}
	return 0;
}

int extract_looks_like_code(const char *text, const char *lang)
{
	if (!lang)
		return looks_verilog(text) || looks_python(text) || looks_c(text);
	switch (family(lang)) {
	case 1: return looks_verilog(text);
	case 2: return looks_python(text);
	case 3: return looks_c(text);
	}
	return 0;
}
