/*
 * vmod: module names, ports and renaming over the vlex token stream.  See
 * vmod.h.
 *
 * Comments are dropped and the remaining tokens are put in an array so the
 * pattern matching can look both ways; the array borrows the source bytes.
 */
#include "testbench/vmod.h"
#include "testbench/vlex.h"
#include "sim/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct toks {
	const char *src;
	struct vlex_tok *v;
	size_t nr, alloc;
};

static void toks_load(struct toks *t, const char *src, size_t len)
{
	struct vlex lx;
	struct vlex_tok tok;

	t->src = src;
	t->v = NULL;
	t->nr = t->alloc = 0;
	vlex_init(&lx, src, len);
	while (vlex_next(&lx, &tok)) {
		if (tok.kind == VLEX_COMMENT)
			continue;
		ALLOC_GROW(t->v, t->nr + 1, t->alloc);
		t->v[t->nr++] = tok;
	}
}

static void toks_release(struct toks *t)
{
	free(t->v);
	t->v = NULL;
	t->nr = t->alloc = 0;
}

static const struct vlex_tok *at(const struct toks *t, size_t i)
{
	static const struct vlex_tok eof = { VLEX_EOF, 0, 0, 0, 0 };
	return i < t->nr ? &t->v[i] : &eof;
}

static int is_kw(const struct toks *t, size_t i, const char *kw)
{
	const struct vlex_tok *k = at(t, i);
	return k->kind == VLEX_KEYWORD && k->len == strlen(kw) &&
	       !memcmp(t->src + k->off, kw, k->len);
}

static int is_op(const struct toks *t, size_t i, const char *op)
{
	const struct vlex_tok *k = at(t, i);
	return k->kind == VLEX_OP && k->len == strlen(op) && !memcmp(t->src + k->off, op, k->len);
}

static int is_ident(const struct toks *t, size_t i)
{
	return at(t, i)->kind == VLEX_IDENT;
}

/* The name of an identifier token, without an escape backslash. */
static void ident_name(const struct toks *t, size_t i, const char **s, size_t *n)
{
	const struct vlex_tok *k = at(t, i);
	int esc = (k->flags & VLEX_F_ESCAPED) != 0;
	*s = t->src + k->off + esc;
	*n = k->len - esc;
}

static int ident_is(const struct toks *t, size_t i, const char *name)
{
	const char *s;
	size_t n;

	if (!is_ident(t, i))
		return 0;
	ident_name(t, i, &s, &n);
	return n == strlen(name) && !memcmp(s, name, n);
}

/* Index of the declared name if token i is `module`/`macromodule`, else 0. */
static size_t module_name_at(const struct toks *t, size_t i)
{
	size_t j;

	if (!is_kw(t, i, "module") && !is_kw(t, i, "macromodule"))
		return 0;
	j = i + 1;
	if (is_kw(t, j, "automatic") || is_kw(t, j, "static"))
		j++;
	return is_ident(t, j) ? j : 0;
}

void vmod_list_release(struct vmod_list *l)
{
	size_t i;

	if (!l)
		return;
	for (i = 0; i < l->nr; i++)
		free(l->names[i]);
	free(l->names);
	l->names = NULL;
	l->nr = l->alloc = 0;
}

int vmod_list_has(const struct vmod_list *l, const char *name)
{
	size_t i;
	for (i = 0; i < l->nr; i++)
		if (!strcmp(l->names[i], name))
			return 1;
	return 0;
}

/*
 * A set of names (pointers into the source), open addressing: a hostile
 * 2 MiB candidate can declare 100 000 modules, so lookups must not be
 * linear in the number of names.
 */
struct nset {
	const char **s;
	size_t *n;
	size_t cap, nr;
};

static size_t nset_slot(const struct nset *ns, const char *s, size_t n)
{
	unsigned long long h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	for (i = (size_t)h & (ns->cap - 1); ns->s[i]; i = (i + 1) & (ns->cap - 1))
		if (ns->n[i] == n && !memcmp(ns->s[i], s, n))
			break;
	return i;
}

