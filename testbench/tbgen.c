/*
 * tbgen: differential testbench text from an interface, a clock/reset
 * description and a seed.  See tbgen.h for the stimulus and comparison
 * rules; this file is only text generation.
 *
 * Names inside the generated module: inputs are i_<port>, candidate outputs
 * d_<port>, reference outputs r_<port>, care masks c_<port>, mismatch counts
 * m_<port>, single-bit input phases b_<port>, previous inputs p_<port> (for
 * constraints.assume), and the testbench's own state vptb_*.  The prefixes
 * differ in their first two characters, so no port name can make two of
 * them collide; vp_* belongs to vp_harness.vh.
 */
#include "testbench/tbgen.h"
#include "sim/xalloc.h"
#include "testbench/vlex.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TBGEN_VERSION 1
/* Vectors/cycles at the start where every input takes the same corner mode. */
#define PROLOGUE 64
/* Cycles per phase of single-bit input biases. */
#define PHASE 64
/* Random values up to this width come from bits [63:37], above the mode bits [36:32]. */
#define VALUE_BITS 27

uint64_t tbgen_rng_init(uint64_t seed)
{
	/* splitmix64: distinct small seeds give unrelated states. */
	uint64_t z = seed + 0x9e3779b97f4a7c15ull;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	z ^= z >> 31;
	return z ? z : 0x2545f4914f6cdd1dull;
}

static int is_ident(const char *s)
{
	if (!s || !(isalpha((unsigned char)*s) || *s == '_'))
		return 0;
	for (s++; *s; s++)
		if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '$'))
			return 0;
	return 1;
}

static const struct tbgen_port *find_port(const struct tbgen_spec *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nports; i++)
		if (!strcmp(s->ports[i].name, name))
			return &s->ports[i];
	return NULL;
}

static int is_ignored(const struct tbgen_spec *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nignore; i++)
		if (!strcmp(s->ignore[i], name))
			return 1;
	return 0;
}

static const char *when_of(const struct tbgen_spec *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nwhen; i++)
		if (!strcmp(s->when[i].output, name))
			return s->when[i].expr;
	return NULL;
}

static const struct tbgen_latency *latency_entry(const struct tbgen_spec *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nlatency; i++)
		if (!strcmp(s->latency[i].output, name))
			return &s->latency[i];
	return NULL;
}

static int latency_of(const struct tbgen_spec *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nlatency; i++)
		if (!strcmp(s->latency[i].output, name))
			return s->latency[i].cycles;
	return 0;
}

static const struct tbgen_range *range_of(const struct tbgen_spec *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->nranges; i++)
		if (!strcmp(s->ranges[i].input, name))
			return &s->ranges[i];
	return NULL;
}

/*
 * Append expr with every port name replaced by the bench's signal (i_ for
 * inputs; r_, or d_ in signature mode, for outputs), in parentheses.
 * Returns 0, or -1 with a sentence in err for anything outside the subset
 * of tbgen.h.
 */
static int add_expr(struct buf *out, const struct tbgen_spec *s, int sig, const char *expr,
		    struct buf *err)
{
	struct vlex lx;
	struct vlex_tok t;
	size_t n = 0;
	int glue = 1;   /* no space before the next token */

	if (!expr) {
		if (err)
			buf_setf(err, "a don't-care or constraint has no expression");
		return -1;
	}
	buf_addch(out, '(');
	vlex_init(&lx, expr, strlen(expr));
	while (vlex_next(&lx, &t)) {
		const char *txt = expr + t.off;
		const struct tbgen_port *p;
		char name[256];

		if (t.kind == VLEX_COMMENT)
			continue;
		n++;
		if (!glue && !(t.kind == VLEX_OP && strchr(")],", *txt) && t.len == 1))
			buf_addch(out, ' ');
		glue = t.kind == VLEX_OP && t.len == 1 && strchr("([!~", *txt);
		switch (t.kind) {
		case VLEX_IDENT:
			snprintf(name, sizeof(name), "%.*s", (int)t.len, txt);
			p = t.len < sizeof(name) ? find_port(s, name) : NULL;
			if (!p || p->dir == TBGEN_INOUT) {
				if (err)
			buf_setf(err, "expression '%s' names '%s', which is not a port of '%s'",
					 expr, name, s->top);
				return -1;
			}
			buf_addf(out, "%c_%s", p->dir == TBGEN_IN ? 'i' : sig ? 'd' : 'r', name);
			break;
		case VLEX_NUMBER:
			buf_add(out, txt, t.len);
			break;
		case VLEX_SYSNAME:
			if (!vlex_tok_eq(&lx, &t, "$signed") && !vlex_tok_eq(&lx, &t, "$unsigned")) {
				if (err)
			buf_setf(err, "expression '%s' may not use '%.*s'", expr, (int)t.len, txt);
				return -1;
			}
			buf_add(out, txt, t.len);
			break;
		case VLEX_OP:
			if (vlex_tok_eq(&lx, &t, ";") || vlex_tok_eq(&lx, &t, "=") ||
			    vlex_tok_eq(&lx, &t, "#") || vlex_tok_eq(&lx, &t, "@")) {
				if (err)
			buf_setf(err, "expression '%s' may not use '%.*s'", expr, (int)t.len, txt);
				return -1;
			}
			buf_add(out, txt, t.len);
			break;
		default:
			if (err)
			buf_setf(err, "expression '%s' may not use '%.*s'", expr, (int)t.len, txt);
			return -1;
		}
	}
	if (!n) {
		if (err)
			buf_setf(err, "a don't-care or constraint has an empty expression");
		return -1;
	}
	buf_addch(out, ')');
	return 0;
}

/* Whether input p is held by hold constraint j. */
static int held_by(const struct tbgen_spec *s, size_t j, const char *name)
{
	size_t k;

	for (k = 0; k < s->holds[j].ninputs; k++)
		if (!strcmp(s->holds[j].inputs[k], name))
			return 1;
	return 0;
}

/* Whether port p is driven by the random stimulus (not clock, not reset). */
static int is_free_input(const struct tbgen_spec *s, const struct tbgen_port *p)
{
	if (p->dir != TBGEN_IN)
		return 0;
	if (s->kind == TBGEN_SEQ && s->clock && !strcmp(p->name, s->clock))
		return 0;
	if (s->kind == TBGEN_SEQ && s->reset && !strcmp(p->name, s->reset))
		return 0;
	return 1;
}

static void add_range(struct buf *out, int width)
{
	if (width > 1)
		buf_addf(out, " [%d:0]", width - 1);
}

/* W'b literal whose bit i (LSB = 0) is bit(i). */
static void add_bits(struct buf *out, int width, int (*bit)(int i, int w))
{
	int i;

	buf_addf(out, "%d'b", width);
	for (i = width - 1; i >= 0; i--)
		buf_addch(out, bit(i, width) ? '1' : '0');
}

static int bit_zero(int i, int w) { (void)i; (void)w; return 0; }
static int bit_one(int i, int w) { (void)i; (void)w; return 1; }
static int bit_alt01(int i, int w) { (void)w; return !(i & 1); }
static int bit_alt10(int i, int w) { (void)w; return i & 1; }
static int bit_smax(int i, int w) { return i != w - 1; }
static int bit_smin(int i, int w) { return i == w - 1; }

/*
 * Assign a random value to i_<name> from the generator's top bits (the
 * good bits of a power-of-two LCG); wide inputs take 32 bits per step.
 */
