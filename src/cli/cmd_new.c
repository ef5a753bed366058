/*
 * cmd_new.c: `netsync new meeting|followup [...]`: write a filled-in
 * record skeleton (skeleton.h) for the user to edit.  The skeleton is
 * valid as written, so `netsync validate` passes before the first edit.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "cli.h"
#include "base/util.h"
#include "overview/overview.h"
#include "record/config.h"
#include "record/skeleton.h"
#include "repo/setup.h"
#include "repo/workspace.h"

void
usage_new(FILE *f)
{
	fprintf(f, "usage: netsync new meeting [--title T] [--date DATE] "
	    "[--type TYPE]\n"
	    "                   [--location PLACE] [--id ID] [-o PATH] "
	    "[--force]\n"
	    "       netsync new followup --refers-to FED/MEETING#QUESTION "
	    "[--date DATE]\n"
	    "                   [--status S] [--by NAME] [--title T] [--id ID] "
	    "[-o PATH]\n                   [--force]\n\n"
	    "Writes a record skeleton to edit, valid as written: required "
	    "fields filled\nin, optional fields commented out with a hint "
	    "each.  Prints the path.\n"
	    "  meeting    records/meetings/YEAR/DATE-SLUG.yaml, status "
	    "planned\n"
	    "  followup   records/followups/YEAR/DATE-SLUG.yaml, a report on "
	    "a question\n\n"
	    "  --date DATE        YYYY-MM-DD (default: today)\n"
	    "  --title T          the meeting's title (default after the "
	    "type, e.g.\n"
	    "                     Nätverksmöte); its slug makes the id\n"
	    "  --type TYPE        network-meeting (default), conference, "
	    "board-meeting,\n"
	    "                     workshop, seminar or other\n"
	    "  --location PLACE   where (default: Meddelas senare)\n"
	    "  --refers-to REF    the question followed up, e.g.\n"
	    "                     jamtland/2014-11-06-natverksmote#ledarskap\n"
	    "  --status S         open, in-progress (default), done or "
	    "dropped\n"
	    "  --by NAME          who reports (default: git's user.name)\n"
	    "  --id ID            the record id (default: DATE-SLUG, the slug "
	    "of the\n"
	    "                     title or, for a followup, the question "
	    "id)\n"
	    "  -o PATH            write to PATH (its name without .yaml is "
	    "the id)\n"
	    "  --force            overwrite an existing file\n\n"
	    "Exit status: 0 written, 2 usage or the file exists.\n");
}

/*
 * Print a usage error and give EXIT_USAGE (a constant, so the analyzer
 * knows the failure paths never look like success).
 */
#define NEW_USAGE(...) (cli_usage_error("new", __VA_ARGS__), EXIT_USAGE)

struct new_opts {
	const char	*kind;		/* "meeting" or "followup" */
	const char	*id, *date, *title, *type, *location;
	const char	*refers_to, *status, *by, *output;
	const char	*question;	/* the item id in refers_to */
	int		 force;
};

static int
parse_args(struct new_opts *o, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "id", required_argument, NULL, 'i' },
		{ "date", required_argument, NULL, 'd' },
		{ "title", required_argument, NULL, 't' },
		{ "type", required_argument, NULL, 'T' },
		{ "location", required_argument, NULL, 'l' },
		{ "refers-to", required_argument, NULL, 'r' },
		{ "status", required_argument, NULL, 's' },
		{ "by", required_argument, NULL, 'b' },
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:fh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'i': o->id = optarg; break;
		case 'd': o->date = optarg; break;
		case 't': o->title = optarg; break;
		case 'T': o->type = optarg; break;
		case 'l': o->location = optarg; break;
		case 'r': o->refers_to = optarg; break;
		case 's': o->status = optarg; break;
		case 'b': o->by = optarg; break;
		case 'o': o->output = optarg; break;
		case 'f': o->force = 1; break;
		case 'h':
			usage_new(stdout);
			exit(EXIT_OK);
		default:
			return NEW_USAGE("unknown option");
		}
	}
	if (argc - optind != 1 || (strcmp(argv[optind], "meeting") != 0 &&
	    strcmp(argv[optind], "followup") != 0))
		return NEW_USAGE("expected 'netsync new meeting' "
		    "or 'netsync new followup'");
	o->kind = argv[optind];
	return -1;
}

static const char *
default_title(const char *type)
{
	static const char *const titles[][2] = {
		{ "network-meeting", "Nätverksmöte" },
		{ "conference", "Konferens" },
		{ "board-meeting", "Styrelsemöte" },
		{ "workshop", "Workshop" },
		{ "seminar", "Seminarium" },
	};
	size_t i;

	for (i = 0; i < nitems(titles); i++)
		if (strcmp(type, titles[i][0]) == 0)
			return titles[i][1];
	return "Möte";
}