static int nset_has(const struct nset *ns, const char *s, size_t n)
{
	return ns->cap && ns->s[nset_slot(ns, s, n)];
}

/* Add; returns 1 when the name was new. */
static int nset_add(struct nset *ns, const char *s, size_t n)
{
	size_t i;

	if (nset_has(ns, s, n))
		return 0;
	if (2 * (ns->nr + 1) > ns->cap) {
		struct nset big = { NULL, NULL, ns->cap ? 2 * ns->cap : 16, 0 };
		big.s = xcalloc(big.cap, sizeof(*big.s));
		big.n = xcalloc(big.cap, sizeof(*big.n));
		for (i = 0; i < ns->cap; i++)
			if (ns->s[i])
				nset_add(&big, ns->s[i], ns->n[i]);
		free(ns->s);
		free(ns->n);
		*ns = big;
	}
	i = nset_slot(ns, s, n);
	ns->s[i] = s;
	ns->n[i] = n;
	ns->nr++;
	return 1;
}

static void nset_release(struct nset *ns)
{
	free(ns->s);
	free(ns->n);
	memset(ns, 0, sizeof(*ns));
}

/* Names already in out go into seen first, so repeated calls keep out duplicate-free. */
static size_t declared_set(const struct toks *t, struct vmod_list *out, struct nset *seen)
{
	size_t i, added = 0;

	for (i = 0; i < out->nr; i++)
		nset_add(seen, out->names[i], strlen(out->names[i]));
	for (i = 0; i < t->nr; i++) {
		size_t j = module_name_at(t, i);
		const char *s;
		size_t n;

		if (!j)
			continue;
		ident_name(t, j, &s, &n);
		if (!nset_add(seen, s, n))
			continue;
		ALLOC_GROW(out->names, out->nr + 1, out->alloc);
		out->names[out->nr++] = xstrndup(s, n);
		added++;
	}
	return added;
}

static size_t declared(const struct toks *t, struct vmod_list *out)
{
	struct nset seen = { NULL, NULL, 0, 0 };
	size_t n = declared_set(t, out, &seen);
	nset_release(&seen);
	return n;
}

size_t vmod_declared(const char *src, size_t len, struct vmod_list *out)
{
	struct toks t;
	size_t n;

	toks_load(&t, src, len);
	n = declared(&t, out);
	toks_release(&t);
	return n;
}

/* A module name, or with is_suffix a name's tail (which may start with a digit or '$'). */
static int check_ident(const char *what, const char *s, int is_suffix, struct buf *err)
{
	const char *c;

	if (!*s) {
		buf_setf(err, "%s is empty.", what);
		return -1;
	}
	for (c = s; *c; c++) {
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (((*c >= '0' && *c <= '9') || *c == '$') && (is_suffix || c > s)) ||
		      *c == '_')) {
			buf_setf(err, "%s '%s' has a character other than letters, digits, '_' and '$'.",
				 what, s);
			return -1;
		}
	}
	return 0;
}

static long rename_modules(const char *src, size_t len, const char *from, const char *to,
			   const char *suffix, struct buf *out);

long vmod_rename_to(const char *src, size_t len, const char *from, const char *to,
		    const char *suffix, struct buf *out, struct buf *err)
{
	if (check_ident("module name", to, 0, err) < 0 ||
	    (suffix && check_ident("module suffix", suffix, 1, err) < 0))
		return -1;
	return rename_modules(src, len, from, to, suffix, out);
}

long vmod_rename(const char *src, size_t len, const char *suffix, struct buf *out,
		 struct buf *err)
{
	if (check_ident("module suffix", suffix, 1, err) < 0)
		return -1;
	return rename_modules(src, len, NULL, NULL, suffix, out);
}

