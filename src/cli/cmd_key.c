/*
 * cmd_key.c: `netsync key generate|show|allowed-signers|path`: make or
 * import this federation's Ed25519 signing key (the private key stays in
 * the user's config directory, never in the repository), put its public
 * half into netsync.yaml `signing_key`, and print what git and ssh-keygen
 * need to check netsync's signatures.
 */
#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "base/buf.h"
#include "cli.h"
#include "record/config.h"
#include "sign/sign.h"
#include "sign/sshkey.h"

struct key_opts {
	const char	*import;	/* --import PATH */
	const char	*passfile;	/* --passphrase-file PATH */
	int		 rotate;	/* --rotate */
	int		 fingerprints;	/* show -l */
};

/* A federation repository: its work tree and parsed netsync.yaml. */
struct key_ctx {
	struct buf	 workdir;	/* with a trailing slash */
	struct buf	 cfgpath;
	struct config	*cfg;
};

void
usage_key(FILE *f)
{
	fprintf(f,
	    "usage: netsync key generate [--import FILE] "
	    "[--passphrase-file FILE] [--rotate]\n"
	    "       netsync key show [-l]\n"
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

static void
ctx_dispose(struct key_ctx *c)
{
	buf_dispose(&c->workdir);
	buf_dispose(&c->cfgpath);
	config_free(c->cfg);
	c->cfg = NULL;
}

static const struct ns_error *
ctx_open(struct key_ctx *c)
{
	const struct ns_error *err = NULL;
	git_repository *repo = NULL;
	const char *wd;

	if (git_repository_open_ext(&repo, ".", 0, NULL) < 0)
		return ns_error(NS_ERR_NOT_REPO);
	wd = git_repository_workdir(repo);
	if (wd == NULL)
		err = ns_error(NS_ERR_NOT_REPO);
	if (err == NULL)
		err = buf_puts(&c->workdir, wd);
	if (err == NULL)
		err = buf_printf(&c->cfgpath, "%snetsync.yaml", wd);
	git_repository_free(repo);
	if (err == NULL && access(c->cfgpath.ptr, F_OK) == -1)
		err = ns_error(NS_ERR_NOT_REPO);
	if (err == NULL)
		err = config_load(&c->cfg, c->cfgpath.ptr);
	return err;
}

/*
 * Write 'keys' as netsync.yaml's signing_key: one key as a string, several
 * as a flow list, one per line.  The only place that edits netsync.yaml.
 */
static const struct ns_error *
set_signing_keys(const struct key_ctx *c, char *const *keys, size_t n)
{
	const struct ns_error *err = NULL;
	struct buf in = BUF_INIT, out = BUF_INIT, val = BUF_INIT;
	struct stat st;
	size_t i;

	if (n == 1)
		err = buf_printf(&val, "\"%s\"", keys[0]);
	for (i = 0; n > 1 && i < n && err == NULL; i++)
		err = buf_printf(&val, "%s\n    \"%s\"", i ? "," : "[",
		    keys[i]);
	if (err == NULL && n > 1)
		err = buf_puts(&val, "\n  ]");
	if (err == NULL)
		err = buf_load_path(&in, c->cfgpath.ptr, CONFIG_MAX_SIZE);
	if (err == NULL)
		err = config_edit_set(&out, in.ptr ? in.ptr : "", in.len,
		    "signing_key", val.ptr);
	if (err == NULL && stat(c->cfgpath.ptr, &st) == -1)
		err = ns_error_from_errno2("stat", c->cfgpath.ptr);
	if (err == NULL)
		err = buf_write_atomic(c->cfgpath.ptr, out.ptr, out.len,
		    st.st_mode & 0777);
	buf_dispose(&in);
	buf_dispose(&out);
	buf_dispose(&val);
	return err;
}

/* Move the old private key aside (never deleted) for --rotate. */
static const struct ns_error *
retire_key(const char *path)
{
	const struct ns_error *err = NULL;
	struct buf old = BUF_INIT;
	long long now = (long long)time(NULL);
	int i, done = 0;

	for (i = 1; err == NULL && !done && i < 100; i++) {
		buf_reset(&old);
		err = buf_printf(&old, "%s.old-%lld", path, now);
		if (err == NULL && i > 1)
			err = buf_printf(&old, "-%d", i);
		if (err == NULL && link(path, old.ptr) == 0)
			done = 1;
		else if (err == NULL && errno != EEXIST)
			err = ns_error_from_errno2("keep old key as", old.ptr);
	}
	if (err == NULL && !done)
		err = ns_error_fmt(NS_ERR_USAGE, "too many old keys named "
		    "%s.old-%lld*", path, now);
	if (err == NULL && unlink(path) == -1)
		err = ns_error_from_errno2("remove", path);
	if (err == NULL)
		fprintf(stderr, "netsync: old private key kept as %s\n",
		    old.ptr);
	buf_dispose(&old);
	return err;
}

/* Refuse what generate must not do; say what to do instead. */
static const struct ns_error *
generate_check(const struct key_ctx *c, const struct key_opts *o,
    const char *path, int same)
{
	const struct ns_error *err;
	int exists = access(path, F_OK) == 0;

	err = sign_path_outside(path, c->workdir.ptr);
	if (err)
		return err;
	if (exists && !o->rotate && !same)
		return ns_error_fmt(NS_ERR_USAGE, "a private key exists at %s; "
		    "use --import %s to (re)list it in netsync.yaml, or "
		    "--rotate to replace it", path, path);
	if (c->cfg->nkeys > 0 && !o->rotate && !same)
		return ns_error_fmt(NS_ERR_USAGE, "netsync.yaml already has a "
		    "signing_key; use --rotate to add a new key (the old "
		    "public key stays listed until you remove it)");
	if (o->rotate && same)
		return ns_error_fmt(NS_ERR_USAGE, "--rotate: cannot replace %s "
		    "by itself", path);
	return NULL;
}

/* The key to install: imported, or new.  Comment = federation id. */
static const struct ns_error *
generate_key(struct sign_key **key, const struct key_opts *o,
    const char *fed, const char *pass)
{
	const struct ns_error *err;

	if (o->import)
		err = sign_key_load(key, o->import, pass);
	else
		err = sign_key_generate(key);
	if (err == NULL)
		err = sign_key_set_comment(*key, fed);
	return err;
}

/* The new signing_key list: the new key first, then (rotate) the old. */
static const struct ns_error *
generate_config(const struct key_ctx *c, const struct key_opts *o,
    const char *line)
{
	const struct ns_error *err;
	char **keys;
	size_t n = 0, i;

	keys = calloc(c->cfg->nkeys + 1, sizeof(*keys));
	if (keys == NULL)
		return ns_error(NS_ERR_NOMEM);
	keys[n++] = (char *)line;
	for (i = 0; o->rotate && i < c->cfg->nkeys; i++)
		if (strcmp(c->cfg->keys[i], line) != 0)
			keys[n++] = c->cfg->keys[i];
	err = set_signing_keys(c, keys, n);
	free(keys);
	return err;
}

static const struct ns_error *
key_generate(const struct key_ctx *c, const struct key_opts *o)
{
	const struct ns_error *err;
	struct buf path = BUF_INIT, pass = BUF_INIT, line = BUF_INIT;
	struct buf fp = BUF_INIT;
	struct sign_key *key = NULL;
	int have, same;

	err = sign_key_locate(&path, c->cfg->federation, c->cfg->key_file,
	    c->workdir.ptr);
	if (err)
		goto done;
	same = o->import && strcmp(o->import, path.ptr) == 0;
	err = generate_check(c, o, path.ptr, same);
	if (err == NULL)
		err = sign_passphrase(&pass, &have, o->passfile);
	if (err == NULL)
		err = generate_key(&key, o, c->cfg->federation,
		    have ? pass.ptr : NULL);
	if (err == NULL && o->rotate && access(path.ptr, F_OK) == 0)
		err = retire_key(path.ptr);
	if (err == NULL && !same)
		err = sign_key_save(key, path.ptr, have ? pass.ptr : NULL);
	if (err == NULL)
		err = sign_key_public(key, &line);
	if (err == NULL)
		err = buf_printf(&line, " %s", c->cfg->federation);
	if (err == NULL)
		err = generate_config(c, o, line.ptr);
	if (err == NULL)
		err = sign_key_fingerprint(line.ptr, &fp);
	if (err == NULL)
		printf("private key: %s%s\npublic key:  %s\n"
		    "fingerprint: %s\nsigning_key set in netsync.yaml: "
		    "commit it, and send the public key to your peers\n",
		    path.ptr, have ? " (passphrase-protected)" : "", line.ptr,
		    fp.ptr);
done:
	/* an unusable key or passphrase is the user's environment: exit 2 */
	if (err && err->code == NS_ERR_INVALID)
		err = ns_error_fmt(NS_ERR_USAGE, "%s", err->msg);
	sign_key_free(key);
	if (pass.ptr)
		memset(pass.ptr, 0, pass.cap);
	buf_dispose(&pass);
	buf_dispose(&path);
	buf_dispose(&line);
	buf_dispose(&fp);
	return err;
}

static const struct ns_error *
key_show(const struct key_ctx *c, const struct key_opts *o)
{
	const struct ns_error *err = NULL;
	struct buf fp = BUF_INIT;
	size_t i;

	if (c->cfg->nkeys == 0)
		return ns_error_fmt(NS_ERR_NOT_FOUND, "%s: no signing_key; run "
		    "netsync key generate", c->cfgpath.ptr);
	for (i = 0; i < c->cfg->nkeys && err == NULL; i++) {
		if (!o->fingerprints) {
			printf("%s\n", c->cfg->keys[i]);
			continue;
		}
		buf_reset(&fp);
		err = sign_key_fingerprint(c->cfg->keys[i], &fp);
		if (err == NULL)
			printf("%s %s\n", fp.ptr, c->cfg->federation);
	}
	if (err && err->code == NS_ERR_INVALID)
		err = ns_error_fmt(NS_ERR_INVALID, "%s: signing_key: %s",
		    c->cfgpath.ptr, err->msg);
	buf_dispose(&fp);
	return err;
}

/* Lines "principal namespaces="git" ssh-ed25519 AAAA..." for one member. */
static const struct ns_error *
signers_one(struct buf *out, const char *cfgpath, const char *id,
    char *const *keys, size_t nkeys)
{
	unsigned char pk[SSH_ED25519_PUBLEN];
	const struct ns_error *err = NULL;
	size_t i;

	for (i = 0; i < nkeys && err == NULL; i++) {
		err = ssh_pubkey_parse(pk, keys[i]);
		if (err) {
			err = ns_error_fmt(NS_ERR_INVALID, "%s: signing key of "
			    "%s: %s", cfgpath, id, err->msg);
			break;
		}
		err = buf_printf(out, "%s namespaces=\"git\" ", id);
		if (err == NULL)
			err = ssh_pubkey_line(out, pk, NULL);
		if (err == NULL)
			err = buf_putc(out, '\n');
	}
	return err;
}

static const struct ns_error *
key_allowed_signers(const struct key_ctx *c)
{
	const struct ns_error *err;
	const struct config *cfg = c->cfg;
	struct buf out = BUF_INIT;
	size_t i;

	err = signers_one(&out, c->cfgpath.ptr, cfg->federation, cfg->keys,
	    cfg->nkeys);
	for (i = 0; i < cfg->npeers && err == NULL; i++)
		err = signers_one(&out, c->cfgpath.ptr, cfg->peers[i].id,
		    cfg->peers[i].keys, cfg->peers[i].nkeys);
	if (err == NULL && out.len)
		fwrite(out.ptr, 1, out.len, stdout);
	buf_dispose(&out);
	return err;
}

static const struct ns_error *
key_path(const struct key_ctx *c)
{
	const struct ns_error *err;
	struct buf path = BUF_INIT;

	err = sign_key_locate(&path, c->cfg->federation, c->cfg->key_file,
	    c->workdir.ptr);
	if (err == NULL)
		printf("%s\n", path.ptr);
	buf_dispose(&path);
	return err;
}

static int
parse_key_args(struct key_opts *o, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "import", required_argument, NULL, 'i' },
		{ "passphrase-file", required_argument, NULL, 'p' },
		{ "rotate", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "+hl", longopts, NULL)) != -1) {
		switch (ch) {
		case 'i': o->import = optarg; break;
		case 'p': o->passfile = optarg; break;
		case 'r': o->rotate = 1; break;
		case 'l': o->fingerprints = 1; break;
		case 'h': usage_key(stdout); return 0;
		default: usage_key(stderr); return -1;
		}
	}
	return 1;
}

