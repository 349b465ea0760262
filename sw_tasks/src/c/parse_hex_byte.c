//@prompt
/* Parse a string of exactly two hexadecimal digits (0-9, a-f or A-F) and
 * return its value 0..255; return -1 for anything else, including shorter
 * or longer strings. */
int parse_hex_byte(const char *s) {
//@solution
    int v = 0;
    for (int i = 0; i < 2; i++) {
        char c = s[i];
        int d;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        else
            return -1;
        v = v * 16 + d;
    }
    return s[2] == '\0' ? v : -1;
}
//@test
#include "vp_ctest.h"

int parse_hex_byte(const char *s);

VP_TESTS {
    VP_CHECK(parse_hex_byte("ff") == 255);
    VP_CHECK(parse_hex_byte("00") == 0);
    VP_CHECK(parse_hex_byte("7F") == 127);
    VP_CHECK(parse_hex_byte("a0") == 160);
    VP_CHECK(parse_hex_byte("0a") == 10);
    VP_CHECK(parse_hex_byte("Ab") == 171);
    VP_CHECK(parse_hex_byte("g0") == -1);
    VP_CHECK(parse_hex_byte("1") == -1);
    VP_CHECK(parse_hex_byte("123") == -1);
    VP_CHECK(parse_hex_byte("") == -1);
    VP_CHECK(parse_hex_byte(" 1") == -1);
    VP_CHECK(parse_hex_byte("fG") == -1);
}
