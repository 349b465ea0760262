/*
 * gen_matrix: write a synthetic matrix file for benchmarks.
 *
 *   gen_matrix TASKS CANDIDATES TESTS SEED OUT
 *
 * Each task has a hidden "correct" pass pattern; candidates copy one of a
 * few patterns (so consensus groups form, as with real samples), with some
 * bit noise, a tenth do not run, multiplicities 1-3, labels, and output
 * signatures from a small pool.  Fixed seed: the same bytes on every run.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t state;

static uint64_t rnd(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int main(int argc, char **argv)
{
	long ntask, ncand, ntest, task, c, j, k;
	char *pool, *row;
	FILE *out;

	if (argc != 6) {
		fprintf(stderr, "usage: gen_matrix TASKS CANDIDATES TESTS SEED OUT\n");
		return 2;
	}
	ntask = atol(argv[1]);
	ncand = atol(argv[2]);
	ntest = atol(argv[3]);
	state = strtoull(argv[4], NULL, 10);
	if (ntask < 0 || ncand < 1 || ntest < 1 || !(out = fopen(argv[5], "w"))) {
		fprintf(stderr, "gen_matrix: bad arguments or cannot open '%s'\n", argv[5]);
		return 2;
	}
	pool = malloc((size_t)(8 * ntest));
	row = malloc((size_t)ntest + 1);
	for (task = 0; task < ntask; task++) {
		/* pattern 0 is the correct one: passes ~90% of tests */
		for (k = 0; k < 8; k++)
			for (j = 0; j < ntest; j++)
				pool[k * ntest + j] = (char)(rnd() % 100 < (uint64_t)(k ? 60 : 90));
		fprintf(out, "{\"task_id\":\"bench/%ld\",\"prompt\":\"task %ld\",\"candidates\":[", task, task);
		for (c = 0; c < ncand; c++)
			fprintf(out, "%s{\"id\":\"c%ld\",\"text\":\"code %ld\",\"multiplicity\":%d,\"ok\":%s,\"label\":%d}",
				c ? "," : "", c, c, (int)(1 + rnd() % 3), rnd() % 10 ? "true" : "false",
				(int)(rnd() % 4 == 0));
		fprintf(out, "],\"tests\":[");
		for (j = 0; j < ntest; j++)
			fprintf(out, "%s{\"id\":\"t%ld\"}", j ? "," : "", j);
		fprintf(out, "],\"matrix\":[");
		for (c = 0; c < ncand; c++) {
			k = (long)(rnd() % 8);
			for (j = 0; j < ntest; j++) {
				int bit = pool[k * ntest + j];

				if (rnd() % 50 == 0)
					bit = !bit;
				row[j] = bit ? '1' : '0';
			}
			row[ntest] = '\0';
			fprintf(out, "%s\"%s\"", c ? "," : "", row);
		}
		fprintf(out, "],\"signatures\":[");
		for (c = 0; c < ncand; c++)
			fprintf(out, "%s[%" PRIu64 ",%" PRIu64 "]", c ? "," : "", rnd() % 6, rnd() % 2);
		fprintf(out, "]}\n");
	}
	free(pool);
	free(row);
	if (fclose(out)) {
		perror("gen_matrix");
		return 3;
	}
	return 0;
}