static void add_random_assign(struct buf *out, const char *ind, const char *name, int width)
{
	int lo;

	if (width <= VALUE_BITS) {
		buf_addf(out, "%si_%s = vptb_rng[63:%d];\n", ind, name, 64 - width);
		return;
	}
	buf_addf(out, "%sbegin\n", ind);
	for (lo = 0; lo < width; lo += 32) {
		int hi = lo + 32 <= width ? lo + 31 : width - 1;

		buf_addf(out, "%s  vptb_step;\n", ind);
		buf_addf(out, "%s  i_%s[%d:%d] = vptb_rng[63:%d];\n", ind, name, hi, lo, 64 - (hi - lo + 1));
	}
	buf_addf(out, "%send\n", ind);
}

/* The drive code of one free input inside task vptb_drive. */
static void add_drive_input(struct buf *out, const struct tbgen_spec *s, const struct tbgen_port *p)
{
	const char *n = p->name;
	int w = p->width;
	const struct tbgen_range *r = range_of(s, n);
	size_t j;
	int nheld = 0;

	buf_addf(out, "      // %s: %d bit%s\n", n, w, w == 1 ? "" : "s");
	for (j = 0; j < s->nholds; j++)
		if (held_by(s, j, n))
			buf_addf(out, "%s vptb_h%zu", nheld++ ? " ||" : "      if (!(", j);
	if (nheld)
		buf_addstr(out, ")) begin\n");
	if (s->kind == TBGEN_SEQ && w == 1)
		buf_addf(out, "      if (vptb_n %% %d == 0) begin vptb_step; b_%s = vptb_rng[63:62]; end\n",
			 PHASE, n);
	buf_addf(out, "      vptb_step;\n");
	/* A redraw for constraints.assume leaves the shared corner mode. */
	buf_addf(out, "      vptb_mode = (vptb_n < %d%s) ? {2'b00, vptb_n[2:0]} : %s;\n",
		 PROLOGUE, s->assume ? " && vptb_try == 0" : "", w == 1 ? "5'd31" : "vptb_rng[36:32]");
	buf_addf(out, "      case (vptb_mode)\n");
	buf_addf(out, "        5'd0: i_%s = ", n); add_bits(out, w, bit_zero); buf_addstr(out, ";\n");
	buf_addf(out, "        5'd1: i_%s = ", n); add_bits(out, w, bit_one); buf_addstr(out, ";\n");
	buf_addf(out, "        5'd2: i_%s = %d'd1 << ((vptb_n >> 3) %% %d);\n", n, w, w);
	buf_addf(out, "        5'd3: i_%s = ", n); add_bits(out, w, bit_alt01); buf_addstr(out, ";\n");
	buf_addf(out, "        5'd4: i_%s = ", n); add_bits(out, w, bit_alt10); buf_addstr(out, ";\n");
	buf_addf(out, "        5'd5: i_%s = ", n); add_bits(out, w, bit_smax); buf_addstr(out, ";\n");
	buf_addf(out, "        5'd6: i_%s = ", n); add_bits(out, w, bit_smin); buf_addstr(out, ";\n");
	if (s->kind == TBGEN_SEQ && w == 1) {
		buf_addf(out, "        default:\n");
		buf_addf(out, "          case (b_%s)\n", n);
		buf_addf(out, "            2'd2: i_%s = vptb_rng[63:61] != 3'd0;\n", n);
		buf_addf(out, "            2'd3: i_%s = vptb_rng[63:61] == 3'd0;\n", n);
		buf_addf(out, "            default: i_%s = vptb_rng[63];\n", n);
		buf_addf(out, "          endcase\n");
	} else {
		buf_addf(out, "        default:\n");
		add_random_assign(out, "          ", n, w);
	}
	buf_addf(out, "      endcase\n");
	if (r) {
		buf_addstr(out, "      if (");
		if (r->lo)
			buf_addf(out, "i_%s < %d'd%" PRIu64 " || ", n, w, r->lo);
		buf_addf(out, "i_%s > %d'd%" PRIu64 ") begin // constraints.range\n"
			 "        vptb_step;\n"
			 "        vptb_t = 64'd%" PRIu64 " + {32'd0, vptb_rng[63:32]} %% 64'd%" PRIu64 ";\n"
			 "        i_%s = vptb_t[%d:0];\n"
			 "      end\n",
			 n, w, r->hi, r->lo, r->hi - r->lo + 1, n, w - 1);
	}
	if (nheld)
		buf_addstr(out, "      end\n");
}

/* Redraw the inputs while constraints.assume fails, at most 64 times. */
static void add_assume_redraw(struct buf *out, const struct tbgen_spec *s, int sig)
{
	buf_addstr(out, "      vptb_try = 1;\n      while (!");
	add_expr(out, s, sig, s->assume, NULL);
	buf_addstr(out, " && vptb_try <= 64) begin // constraints.assume\n"
		   "        vptb_drive;\n"
		   "        vptb_try = vptb_try + 1;\n"
		   "      end\n"
		   "      vptb_try = 0;\n");
}

static void add_instance(struct buf *out, const struct tbgen_spec *s,
			 const char *module, const char *inst, const char *prefix)
{
	size_t i;

	buf_addf(out, "  %s", module);
	if (s->nparams) {
		buf_addstr(out, " #(");
		for (i = 0; i < s->nparams; i++)
			buf_addf(out, "%s.%s(%s)", i ? ", " : "", s->params[i].name, s->params[i].value);
		buf_addstr(out, ")");
	}
	buf_addf(out, " %s (", inst);
	for (i = 0; i < s->nports; i++) {
		const struct tbgen_port *p = &s->ports[i];

		buf_addf(out, "%s\n    .%s(%s%s)", i ? "," : "", p->name,
			 p->dir == TBGEN_IN ? "i_" : prefix, p->name);
	}
	buf_addstr(out, "\n  );\n");
}

/* c_<o> = 1 where <src>_<o> is 0 or 1 (the fast path when no bit is X/Z). */
static void add_care_mask(struct buf *out, const struct tbgen_port *p, char src)
{
	const char *n = p->name;

	if (p->width == 1) {
		buf_addf(out, "      c_%s = (%c_%s === 1'b0) || (%c_%s === 1'b1);\n", n, src, n, src, n);
		return;
	}
	buf_addf(out,
		 "      if ((%c_%s ^ %c_%s) === %d'd0)\n"
		 "        c_%s = {%d{1'b1}};\n"
		 "      else\n"
		 "        for (vptb_k = 0; vptb_k < %d; vptb_k = vptb_k + 1)\n"
		 "          c_%s[vptb_k] = (%c_%s[vptb_k] === 1'b0) || (%c_%s[vptb_k] === 1'b1);\n",
		 src, n, src, n, p->width, n, p->width, p->width, n, src, n, src, n);
}

/*
 * Signature mode: fold every output's defined bits and its care mask into
 * the 64-bit FNV-1a-style hash vptb_sig, 64 bits at a time.
 */