static long rename_modules(const char *src, size_t len, const char *from, const char *to,
			   const char *suffix, struct buf *out)
{
	struct vmod_list names = VMOD_LIST_INIT;
	struct nset set = { NULL, NULL, 0, 0 };
	struct toks t;
	size_t i, copied = 0;
	long renamed = 0;

	toks_load(&t, src, len);
	declared_set(&t, &names, &set);
	for (i = 0; i < t.nr; i++) {
		const struct vlex_tok *k = &t.v[i];
		const char *s;
		size_t n;
		int hit;

		if (k->kind != VLEX_IDENT)
			continue;
		ident_name(&t, i, &s, &n);
		if (!nset_has(&set, s, n))
			continue;
		if (!suffix && !(from && n == strlen(from) && !memcmp(s, from, n)))
			continue;  /* only `from` is renamed */
		hit = (i >= 1 && module_name_at(&t, i - 1) == i) ||
		      (i >= 2 && module_name_at(&t, i - 2) == i) ||
		      is_ident(&t, i + 1) || is_op(&t, i + 1, "#") ||
		      (i >= 2 && is_op(&t, i - 1, ":") && is_kw(&t, i - 2, "endmodule"));
		if (!hit)
			continue;
		if (from && n == strlen(from) && !memcmp(s, from, n)) {
			/* The whole token, backslash of an escaped name included. */
			buf_add(out, src + copied, k->off - copied);
			buf_addstr(out, to);
		} else {
			buf_add(out, src + copied, k->off + k->len - copied);
			buf_addstr(out, suffix);
		}
		copied = k->off + k->len;
		renamed++;
	}
	buf_add(out, src + copied, len - copied);
	toks_release(&t);
	nset_release(&set);
	vmod_list_release(&names);
	return renamed;
}

void vmod_ports_release(struct vmod_ports *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->nr; i++) {
		free(p->v[i].name);
		free(p->v[i].range);
	}
	free(p->v);
	p->v = NULL;
	p->nr = p->alloc = 0;
}

const struct vmod_port *vmod_ports_find(const struct vmod_ports *p, const char *name)
{
	size_t i;
	for (i = 0; i < p->nr; i++)
		if (!strcmp(p->v[i].name, name))
			return &p->v[i];
	return NULL;
}

const char *vmod_dir_name(enum vmod_dir dir)
{
	switch (dir) {
	case VMOD_INPUT: return "input";
	case VMOD_OUTPUT: return "output";
	case VMOD_INOUT: return "inout";
	}
	return "?";
}

/* Index just past the bracket/paren group opening at i (or t->nr if unclosed). */
static size_t skip_group(const struct toks *t, size_t i)
{
	long depth = 0;

	for (; i < t->nr; i++) {
		const struct vlex_tok *k = &t->v[i];
		char ch;
		if (k->kind != VLEX_OP || k->len != 1)
			continue;
		ch = t->src[k->off];
		if (ch == '(' || ch == '[' || ch == '{')
			depth++;
		else if ((ch == ')' || ch == ']' || ch == '}') && --depth == 0)
			return i + 1;
	}
	return t->nr;
}

static int dir_at(const struct toks *t, size_t i, enum vmod_dir *dir)
{
	if (is_kw(t, i, "input"))
		*dir = VMOD_INPUT;
	else if (is_kw(t, i, "output"))
		*dir = VMOD_OUTPUT;
	else if (is_kw(t, i, "inout"))
		*dir = VMOD_INOUT;
	else
		return 0;
	return 1;
}

/* What a declaration says about a port's type, before its name. */
struct ptype {
	char *range;          /* "" when none */
	unsigned long width;  /* 0 unknown */
	int is_signed;
	int any;              /* some type or range token was present */
};

static unsigned long decimal(const struct toks *t, size_t i, int *ok)
{
	const struct vlex_tok *k = at(t, i);
	unsigned long v = 0;
	size_t j;

	*ok = 0;
	if (k->kind != VLEX_NUMBER)
		return 0;
	for (j = 0; j < k->len; j++) {
		char c = t->src[k->off + j];
		if (c == '_')
			continue;
		if (c < '0' || c > '9' || v > 100000000UL)
			return 0;
		v = v * 10 + (unsigned long)(c - '0');
	}
	*ok = 1;
	return v;
}

