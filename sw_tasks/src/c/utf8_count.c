//@prompt
/* Count the code points of the NUL-terminated UTF-8 string s, or return -1
 * if it is not well formed in this simple sense: each code point is a lead
 * byte 0xxxxxxx, 110xxxxx, 1110xxxx or 11110xxx followed by exactly 0, 1, 2
 * or 3 continuation bytes 10xxxxxx.  Any other byte where a lead byte is
 * expected, or a sequence cut short, makes the string invalid.  (Overlong
 * forms and surrogates need not be rejected.) */
long utf8_count(const char *s) {
//@solution
    const unsigned char *p = (const unsigned char *)s;
    long n = 0;
    while (*p) {
        int extra;
        if (*p < 0x80)
            extra = 0;
        else if ((*p & 0xE0) == 0xC0)
            extra = 1;
        else if ((*p & 0xF0) == 0xE0)
            extra = 2;
        else if ((*p & 0xF8) == 0xF0)
            extra = 3;
        else
            return -1;
        p++;
        for (int i = 0; i < extra; i++, p++)
            if ((*p & 0xC0) != 0x80)
                return -1;
        n++;
    }
    return n;
}
//@test
#include "vp_ctest.h"

long utf8_count(const char *s);

VP_TESTS {
    VP_CHECK(utf8_count("") == 0);
    VP_CHECK(utf8_count("abc") == 3);
    VP_CHECK(utf8_count("caf\xc3\xa9") == 4);
    VP_CHECK(utf8_count("\xe2\x82\xac") == 1);
    VP_CHECK(utf8_count("\xf0\x9f\x98\x80!") == 2);
    VP_CHECK(utf8_count("a\xc3\xa9\xe2\x82\xac" "b") == 4);
    VP_CHECK(utf8_count("\x80") == -1);
    VP_CHECK(utf8_count("\xc3") == -1);
    VP_CHECK(utf8_count("\xe2\x82") == -1);
    VP_CHECK(utf8_count("\xff") == -1);
    VP_CHECK(utf8_count("\xc3\x28") == -1);
    VP_CHECK(utf8_count("ok\xa9") == -1);
}
