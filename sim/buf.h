/*
 * buf: a growable, always NUL-terminated byte buffer with an optional size cap.
 *
 * Used for everything of unbounded size that crosses a trust boundary: child
 * process output, LLM replies, files read from disk, error messages.  The cap
 * (curl's dynbuf habit) means a hostile producer cannot make us grow without
 * bound: an append that would pass the cap stores what fits, sets `truncated`
 * and returns -1.  `data` is never NULL and always NUL-terminated (git strbuf),
 * so it may be handed to string functions at any time.
 *
 * Ownership: a struct buf owns `data`.  buf_release() frees it and leaves an
 * empty buffer; buf_detach() hands it to the caller.
 */
#ifndef VP_BUF_H
#define VP_BUF_H

#include <stdarg.h>
#include <stddef.h>

extern char buf_empty[];

struct buf {
	char *data;       /* never NULL; NUL-terminated at data[len] */
	size_t len;
	size_t alloc;     /* 0 while data points at buf_empty */
	size_t max;       /* cap on len; 0 means unlimited */
	int truncated;    /* set once an append hit the cap */
};

#define BUF_INIT { buf_empty, 0, 0, 0, 0 }

/* Initialise with a cap (0 = unlimited). */
void buf_init(struct buf *b, size_t max);
/* Free the storage; the buffer is empty and reusable afterwards (cap kept). */
void buf_release(struct buf *b);
/* Empty the buffer but keep its storage and cap. */
void buf_reset(struct buf *b);
/* Hand the storage to the caller (never NULL; free() it); *len may be NULL. */
char *buf_detach(struct buf *b, size_t *len);

/* Appends.  Return 0, or -1 when the cap cut the data (what fits is kept). */
int buf_add(struct buf *b, const void *data, size_t len);
int buf_addstr(struct buf *b, const char *s);
int buf_addch(struct buf *b, int c);
int buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap);

/* Replace the contents with a formatted string (for error messages). */
void buf_setf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Shorten to len bytes (len <= b->len). */
void buf_setlen(struct buf *b, size_t len);
/* Remove trailing whitespace. */
void buf_rtrim(struct buf *b);

/*
 * Read a whole file into b (appending).  Returns 0, or -1 with errno set
 * (EFBIG when the file passes the cap; what fits is kept).
 */
int buf_read_file(struct buf *b, const char *path);

/* Write all of data to fd, retrying on EINTR and short writes.  0 or -1. */
int buf_write_fd(int fd, const void *data, size_t len);
/* Create/truncate path with mode 0644 and write data.  0 or -1 with errno. */
int buf_write_file(const char *path, const void *data, size_t len);
/* buf_write_file() of "<dir>/<name>"; on failure -1 with the sentence
   "cannot write '<dir>/<name>': <strerror>" in err. */
int buf_write_in(const char *dir, const char *name, const void *data, size_t len,
		 struct buf *err);

#endif