/*
 * Parse [type keywords] [user type] [packed ranges] at *i; leave *i at the
 * name.  Returns the type (range owned by the caller).
 */
static struct ptype parse_type(const struct toks *t, size_t *i)
{
	static const struct { const char *kw; unsigned long width; } kws[] = {
		{ "wire", 1 }, { "reg", 1 }, { "logic", 1 }, { "var", 1 }, { "bit", 1 },
		{ "tri", 1 }, { "tri0", 1 }, { "tri1", 1 }, { "wand", 1 }, { "wor", 1 },
		{ "triand", 1 }, { "trior", 1 }, { "uwire", 1 }, { "supply0", 1 },
		{ "supply1", 1 }, { "integer", 32 }, { "int", 32 }, { "byte", 8 },
		{ "shortint", 16 }, { "longint", 64 }, { "time", 64 }, { "real", 0 },
		{ "realtime", 0 }, { "shortreal", 0 }, { "string", 0 },
	};
	struct ptype p = { NULL, 1, 0, 0 };
	struct buf range = BUF_INIT;
	int known = 1, ndims = 0;
	unsigned long prod = 1;
	size_t j = *i, w;

	for (;;) {
		int matched = 0;
		if (is_kw(t, j, "signed")) {
			p.is_signed = 1;
			matched = 1;
		} else if (is_kw(t, j, "unsigned")) {
			matched = 1;
		} else {
			for (w = 0; w < sizeof(kws) / sizeof(kws[0]); w++) {
				if (is_kw(t, j, kws[w].kw)) {
					p.width = kws[w].width;
					if (!strcmp(kws[w].kw, "integer") || !strcmp(kws[w].kw, "int") ||
					    !strcmp(kws[w].kw, "byte") || !strcmp(kws[w].kw, "shortint") ||
					    !strcmp(kws[w].kw, "longint"))
						p.is_signed = 1;
					matched = 1;
					break;
				}
			}
		}
		if (!matched)
			break;
		p.any = 1;
		j++;
	}
	/* A user-defined type or interface: an identifier followed by the port name. */
	if (is_ident(t, j) && (is_ident(t, j + 1) ||
			       (is_op(t, j + 1, "[") && !p.any))) {
		size_t k = j + 1;
		while (is_op(t, k, "["))
			k = skip_group(t, k);
		if (is_ident(t, k)) {
			p.width = 0;
			known = 0;
			p.any = 1;
			j++;
		}
	}
	while (is_op(t, j, "[")) {
		size_t end = skip_group(t, j), k;
		int ok1, ok2;
		for (k = j; k < end; k++)
			buf_add(&range, t->src + t->v[k].off, t->v[k].len);
		/* [a:b] with decimal bounds */
		if (end == j + 5 && is_op(t, j + 2, ":")) {
			unsigned long a = decimal(t, j + 1, &ok1), b = decimal(t, j + 3, &ok2);
			if (ok1 && ok2)
				prod *= (a > b ? a - b : b - a) + 1;
			else
				known = 0;
		} else {
			known = 0;
		}
		ndims++;
		p.any = 1;
		j = end;
	}
	if (ndims)
		p.width = known && prod <= 0xffffffffUL ? prod : 0;
	else if (!known)
		p.width = 0;
	p.range = buf_detach(&range, NULL);
	*i = j;
	return p;
}

static void add_port(struct vmod_ports *out, const char *s, size_t n, enum vmod_dir dir,
		     const struct ptype *p)
{
	struct vmod_port *v;

	ALLOC_GROW(out->v, out->nr + 1, out->alloc);
	v = &out->v[out->nr++];
	v->name = xstrndup(s, n);
	v->dir = dir;
	v->range = xstrdup(p->range);
	v->width = p->width;
	v->is_signed = p->is_signed;
}

