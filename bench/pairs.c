/*
 * pairs: start-up times of commands next to a reference command, in pairs
 * run back to back, for bench/run's "pairs" workloads. hyperfine cannot
 * interleave two commands run by run; this does, so that each ratio compares
 * two runs a few milliseconds apart.
 *
 *	pairs WARMUP ROUNDS FIRST NAME CMD... ";;" NAME CMD... [";;" NAME CMD...]...
 *
 * The first command is the reference. Each round runs, for every other
 * command X, the pair (reference, X) back to back: the pairs in an order that
 * starts one further each round, and within a pair the reference first in
 * odd rounds, second in even ones, so that neither always warms the caches
 * for the other. Each pair gets its own sample number, FIRST + (round - 1) * K
 * + i for pair i of K in round 1, 2, ..., so that bench/report's per-round
 * ratios are per-pair ratios, and a later run can go on from where one ended.
 * WARMUP rounds come first; the last of them is printed as sample 0. One line
 * per run, tab-separated:
 *
 *	NAME SAMPLE ok|fail MILLISECONDS EXIT-STATUS
 *
 * A run is timed from before its spawn to after its wait; its output goes to
 * /dev/null.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 16

extern char **environ;

struct cmd {
	const char *name;
	char **argv;
};

static posix_spawn_file_actions_t quiet;

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Runs c once, prints its line unless sample < 0 (a warm-up not printed). */
static void run(const struct cmd *c, long sample)
{
	double t0, t1;
	pid_t pid;
	int st = 0, err;

	t0 = now_ms();
	err = posix_spawnp(&pid, c->argv[0], &quiet, NULL, c->argv, environ);
	if (err == 0 && waitpid(pid, &st, 0) < 0)
		err = errno;
	t1 = now_ms();
	if (err != 0)
		st = 127 << 8;
	if (sample < 0)
		return;
	printf("%s\t%ld\t%s\t%.3f\t%d\n", c->name, sample,
	       WIFEXITED(st) && WEXITSTATUS(st) == 0 ? "ok" : "fail", t1 - t0,
	       WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
}

static void round_of_pairs(const struct cmd *c, int n, long round, long sample_base)
{
	int k = n - 1;

	for (int j = 0; j < k; j++) {
		int i = (int)((round + j) % k);
		long sample = sample_base <= 0 ? sample_base : sample_base + i; /* warm-up: 0 or -1 */

		if (round % 2 == 1) {
			run(&c[0], sample);
			run(&c[1 + i], sample);
		} else {
			run(&c[1 + i], sample);
			run(&c[0], sample);
		}
	}
	fflush(stdout);
}

int main(int argc, char **argv)
{
	struct cmd c[MAX_CMDS];
	long warmup, rounds, first, r;
	int n = 0, i = 4;

	if (argc < 8) {
		fprintf(stderr, "usage: pairs WARMUP ROUNDS FIRST NAME CMD... \";;\" NAME CMD...\n");
		return 2;
	}
	warmup = atol(argv[1]);
	rounds = atol(argv[2]);
	first = atol(argv[3]);
	while (i < argc) {
		if (n == MAX_CMDS) {
			fprintf(stderr, "pairs: at most %d commands\n", MAX_CMDS);
			return 2;
		}
		c[n].name = argv[i++];
		c[n].argv = &argv[i];
		while (i < argc && strcmp(argv[i], ";;") != 0)
			i++;
		if (i < argc)
			argv[i++] = NULL;
		if (c[n].argv[0] == NULL) {
			fprintf(stderr, "pairs: no command for %s\n", c[n].name);
			return 2;
		}
		n++;
	}
	if (n < 2 || first < 1 || warmup < 1 || rounds < 0) {
		fprintf(stderr, "pairs: need a reference and a command, FIRST >= 1, WARMUP >= 1\n");
		return 2;
	}
	if (posix_spawn_file_actions_init(&quiet) != 0 ||
	    posix_spawn_file_actions_addopen(&quiet, 1, "/dev/null", O_WRONLY, 0) != 0 ||
	    posix_spawn_file_actions_adddup2(&quiet, 1, 2) != 0) {
		perror("pairs: posix_spawn_file_actions");
		return 2;
	}
	for (r = 0; r < warmup; r++)
		round_of_pairs(c, n, r, r == warmup - 1 ? 0 : -1);
	for (r = 1; r <= rounds; r++)
		round_of_pairs(c, n, r, first + (r - 1) * (n - 1));
	return 0;
}
