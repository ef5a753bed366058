/*
 * cmd_key.c: `netsync key generate|show|allowed-signers|path`: the
 * federation's Ed25519 signing key (keyring.h holds what generate does
 * and refuses); this file parses, calls and prints.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "cli.h"
#include "keyring/keyring.h"

struct key_args {
	struct keyring_request	 req;	/* generate's options */
	int			 fingerprints;	/* show -l */
};

void
usage_key(FILE *f)
{
	fprintf(f,
	    "usage: netsync key generate [--import FILE] "
	    "[--passphrase-file FILE] [--rotate]\n"
	    "       netsync key show [-l | --fingerprint]\n"
	    "       netsync key allowed-signers\n"
	    "       netsync key path\n"
	    "\n"
	    "generate  make an Ed25519 key (or import an unencrypted OpenSSH\n"
	    "          ed25519 key), store it outside the repository in\n"
	    "          $NETSYNC_CONFIG_DIR, $XDG_CONFIG_HOME/netsync or\n"
	    "          ~/.config/netsync as <federation>.key (mode 0600), and\n"
	    "          set signing_key in netsync.yaml.  A passphrase is read\n"
	    "          from --passphrase-file or NETSYNC_PASSPHRASE, never\n"
	    "          prompted for.  --rotate makes a new key when one is\n"
	    "          listed already: it comes first in signing_key, the\n"
	    "          old ones stay listed, an old private key is kept.\n"
	    "show      print signing_key (-l: SHA256 fingerprints)\n"
	    "allowed-signers\n"
	    "          print a git/ssh-keygen allowed signers file for the\n"
	    "          network (this federation and every peer with a key)\n"
	    "path      print the private key file's path\n");
}

enum { OPT_IMPORT, OPT_PASSFILE, OPT_ROTATE, OPT_FINGERPRINTS };

static int
set_option(void *ctx, int id, const char *value)
{
	struct key_args *a = ctx;

	switch (id) {
	case OPT_IMPORT:
		a->req.import = value;
		break;
	case OPT_PASSFILE:
		a->req.passfile = value;
		break;
	case OPT_ROTATE:
		a->req.rotate = 1;
		break;
	case OPT_FINGERPRINTS:
		a->fingerprints = 1;
		break;
	}
	return 0;
}

static const struct cli_option key_options[] = {
	{ "import", 0, 1, OPT_IMPORT },
	{ "passphrase-file", 0, 1, OPT_PASSFILE },
	{ "rotate", 0, 0, OPT_ROTATE },
	{ "fingerprint", 'l', 0, OPT_FINGERPRINTS },
	{ NULL, 0, 0, 0 },
};

static const struct cli_spec key_spec = {
	"key", key_options, set_option, 0, 0, 0,
};

static const struct ns_error *
key_generate(struct keyring *kr, const struct key_args *a)
{
	const struct ns_error *err;
	struct keyring_result res = KEYRING_RESULT_INIT;

	err = keyring_generate(kr, &a->req, &res);
	if (res.retired.len > 0)
		fprintf(stderr, "netsync: old private key kept as %s\n",
		    res.retired.ptr);
	if (err == NULL)
		printf("private key: %s%s\npublic key:  %s\n"
		    "fingerprint: %s\nsigning_key set in netsync.yaml: "
		    "commit it, and send the public key to your peers\n",
		    res.path.ptr, res.passphrase ? " (passphrase-protected)" :
		    "", res.line.ptr, res.fingerprint.ptr);
	keyring_result_dispose(&res);
	return err;
}

static const struct ns_error *
key_show(const struct keyring *kr, const struct key_args *a)
{
	const struct ns_error *err;
	struct buf fp = BUF_INIT;
	size_t i;

	if (kr->cfg->nkeys == 0)
		return ns_error_fmt(NS_ERR_NOT_FOUND, "%s: no signing_key; run "
		    "netsync key generate", kr->cfgpath.ptr);
	for (i = 0; i < kr->cfg->nkeys; i++) {
		if (!a->fingerprints) {
			printf("%s\n", kr->cfg->keys[i]);
			continue;
		}
		buf_reset(&fp);
		err = keyring_fingerprint(kr, i, &fp);
		if (err != NULL)
			goto done;
		printf("%s %s\n", fp.ptr, kr->cfg->federation);
	}
	err = NULL;
done:
	buf_dispose(&fp);
	return err;
}

/* Print what 'get' puts in a buffer: the allowed signers, the key path. */
static const struct ns_error *
key_print(const struct keyring *kr, const struct ns_error *(*get)(
    const struct keyring *, struct buf *), int newline)
{
	const struct ns_error *err;
	struct buf out = BUF_INIT;

	err = get(kr, &out);
	if (err == NULL && out.len > 0)
		fwrite(out.ptr, 1, out.len, stdout);
	if (err == NULL && newline)
		putchar('\n');
	buf_dispose(&out);
	return err;
}

int
cmd_key(int argc, char *argv[])
{
	const struct ns_error *err;
	struct key_args a;
	struct keyring *kr = NULL;
	const char *sub;
	int rc, first;

	memset(&a, 0, sizeof(a));
	if (argc < 2)
		return cli_usage_error("key", "a subcommand is needed: "
		    "generate, show, allowed-signers or path");
	sub = argv[1];
	rc = cli_parse(&key_spec, &a, argc - 1, argv + 1, &first);
	if (rc != CLI_GO_ON)
		return rc;
	if (strcmp(sub, "generate") != 0 && (a.req.import != NULL ||
	    a.req.passfile != NULL || a.req.rotate))
		return cli_usage_error("key", "--import, --passphrase-file and "
		    "--rotate go with 'generate'");
	err = keyring_open(&kr, ".");
	if (err != NULL)
		goto done;
	if (strcmp(sub, "generate") == 0)
		err = key_generate(kr, &a);
	else if (strcmp(sub, "show") == 0)
		err = key_show(kr, &a);
	else if (strcmp(sub, "allowed-signers") == 0)
		err = key_print(kr, keyring_allowed_signers, 0);
	else if (strcmp(sub, "path") == 0)
		err = key_print(kr, keyring_private_path, 1);
	else
		err = ns_error_fmt(NS_ERR_USAGE, "'%s' is not a key "
		    "subcommand (generate, show, allowed-signers, path)", sub);
done:
	keyring_free(kr);
	return cli_report(err);
}