static void add_sample_task(struct buf *out, const struct tbgen_spec *s)
{
	size_t i;
	int lo;

	buf_addstr(out,
		   "  // Fold the outputs into the trace signature: defined bits, then\n"
		   "  // the care mask (X/Z bits hash as 0 with a 0 in the mask).\n"
		   "  task vptb_compare;\n"
		   "    begin\n"
		   "      vptb_cmp = vptb_cmp + 1;\n");
	for (i = 0; i < s->nports; i++) {
		const struct tbgen_port *p = &s->ports[i];
		const char *n = p->name;

		if (p->dir != TBGEN_OUT || is_ignored(s, n))
			continue;
		if (when_of(s, n)) {
			buf_addstr(out, "      if ");
			add_expr(out, s, 1, when_of(s, n), NULL);
			buf_addstr(out, " begin // dont_care.compare_when\n");
		}
		add_care_mask(out, p, 'd');
		for (lo = 0; lo < p->width; lo += 64) {
			int hi = lo + 64 <= p->width ? lo + 63 : p->width - 1;

			if (p->width == 1)
				buf_addf(out, "      vptb_sig = (vptb_sig ^ {63'd0, d_%s & c_%s}) * 64'h00000100000001b3;\n"
					 "      vptb_sig = (vptb_sig ^ {63'd0, c_%s}) * 64'h00000100000001b3;\n", n, n, n);
			else if (hi - lo == 63)
				buf_addf(out, "      vptb_sig = (vptb_sig ^ (d_%s[%d:%d] & c_%s[%d:%d])) * 64'h00000100000001b3;\n"
					 "      vptb_sig = (vptb_sig ^ c_%s[%d:%d]) * 64'h00000100000001b3;\n",
					 n, hi, lo, n, hi, lo, n, hi, lo);
			else
				buf_addf(out, "      vptb_sig = (vptb_sig ^ {%d'd0, d_%s[%d:%d] & c_%s[%d:%d]}) * 64'h00000100000001b3;\n"
					 "      vptb_sig = (vptb_sig ^ {%d'd0, c_%s[%d:%d]}) * 64'h00000100000001b3;\n",
					 63 - (hi - lo), n, hi, lo, n, hi, lo, 63 - (hi - lo), n, hi, lo);
		}
		if (when_of(s, n))
			buf_addstr(out, "      end\n");
	}
	buf_addstr(out, "    end\n  endtask\n\n");
}

/* An output the differential bench compares (not dont_care.ignore'd). */
static int is_compared(const struct tbgen_spec *s, const struct tbgen_port *p)
{
	return p->dir == TBGEN_OUT && !is_ignored(s, p->name);
}

/*
 * Append fmt once per compared output, in port order: "%1$s" is the output's
 * name, "%2$d" the slot k (a format using %2$d must use %1$s too).
 */
static void add_per_output(struct buf *out, const struct tbgen_spec *s, const char *fmt, int k)
{
	size_t i;

	for (i = 0; i < s->nports; i++)
		if (is_compared(s, &s->ports[i]))
			buf_addf(out, fmt, s->ports[i].name, k);
}

/* The FAIL lines `VP_CHECK prints (testbench/vp_harness.vh): the first 20 failures. */
#define VP_FAIL_LINES 20

/*
 * The fast path of a batch bench: when no reference output bit is X or Z
 * every care mask is all ones, and every check of a slot passes exactly when
 * its candidate's outputs, concatenated, are === the reference's.  Then a
 * matching slot costs that one comparison, and a differing one has its
 * mismatches counted per output by the bench, its checker called only to
 * print (vptb_report); vp_b_finish turns the counts into the single bench's
 * (a pass moves vp_total and vp_passed together, so the failures so far that
 * gate the FAIL lines are the same too).  Only without compare_when and
 * latency, which keep state or skip checks.
 *
 * Appends "{<prefix>a, <prefix>b, ...}" over the compared outputs to out and
 * returns their number and (in *width) their summed width; 0 when the fast
 * path does not apply (out untouched).
 */
static size_t fast_concat(const struct tbgen_spec *s, const char *prefix, struct buf *out,
			  int *width)
{
	struct buf c = BUF_INIT;
	size_t i, n = 0;

	*width = 0;
	for (i = 0; i < s->nports; i++) {
		const struct tbgen_port *p = &s->ports[i];

		if (p->dir != TBGEN_OUT || is_ignored(s, p->name))
			continue;
		if (when_of(s, p->name) || latency_of(s, p->name))
			break;
		buf_addf(&c, "%s%s%s", n ? ", " : "{", prefix, p->name);
		*width += p->width;
		n++;
	}
	if (i < s->nports || !n) {
		n = 0;
		*width = 0;
	} else {
		buf_addf(out, "%s}", c.data);
	}
	buf_release(&c);
	return n;
}

/*
 * "if (m_N == 0) $display(... NOTE first mismatch on N ...)": the line that
 * gives the inputs at output N's first mismatch.
 */
static void add_first_mismatch_note(struct buf *out, const struct tbgen_spec *s, const char *n)
{
	size_t j;

	buf_addf(out, "        if (m_%s == 0)\n", n);
	buf_addf(out, "          $display(\"@vp:%%016h:NOTE first mismatch on %s at t=%%0t inputs", n);
	for (j = 0; j < s->nports; j++) {
		const struct tbgen_port *q = &s->ports[j];

		if (q->dir != TBGEN_IN || (s->kind == TBGEN_SEQ && s->clock &&
					   !strcmp(q->name, s->clock)))
			continue;
		buf_addf(out, " %s=%%h", q->name);
	}
	buf_addstr(out, " exp=%h got=%h\",\n            `VP_NONCE, $time");
	for (j = 0; j < s->nports; j++) {
		const struct tbgen_port *q = &s->ports[j];

		if (q->dir != TBGEN_IN || (s->kind == TBGEN_SEQ && s->clock &&
					   !strcmp(q->name, s->clock)))
			continue;
		buf_addf(out, ", i_%s", q->name);
	}
	buf_addf(out, ", r_%s, d_%s);\n", n, n);
}

static void add_compare_task(struct buf *out, const struct tbgen_spec *s)
{
	size_t i;
	int lat;
	char exp;

	buf_addstr(out,
		   "  // Reference bits that are X or Z are don't-care (care mask c_*);\n"
		   "  // every other bit must match exactly, X on the candidate included.\n"
		   "  task vptb_compare;\n"
		   "    begin\n"
		   "      vptb_cmp = vptb_cmp + 1;\n");
	for (i = 0; i < s->nports; i++) {
		const struct tbgen_port *p = &s->ports[i];
		const char *n = p->name;

		if (p->dir != TBGEN_OUT)
			continue;
		if (is_ignored(s, n)) {
			buf_addf(out, "      // %s: not compared (dont_care.ignore)\n", n);
			continue;
		}
		lat = latency_of(s, n);
		if (lat) {
			/*
			 * History of the reference at every compare point: slot 1 is
			 * now, slot 1 + 2k the same clock phase k cycles ago.
			 */
			add_care_mask(out, p, 'r');
			buf_addf(out,
				 "      for (vptb_j = %d; vptb_j > 1; vptb_j = vptb_j - 1) begin\n"
				 "        h_%s[vptb_j] = h_%s[vptb_j - 1];\n"
				 "        hc_%s[vptb_j] = hc_%s[vptb_j - 1];\n"
				 "        hv_%s[vptb_j] = hv_%s[vptb_j - 1];\n"
				 "      end\n"
				 "      h_%s[1] = r_%s;\n      hc_%s[1] = c_%s;\n      hv_%s[1] = 1'b1;\n",
				 2 * lat + 1, n, n, n, n, n, n, n, n, n, n, n);
		}
		if (when_of(s, n)) {
			buf_addstr(out, "      if ");
			add_expr(out, s, 0, when_of(s, n), NULL);
			buf_addstr(out, " begin // dont_care.compare_when\n");
		}
		if (lat) {
			buf_addf(out,
				 "      // dont_care.latency: the reference of up to %d cycles ago also counts.\n"
				 "      e_%s = r_%s;\n"
				 "      for (vptb_j = 3; vptb_j <= %d; vptb_j = vptb_j + 2)\n"
				 "        if (hv_%s[vptb_j] && (d_%s & c_%s) !== (e_%s & c_%s) &&\n"
				 "            (d_%s & hc_%s[vptb_j]) === (h_%s[vptb_j] & hc_%s[vptb_j])) begin\n"
				 "          e_%s = h_%s[vptb_j];\n"
				 "          c_%s = hc_%s[vptb_j];\n"
				 "        end\n",
				 lat, n, n, 2 * lat + 1, n, n, n, n, n, n, n, n, n, n, n, n, n);
			exp = 'e';
		} else {
			add_care_mask(out, p, 'r');
			exp = 'r';
		}
		buf_addf(out, "      `VP_CHECK(\"%s\", d_%s & c_%s, %c_%s & c_%s)\n", n, n, n, exp, n, n);
		buf_addf(out, "      if ((d_%s & c_%s) !== (%c_%s & c_%s)) begin\n", n, n, exp, n, n);
		add_first_mismatch_note(out, s, n);
		buf_addf(out, "        m_%s = m_%s + 1;\n", n, n);
		buf_addstr(out, "      end\n");
		if (when_of(s, n))
			buf_addstr(out, "      end\n");
	}
	buf_addstr(out, "    end\n  endtask\n\n");
}

