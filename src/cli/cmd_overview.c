/*
 * cmd_overview.c: `netsync overview [-o DIR] [--format LIST] [--lang sv|en]
 * [--today DATE]`: parse, load the combined model, render, write, report.
 * All real work is in src/lib (overview.c, render*.c).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "base/diag.h"
#include "base/util.h"
#include "overview/overview.h"
#include "render/render.h"

#define MAX_FORMATS	8

struct overview_args {
	const char		*dir;
	const struct renderer	*formats[MAX_FORMATS];
	size_t			 nformats;
	struct render_opts	 opts;
};

void
usage_overview(FILE *f)
{
	fprintf(f, "usage: netsync overview [-o DIR] [--format LIST] "
	    "[--lang sv|en] [--today YYYY-MM-DD]\n"
	    "  -o, --output DIR   where to write (default: overview/)\n"
	    "  --format LIST      comma-separated: html (default), md, json, "
	    "ics, csv\n"
	    "  --lang sv|en       language of the pages (default: sv)\n"
	    "  --today DATE       what counts as upcoming (default: today, "
	    "UTC)\n");
}

static int
parse_formats(struct overview_args *a, const char *list)
{
	char buf[256], *p, *comma;

	if (strlen(list) >= sizeof(buf))
		return cli_usage_error("overview", "--format: list too long");
	snprintf(buf, sizeof(buf), "%s", list);
	a->nformats = 0;
	for (p = buf; p; p = comma ? comma + 1 : NULL) {
		comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		if (a->nformats == MAX_FORMATS)
			return cli_usage_error("overview",
			    "--format: too many formats");
		a->formats[a->nformats] = render_find(p);
		if (a->formats[a->nformats++] == NULL)
			return cli_usage_error("overview", "--format: unknown "
			    "format '%s' (use %s)", p, render_formats());
	}
	return 0;
}

/* The value of option argv[*i] when it is one of ours, else NULL. */
static const char *
option(int argc, char *argv[], int *i, const char **name)
{
	static const char *const longs[] = { "--output", "--format", "--lang",
	    "--today" };
	size_t k, n;

	for (k = 0; k < sizeof(longs) / sizeof(longs[0]); k++) {
		n = strlen(longs[k]);
		*name = longs[k];
		if (strcmp(argv[*i], longs[k]) == 0 ||
		    (k == 0 && strcmp(argv[*i], "-o") == 0))
			return *i + 1 < argc ? argv[++*i] : "";
		if (strncmp(argv[*i], longs[k], n) == 0 && argv[*i][n] == '=')
			return argv[*i] + n + 1;
	}
	return NULL;
}

/* Apply option 'name' with value 'v'; 0, or the usage exit status. */
static int
apply(struct overview_args *a, const char *name, const char *v)
{
	int lang;

	if (strcmp(name, "--format") == 0)
		return parse_formats(a, v);
	if (strcmp(name, "--lang") == 0) {
		lang = i18n_lang_parse(v);
		if (lang < 0)
			return cli_usage_error("overview",
			    "--lang: use sv or en, not '%s'", v);
		a->opts.lang = (enum i18n_lang)lang;
	} else if (strcmp(name, "--today") == 0) {
		if (!date_valid(v, strlen(v)))
			return cli_usage_error("overview",
			    "--today: '%s' is not a date YYYY-MM-DD", v);
		memcpy(a->opts.today, v, 11);
	} else if (*v == '\0')
		return cli_usage_error("overview", "-o: no directory given");
	else
		a->dir = v;
	return 0;
}

/* 0 to go on, -1 after --help, else the usage exit status. */
static int
parse_args(struct overview_args *a, int argc, char *argv[])
{
	const char *v, *name;
	time_t now = time(NULL);
	struct tm tm;
	int i, rc;

	a->dir = "overview";
	a->formats[0] = render_find("html");
	a->nformats = 1;
	a->opts.lang = I18N_SV;
	if (gmtime_r(&now, &tm) == NULL)
		return cli_usage_error("overview", "cannot read the clock");
	strftime(a->opts.today, sizeof(a->opts.today), "%Y-%m-%d", &tm);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			usage_overview(stdout);
			return -1;
		}
		v = option(argc, argv, &i, &name);
		if (v == NULL)
			return cli_usage_error("overview",
			    "unknown argument '%s'", argv[i]);
		rc = apply(a, name, v);
		if (rc != 0)
			return rc;
	}
	return 0;
}

int
cmd_overview(int argc, char *argv[])
{
	const struct ns_error *err = NULL;
	struct render_output out = RENDER_OUTPUT_INIT;
	struct overview_args a;
	struct overview *ov = NULL;
	size_t i;
	int rc;

	memset(&a, 0, sizeof(a));
	rc = parse_args(&a, argc, argv);
	if (rc != 0)
		return rc < 0 ? EXIT_OK : EXIT_USAGE;
	err = overview_load(&ov, ".");
	render_output_stream(&out, a.dir);	/* one page in memory at a time */
	for (i = 0; i < a.nformats && err == NULL; i++)
		err = a.formats[i]->render(&out, ov, &a.opts);
	if (err == NULL)
		err = render_write(&out, a.dir);
	if (err == NULL) {
		diag_print_text(stderr, &ov->warnings);
		printf("overview: %zu files written to %s/ (%zu federations, "
		    "%zu meetings, %zu questions, %zu warnings)\n", out.n,
		    a.dir, ov->nfederations, ov->nmeetings, ov->nquestions,
		    ov->warnings.n);
	}
	render_output_dispose(&out);
	overview_free(ov);
	return cli_report(err);
}
