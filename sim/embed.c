/*
 * embed: lookup in the table the Makefile generates from sim/embed/.
 */
#include "sim/embed.h"

#include <stddef.h>
#include <string.h>

struct embed_entry {
	const char *name;
	const char *text;
};

extern const struct embed_entry embed_table[];

const char *embed_get(const char *name)
{
	const struct embed_entry *e;

	for (e = embed_table; e->name; e++)
		if (!strcmp(e->name, name))
			return e->text;
	return NULL;
}
