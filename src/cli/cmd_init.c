/*
 * cmd_init.c: `netsync init [--federation ID] [--name NAME] [DIR]`: make
 * DIR a federation repository (the work is setup_init()'s).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cli.h"
#include "base/util.h"
#include "record/skeleton.h"
#include "repo/setup.h"

void
usage_init(FILE *f)
{
	fprintf(f, "usage: netsync init [--federation ID] [--name NAME] "
	    "[DIR]\n\n"
	    "Makes DIR (default: the current directory) a federation "
	    "repository:\ngit init (branch main) unless DIR is a repository's "
	    "top already,\nnetsync.yaml, records/ID.yaml (the federation's "
	    "profile), the git hooks\n(see 'netsync help hooks'), the merge "
	    "driver for records (.gitattributes\nand merge.netsync.*) and "
	    "core.logAllRefUpdates=always.\n"
	    "Nothing is committed.  Refuses when DIR has a netsync.yaml.\n\n"
	    "  --federation ID  the federation's id (default: DIR's name as "
	    "an id:\n                   \"Umeå Vännäs\" -> umea-vannas)\n"
	    "  --name NAME      its full name, e.g. \"Samordningsförbundet i "
	    "Jämtlands\n                   län\" (default: the id)\n\n"
	    "Exit status: 0 done, 2 refused or failed (nothing or only the "
	    "steps\nbefore the failure done).\n");
}

static void
print_line(void *arg, const char *line)
{
	(void)arg;
	printf("%s\n", line);
}

/* The federation id: --federation checked, or made from DIR's name. */
static int
federation_id(struct buf *out, const char *given, const char *dir)
{
	struct buf hint = BUF_INIT;
	int status = EXIT_OK;

	if (given == NULL)
		return cli_report(setup_default_federation(out, dir));
	if (slug_valid(given))
		return cli_report(buf_puts(out, given));
	if (skeleton_slugify(&hint, given, SKELETON_SLUG_MAX) == NULL)
		status = cli_usage_error("init", "'%s' is not a federation "
		    "id (a-z, 0-9 and -); did you mean --federation %s?", given,
		    hint.ptr);
	else
		status = cli_usage_error("init", "'%s' is not a federation "
		    "id: use a-z, 0-9 and -, e.g. umea-vannas", given);
	buf_dispose(&hint);
	return status;
}

static void
print_next_steps(const char *dir, const char *fed)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-";

	printf("\nNext steps:\n");
	if (strcmp(dir, ".") != 0 && dir[strspn(dir, safe)] == '\0')
		printf("  cd %s\n", dir);
	else if (strcmp(dir, ".") != 0)
		printf("  cd '%s'\n", dir);
	printf("  edit netsync.yaml and records/%s.yaml (name, contacts, "
	    "members)\n"
	    "  netsync new meeting --title \"Nätverksmöte\" --date "
	    "YYYY-MM-DD\n"
	    "  netsync validate\n"
	    "  git add -A && git commit -m \"netsync: %s\"\n", fed, fed);
}

int
cmd_init(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "federation", required_argument, NULL, 'f' },
		{ "name", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct setup_init_opts o = { ".", NULL, NULL };
	struct buf fed = BUF_INIT;
	const char *given = NULL;
	unsigned nkept = 0;
	int ch, status;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			given = optarg;
			break;
		case 'n':
			o.name = optarg;
			break;
		case 'h':
			usage_init(stdout);
			return EXIT_OK;
		default:
			return cli_usage_error("init", "unknown option");
		}
	}
	if (argc - optind > 1)
		return cli_usage_error("init", "one directory at most");
	if (argc - optind == 1)
		o.dir = argv[optind];
	if (o.name && !skeleton_line_valid(o.name))
		return cli_usage_error("init", "--name must be one line of "
		    "at most 300 characters");
	status = federation_id(&fed, given, o.dir);
	if (status != EXIT_OK)
		goto done;
	o.federation = fed.ptr;
	if (o.name == NULL)
		o.name = fed.ptr;
	status = cli_report(setup_init(&o, &nkept, print_line, NULL));
	if (status != EXIT_OK)
		goto done;
	if (nkept)
		fprintf(stderr, "netsync init: warning: %u hook%s of yours "
		    "kept; commits are not checked by netsync until 'netsync "
		    "hooks install --force'\n", nkept, nkept == 1 ? "" : "s");
	print_next_steps(o.dir, o.federation);
done:
	buf_dispose(&fed);
	return status;
}
