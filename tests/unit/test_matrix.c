#include "pipeline/matrix.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int parse(struct matrix_task *t, const char *json, char *err)
{
	return matrix_task_parse(t, json, strlen(json), err);
}

/* Parse json, expect failure with exactly the message want. */
static void expect_error(const char *json, const char *want)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	char err[MATRIX_ERR_MAX] = "";

	cr_assert_eq(parse(&t, json, err), -1, "accepted: %s", json);
	cr_assert_str_eq(err, want);
	cr_assert_null(t.cand, "task not empty after an error");
	matrix_task_release(&t);
}

Test(matrix, parses_every_field_and_packs_rows)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	char err[MATRIX_ERR_MAX];
	const char *json =
		"{\"task_id\":\"T1\",\"prompt\":\"add two numbers\","
		"\"candidates\":[{\"id\":\"a\",\"text\":\"x+y\",\"multiplicity\":3,\"ok\":true,\"label\":1},"
		"{\"id\":\"b\",\"ok\":false,\"label\":null,\"message\":\"syntax error\"},"
		"{\"id\":\"c\",\"ok\":true,\"label\":false}],"
		"\"tests\":[{\"id\":\"t0\",\"multiplicity\":2,\"text\":\"assert f(1,2)==3\"},{\"id\":\"t1\"}],"
		"\"matrix\":[\"11\",\"00\",\"01\"],"
		"\"signatures\":[[1,\"0xffffffffffffffff\"],null,[]]}";

	cr_assert_eq(parse(&t, json, err), 0, "%s", err);
	cr_assert_str_eq(t.task_id, "T1");
	cr_assert_str_eq(t.prompt, "add two numbers");
	cr_assert_eq(t.ncand, 3);
	cr_assert_eq(t.ntest, 2);
	cr_assert_eq(t.words, 1);
	cr_assert_str_eq(t.cand[0].text, "x+y");
	cr_assert_eq(t.cand[0].multiplicity, 3);
	cr_assert_eq(t.cand[0].label, MATRIX_LABEL_RIGHT);
	cr_assert_eq(t.cand[1].ok, 0);
	cr_assert_eq(t.cand[1].multiplicity, 1);
	cr_assert_eq(t.cand[1].label, MATRIX_LABEL_UNKNOWN);
	cr_assert_str_eq(t.cand[1].message, "syntax error");
	cr_assert_null(t.cand[1].text);
	cr_assert_eq(t.cand[2].label, MATRIX_LABEL_WRONG);
	cr_assert_eq(t.test[0].multiplicity, 2);
	cr_assert_str_eq(t.test[0].text, "assert f(1,2)==3");
	cr_assert_null(t.test[1].text);
	/* "11" -> bits 0 and 1; "01" -> bit 1 only. */
	cr_assert_eq(matrix_row(&t, 0)[0], 3);
	cr_assert_eq(matrix_row(&t, 1)[0], 0);
	cr_assert_eq(matrix_row(&t, 2)[0], 2);
	cr_assert_eq(matrix_get(&t, 2, 0), 0);
	cr_assert_eq(matrix_get(&t, 2, 1), 1);
	cr_assert(t.has_signatures);
	cr_assert_eq(t.cand[0].nsig, 2);
	cr_assert_eq(t.cand[0].sig[0], 1);
	cr_assert_eq(t.cand[0].sig[1], UINT64_MAX);
	cr_assert_eq(t.cand[1].has_sig, 0);
	cr_assert_eq(t.cand[2].has_sig, 1);
	cr_assert_eq(t.cand[2].nsig, 0);
	matrix_task_release(&t);
	cr_assert_null(t.cand);
	matrix_task_release(&t); /* twice is harmless */
}

Test(matrix, rows_longer_than_one_word_pack_across_words)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	char err[MATRIX_ERR_MAX], row[131], tests[4096], *p = tests, *json = malloc(8192);
	size_t j;

	/* 130 tests: bits 0, 64 and 129 set -> word 0 = 1, word 1 = 1, word 2 = 2. */
	memset(row, '0', 130);
	row[0] = row[64] = row[129] = '1';
	row[130] = '\0';
	for (j = 0; j < 130; j++)
		p += sprintf(p, "%s{\"id\":\"t%zu\"}", j ? "," : "", j);
	snprintf(json, 8192, "{\"task_id\":\"w\",\"candidates\":[{\"id\":\"a\",\"ok\":true}],"
		 "\"tests\":[%s],\"matrix\":[\"%s\"]}", tests, row);
	cr_assert_eq(parse(&t, json, err), 0, "%s", err);
	cr_assert_eq(t.words, 3);
	cr_assert_eq(matrix_row(&t, 0)[0], 1);
	cr_assert_eq(matrix_row(&t, 0)[1], 1);
	cr_assert_eq(matrix_row(&t, 0)[2], 2);
	matrix_task_release(&t);
	free(json);
}