/* ANSI list from i (just past '(') to close (the ')' index). */
static int parse_ansi(const struct toks *t, size_t i, size_t close, struct vmod_ports *out,
		      const char *module, struct buf *err)
{
	struct ptype prev = { xstrdup(""), 1, 0, 0 };
	enum vmod_dir dir = VMOD_INPUT;
	int ret = -1;

	while (i < close) {
		struct ptype p;
		int has_dir = dir_at(t, i, &dir);
		const char *s;
		size_t n;

		if (has_dir)
			i++;
		else if (is_kw(t, i, "ref")) {
			buf_setf(err, "module '%s' has a 'ref' port, which is not supported.", module);
			goto out;
		}
		p = parse_type(t, &i);
		if (!is_ident(t, i)) {
			free(p.range);
			buf_setf(err, "cannot read the port list of module '%s' (line %lu).", module,
				 at(t, i)->line);
			goto out;
		}
		ident_name(t, i, &s, &n);
		if (!has_dir && !p.any) {
			free(p.range);
			p = prev;
			p.range = xstrdup(prev.range);
		}
		add_port(out, s, n, dir, &p);
		free(prev.range);
		prev = p;
		/* Skip unpacked dimensions and a default value up to the next ','. */
		while (i < close && !is_op(t, i, ",")) {
			if (is_op(t, i, "(") || is_op(t, i, "[") || is_op(t, i, "{"))
				i = skip_group(t, i);
			else
				i++;
		}
		i++;
	}
	ret = 0;
out:
	free(prev.range);
	return ret;
}

struct decl {
	size_t name;       /* token index */
	enum vmod_dir dir;
	int is_dir;
	struct ptype type;
};

/* A name and a position, ordered by name then position. */
struct nref {
	const char *s;
	size_t n, i;
};

