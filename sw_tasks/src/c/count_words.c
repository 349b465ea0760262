//@prompt
#include <ctype.h>

/* Return the number of words in the string s, where a word is a maximal
 * run of characters that are not white space (isspace). */
int count_words(const char *s) {
//@solution
    int n = 0, in_word = 0;
    for (; *s; s++) {
        if (isspace((unsigned char)*s)) {
            in_word = 0;
        } else if (!in_word) {
            in_word = 1;
            n++;
        }
    }
    return n;
}
//@test
#include "vp_ctest.h"

int count_words(const char *s);

VP_TESTS {
    VP_CHECK(count_words("") == 0);
    VP_CHECK(count_words("hello") == 1);
    VP_CHECK(count_words("  hello   world  ") == 2);
    VP_CHECK(count_words("a b c") == 3);
    VP_CHECK(count_words("\tx\ny ") == 2);
    VP_CHECK(count_words("   ") == 0);
    VP_CHECK(count_words("one,two three") == 2);
    VP_CHECK(count_words(" a") == 1);
    VP_CHECK(count_words("a ") == 1);
    VP_CHECK(count_words("x\r\ny\v\fz") == 3);
}