Test(matrix, empty_task_has_no_rows)
{
	struct matrix_task t = MATRIX_TASK_INIT;
	char err[MATRIX_ERR_MAX];

	cr_assert_eq(parse(&t, "{\"task_id\":\"e\",\"candidates\":[],\"tests\":[],\"matrix\":[]}", err), 0);
	cr_assert_eq(t.ncand, 0);
	cr_assert_eq(t.ntest, 0);
	matrix_task_release(&t);
	/* Candidates but no tests: rows are empty strings. */
	cr_assert_eq(parse(&t, "{\"task_id\":\"e\",\"candidates\":[{\"id\":\"a\",\"ok\":true}],"
			   "\"tests\":[],\"matrix\":[\"\"]}", err), 0, "%s", err);
	cr_assert_eq(t.words, 0);
	matrix_task_release(&t);
}

#define C1 "\"candidates\":[{\"id\":\"a\",\"ok\":true}]"
#define T2 "\"tests\":[{\"id\":\"x\"},{\"id\":\"y\"}]"

Test(matrix, malformed_tasks_name_the_problem)
{
	expect_error("{\"task_id\":\"a\",", "invalid JSON near column 15");
	expect_error("[1,2]", "a task must be a JSON object");
	expect_error("{} x", "unexpected text after the JSON value at column 4");
	expect_error("{\"candidates\":[]}", "missing string \"task_id\"");
	expect_error("{\"task_id\":7}", "missing string \"task_id\"");
	expect_error("{\"task_id\":\"a\"," T2 ",\"matrix\":[]}", "missing array \"candidates\"");
	expect_error("{\"task_id\":\"a\"," C1 ",\"matrix\":[\"\"]}", "missing array \"tests\"");
	expect_error("{\"task_id\":\"a\"," C1 "," T2 "}", "missing array \"matrix\"");
	expect_error("{\"task_id\":\"a\"," C1 "," T2 ",\"matrix\":[\"011\"]}",
		     "row 0 of \"matrix\" has 3 characters, expected 2 (one per test)");
	expect_error("{\"task_id\":\"a\"," C1 "," T2 ",\"matrix\":[\"1\"]}",
		     "row 0 of \"matrix\" has 1 characters, expected 2 (one per test)");
	expect_error("{\"task_id\":\"a\"," C1 "," T2 ",\"matrix\":[\"1x\"]}",
		     "row 0 of \"matrix\" has 'x' at position 1; only '0' and '1' are allowed");
	expect_error("{\"task_id\":\"a\"," C1 "," T2 ",\"matrix\":[\"10\",\"01\"]}",
		     "\"matrix\" has 2 rows, expected 1 (one per candidate)");
	expect_error("{\"task_id\":\"a\"," C1 "," T2 ",\"matrix\":[10]}",
		     "row 0 of \"matrix\" is not a string");
	expect_error("{\"task_id\":\"a\",\"candidates\":[{\"ok\":true}]," T2 ",\"matrix\":[\"10\"]}",
		     "candidate 0: missing string \"id\"");
	expect_error("{\"task_id\":\"a\",\"candidates\":[{\"id\":\"q\"}]," T2 ",\"matrix\":[\"10\"]}",
		     "candidate 'q': missing boolean \"ok\"");
	expect_error("{\"task_id\":\"a\",\"candidates\":[{\"id\":\"q\",\"ok\":true,\"multiplicity\":0}],"
		     T2 ",\"matrix\":[\"10\"]}",
		     "candidate 'q': \"multiplicity\" is not a whole number in [1, 1000000000]");
	expect_error("{\"task_id\":\"a\",\"candidates\":[{\"id\":\"q\",\"ok\":true,\"multiplicity\":1.5}],"
		     T2 ",\"matrix\":[\"10\"]}",
		     "candidate 'q': \"multiplicity\" is not a whole number in [1, 1000000000]");
	expect_error("{\"task_id\":\"a\",\"candidates\":[{\"id\":\"q\",\"ok\":true,\"label\":2}],"
		     T2 ",\"matrix\":[\"10\"]}",
		     "candidate 'q': \"label\" is not 0, 1 or null");
	expect_error("{\"task_id\":\"a\",\"candidates\":[{\"id\":\"q\",\"ok\":true,\"text\":5}],"
		     T2 ",\"matrix\":[\"10\"]}",
		     "candidate 'q': \"text\" is not a string");
	expect_error("{\"task_id\":\"a\",\"candidates\":[7]," T2 ",\"matrix\":[\"10\"]}",
		     "candidate 0 is not an object");
	expect_error("{\"task_id\":\"a\"," C1 ",\"tests\":[{\"id\":\"x\"},{}],\"matrix\":[\"10\"]}",
		     "test 1: missing string \"id\"");
	expect_error("{\"task_id\":\"a\"," C1 ",\"tests\":[{\"id\":\"x\",\"multiplicity\":-1},{\"id\":\"y\"}],"
		     "\"matrix\":[\"10\"]}",
		     "test 'x': \"multiplicity\" is not a whole number in [1, 1000000000]");
	expect_error("{\"task_id\":\"a\",\"candidates\":[{\"id\":\"q\",\"ok\":true},{\"id\":\"q\",\"ok\":true}],"
		     T2 ",\"matrix\":[\"10\",\"01\"]}", "duplicate candidate id 'q'");
	expect_error("{\"task_id\":\"a\"," C1 ",\"tests\":[{\"id\":\"x\"},{\"id\":\"x\"}],\"matrix\":[\"10\"]}",
		     "duplicate test id 'x'");
	expect_error("{\"task_id\":\"a\"," C1 "," T2 ",\"matrix\":[\"10\"],\"signatures\":[[1],[2]]}",
		     "\"signatures\" has 2 entries, expected 1 (one per candidate)");
	expect_error("{\"task_id\":\"a\"," C1 "," T2 ",\"matrix\":[\"10\"],\"signatures\":[[-1]]}",
		     "signature 0 entry 0 is not an unsigned 64-bit integer (write values above 2^53 as strings)");
	expect_error("{\"task_id\":\"a\"," C1 "," T2 ",\"matrix\":[\"10\"],\"signatures\":[[\"12z\"]]}",
		     "signature 0 entry 0 is not an unsigned 64-bit integer (write values above 2^53 as strings)");
	expect_error("{\"task_id\":\"a\"," C1 "," T2 ",\"matrix\":[\"10\"],\"prompt\":[]}",
		     "\"prompt\" is not a string");
}