static int refcmp(const void *pa, const void *pb)
{
	const struct nref *a = pa, *b = pb;
	int c = memcmp(a->s, b->s, a->n < b->n ? a->n : b->n);

	if (c)
		return c;
	if (a->n != b->n)
		return a->n < b->n ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/*
 * Non-ANSI: header names from i to close, then declarations in the body
 * from body to `endmodule`.
 */
static int parse_nonansi(const struct toks *t, size_t i, size_t close, size_t body,
			 struct vmod_ports *out, const char *module, struct buf *err)
{
	struct decl *d = NULL;
	struct nref *refs = NULL;
	size_t nd = 0, ad = 0, k, p;
	int ret = -1, depth_fn = 0;

	/* Header: identifiers separated by commas. */
	while (i < close) {
		const char *s;
		size_t n;
		struct ptype none = { "", 0, 0, 0 };
		if (!is_ident(t, i) || !(i + 1 == close || is_op(t, i + 1, ","))) {
			buf_setf(err, "port list of module '%s' uses port expressions, which are not supported (line %lu).",
				 module, at(t, i)->line);
			goto out;
		}
		ident_name(t, i, &s, &n);
		add_port(out, s, n, VMOD_INPUT, &none);
		i += 2;
	}

	/* Body: collect direction and net/variable declarations at module level. */
	for (k = body; k < t->nr && !is_kw(t, k, "endmodule"); k++) {
		enum vmod_dir dir;
		int is_dir;
		struct ptype type;
		size_t j;

		if (is_kw(t, k, "function") || is_kw(t, k, "task")) {
			depth_fn++;
			continue;
		}
		if (is_kw(t, k, "endfunction") || is_kw(t, k, "endtask")) {
			if (depth_fn)
				depth_fn--;
			continue;
		}
		if (depth_fn)
			continue;
		is_dir = dir_at(t, k, &dir);
		j = is_dir ? k + 1 : k;
		if (!is_dir && !is_kw(t, k, "wire") && !is_kw(t, k, "reg") && !is_kw(t, k, "logic"))
			continue;
		type = parse_type(t, &j);
		for (;;) {
			if (!is_ident(t, j))
				break;
			ALLOC_GROW(d, nd + 1, ad);
			d[nd].name = j;
			d[nd].dir = is_dir ? dir : VMOD_INPUT;
			d[nd].is_dir = is_dir;
			d[nd].type = type;
			d[nd].type.range = xstrdup(type.range);
			nd++;
			j++;
			while (is_op(t, j, "["))
				j = skip_group(t, j);
			if (is_op(t, j, "=")) {
				while (j < t->nr && !is_op(t, j, ",") && !is_op(t, j, ";")) {
					if (is_op(t, j, "(") || is_op(t, j, "[") || is_op(t, j, "{"))
						j = skip_group(t, j);
					else
						j++;
				}
			}
			if (!is_op(t, j, ","))
				break;
			j++;
		}
		free(type.range);
		if (j > k)
			k = j - 1;
	}

	/* Declarations sorted by (name, position): one lookup per port, not a scan. */
	refs = xcalloc(nd + 1, sizeof(*refs));
	for (k = 0; k < nd; k++) {
		ident_name(t, d[k].name, &refs[k].s, &refs[k].n);
		refs[k].i = k;
	}
	qsort(refs, nd, sizeof(*refs), refcmp);
	for (p = 0; p < out->nr; p++) {
		struct vmod_port *v = &out->v[p];
		const struct decl *dd = NULL, *net = NULL;
		struct nref key = { v->name, strlen(v->name), 0 };
		size_t lo = 0, hi = nd;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (refcmp(&refs[mid], &key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (k = lo; k < nd && refs[k].n == key.n && !memcmp(refs[k].s, key.s, key.n); k++) {
			const struct decl *x = &d[refs[k].i];
			if (x->is_dir && !dd)
				dd = x;
			else if (!x->is_dir && !net)
				net = x;
		}
		if (!dd) {
			buf_setf(err, "port '%s' of module '%s' has no direction declaration.", v->name,
				 module);
			goto out;
		}
		v->dir = dd->dir;
		/* input a; wire [7:0] a;  -- the width comes from the net declaration */
		if (!*dd->type.range && net && *net->type.range)
			dd = net;
		free(v->range);
		v->range = xstrdup(dd->type.range);
		v->width = dd->type.width;
		v->is_signed = dd->type.is_signed || (net && net->type.is_signed);
	}
	ret = 0;
out:
	for (k = 0; k < nd; k++)
		free(d[k].type.range);
	free(d);
	free(refs);
	return ret;
}

int vmod_ports(const char *src, size_t len, const char *module, struct vmod_ports *out,
	       struct buf *err)
{
	struct toks t;
	size_t i, j, close;
	int ret = -1, ansi = 0;

	vmod_ports_release(out);
	toks_load(&t, src, len);
	for (i = 0; i < t.nr; i++) {
		j = module_name_at(&t, i);
		if (j && ident_is(&t, j, module))
			break;
	}
	if (i >= t.nr) {
		buf_setf(err, "module '%s' is not declared.", module);
		goto out;
	}
	i = j + 1;
	/* Package imports in the header: import p::*; */
	while (is_kw(&t, i, "import")) {
		while (i < t.nr && !is_op(&t, i, ";"))
			i++;
		i++;
	}
	if (is_op(&t, i, "#") && is_op(&t, i + 1, "("))
		i = skip_group(&t, i + 1);
	if (is_op(&t, i, ";")) {
		ret = 0;  /* no ports */
		goto out;
	}
	if (!is_op(&t, i, "(")) {
		buf_setf(err, "cannot read the header of module '%s' (line %lu).", module,
			 at(&t, i)->line);
		goto out;
	}
	close = skip_group(&t, i);
	if (close >= t.nr && !is_op(&t, t.nr - 1, ")")) {
		buf_setf(err, "the port list of module '%s' is not closed.", module);
		goto out;
	}
	close--;  /* index of ')' */
	for (j = i + 1; j < close; j++) {
		enum vmod_dir d;
		if (dir_at(&t, j, &d))
			ansi = 1;
	}
	if (ansi || close == i + 1)
		ret = parse_ansi(&t, i + 1, close, out, module, err);
	else
		ret = parse_nonansi(&t, i + 1, close, close + 1, out, module, err);
	if (ret)
		vmod_ports_release(out);
out:
	toks_release(&t);
	return ret;
}