/*
 * done: end with `VP_DONE (single bench), else with the DONE line alone
 * (batch checker); ncmp names the variable holding the number of compares.
 */
static void add_summary(struct buf *out, const struct tbgen_spec *s, int done, const char *ncmp)
{
	size_t i;

	for (i = 0; i < s->nports; i++) {
		const char *n = s->ports[i].name;

		if (s->ports[i].dir != TBGEN_OUT || is_ignored(s, n))
			continue;
		buf_addf(out, "    if (m_%s != 0)\n", n);
		buf_addf(out, "      $display(\"@vp:%%016h:NOTE mismatches on %s: %%0d of %%0d compares\", "
			 "`VP_NONCE, m_%s, %s);\n", n, n, ncmp);
	}
	if (done)
		buf_addstr(out, "    `VP_DONE\n");
	else	/* the format of `VP_DONE, without its $finish */
		buf_addstr(out, "    $display(\"@vp:%016h:DONE %0d %0d\", `VP_NONCE, vp_passed, vp_total);\n");
}

/* scratch receives translated expressions (only their errors matter). */
static int validate_spec(const struct tbgen_spec *s, int sig, struct buf *scratch, struct buf *err)
{
	const struct tbgen_port *p;
	size_t i, nout = 0;

	if (!is_ident(s->top) || (!sig && !is_ident(s->ref_module))) {
		buf_setf(err, "module names must be plain identifiers");
		return -1;
	}
	if (!strcmp(s->top, "tb") || (!sig && !strcmp(s->ref_module, "tb"))) {
		buf_setf(err, "a top module named 'tb' clashes with the testbench module");
		return -1;
	}
	for (i = 0; i < s->nports; i++) {
		p = &s->ports[i];
		if (!is_ident(p->name)) {
			buf_setf(err, "port name '%s' is not a plain identifier", p->name ? p->name : "");
			return -1;
		}
		if (p->dir == TBGEN_INOUT) {
			buf_setf(err, "inout ports are not supported by %s testbenches (port '%s')",
				 sig ? "signature" : "differential", p->name);
			return -1;
		}
		if (p->width < 1) {
			buf_setf(err, "port '%s' has width %d", p->name, p->width);
			return -1;
		}
		if (p->dir == TBGEN_OUT)
			nout++;
	}
	for (i = 0; i < s->nparams; i++)
		if (!is_ident(s->params[i].name) || !s->params[i].value || !*s->params[i].value) {
			buf_setf(err, "parameter '%s' needs a plain name and a value",
				 s->params[i].name ? s->params[i].name : "");
			return -1;
		}
	for (i = 0; i < s->nignore; i++) {
		p = find_port(s, s->ignore[i]);
		if (!p || p->dir != TBGEN_OUT) {
			buf_setf(err, "dont_care.ignore: '%s' is not an output of '%s'", s->ignore[i], s->top);
			return -1;
		}
		nout--;
	}
	if (!nout) {
		buf_setf(err, "module '%s' has no outputs to compare", s->top);
		return -1;
	}
	for (i = 0; i < s->nwhen; i++) {
		p = find_port(s, s->when[i].output);
		if (!p || p->dir != TBGEN_OUT) {
			buf_setf(err, "dont_care.compare_when: '%s' is not an output of '%s'",
				 s->when[i].output, s->top);
			return -1;
		}
		if (when_of(s, s->when[i].output) != s->when[i].expr) {
			buf_setf(err, "dont_care.compare_when: '%s' appears twice", s->when[i].output);
			return -1;
		}
		if (add_expr(scratch, s, sig, s->when[i].expr, err))
			return -1;
	}
	for (i = 0; i < s->nlatency; i++) {
		p = find_port(s, s->latency[i].output);
		if (!p || p->dir != TBGEN_OUT) {
			buf_setf(err, "dont_care.latency: '%s' is not an output of '%s'",
				 s->latency[i].output, s->top);
			return -1;
		}
		if (s->kind != TBGEN_SEQ || sig) {
			buf_setf(err, "dont_care.latency needs a sequential differential testbench");
			return -1;
		}
		if (s->latency[i].cycles < 1 || s->latency[i].cycles > TBGEN_MAX_LATENCY) {
			buf_setf(err, "dont_care.latency: %d cycles for '%s' is not in 1..%d",
				 s->latency[i].cycles, s->latency[i].output, TBGEN_MAX_LATENCY);
			return -1;
		}
		if (latency_of(s, s->latency[i].output) != s->latency[i].cycles ||
		    &s->latency[i] != latency_entry(s, s->latency[i].output)) {
			buf_setf(err, "dont_care.latency: '%s' appears twice", s->latency[i].output);
			return -1;
		}
	}
	for (i = 0; i < s->nholds; i++) {
		size_t k;

		if (s->kind != TBGEN_SEQ) {
			buf_setf(err, "constraints.hold needs a sequential task");
			return -1;
		}
		for (k = 0; k < s->holds[i].ninputs; k++) {
			p = find_port(s, s->holds[i].inputs[k]);
			if (!p || !is_free_input(s, p)) {
				buf_setf(err, "constraints.hold: '%s' is not a data input of '%s'",
					 s->holds[i].inputs[k], s->top);
				return -1;
			}
		}
		if (add_expr(scratch, s, sig, s->holds[i].expr, err))
			return -1;
	}
	for (i = 0; i < s->nranges; i++) {
		const struct tbgen_range *r = &s->ranges[i];

		p = find_port(s, r->input);
		if (!p || !is_free_input(s, p) || p->width > 32) {
			buf_setf(err, "constraints.range: '%s' is not a data input of at most 32 bits of '%s'",
				 r->input, s->top);
			return -1;
		}
		if (range_of(s, r->input) != r) {
			buf_setf(err, "constraints.range: '%s' appears twice", r->input);
			return -1;
		}
		if (r->lo > r->hi || r->hi > (((uint64_t)1 << p->width) - 1)) {
			buf_setf(err, "constraints.range: %" PRIu64 "..%" PRIu64 " is not a range of %d-bit '%s'",
				 r->lo, r->hi, p->width, r->input);
			return -1;
		}
	}
	if (s->assume && add_expr(scratch, s, sig, s->assume, err))
		return -1;
	if (s->kind == TBGEN_SEQ) {
		if (!s->clock) {
			buf_setf(err, "a sequential testbench needs a clock");
			return -1;
		}
		p = find_port(s, s->clock);
		if (!p || p->dir != TBGEN_IN || p->width != 1) {
			buf_setf(err, "clock '%s' is not a 1-bit input of '%s'", s->clock, s->top);
			return -1;
		}
		if (s->reset) {
			p = find_port(s, s->reset);
			if (!p || p->dir != TBGEN_IN || p->width != 1) {
				buf_setf(err, "reset '%s' is not a 1-bit input of '%s'", s->reset, s->top);
				return -1;
			}
			if (!strcmp(s->reset, s->clock)) {
				buf_setf(err, "clock and reset are the same port '%s'", s->clock);
				return -1;
			}
		}
	}
	return 0;
}