Test(matrix, alloc_builds_an_all_zero_task)
{
	struct matrix_task t = MATRIX_TASK_INIT;

	matrix_task_alloc(&t, 3, 70);
	cr_assert_eq(t.words, 2);
	cr_assert_str_eq(t.cand[2].id, "c2");
	cr_assert_str_eq(t.test[69].id, "t69");
	cr_assert_eq(t.cand[1].ok, 1);
	cr_assert_eq(t.cand[1].label, MATRIX_LABEL_UNKNOWN);
	matrix_set(&t, 1, 65, 1);
	cr_assert_eq(matrix_row(&t, 1)[1], 2);
	cr_assert_eq(matrix_get(&t, 1, 65), 1);
	matrix_set(&t, 1, 65, 0);
	cr_assert_eq(matrix_row(&t, 1)[1], 0);
	matrix_task_release(&t);
}

/* ---- the streaming reader ---- */

static char *write_temp(const char *data, size_t len)
{
	char *path = strdup("/tmp/vp-matrix-XXXXXX");
	int fd = mkstemp(path);

	cr_assert_geq(fd, 0);
	cr_assert_eq(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

#define TASK(id) "{\"task_id\":\"" id "\",\"candidates\":[{\"id\":\"a\",\"ok\":true}],\"tests\":[],\"matrix\":[\"\"]}"

Test(matrix, reader_streams_tasks_and_skips_blank_lines)
{
	const char data[] = TASK("one") "\n\n  \r\n" TASK("two") "\r\n" TASK("three");
	char *path = write_temp(data, sizeof(data) - 1);
	struct matrix_reader *r;
	struct matrix_task t = MATRIX_TASK_INIT;
	char err[MATRIX_ERR_MAX];

	r = matrix_reader_open(path, 0, err);
	cr_assert_not_null(r, "%s", err);
	cr_assert_eq(matrix_reader_next(r, &t, err), 1, "%s", err);
	cr_assert_str_eq(t.task_id, "one");
	cr_assert_eq(matrix_reader_line(r), 1);
	cr_assert_eq(matrix_reader_next(r, &t, err), 1, "%s", err);
	cr_assert_str_eq(t.task_id, "two");
	cr_assert_eq(matrix_reader_line(r), 4);
	/* The last line has no newline. */
	cr_assert_eq(matrix_reader_next(r, &t, err), 1, "%s", err);
	cr_assert_str_eq(t.task_id, "three");
	cr_assert_eq(matrix_reader_line(r), 5);
	cr_assert_eq(matrix_reader_next(r, &t, err), 0);
	cr_assert_eq(matrix_reader_next(r, &t, err), 0);
	matrix_task_release(&t);
	matrix_reader_close(r);
	unlink(path);
	free(path);
}

Test(matrix, reader_errors_name_file_and_line)
{
	const char data[] = TASK("one") "\n" "{\"task_id\":\"two\"}\n" TASK("three") "\n";
	char *path = write_temp(data, sizeof(data) - 1);
	struct matrix_reader *r;
	struct matrix_task t = MATRIX_TASK_INIT;
	char err[MATRIX_ERR_MAX], want[MATRIX_ERR_MAX + 64];

	r = matrix_reader_open(path, 0, err);
	cr_assert_eq(matrix_reader_next(r, &t, err), 1);
	cr_assert_eq(matrix_reader_next(r, &t, err), -1);
	snprintf(want, sizeof(want), "'%s' line 2: missing array \"candidates\"", path);
	cr_assert_str_eq(err, want);
	/* The reader stops after an error. */
	cr_assert_eq(matrix_reader_next(r, &t, err), -1);
	matrix_task_release(&t);
	matrix_reader_close(r);
	unlink(path);
	free(path);
}

Test(matrix, reader_refuses_lines_over_the_cap)
{
	/* Line 2 is 200 kB (more than one read chunk) with a 100 kB cap. */
	size_t big = 200000, i;
	char *data = malloc(big + 200), *path;
	struct matrix_reader *r;
	struct matrix_task t = MATRIX_TASK_INIT;
	char err[MATRIX_ERR_MAX], want[MATRIX_ERR_MAX + 64];
	size_t n = (size_t)sprintf(data, "%s\n", TASK("one"));

	for (i = 0; i < big; i++)
		data[n++] = 'x';
	data[n++] = '\n';
	path = write_temp(data, n);
	r = matrix_reader_open(path, 100000, err);
	cr_assert_eq(matrix_reader_next(r, &t, err), 1, "%s", err);
	cr_assert_eq(matrix_reader_next(r, &t, err), -1);
	snprintf(want, sizeof(want), "'%s' line 2: line is longer than 100000 bytes", path);
	cr_assert_str_eq(err, want);
	matrix_reader_close(r);
	/* The same line without its newline (end of file) is refused as well. */
	unlink(path);
	free(path);
	path = write_temp(data, n - 1);
	r = matrix_reader_open(path, 100000, err);
	cr_assert_eq(matrix_reader_next(r, &t, err), 1, "%s", err);
	cr_assert_eq(matrix_reader_next(r, &t, err), -1);
	snprintf(want, sizeof(want), "'%s' line 2: line is longer than 100000 bytes", path);
	cr_assert_str_eq(err, want);
	/* A cap above the line length lets it through to the JSON parser. */
	matrix_reader_close(r);
	r = matrix_reader_open(path, 300000, err);
	cr_assert_eq(matrix_reader_next(r, &t, err), 1, "%s", err);
	cr_assert_eq(matrix_reader_next(r, &t, err), -1);
	snprintf(want, sizeof(want), "'%s' line 2: invalid JSON near column 1", path);
	cr_assert_str_eq(err, want);
	matrix_task_release(&t);
	matrix_reader_close(r);
	unlink(path);
	free(path);
	free(data);
}

Test(matrix, reader_open_failure_says_why)
{
	char err[MATRIX_ERR_MAX];

	cr_assert_null(matrix_reader_open("/nonexistent/m.jsonl", 0, err));
	cr_assert_str_eq(err, "cannot open '/nonexistent/m.jsonl': No such file or directory");
	matrix_reader_close(NULL);
}
