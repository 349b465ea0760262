#include "sim/buf.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

Test(buf, empty_buffer_is_a_valid_empty_string)
{
	struct buf b = BUF_INIT;
	cr_assert_str_eq(b.data, "");
	cr_assert_eq(b.len, 0);
	buf_release(&b);
}

Test(buf, appends_and_formats)
{
	struct buf b = BUF_INIT;
	buf_addstr(&b, "ab");
	buf_addch(&b, 'c');
	buf_addf(&b, "-%d-%s", 42, "x");
	cr_assert_str_eq(b.data, "abc-42-x");
	cr_assert_eq(b.len, 8);
	buf_release(&b);
}

Test(buf, long_format_goes_past_the_stack_buffer)
{
	struct buf b = BUF_INIT;
	char big[1000];
	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	buf_addf(&b, "<%s>", big);
	cr_assert_eq(b.len, 1001);
	cr_assert_eq(b.data[0], '<');
	cr_assert_eq(b.data[1000], '>');
	buf_release(&b);
}

Test(buf, cap_keeps_what_fits_and_flags_truncation)
{
	struct buf b;
	buf_init(&b, 5);
	cr_assert_eq(buf_addstr(&b, "abc"), 0);
	cr_assert_eq(buf_addstr(&b, "defg"), -1);
	cr_assert_str_eq(b.data, "abcde");
	cr_assert_eq(b.truncated, 1);
	cr_assert_eq(buf_addstr(&b, "z"), -1);
	cr_assert_eq(b.len, 5);
	buf_release(&b);
}

Test(buf, detach_hands_over_storage)
{
	struct buf b = BUF_INIT;
	size_t len;
	char *p;
	buf_addstr(&b, "hello");
	p = buf_detach(&b, &len);
	cr_assert_str_eq(p, "hello");
	cr_assert_eq(len, 5);
	cr_assert_str_eq(b.data, "");
	free(p);
}

Test(buf, rtrim_and_setlen)
{
	struct buf b = BUF_INIT;
	buf_addstr(&b, "line \r\n\t ");
	buf_rtrim(&b);
	cr_assert_str_eq(b.data, "line");
	buf_setlen(&b, 2);
	cr_assert_str_eq(b.data, "li");
	buf_release(&b);
}

Test(buf, read_file_round_trips_and_reports_missing_files)
{
	struct buf b = BUF_INIT;
	char path[] = "/tmp/vp-buf-XXXXXX";
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert_eq(buf_write_fd(fd, "a\0b", 3), 0);
	close(fd);
	cr_assert_eq(buf_read_file(&b, path), 0);
	cr_assert_eq(b.len, 3);
	cr_assert_eq(memcmp(b.data, "a\0b", 3), 0);
	unlink(path);
	buf_reset(&b);
	cr_assert_eq(buf_read_file(&b, path), -1);
	cr_assert_eq(errno, ENOENT);
	buf_release(&b);
}

Test(buf, read_file_over_cap_fails_with_efbig)
{
	struct buf b;
	char path[] = "/tmp/vp-buf-XXXXXX";
	int fd = mkstemp(path);
	buf_write_fd(fd, "0123456789", 10);
	close(fd);
	buf_init(&b, 4);
	cr_assert_eq(buf_read_file(&b, path), -1);
	cr_assert_eq(errno, EFBIG);
	cr_assert_str_eq(b.data, "0123");
	unlink(path);
	buf_release(&b);
}