static int validate(const struct tbgen_spec *s, int sig, struct buf *err)
{
	struct buf scratch = BUF_INIT;
	int ret = validate_spec(s, sig, &scratch, err);

	buf_release(&scratch);
	return ret;
}

/*
 * The checker of one batch slot: the single bench's compare task and
 * summary, over ports i_* (inputs), r_* (reference) and d_* (candidate), with
 * counters of its own; nfast is fast_concat()'s count (0: called at every
 * compare point).  Inside it `VP_NONCE names the slot's nonce
 * parameter, so the harness macros tag its lines with that nonce; the
 * candidates after it cannot name VP_ macros (testbench/vscan.h).
 */
static void add_checker(struct buf *out, const struct tbgen_spec *s, size_t nfast)
{
	size_t i;

	buf_addstr(out, "\n`undef VP_NONCE\n`define VP_NONCE vp_slot_nonce\n"
		   "module vp_b_chk #(parameter [63:0] vp_slot_nonce = 64'h0) (");
	for (i = 0; i < s->nports; i++) {
		const struct tbgen_port *p = &s->ports[i];

		buf_addstr(out, i ? ",\n  input" : "\n  input");
		add_range(out, p->width);
		if (p->dir == TBGEN_IN) {
			buf_addf(out, " i_%s", p->name);
		} else {
			buf_addf(out, " r_%s,\n  input", p->name);
			add_range(out, p->width);
			buf_addf(out, " d_%s", p->name);
		}
	}
	buf_addstr(out, "\n);\n  `VP_INIT\n");
	for (i = 0; i < s->nports; i++) {
		const struct tbgen_port *p = &s->ports[i];

		if (p->dir != TBGEN_OUT)
			continue;
		buf_addstr(out, "  reg");
		add_range(out, p->width);
		buf_addf(out, " c_%s;\n  integer m_%s;\n", p->name, p->name);
		if (latency_of(s, p->name)) {
			int hl = 2 * latency_of(s, p->name) + 1;

			buf_addstr(out, "  reg");
			add_range(out, p->width);
			buf_addf(out, " e_%s;\n  reg", p->name);
			add_range(out, p->width);
			buf_addf(out, " h_%s [1:%d];\n  reg", p->name, hl);
			add_range(out, p->width);
			buf_addf(out, " hc_%s [1:%d];\n  reg hv_%s [1:%d];\n", p->name, hl, p->name, hl);
		}
	}
	buf_addstr(out, "  integer vptb_k, vptb_j, vptb_cmp;\n");
	if (nfast) {
		buf_addstr(out, "  reg vptb_quiet;\n");
		add_per_output(out, s, "  integer vptb_km_%1$s;\n", 0);
	}
	buf_addstr(out, "\n  initial begin\n    vptb_cmp = 0;\n");
	if (nfast)
		buf_addstr(out, "    vptb_quiet = 1'b0;\n");
	for (i = 0; i < s->nports; i++) {
		const struct tbgen_port *p = &s->ports[i];

		if (p->dir != TBGEN_OUT)
			continue;
		buf_addf(out, "    m_%s = 0;\n", p->name);
		if (nfast && is_compared(s, p))
			buf_addf(out, "    vptb_km_%s = 0;\n", p->name);
		if (latency_of(s, p->name))
			buf_addf(out, "    for (vptb_j = 1; vptb_j <= %d; vptb_j = vptb_j + 1)\n"
				 "      hv_%s[vptb_j] = 1'b0;\n", 2 * latency_of(s, p->name) + 1, p->name);
	}
	buf_addstr(out, "  end\n\n");
	add_compare_task(out, s);
	if (nfast) {
		/*
		 * A compare point where the reference is fully known and this
		 * slot differs, while the slot can still print: the FAIL and
		 * first-mismatch lines vptb_compare would print there.  The
		 * bench counts these points' mismatches itself (vptb_m<k>_*);
		 * vp_total and m_* move here only so that the next lines are
		 * gated as in the single bench (failures so far: vp_total -
		 * vp_passed), and vptb_km_* say by how much.  Once
		 * VP_FAIL_LINES failures are printed and every output has mismatched,
		 * nothing can print again: vptb_quiet, and the bench stops
		 * calling.
		 */
		buf_addstr(out, "  task vptb_report;\n    begin\n");
		for (i = 0; i < s->nports; i++) {
			const struct tbgen_port *p = &s->ports[i];
			const char *n = p->name;

			if (!is_compared(s, p))
				continue;
			buf_addf(out, "      if (d_%s !== r_%s) begin\n"
				 "        vp_total = vp_total + 1;\n"
				 "        if (vp_total - vp_passed <= %d)\n"
				 "          $display(\"@vp:%%016h:FAIL %%0s got=%%0h exp=%%0h t=%%0t\", `VP_NONCE, \"%s\",\n"
				 "            d_%s & {%d{1'b1}}, r_%s, $time);\n", n, n, VP_FAIL_LINES, n, n,
				 p->width, n);
			add_first_mismatch_note(out, s, n);
			buf_addf(out, "        m_%s = m_%s + 1;\n        vptb_km_%s = vptb_km_%s + 1;\n"
				 "      end\n", n, n, n, n);
		}
		buf_addf(out, "      vptb_quiet = vp_total - vp_passed > %d", VP_FAIL_LINES);
		add_per_output(out, s, " && m_%1$s != 0", 0);
		buf_addstr(out, ";\n    end\n  endtask\n\n");
	}
	/*
	 * vptb_all: the bench's compare points.  With the fast path, vptb_kn
	 * of them had a fully known reference and were not compared here but
	 * by the bench, which counted each output's mismatches (vptb_tm_*):
	 * every other check of those points passed.
	 */
	buf_addstr(out, "  task vp_b_finish;\n  input integer vptb_all");
	if (nfast) {
		buf_addstr(out, ", vptb_kn");
		add_per_output(out, s, ", vptb_tm_%1$s", 0);
	}
	buf_addstr(out, ";\n  begin\n");
	if (nfast) {
		buf_addf(out, "    vp_total = vp_total + %zu * vptb_kn", nfast);
		add_per_output(out, s, " - vptb_km_%1$s", 0);
		buf_addf(out, ";\n    vp_passed = vp_passed + %zu * vptb_kn", nfast);
		add_per_output(out, s, " - vptb_tm_%1$s", 0);
		buf_addstr(out, ";\n");
		add_per_output(out, s, "    m_%1$s = m_%1$s - vptb_km_%1$s + vptb_tm_%1$s;\n", 0);
	}
	add_summary(out, s, 0, "vptb_all");
	buf_addstr(out, "  end\n  endtask\nendmodule\n");
}