/* Most open questions listed when --refers-to is missing. */
#define MAX_LISTED	20

/*
 * The open questions of the committed records and the accepted peers,
 * this federation's own first, as choices for --refers-to.  Silent when
 * there is no model (no commit yet, not a repository).
 */
static void
print_open_questions(FILE *f)
{
	const struct ov_question *q;
	struct overview *ov = NULL;
	size_t i, shown = 0;
	int pass, own;

	if (overview_load(&ov, ".") != NULL)
		return;
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < ov->nquestions && shown < MAX_LISTED; i++) {
			q = ov->questions[i];
			own = q->owner_federation &&
			    strcmp(q->owner_federation, ov->self) == 0;
			if (own != (pass == 0) ||
			    !overview_status_open(q->current_status))
				continue;
			if (shown++ == 0)
				fprintf(f, "open questions (%s's own first):\n",
				    ov->self);
			fprintf(f, "  --refers-to %s/%s#%s   %s%s%s\n",
			    q->meeting->federation, q->meeting->id, q->id,
			    q->title ? q->title : "", q->due ? ", due " : "",
			    q->due ? q->due : "");
		}
	}
	overview_free(ov);
}

/*
 * A warning when 'ref' names no question of the committed records or the
 * accepted peers: likely a typo (the file is written all the same; the
 * question may be new and not committed yet).
 */
static void
warn_unknown_question(const char *ref)
{
	const struct ov_meeting *m;
	struct overview *ov = NULL;
	char fed[64], id[64];
	const char *slash = strchr(ref, '/'), *hash = strchr(ref, '#');
	size_t i;
	int found = 0;

	if (slash == NULL || hash == NULL || overview_load(&ov, ".") != NULL)
		return;
	snprintf(fed, sizeof(fed), "%.*s", (int)(slash - ref), ref);
	snprintf(id, sizeof(id), "%.*s", (int)(hash - slash - 1), slash + 1);
	m = overview_meeting(ov, fed, id);
	for (i = 0; m && i < m->nquestions && !found; i++)
		found = strcmp(m->questions[i].id, hash + 1) == 0;
	if (!found)
		fprintf(stderr, "netsync new: warning: %s is not a question "
		    "of the committed records or the pulled peers; check the "
		    "reference ('netsync validate --network' will)\n", ref);
	overview_free(ov);
}

/* Fill in defaults and check every option; -1 when all is well. */
static int
check_opts(struct new_opts *o, char today[11])
{
	int meeting = strcmp(o->kind, "meeting") == 0;
	time_t now = time(NULL);
	struct tm tm;

	if (o->date == NULL && localtime_r(&now, &tm) &&
	    strftime(today, 11, "%Y-%m-%d", &tm) == 10)
		o->date = today;
	if (o->date == NULL || !date_valid(o->date, strlen(o->date)))
		return NEW_USAGE("--date: '%s' is not a date "
		    "written YYYY-MM-DD", o->date ? o->date : "");
	if (o->id && !slug_valid(o->id))
		return NEW_USAGE("--id: '%s' is not an id (a-z, "
		    "0-9 and -, at most 63, e.g. 2014-11-06-natverksmote)",
		    o->id);
	if (o->type == NULL)
		o->type = "network-meeting";
	if (!skeleton_meeting_type_valid(o->type))
		return NEW_USAGE("--type: '%s' is not one of "
		    "network-meeting, conference, board-meeting, workshop, "
		    "seminar, other", o->type);
	if (o->title == NULL && meeting)
		o->title = default_title(o->type);
	if (o->location == NULL)
		o->location = "Meddelas senare";
	if ((o->title && !skeleton_line_valid(o->title)) ||
	    !skeleton_line_valid(o->location) ||
	    (o->by && !skeleton_line_valid(o->by)))
		return NEW_USAGE("--title, --location and --by "
		    "take one line of at most 300 characters");
	if (meeting)
		return -1;
	if (o->refers_to == NULL) {
		cli_usage_error("new", "which question does the followup "
		    "report on? Give --refers-to "
		    "FEDERATION/MEETING-ID#QUESTION-ID");
		print_open_questions(stderr);
		return EXIT_USAGE;
	}
	if (!skeleton_item_ref_valid(o->refers_to))
		return NEW_USAGE("--refers-to: '%s' is not "
		    "FEDERATION/MEETING-ID#QUESTION-ID, e.g. "
		    "jamtland/2014-11-06-natverksmote#ledarskap", o->refers_to);
	o->question = strchr(o->refers_to, '#') + 1;
	if (o->status == NULL)
		o->status = "in-progress";
	if (!skeleton_question_status_valid(o->status))
		return NEW_USAGE("--status: '%s' is not one of "
		    "open, in-progress, done, dropped", o->status);
	return -1;
}

