//@prompt
#include <ctype.h>
#include <string.h>

/* Remove the leading and trailing white space (isspace) of the string s in
 * place: the remaining text is moved to the start of s and terminated.
 * Return its new length. */
size_t trim_inplace(char *s) {
//@solution
    size_t start = 0, len = strlen(s);
    while (start < len && isspace((unsigned char)s[start]))
        start++;
    while (len > start && isspace((unsigned char)s[len - 1]))
        len--;
    memmove(s, s + start, len - start);
    s[len - start] = '\0';
    return len - start;
}
//@test
#include "vp_ctest.h"
#include <string.h>

size_t trim_inplace(char *s);

static char b[64];

/* Trim a copy of `in`; true when the length and the text are `want`. */
static int trims_to(const char *in, const char *want)
{
    strcpy(b, in);
    size_t n = trim_inplace(b);
    return n == strlen(want) && strcmp(b, want) == 0;
}

VP_TESTS {
    VP_CHECK(trims_to("  hi  ", "hi"));
    VP_CHECK(trims_to("", ""));
    VP_CHECK(trims_to("   ", ""));
    VP_CHECK(trims_to("x", "x"));
    VP_CHECK(trims_to("\t a b \n", "a b"));
    VP_CHECK(trims_to("abc   ", "abc"));
    VP_CHECK(trims_to("   abc", "abc"));
    VP_CHECK(trims_to(" \r\n\v\f", ""));
    VP_CHECK(trims_to("no-space", "no-space"));
}
