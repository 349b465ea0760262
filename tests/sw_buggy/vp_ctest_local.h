/* Local stand-in for vp_ctest.h, used ONLY by tests/sw_corpus_check.py to
 * validate the bundled C tasks with plain gcc.  The real harness header (the
 * nonce-tagged protocol the C runner reads) belongs to the runner; this one
 * just counts failed checks, prints each, and exits 1 if any failed.
 *
 * A test is `VP_TESTS { VP_CHECK(expr); ... }`: VP_TESTS opens the body of a
 * function that main() calls. */
#ifndef VP_CTEST_LOCAL_H
#define VP_CTEST_LOCAL_H
#include <stdio.h>

static int vp_checks, vp_failures;

#define VP_CHECK(expr) do { \
		vp_checks++; \
		if (!(expr)) { \
			vp_failures++; \
			printf("check failed: line %d: %s\n", __LINE__, #expr); \
		} \
	} while (0)

#define VP_TESTS \
	static void vp_tests(void); \
	int main(void) \
	{ \
		vp_tests(); \
		printf("%d checks, %d failed\n", vp_checks, vp_failures); \
		return vp_failures != 0; \
	} \
	static void vp_tests(void)

#endif