/*
 * The falling-edge half of a sequential cycle (vptb_n the cycle number): the
 * inputs drawn, constraints.assume applied, reset pulses.  Text indented for
 * the single bench's cycle loop.
 */
static void add_seq_fall(struct buf *out, const struct tbgen_spec *s, int sig, long cycles,
			 const char *act, const char *inact)
{
	size_t i;

	if (s->assume)
		for (i = 0; i < s->nports; i++)
			if (is_free_input(s, &s->ports[i]))
				buf_addf(out, "      p_%s = i_%s;\n", s->ports[i].name, s->ports[i].name);
	buf_addstr(out, "      vptb_drive;\n");
	if (s->assume) {
		add_assume_redraw(out, s, sig);
		buf_addstr(out, "      if (!");
		add_expr(out, s, sig, s->assume, NULL);
		buf_addstr(out, ") begin // constraints.assume: keep the last legal inputs\n");
		for (i = 0; i < s->nports; i++)
			if (is_free_input(s, &s->ports[i]))
				buf_addf(out, "        i_%s = p_%s;\n", s->ports[i].name, s->ports[i].name);
		buf_addstr(out, "      end\n");
	}
	if (s->reset)
		buf_addf(out,
			 "      // Reset pulses of 1 or 2 cycles: about 1 in 128 cycles in the\n"
			 "      // first half (deep states), 1 in 8 in the second (reset behaviour).\n"
			 "      if (vptb_rst_left > 0)\n"
			 "        vptb_rst_left = vptb_rst_left - 1;\n"
			 "      else begin\n"
			 "        vptb_step;\n"
			 "        if (vptb_n < %ld ? vptb_rng[63:57] == 7'd0 : vptb_rng[63:61] == 3'd0)\n"
			 "          vptb_rst_left = 1 + vptb_rng[56];\n"
			 "      end\n"
			 "      i_%s = (vptb_rst_left > 0) ? %s : %s;\n",
			 cycles / 2, s->reset, act, inact);
}

/* Sample constraints.hold's conditions, just before the rising edge. */
static void add_seq_holds(struct buf *out, const struct tbgen_spec *s, int sig)
{
	size_t i;

	for (i = 0; i < s->nholds; i++) {
		buf_addf(out, "      vptb_h%zu = ", i);
		add_expr(out, s, sig, s->holds[i].expr, NULL);
		buf_addstr(out, "; // constraints.hold, sampled before the edge\n");
	}
}

/* sig: signature mode (candidate alone, trace hash) instead of differential. */
static int generate(const struct tbgen_spec *s, int sig, int nslots, struct buf *out,
		    struct buf *err)
{
	size_t i;
	int in_bits = 0, exhaustive;
	long cycles = s->cycles > 0 ? s->cycles : TBGEN_DEFAULT_CYCLES;
	long vectors = s->vectors > 0 ? s->vectors : TBGEN_DEFAULT_VECTORS;
	const char *act = s->reset_active_low ? "1'b0" : "1'b1";
	const char *inact = s->reset_active_low ? "1'b1" : "1'b0";
	struct buf scratch = BUF_INIT;
	size_t nfast = 0;
	int fast_width = 0;

	if (validate(s, sig, err))
		return -1;
	if (nslots)
		nfast = fast_concat(s, "r_", &scratch, &fast_width);
	buf_release(&scratch);
	for (i = 0; i < s->nports; i++)
		if (is_free_input(s, &s->ports[i]))
			in_bits += s->ports[i].width > TBGEN_EXHAUSTIVE_BITS ?
				   TBGEN_EXHAUSTIVE_BITS + 1 : s->ports[i].width;
	exhaustive = s->kind == TBGEN_COMB && in_bits <= TBGEN_EXHAUSTIVE_BITS;

	/* Header: what this bench does, and how to reproduce it. */
	buf_addf(out, "// %s testbench for '%s' generated by veripref tbgen (generator %d).\n",
		 sig ? "Signature" : "Differential", s->top, TBGEN_VERSION);
	buf_addf(out, "// seed %" PRIu64 "; ", s->seed);
	if (s->kind == TBGEN_SEQ)
		buf_addf(out, "sequential: clock %s, %s, %d reset cycles then %ld random cycles;\n"
			 "// inputs change on the falling edge, outputs compared 1 ns after both edges.\n",
			 s->clock,
			 s->reset ? (s->reset_active_low ? "active-low reset" : "active-high reset")
				  : "no reset",
			 TBGEN_RESET_CYCLES, cycles);
	else if (exhaustive)
		buf_addf(out, "combinational: all %ld input combinations, compared 1 ns after applying.\n",
			 1L << in_bits);
	else
		buf_addf(out, "combinational: %ld random and corner vectors, compared 1 ns after applying.\n",
			 vectors);
	if (sig)
		buf_addf(out, "// dut = candidate '%s' alone; its outputs at every compare point are hashed\n"
			 "// into the signature printed at the end (X/Z bits hash apart from 0 and 1).\n",
			 s->top);
	else
		buf_addf(out, "// dut = candidate '%s', ref_i = reference '%s'.  X/Z reference bits are don't-care.\n",
			 s->top, s->ref_module);
	buf_addstr(out, "`timescale 1ns/1ps\n`include \"vp_harness.vh\"\n\nmodule tb;\n  `VP_INIT\n");

	/* Declarations. */
	for (i = 0; i < s->nports; i++) {
		const struct tbgen_port *p = &s->ports[i];

		if (p->dir == TBGEN_IN) {
			buf_addstr(out, "  reg");
			add_range(out, p->width);
			buf_addf(out, " i_%s;\n", p->name);
			if (s->kind == TBGEN_SEQ && p->width == 1 && is_free_input(s, p))
				buf_addf(out, "  reg [1:0] b_%s;\n", p->name);
		} else if (sig) {
			buf_addstr(out, "  wire");
			add_range(out, p->width);
			buf_addf(out, " d_%s;\n  reg", p->name);
			add_range(out, p->width);
			buf_addf(out, " c_%s;\n", p->name);
		} else if (nslots) {
			int k;

			buf_addstr(out, "  wire");
			add_range(out, p->width);
			buf_addf(out, " r_%s", p->name);
			for (k = 0; k < nslots; k++)
				buf_addf(out, ", vp_d%d_%s", k, p->name);
			buf_addstr(out, ";\n");
		} else {
			buf_addstr(out, "  wire");
			add_range(out, p->width);
			buf_addf(out, " d_%s, r_%s;\n  reg", p->name, p->name);
			add_range(out, p->width);
			buf_addf(out, " c_%s;\n  integer m_%s;\n", p->name, p->name);
			if (latency_of(s, p->name)) {
				int hl = 2 * latency_of(s, p->name) + 1;

				buf_addstr(out, "  reg");
				add_range(out, p->width);
				buf_addf(out, " e_%s;\n  reg", p->name);
				add_range(out, p->width);
				buf_addf(out, " h_%s [1:%d];\n  reg", p->name, hl);
				add_range(out, p->width);
				buf_addf(out, " hc_%s [1:%d];\n  reg hv_%s [1:%d];\n", p->name, hl, p->name, hl);
			}
		}
	}
	if (sig)
		buf_addstr(out, "  reg [63:0] vptb_sig;\n");
	if (nfast) {
		int k;

		buf_addstr(out, "  reg");
		add_range(out, fast_width);
		buf_addstr(out, " vptb_rall;\n  integer vptb_kn;\n");
		for (k = 0; k < nslots; k++)
			add_per_output(out, s, "  integer vptb_m%2$d_%1$s;\n", k);
	}
	buf_addstr(out, "  reg [63:0] vptb_rng;\n  reg [4:0] vptb_mode;\n"
		   "  integer vptb_n, vptb_k, vptb_r, vptb_cmp, vptb_rst_left;\n");
	for (i = 0; i < s->nholds; i++)
		buf_addf(out, "  reg vptb_h%zu;\n", i);
	if (s->nlatency && !sig)
		buf_addstr(out, "  integer vptb_j;\n");
	if (s->nranges)
		buf_addstr(out, "  reg [63:0] vptb_t;\n");
	if (s->assume) {
		buf_addstr(out, "  integer vptb_try;\n");
		for (i = 0; i < s->nports && s->kind == TBGEN_SEQ; i++)
			if (is_free_input(s, &s->ports[i])) {
				buf_addstr(out, "  reg");
				add_range(out, s->ports[i].width);
				buf_addf(out, " p_%s;\n", s->ports[i].name);
			}
	}
	buf_addstr(out, "\n");

