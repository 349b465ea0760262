/*
 * peakrss: run a command and report the peak resident set size of that
 * process alone (VmHWM from /proc), not of its descendants — for benchmarks
 * that must show veripref's own memory while simulators run underneath it.
 *
 * usage: peakrss OUTFILE CMD [ARGS...]   (writes the peak in KiB to OUTFILE;
 * exits with the command's status)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long read_hwm(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%ld/status", (long)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmHWM:", 6))
			kb = strtol(line + 6, NULL, 10);
	fclose(f);
	return kb;
}

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 5 * 1000 * 1000 };
	long peak = 0, kb;
	pid_t pid;
	int status;
	FILE *out;

	if (argc < 3) {
		fprintf(stderr, "usage: peakrss OUTFILE CMD [ARGS...]\n");
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 3;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	for (;;) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w < 0) {
			perror("waitpid");
			return 3;
		}
		/* While the process is a zombie VmHWM is gone; keep the last value. */
		kb = read_hwm(pid);
		if (kb > peak)
			peak = kb;
		nanosleep(&ts, NULL);
	}
	out = fopen(argv[1], "w");
	if (!out) {
		perror(argv[1]);
		return 3;
	}
	fprintf(out, "%ld\n", peak);
	fclose(out);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