/*
 * The record's id and the path to write.  With -o the file's name is the
 * id (validate requires it); otherwise the id makes the path under
 * records/ at the top of the work tree.
 */
static int
choose_id_path(struct buf *id, struct buf *path, const struct new_opts *o,
    const struct workspace *ws)
{
	const struct ns_error *err;
	const char *base, *words;
	size_t n;

	if (o->output) {
		base = strrchr(o->output, '/');
		base = base ? base + 1 : o->output;
		n = strlen(base);
		if (n <= 5 || strcmp(base + n - 5, ".yaml") != 0)
			return NEW_USAGE("-o: '%s' must end in "
			    ".yaml", o->output);
		if (buf_add(id, base, n - 5) || !slug_valid(id->ptr))
			return NEW_USAGE("-o: the file name makes "
			    "the id; '%.*s' is not one (a-z, 0-9 and -)",
			    (int)(n - 5), base);
		if (o->id && strcmp(o->id, id->ptr) != 0)
			return NEW_USAGE("--id %s differs from "
			    "the file name of -o %s; a record's id is its "
			    "file name", o->id, o->output);
		err = buf_puts(path, o->output);
		return err ? (cli_report(err), EXIT_USAGE) : EXIT_OK;
	}
	words = o->title ? o->title : o->question ? o->question : "";
	err = o->id ? buf_puts(id, o->id) :
	    skeleton_default_id(id, o->date, words);
	if (err && err->code == NS_ERR_INVALID)
		return NEW_USAGE("%s; give the record an id with "
		    "--id ID", err->msg);
	if (err == NULL)
		err = buf_printf(path, "%s/", ws->top);
	if (err == NULL)
		err = skeleton_record_path(path, strcmp(o->kind, "meeting") ==
		    0 ? "meetings" : "followups", o->date, id->ptr);
	return err ? (cli_report(err), EXIT_USAGE) : EXIT_OK;
}

/* git's user.name, for `by:` (NULL when unset). */
static char *
user_name(const struct workspace *ws)
{
	git_config *cfg = NULL;
	git_buf b = { NULL, 0, 0 };
	char *name = NULL;

	if (git_repository_config_snapshot(&cfg, ws->repo) == 0 &&
	    git_config_get_string_buf(&b, cfg, "user.name") == 0 &&
	    skeleton_line_valid(b.ptr))
		name = strdup(b.ptr);
	git_buf_dispose(&b);
	git_config_free(cfg);
	return name;
}

static const struct ns_error *
render(struct buf *text, const struct new_opts *o, const char *fed,
    const char *id, const char *by)
{
	struct skeleton_meeting m = { fed, id, o->title, o->type, o->date,
	    o->location };
	struct skeleton_followup f = { fed, id, o->refers_to, o->date,
	    o->status, by };

	if (strcmp(o->kind, "meeting") == 0)
		return skeleton_meeting(text, &m);
	return skeleton_followup(text, &f);
}

/* The path as the user can use it: relative when under the cwd. */
static const char *
shown_path(const char *path, const char *cwd)
{
	size_t n = cwd ? strlen(cwd) : 0;

	if (n && strncmp(path, cwd, n) == 0 && path[n] == '/')
		return path + n + 1;
	return path;
}

int
cmd_new(int argc, char *argv[])
{
	const struct ns_error *err;
	struct new_opts o;
	struct workspace *ws = NULL;
	struct buf id = BUF_INIT, path = BUF_INIT, text = BUF_INIT;
	char today[11], *by = NULL, *cwd = NULL;
	int status;

	memset(&o, 0, sizeof(o));
	status = parse_args(&o, argc, argv);
	if (status == -1)
		status = check_opts(&o, today);
	if (status != -1)
		return status;
	status = cli_report(workspace_open(&ws, "."));
	if (status == EXIT_OK)
		status = choose_id_path(&id, &path, &o, ws);
	if (status != EXIT_OK)
		goto done;
	if (o.refers_to) {
		warn_unknown_question(o.refers_to);
		if (o.by == NULL)
			by = user_name(ws);
	}
	err = render(&text, &o, ws->config->federation, id.ptr,
	    o.by ? o.by : by);
	if (err == NULL)
		err = setup_write_file(path.ptr, text.ptr, text.len, o.force,
		    0666);
	cwd = getcwd(NULL, 0);
	if (err && err->code == NS_ERR_USAGE) {
		status = cli_usage_error("new", "%s exists; give another "
		    "--title or --id, or --force to overwrite it",
		    shown_path(path.ptr, cwd));
		goto done;
	}
	status = cli_report(err);
	if (status == EXIT_OK)
		printf("%s\n", shown_path(path.ptr, cwd));
done:
	free(cwd);
	free(by);
	buf_dispose(&id);
	buf_dispose(&path);
	buf_dispose(&text);
	workspace_free(ws);
	return status;
}
