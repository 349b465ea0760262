/*
 * junit: write test results as JUnit XML, the report format CI servers read
 * (Jenkins' junit step, GitLab's artifacts:reports:junit).
 *
 * One call writes one whole document for one suite:
 *
 *	<testsuites name=S tests= failures= errors= skipped= time=>
 *	  <testsuite name=S tests= failures= errors= skipped= time=>
 *	    <testcase classname= name= time=>
 *	      <failure message= type=><![CDATA[detail]]></failure>   (or error)
 *	      <skipped message=/>
 *	      <system-out><![CDATA[...]]></system-out>
 *
 * The module only formats: it writes to the FILE it is given and nothing
 * else; commands open and close the file.  Any bytes are accepted in the
 * strings: XML special characters are escaped, characters XML 1.0 forbids
 * (C0 controls other than tab, LF and CR; U+FFFE/U+FFFF) and invalid UTF-8
 * become U+FFFD, and "]]>" inside CDATA text is split across two sections,
 * so the output is always well-formed.  Line breaks inside attributes are
 * written as character references so that parsers keep them.
 */
#ifndef VP_JUNIT_H
#define VP_JUNIT_H

#include "sim/buf.h"

#include <stddef.h>
#include <stdio.h>

struct junit_case {
	const char *classname;  /* e.g. the task id; NULL = "" */
	const char *name;       /* e.g. "cand.v/tb.v/iverilog"; NULL = "" */
	double time_s;          /* seconds; negative or NaN is written as 0 */
	enum junit_status {
		JUNIT_PASS,
		JUNIT_FAILURE,  /* the code under test is wrong */
		JUNIT_ERROR,    /* the test could not run properly (crash, timeout ...) */
		JUNIT_SKIPPED,
	} status;
	const char *type;       /* failure/error type attribute (e.g. "fail"); NULL = none */
	const char *message;    /* one-line summary (message attribute); NULL = none */
	const char *detail;     /* long text inside the element; NULL = none */
	/* Added after the first version: */
	const char *system_out; /* captured output for <system-out>; NULL = none */
};

/*
 * Write the document for n cases (cases may be NULL when n is 0).  Counts
 * (tests, failures, errors, skipped) and the total time (sum of the cases'
 * times) appear on both <testsuites> and <testsuite>.  Returns 0, or -1 with
 * one sentence in err: a case has an unknown status (nothing is written
 * then), or the stream reported a write error (ferror / fflush).
 */
int junit_write(FILE *f, const char *suite_name, const struct junit_case *cases, size_t n,
		struct buf *err);

#endif