	if (nslots) {
		struct buf mod = BUF_INIT, inst = BUF_INIT, pfx = BUF_INIT;
		int k;

		add_instance(out, s, s->ref_module, "ref_i", "r_");
		for (k = 0; k < nslots; k++) {
			buf_reset(&mod);
			buf_reset(&inst);
			buf_reset(&pfx);
			buf_addf(&mod, "%s" TBGEN_SLOT_SUFFIX_FMT, s->top, k);
			buf_addf(&inst, "dut%d", k);
			buf_addf(&pfx, "vp_d%d_", k);
			add_instance(out, s, mod.data, inst.data, pfx.data);
			/* Each slot's verdict lines carry a nonce of its own. */
			buf_addf(out, "  vp_b_chk #(.vp_slot_nonce(`VP_NONCE ^ (64'd%d * 64'h%016" PRIx64
				 "))) chk%d (", k + 1, (uint64_t)TBGEN_SLOT_NONCE_MUL, k);
			for (i = 0; i < s->nports; i++) {
				const struct tbgen_port *p = &s->ports[i];

				if (p->dir == TBGEN_IN)
					buf_addf(out, "%s\n    .i_%s(i_%s)", i ? "," : "", p->name, p->name);
				else
					buf_addf(out, "%s\n    .r_%s(r_%s),\n    .d_%s(vp_d%d_%s)", i ? "," : "",
						 p->name, p->name, p->name, k, p->name);
			}
			buf_addstr(out, "\n  );\n");
		}
		buf_release(&mod);
		buf_release(&inst);
		buf_release(&pfx);
	} else {
		add_instance(out, s, s->top, "dut", "d_");
		if (!sig)
			add_instance(out, s, s->ref_module, "ref_i", "r_");
	}
	buf_addstr(out, "\n");

	/*
	 * The generator: a 64-bit LCG (Knuth's MMIX constants), identical in
	 * every simulator.  Only its upper bits are used; a shift-based
	 * generator cost Icarus six times as much time per step.
	 */
	buf_addstr(out,
		   "  task vptb_step;\n"
		   "    vptb_rng = vptb_rng * 64'd6364136223846793005 + 64'd1442695040888963407;\n"
		   "  endtask\n\n");

	/* Stimulus for every free input; vptb_n is the vector/cycle number. */
	buf_addf(out, "  // The first %d vectors put every input in the same corner mode\n"
		 "  // (zeros, ones, walking one, 0101, 1010, max, min signed, random);\n"
		 "  // later each input is a corner value with probability 7/32.\n",
		 PROLOGUE);
	buf_addstr(out, "  task vptb_drive;\n    begin\n");
	for (i = 0; i < s->nports; i++)
		if (is_free_input(s, &s->ports[i]))
			add_drive_input(out, s, &s->ports[i]);
	buf_addstr(out, "    end\n  endtask\n\n");

	if (sig) {
		add_sample_task(out, s);
	} else if (nslots) {
		int k;

		buf_addstr(out, "  // Every slot's checker compares its candidate with the reference");
		if (nfast) {
			/* See fast_concat(). */
			buf_addstr(out, ",\n  // with the reference fully known, only where the slot differs.\n"
				   "  task vptb_compare;\n    begin\n      vptb_cmp = vptb_cmp + 1;\n"
				   "      vptb_rall = ");
			fast_concat(s, "r_", out, &fast_width);
			buf_addstr(out, ";\n      if (^vptb_rall === 1'bx) begin\n");
			for (k = 0; k < nslots; k++)
				buf_addf(out, "        chk%d.vptb_compare;\n", k);
			buf_addstr(out, "      end else begin\n        vptb_kn = vptb_kn + 1;\n");
			for (k = 0; k < nslots; k++) {
				char pfx[32];

				snprintf(pfx, sizeof(pfx), "vp_d%d_", k);
				buf_addstr(out, "        if (");
				fast_concat(s, pfx, out, &fast_width);
				buf_addstr(out, " !== vptb_rall) begin\n");
				for (i = 0; i < s->nports; i++) {
					const char *n = s->ports[i].name;

					if (!is_compared(s, &s->ports[i]))
						continue;
					if (nfast > 1)
						buf_addf(out, "          if (vp_d%d_%s !== r_%s)\n  ", k, n, n);
					buf_addf(out, "          vptb_m%d_%s = vptb_m%d_%s + 1;\n", k, n, k, n);
				}
				buf_addf(out, "          if (!chk%d.vptb_quiet)\n"
					 "            chk%d.vptb_report;\n        end\n", k, k);
			}
			buf_addstr(out, "      end\n");
		} else {
			buf_addstr(out, ".\n  task vptb_compare;\n    begin\n      vptb_cmp = vptb_cmp + 1;\n");
			for (k = 0; k < nslots; k++)
				buf_addf(out, "      chk%d.vptb_compare;\n", k);
		}
		buf_addstr(out, "    end\n  endtask\n\n");
	} else {
		add_compare_task(out, s);
	}

	buf_addstr(out, "  initial begin\n");
	buf_addf(out, "    vptb_rng = 64'h%016" PRIx64 ";\n", tbgen_rng_init(s->seed));
	buf_addstr(out, "    vptb_cmp = 0;\n    vptb_rst_left = 0;\n    vptb_n = 0;\n");
	if (nfast) {
		int k;

		buf_addstr(out, "    vptb_kn = 0;\n");
		for (k = 0; k < nslots; k++)
			add_per_output(out, s, "    vptb_m%2$d_%1$s = 0;\n", k);
	}
	if (sig)
		buf_addstr(out, "    vptb_sig = 64'hcbf29ce484222325;\n");
	for (i = 0; i < s->nholds; i++)
		buf_addf(out, "    vptb_h%zu = 1'b0;\n", i);
	if (s->assume)
		buf_addstr(out, "    vptb_try = 0;\n");
	for (i = 0; i < s->nports; i++) {
		const struct tbgen_port *p = &s->ports[i];

		if (p->dir == TBGEN_OUT && !sig && !nslots) {
			buf_addf(out, "    m_%s = 0;\n", p->name);
			if (latency_of(s, p->name))
				buf_addf(out, "    for (vptb_j = 1; vptb_j <= %d; vptb_j = vptb_j + 1)\n"
					 "      hv_%s[vptb_j] = 1'b0;\n",
					 2 * latency_of(s, p->name) + 1, p->name);
		}
		else if (p->dir != TBGEN_OUT && is_free_input(s, p)) {
			buf_addf(out, "    i_%s = %d'd0;\n", p->name, p->width);
			if (s->kind == TBGEN_SEQ && p->width == 1)
				buf_addf(out, "    b_%s = 2'd0;\n", p->name);
		}
	}

