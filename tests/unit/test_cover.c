/*
 * cover_summarise: coverage.dat text in the format Verilator 5.006 writes
 * (keys \001k\002v), counted by hand.  cover_run itself is exercised end to
 * end by tests/unit/test_tbval.c and tests/cli/tbcheck_*.sh.
 */
#include "sim/cover.h"

#include <criterion/criterion.h>
#include <string.h>

#define K(k, v) "\001" k "\002" v
#define PT(f, l, page, o, S, h, n) \
	"C '" K("f", f) K("l", l) K("n", "5") K("page", page) K("o", o) S K("h", h) "' " n "\n"

static const char dat[] =
	"# SystemC::Coverage-3\n"
	/* lines 3-5 run twice; line 5 also holds a branch never taken */
	PT("/dev/shm/x/j0/ref.v", "3", "v_line/m", "block", K("S", "3-5"), "TOP.tb.dut", "2")
	PT("/dev/shm/x/j0/ref.v", "5", "v_branch/m", "if", K("S", "5"), "TOP.tb.dut", "0")
	/* line 6 never; 7 and 9 once */
	PT("/dev/shm/x/j0/ref.v", "6", "v_line/m", "else", K("S", "6"), "TOP.tb.dut", "0")
	PT("/dev/shm/x/j0/ref.v", "7", "v_line/m", "block", K("S", "7,9"), "TOP.tb.dut", "1")
	/* no S: the l key gives the line (12, once) */
	PT("ref.v", "12", "v_line/m", "block", "", "TOP.tb.dut", "1")
	/* the same toggle point in two instances: merged, hit (0 + 3) */
	PT("ref.v", "2", "v_toggle/m", "q[0]", "", "TOP.tb.u0", "0")
	PT("ref.v", "2", "v_toggle/m", "q[0]", "", "TOP.tb.u1", "3")
	/* a toggle point never hit */
	PT("ref.v", "2", "v_toggle/m", "q[1]", "", "TOP.tb.u0", "0")
	/* other pages are not counted */
	PT("ref.v", "20", "v_user/m", "cover", "", "TOP.tb.dut", "0")
	/* other files are not counted, nor are files merely ending in ref.v */
	PT("tb.v", "30", "v_line/tb", "block", "", "TOP.tb", "0")
	PT("/a/xref.v", "31", "v_line/tb", "block", "", "TOP.tb", "0")
	PT("tb.v", "30", "v_toggle/tb", "clk", "", "TOP.tb", "0");

Test(cover, counts_lines_and_toggles_of_one_file_by_hand)
{
	struct cover_summary s = COVER_SUMMARY_INIT;
	struct buf err = BUF_INIT;

	cr_assert_eq(cover_summarise(dat, strlen(dat), "ref.v", &s, &err), 0, "%s", err.data);
	/* lines 3 4 5 6 7 9 12; 5 (branch 0) and 6 missed */
	cr_assert_eq(s.lines_total, 7);
	cr_assert_eq(s.lines_hit, 5);
	cr_assert_eq(s.nuncovered, 2);
	cr_assert_eq(s.uncovered[0], 5);
	cr_assert_eq(s.uncovered[1], 6);
	cr_assert_eq(s.toggles_total, 2);
	cr_assert_eq(s.toggles_hit, 1);
	cover_summary_release(&s);
	cr_assert_null(s.uncovered);
	cover_summary_release(NULL);

	cr_assert_eq(cover_summarise(dat, strlen(dat), "tb.v", &s, &err), 0);
	cr_assert_eq(s.lines_total, 1);
	cr_assert_eq(s.lines_hit, 0);
	cr_assert_eq(s.toggles_total, 1);
	cover_summary_release(&s);
	buf_release(&err);
}

Test(cover, a_file_without_points_counts_nothing)
{
	struct cover_summary s = COVER_SUMMARY_INIT;
	struct buf err = BUF_INIT;

	cr_assert_eq(cover_summarise(dat, strlen(dat), "other.v", &s, &err), 0);
	cr_assert_eq(s.lines_total + s.lines_hit + s.toggles_total + s.toggles_hit + s.nuncovered, 0);
	cover_summary_release(&s);
	buf_release(&err);
}

Test(cover, rejects_text_that_is_not_a_coverage_file)
{
	static const char bad_count[] = "# SystemC::Coverage-3\n"
		PT("ref.v", "2", "v_line/m", "block", "", "TOP", "12x");
	static const char no_quote[] = "# SystemC::Coverage-3\nC nonsense 3\n";
	struct cover_summary s = COVER_SUMMARY_INIT;
	struct buf err = BUF_INIT;

	cr_assert_eq(cover_summarise("hello\n", 6, "ref.v", &s, &err), -1);
	cr_assert_str_eq(err.data, "not a Verilator coverage file (no '# SystemC::Coverage' header)");
	cr_assert_eq(cover_summarise(bad_count, strlen(bad_count), "ref.v", &s, &err), -1);
	cr_assert_str_eq(err.data, "coverage.dat line 2: malformed count");
	cr_assert_eq(cover_summarise(no_quote, strlen(no_quote), "ref.v", &s, &err), -1);
	cr_assert_str_eq(err.data, "coverage.dat line 2: malformed point");
	cr_assert_null(s.uncovered);
	buf_release(&err);
}