int
cmd_key(int argc, char *argv[])
{
	const struct ns_error *err = NULL;
	struct key_opts o = { NULL, NULL, 0, 0 };
	struct key_ctx c = { BUF_INIT, BUF_INIT, NULL };
	const char *sub;
	int rc;

	if (argc < 2)
		return cli_usage_error("key", "a subcommand is needed: "
		    "generate, show, allowed-signers or path");
	sub = argv[1];
	rc = parse_key_args(&o, argc - 1, argv + 1);
	if (rc <= 0)
		return rc == 0 ? EXIT_OK : EXIT_USAGE;
	if (optind != argc - 1)
		return cli_usage_error("key", "unexpected argument '%s'",
		    argv[optind + 1]);
	if (strcmp(sub, "generate") && (o.import || o.passfile || o.rotate))
		return cli_usage_error("key", "--import, --passphrase-file and "
		    "--rotate go with 'generate'");
	err = ctx_open(&c);
	if (err)
		goto done;
	if (strcmp(sub, "generate") == 0)
		err = key_generate(&c, &o);
	else if (strcmp(sub, "show") == 0)
		err = key_show(&c, &o);
	else if (strcmp(sub, "allowed-signers") == 0)
		err = key_allowed_signers(&c);
	else if (strcmp(sub, "path") == 0)
		err = key_path(&c);
	else
		err = ns_error_fmt(NS_ERR_USAGE, "'%s' is not a key "
		    "subcommand (generate, show, allowed-signers, path)", sub);
done:
	ctx_dispose(&c);
	return cli_report(err);
}
