/*
 * xalloc: allocation that never returns NULL.
 *
 * Every module of veripref allocates through these wrappers.  Running out of
 * memory is not a condition any caller can recover from in a useful way, so
 * the wrappers print one line naming the request and abort (git's wrapper.c
 * habit).  They live in sim/, the lowest layer, so every layer may use them.
 */
#ifndef VP_XALLOC_H
#define VP_XALLOC_H

#include <stddef.h>

/* malloc/calloc/realloc/strdup that abort with a message instead of failing. */
void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Multiply with overflow check; aborts on overflow.  For array sizes. */
size_t st_mult(size_t a, size_t b);

/* Grow *arr so that it holds at least nr elements; *alloc tracks capacity. */
#define ALLOC_GROW(arr, nr, alloc) \
	do { \
		if ((size_t)(nr) > (size_t)(alloc)) { \
			size_t alloc_grow_n_ = (size_t)(alloc) * 2 + 16; \
			if (alloc_grow_n_ < (size_t)(nr)) \
				alloc_grow_n_ = (size_t)(nr); \
			(arr) = xrealloc((arr), st_mult(alloc_grow_n_, sizeof(*(arr)))); \
			(alloc) = alloc_grow_n_; \
		} \
	} while (0)

#endif