	if (s->kind == TBGEN_SEQ) {
		buf_addf(out, "    i_%s = 1'b0;\n", s->clock);
		if (s->reset)
			buf_addf(out, "    i_%s = %s; // assert reset\n", s->reset, act);
		if (nslots) {
			/*
			 * A batch runs the reset and random cycles as one loop of
			 * half cycles, so that vptb_compare, which holds every
			 * slot's checker, has one call site instead of four (the
			 * simulators inline tasks: Verilator's build time is
			 * proportional to the call sites times the slots).  The
			 * same statements run at the same times as in the single
			 * bench's two loops.
			 */
			buf_addf(out, "    for (vptb_r = 0; vptb_r < %ld; vptb_r = vptb_r + 1) begin\n",
				 2 * (TBGEN_RESET_CYCLES + cycles));
			if (s->reset)
				buf_addf(out, "      if (vptb_r == %d)\n        i_%s = %s; // release reset\n",
					 2 * TBGEN_RESET_CYCLES, s->reset, inact);
			buf_addf(out, "      if (vptb_r >= %d && vptb_r %% 2 == 0) begin\n"
				 "      vptb_n = (vptb_r - %d) / 2;\n", 2 * TBGEN_RESET_CYCLES,
				 2 * TBGEN_RESET_CYCLES);
			add_seq_fall(out, s, sig, cycles, act, inact);
			buf_addstr(out, "      end else if (vptb_r % 2 == 1) begin\n");
			if (s->nholds) {
				buf_addf(out, "      if (vptb_r > %d) begin\n", 2 * TBGEN_RESET_CYCLES);
				add_seq_holds(out, s, sig);
				buf_addstr(out, "      end\n");
			}
			buf_addf(out, "      i_%s = 1'b1;\n"
				 "      end\n"
				 "      #1 vptb_compare;\n"
				 "      #4 if (vptb_r %% 2 == 1) i_%s = 1'b0;\n"
				 "    end\n", s->clock, s->clock);
		} else {
			/*
			 * A signature leaves the reset cycles out: before the first edge
			 * Icarus shows X where Verilator shows 0.
			 */
			buf_addf(out,
				 "    // %s: %d cycles with the other inputs at zero%s.\n"
				 "    for (vptb_r = 0; vptb_r < %d; vptb_r = vptb_r + 1) begin\n"
				 "      #1%s;\n"
				 "      #4 i_%s = 1'b1;\n"
				 "      #1%s;\n"
				 "      #4 i_%s = 1'b0;\n"
				 "    end\n",
				 s->reset ? "Reset" : "Warm-up", TBGEN_RESET_CYCLES,
				 sig ? " (not sampled)" : "", TBGEN_RESET_CYCLES,
				 sig ? "" : " vptb_compare", s->clock, sig ? "" : " vptb_compare", s->clock);
			if (s->reset)
				buf_addf(out, "    i_%s = %s; // release reset\n", s->reset, inact);
			buf_addf(out, "    for (vptb_n = 0; vptb_n < %ld; vptb_n = vptb_n + 1) begin\n", cycles);
			add_seq_fall(out, s, sig, cycles, act, inact);
			buf_addstr(out, "      #1 vptb_compare;\n      #4;\n");
			add_seq_holds(out, s, sig);
			buf_addf(out,
				 "      i_%s = 1'b1;\n"
				 "      #1 vptb_compare;\n"
				 "      #4 i_%s = 1'b0;\n"
				 "    end\n",
				 s->clock, s->clock);
		}
	} else if (exhaustive) {
		int first = 1;

		buf_addf(out, "    for (vptb_n = 0; vptb_n < %ld; vptb_n = vptb_n + 1) begin\n",
			 1L << in_bits);
		if (in_bits) {
			buf_addstr(out, "      {");
			for (i = 0; i < s->nports; i++)
				if (is_free_input(s, &s->ports[i])) {
					buf_addf(out, "%si_%s", first ? "" : ", ", s->ports[i].name);
					first = 0;
				}
			buf_addf(out, "} = vptb_n[%d:0];\n", in_bits - 1);
		}
		if (s->nranges || s->assume) {
			/* Illegal combinations are skipped, not compared. */
			int nterm = 0;

			buf_addstr(out, "      if (");
			for (i = 0; i < s->nranges; i++) {
				const struct tbgen_range *r = &s->ranges[i];

				buf_addstr(out, nterm++ ? " && " : "");
				if (r->lo)
					buf_addf(out, "(i_%s >= %" PRIu64 " && i_%s <= %" PRIu64 ")",
						 r->input, r->lo, r->input, r->hi);
				else
					buf_addf(out, "i_%s <= %" PRIu64, r->input, r->hi);
			}
			if (s->assume) {
				buf_addstr(out, nterm++ ? " && " : "");
				add_expr(out, s, sig, s->assume, NULL);
			}
			buf_addstr(out, ") begin\n        #1 vptb_compare;\n      end\n    end\n");
		} else {
			buf_addstr(out, "      #1 vptb_compare;\n    end\n");
		}
	} else {
		buf_addf(out,
			 "    for (vptb_n = 0; vptb_n < %ld; vptb_n = vptb_n + 1) begin\n"
			 "      vptb_drive;\n",
			 vectors);
		if (s->assume) {
			add_assume_redraw(out, s, sig);
			buf_addstr(out, "      if ");
			add_expr(out, s, sig, s->assume, NULL);
			buf_addstr(out, " begin\n        #1 vptb_compare;\n      end\n    end\n");
		} else {
			buf_addstr(out, "      #1 vptb_compare;\n    end\n");
		}
	}
	if (sig)
		buf_addstr(out, "    $display(\"@vp:%016h:NOTE signature %016h samples %0d\", "
			   "`VP_NONCE, vptb_sig, vptb_cmp);\n    `VP_DONE\n");
	else if (!nslots)
		add_summary(out, s, 1, "vptb_cmp");
	else {
		for (i = 0; i < (size_t)nslots; i++)
		{
			buf_addf(out, "    chk%zu.vp_b_finish(vptb_cmp", i);
			if (nfast) {
				buf_addstr(out, ", vptb_kn");
				add_per_output(out, s, ", vptb_m%2$d_%1$s", (int)i);
			}
			buf_addstr(out, ");\n");
		}
		buf_addstr(out, "    $finish;\n");
	}
	buf_addstr(out, "  end\nendmodule\n");
	if (nslots)
		add_checker(out, s, nfast);
	return 0;
}

int tbgen_differential(const struct tbgen_spec *s, struct buf *out, struct buf *err)
{
	return generate(s, 0, 0, out, err);
}

int tbgen_signature(const struct tbgen_spec *s, struct buf *out, struct buf *err)
{
	return generate(s, 1, 0, out, err);
}

int tbgen_differential_batch(const struct tbgen_spec *s, int nslots, struct buf *out,
			     struct buf *err)
{
	if (nslots < 1 || nslots > TBGEN_MAX_SLOTS) {
		buf_setf(err, "a batch testbench needs 1..%d slots, not %d", TBGEN_MAX_SLOTS, nslots);
		return -1;
	}
	return generate(s, 0, nslots, out, err);
}

uint64_t tbgen_slot_nonce(uint64_t nonce, int slot)
{
	return nonce ^ ((uint64_t)(slot + 1) * TBGEN_SLOT_NONCE_MUL);
}
