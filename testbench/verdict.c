/*
 * verdict: parse the tagged verdict lines of vp_harness.vh.  See verdict.h.
 *
 * The parser walks lines once without copying them; only the first FAIL
 * line's fields are copied into the message.
 */
#include "testbench/verdict.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#define FIELD_MAX 64  /* bytes of each FAIL field kept in the message */

void verdict_init(struct verdict *v)
{
	memset(v, 0, sizeof(*v));
	buf_init(&v->first_fail, 512);
}

void verdict_release(struct verdict *v)
{
	if (!v)
		return;
	buf_release(&v->first_fail);
}

static const char *find_last(const char *s, size_t n, const char *pat)
{
	size_t k = strlen(pat), i;

	if (n < k)
		return NULL;
	for (i = n - k + 1; i-- > 0;)
		if (!memcmp(s + i, pat, k))
			return s + i;
	return NULL;
}

static void add_field(struct buf *b, const char *s, size_t n)
{
	size_t i, lim = n > FIELD_MAX ? FIELD_MAX : n;

	for (i = 0; i < lim; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f)
			buf_addch(b, c);
		else
			buf_addf(b, "\\x%02x", c);
	}
	if (n > lim)
		buf_addstr(b, "...");
}

/*
 * "name got=G exp=E t=T" -> "check 'name' got=G exp=E t=T".  The name is a
 * testbench string and may contain anything, so the fields are found from
 * the right.  A line that does not have that shape is quoted whole.
 */
static void describe_fail(struct buf *b, const char *s, size_t n)
{
	const char *t = find_last(s, n, " t=");
	const char *e = t ? find_last(s, (size_t)(t - s), " exp=") : NULL;
	const char *g = e ? find_last(s, (size_t)(e - s), " got=") : NULL;

	buf_reset(b);
	if (!g) {
		buf_addstr(b, "check failed: '");
		add_field(b, s, n);
		buf_addch(b, '\'');
		return;
	}
	buf_addstr(b, "check '");
	add_field(b, s, (size_t)(g - s));
	buf_addstr(b, "' got=");
	add_field(b, g + 5, (size_t)(e - g - 5));
	buf_addstr(b, " exp=");
	add_field(b, e + 5, (size_t)(t - e - 5));
	buf_addstr(b, " t=");
	add_field(b, t + 3, (size_t)(s + n - t - 3));
}

/* A decimal number of at most 2^63-1: returns the end, or NULL. */
static const char *parse_count(const char *s, const char *end, unsigned long long *out)
{
	unsigned long long v = 0;
	const char *p = s;

	while (p < end && *p >= '0' && *p <= '9') {
		unsigned d = (unsigned)(*p - '0');
		if (v > (0x7fffffffffffffffULL - d) / 10)
			return NULL;
		v = v * 10 + d;
		p++;
	}
	if (p == s)
		return NULL;
	*out = v;
	return p;
}

/* "P T" exactly (one space); 0 or -1. */
static int parse_done(const char *s, size_t n, unsigned long long *passed,
		      unsigned long long *total)
{
	const char *end = s + n, *p;

	p = parse_count(s, end, passed);
	if (!p || p >= end || *p != ' ')
		return -1;
	p = parse_count(p + 1, end, total);
	if (!p || p != end || *passed > *total)
		return -1;
	return 0;
}

void verdict_parse(struct verdict *v, const char *out, size_t len, uint64_t nonce)
{
	char tag[VERDICT_TAG_SIZE];
	const char *p = out, *end = out + len;
	size_t taglen;
	int seen_done = 0;

	v->done = v->malformed = v->multiple_done = 0;
	v->passed = v->total = 0;
	v->nfail = 0;
	buf_reset(&v->first_fail);
	if (!out)
		return;
	verdict_nonce_tag(nonce, tag);
	taglen = strlen(tag);

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end, *body;
		size_t n;

		if (le > p && le[-1] == '\r')
			le--;
		if ((size_t)(le - p) < taglen || memcmp(p, tag, taglen))
			goto next;
		body = p + taglen;
		n = (size_t)(le - body);
		if (n >= 5 && !memcmp(body, "FAIL ", 5)) {
			if (!v->nfail++)
				describe_fail(&v->first_fail, body + 5, n - 5);
		} else if (n >= 5 && !memcmp(body, "DONE ", 5)) {
			if (seen_done) {
				v->multiple_done = 1;
			} else {
				seen_done = 1;
				if (parse_done(body + 5, n - 5, &v->passed, &v->total)) {
					v->malformed = 1;
					v->passed = v->total = 0;
				} else {
					v->done = 1;
				}
			}
		}
next:
		p = nl ? nl + 1 : end;
	}
}

int verdict_is_pass(const struct verdict *v)
{
	return v->done && !v->malformed && !v->multiple_done && v->total > 0 &&
	       v->passed == v->total && v->nfail == 0;
}

static int read_urandom(void *dst, size_t n)
{
	unsigned char *d = dst;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC), ret = -1, saved;

	if (fd < 0)
		return -1;
	while (n) {
		ssize_t r = read(fd, d, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			if (r == 0)
				errno = EIO;
			goto out;
		}
		d += r;
		n -= (size_t)r;
	}
	ret = 0;
out:
	saved = errno;
	close(fd);
	errno = saved;
	return ret;
}

int verdict_nonce_new(uint64_t *nonce)
{
	uint64_t v = 0;

	do {
		ssize_t r = getrandom(&v, sizeof(v), 0);
		if (r != (ssize_t)sizeof(v)) {
			if (r < 0 && errno == EINTR)
				continue;
			if (read_urandom(&v, sizeof(v)))
				return -1;
		}
	} while (v == 0);
	*nonce = v;
	return 0;
}

void verdict_nonce_define(uint64_t nonce, char buf[VERDICT_DEFINE_SIZE])
{
	snprintf(buf, VERDICT_DEFINE_SIZE, "64'h%016llx", (unsigned long long)nonce);
}

void verdict_nonce_tag(uint64_t nonce, char buf[VERDICT_TAG_SIZE])
{
	snprintf(buf, VERDICT_TAG_SIZE, "@vp:%016llx:", (unsigned long long)nonce);
}
