/*
 * cmd_peer.c: `netsync peer add ID URL [--branch B] [--key KEY]...`,
 * `netsync peer list`, `netsync peer remove ID`: edit `peers` in
 * netsync.yaml, keeping the user's comments and order.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cli.h"
#include "base/util.h"
#include "record/config.h"
#include "repo/workspace.h"

void
usage_peer(FILE *f)
{
	fprintf(f, "usage: netsync peer add ID URL [--branch BRANCH] "
	    "[--key KEY]...\n"
	    "       netsync peer list\n"
	    "       netsync peer remove ID\n\n"
	    "Edits the peers of this federation in netsync.yaml (comments "
	    "and order are kept).\n"
	    "  ID        the peer federation's id, like umea-vannas\n"
	    "  URL       any URL or path git can fetch; a relative path is "
	    "relative to\n"
	    "            the repository's top directory\n"
	    "  --branch  the branch to pull (default main)\n"
	    "  --key     the peer's public signing key (\"ssh-ed25519 "
	    "AAAA...\"); pull\n"
	    "            then requires its signature.  Repeat for several.\n");
}

/* Apply an edit to netsync.yaml (record/config.h: the one editor). */
static int
edit_config(const struct config_peer *add, const char *remove)
{
	const struct ns_error *err;
	struct workspace *ws = NULL;
	struct buf path = BUF_INIT;

	err = workspace_open(&ws, ".");
	if (err != NULL)
		goto done;
	err = buf_printf(&path, "%s/netsync.yaml", ws->top);
	if (err != NULL)
		goto done;
	if (add != NULL)
		err = config_file_add_peer(path.ptr, add);
	else
		err = config_file_remove_peer(path.ptr, remove);
	if (err == NULL)
		printf("%s peer %s\n", add ? "added" : "removed",
		    add ? add->id : remove);
done:
	buf_dispose(&path);
	workspace_free(ws);
	return cli_report(err);
}

enum { OPT_BRANCH, OPT_KEY };

static int
set_option(void *ctx, int id, const char *value)
{
	struct config_peer *p = ctx;

	if (id == OPT_BRANCH)
		p->branch = (char *)value;
	else
		p->keys[p->nkeys++] = (char *)value;
	return 0;
}

static const struct cli_option add_options[] = {
	{ "branch", 0, 1, OPT_BRANCH },
	{ "key", 0, 1, OPT_KEY },		/* repeated: one per key */
	{ NULL, 0, 0, 0 },
};

static const struct cli_spec add_spec = {
	"peer", add_options, set_option, 0, 2, 2,
};

/* No options: remove ID, list. */
static const struct cli_option no_options[] = {
	{ NULL, 0, 0, 0 },
};

static const struct cli_spec remove_spec = {
	"peer", no_options, NULL, 0, 1, 1,
};

static const struct cli_spec list_spec = {
	"peer", no_options, NULL, 0, 0, 0,
};

static int
peer_add(int argc, char *argv[])
{
	struct config_peer p;
	int rc, first;

	memset(&p, 0, sizeof(p));
	/* at most one key per argument */
	p.keys = calloc((size_t)argc, sizeof(*p.keys));
	if (p.keys == NULL)
		return cli_report(ns_error(NS_ERR_NOMEM));
	rc = cli_parse(&add_spec, &p, argc, argv, &first);
	if (rc != CLI_GO_ON)
		goto done;
	p.id = argv[first];
	p.url = argv[first + 1];
	if (!slug_valid(p.id)) {
		rc = cli_usage_error("peer", "'%s' is not a federation id "
		    "(lower-case letters, digits and '-', like umea-vannas)",
		    p.id);
		goto done;
	}
	rc = edit_config(&p, NULL);
done:
	free(p.keys);
	return rc;
}

static int
peer_list(void)
{
	const struct ns_error *err;
	struct workspace *ws = NULL;
	size_t i;

	err = workspace_open(&ws, ".");
	if (err != NULL)
		return cli_report(err);
	for (i = 0; i < ws->config->npeers; i++) {
		const struct config_peer *p = &ws->config->peers[i];

		printf("%s\t%s\t%s", p->id, p->url, p->branch);
		if (p->nkeys)
			printf("\tsigned (%zu key%s)", p->nkeys,
			    p->nkeys == 1 ? "" : "s");
		putchar('\n');
	}
	workspace_free(ws);
	return EXIT_OK;
}

int
cmd_peer(int argc, char *argv[])
{
	int rc, first;

	if (argc < 2)
		return cli_usage_error("peer", "add, list or remove?");
	if (strcmp(argv[1], "add") == 0)
		return peer_add(argc - 1, argv + 1);
	if (strcmp(argv[1], "list") == 0) {
		rc = cli_parse(&list_spec, NULL, argc - 1, argv + 1, &first);
		return rc != CLI_GO_ON ? rc : peer_list();
	}
	if (strcmp(argv[1], "remove") == 0) {
		rc = cli_parse(&remove_spec, NULL, argc - 1, argv + 1, &first);
		return rc != CLI_GO_ON ? rc : edit_config(NULL, argv[first + 1]);
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		usage_peer(stdout);
		return EXIT_OK;
	}
	return cli_usage_error("peer", "'%s' is not a peer subcommand (add, "
	    "list, remove)", argv[1]);
}
