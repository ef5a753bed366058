/*
 * tm.c: run a command and write "WALL USER SYS MAXRSS_KB" (seconds, and
 * kilobytes of the largest process in the command's tree) to FILE:
 *
 *   tm FILE command [arg...]
 *
 * A tiny stand-in for GNU time -v (getrusage(RUSAGE_CHILDREN) after
 * waitpid), so `make bench` needs no extra package.  Exits with the
 * command's status (128+N for signal N).
 */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double
tv(struct timeval t)
{
	return (double)t.tv_sec + (double)t.tv_usec / 1e6;
}

int
main(int argc, char *argv[])
{
	struct timespec a, b;
	struct rusage ru;
	pid_t pid;
	FILE *f;
	int st;

	if (argc < 3) {
		fprintf(stderr, "usage: tm FILE command [arg...]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	pid = fork();
	if (pid == -1) {
		perror("fork");
		return 2;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	if (waitpid(pid, &st, 0) == -1) {
		perror("waitpid");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	getrusage(RUSAGE_CHILDREN, &ru);
	f = fopen(argv[1], "w");
	if (f == NULL) {
		perror(argv[1]);
		return 2;
	}
	fprintf(f, "%.4f %.4f %.4f %ld\n", (double)(b.tv_sec - a.tv_sec) +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e9, tv(ru.ru_utime),
	    tv(ru.ru_stime), ru.ru_maxrss);
	fclose(f);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	return WEXITSTATUS(st);
}
