//@prompt
#include <string.h>

/* s holds words separated by single spaces, with no leading or trailing
 * space (it may be empty).  Reverse the order of the words in place, so
 * "the sky is blue" becomes "blue is sky the"; each word keeps its own
 * spelling. */
void reverse_words(char *s) {
//@solution
    size_t n = strlen(s), start = 0;
    if (n == 0)
        return;
    for (size_t i = 0, j = n - 1; i < j; i++, j--) {
        char t = s[i];
        s[i] = s[j];
        s[j] = t;
    }
    for (size_t k = 0; k <= n; k++) {
        if (s[k] == ' ' || s[k] == '\0') {
            for (size_t i = start, j = k - 1; i < j; i++, j--) {
                char t = s[i];
                s[i] = s[j];
                s[j] = t;
            }
            start = k + 1;
        }
    }
}
//@test
#include "vp_ctest.h"
#include <string.h>

void reverse_words(char *s);

static char b[64];

/* Reverse the words of a copy of `in`; true when the result is `want`. */
static int rw(const char *in, const char *want)
{
    strcpy(b, in);
    reverse_words(b);
    return strcmp(b, want) == 0;
}

VP_TESTS {
    VP_CHECK(rw("the sky is blue", "blue is sky the"));
    VP_CHECK(rw("", ""));
    VP_CHECK(rw("one", "one"));
    VP_CHECK(rw("a b", "b a"));
    VP_CHECK(rw("ab cd ef", "ef cd ab"));
    VP_CHECK(rw("x yz", "yz x"));
    VP_CHECK(rw("hello world", "world hello"));
    VP_CHECK(rw("a b c d e", "e d c b a"));
}
