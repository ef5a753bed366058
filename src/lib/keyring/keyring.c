/*
 * keyring.c: a federation's signing keys: generate, import, rotate, list.
 * See keyring.h for the policy.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "keyring/keyring.h"
#include "record/config.h"
#include "repo/workspace.h"
#include "sign/sign.h"
#include "sign/sshkey.h"

const struct ns_error *
keyring_open(struct keyring **out, const char *dir)
{
	const struct ns_error *err;
	struct keyring *kr;

	*out = NULL;
	kr = calloc(1, sizeof(*kr));
	if (kr == NULL)
		return ns_error(NS_ERR_NOMEM);
	err = workspace_open(&kr->ws, dir);
	/* `netsync key` has always said it in the one sentence for both */
	if (err != NULL && err->code == NS_ERR_NOT_REPO)
		err = ns_error(NS_ERR_NOT_REPO);
	if (err != NULL)
		goto done;
	kr->cfg = kr->ws->config;
	err = buf_printf(&kr->workdir, "%s/", kr->ws->top);
	if (err != NULL)
		goto done;
	err = buf_printf(&kr->cfgpath, "%snetsync.yaml", kr->workdir.ptr);
done:
	if (err != NULL)
		keyring_free(kr);
	else
		*out = kr;
	return err;
}

void
keyring_free(struct keyring *kr)
{
	if (kr == NULL)
		return;
	workspace_free(kr->ws);
	buf_dispose(&kr->workdir);
	buf_dispose(&kr->cfgpath);
	free(kr);
}

void
keyring_result_dispose(struct keyring_result *res)
{
	buf_dispose(&res->path);
	buf_dispose(&res->line);
	buf_dispose(&res->fingerprint);
	buf_dispose(&res->retired);
}

/*
 * Move the old private key aside for --rotate: linked to PATH.old-TIME
 * (-2, -3 ... when rotated twice in a second), then unlinked, so it is
 * never lost and never overwritten.  Its new name into 'retired'.
 */
static const struct ns_error *
retire_key(const char *path, struct buf *retired)
{
	const struct ns_error *err;
	long long now = (long long)time(NULL);
	int i;

	for (i = 1; i < 100; i++) {
		buf_reset(retired);
		err = buf_printf(retired, "%s.old-%lld", path, now);
		if (err != NULL)
			return err;
		if (i > 1) {
			err = buf_printf(retired, "-%d", i);
			if (err != NULL)
				return err;
		}
		if (link(path, retired->ptr) == 0)
			break;
		if (errno != EEXIST)
			return ns_error_from_errno2("keep old key as",
			    retired->ptr);
	}
	if (i == 100) {
		buf_reset(retired);
		return ns_error_fmt(NS_ERR_USAGE, "too many old keys named "
		    "%s.old-%lld*", path, now);
	}
	if (unlink(path) == -1)
		return ns_error_from_errno2("remove", path);
	return NULL;
}

/* Refuse what generate must not do; say what to do instead. */
static const struct ns_error *
generate_check(const struct keyring *kr, const struct keyring_request *req,
    const char *path, int same)
{
	const struct ns_error *err;
	int exists = access(path, F_OK) == 0;

	err = sign_path_outside(path, kr->workdir.ptr);
	if (err != NULL)
		return err;
	if (exists && !req->rotate && !same)
		return ns_error_fmt(NS_ERR_USAGE, "a private key exists at %s; "
		    "use --import %s to (re)list it in netsync.yaml, or "
		    "--rotate to replace it", path, path);
	if (kr->cfg->nkeys > 0 && !req->rotate && !same)
		return ns_error_fmt(NS_ERR_USAGE, "netsync.yaml already has a "
		    "signing_key; use --rotate to add a new key (the old "
		    "public key stays listed until you remove it)");
	if (req->rotate && same)
		return ns_error_fmt(NS_ERR_USAGE, "--rotate: cannot replace %s "
		    "by itself", path);
	return NULL;
}

/* The key to install: imported, or new.  Comment = federation id. */
static const struct ns_error *
make_key(struct sign_key **key, const struct keyring_request *req,
    const char *fed, const char *pass)
{
	const struct ns_error *err;

	if (req->import != NULL)
		err = sign_key_load(key, req->import, pass);
	else
		err = sign_key_generate(key);
	if (err != NULL)
		return err;
	return sign_key_set_comment(*key, fed);
}

/* The new signing_key list: the new key first, then (rotate) the old. */
static const struct ns_error *
list_keys(const struct keyring *kr, const struct keyring_request *req,
    const char *line)
{
	const struct ns_error *err;
	const struct config *cfg = kr->cfg;
	char **keys;
	size_t n = 0, i;

	keys = calloc(cfg->nkeys + 1, sizeof(*keys));
	if (keys == NULL)
		return ns_error(NS_ERR_NOMEM);
	keys[n++] = (char *)line;
	for (i = 0; req->rotate && i < cfg->nkeys; i++)
		if (strcmp(cfg->keys[i], line) != 0)
			keys[n++] = cfg->keys[i];
	err = config_file_set_signing_keys(kr->cfgpath.ptr, keys, n);
	free(keys);
	return err;
}

/* The steps of keyring_generate(), in order; 'pass' is wiped by it. */
static const struct ns_error *
generate(struct keyring *kr, const struct keyring_request *req,
    struct keyring_result *res, struct buf *pass)
{
	const struct ns_error *err;
	const char *fed = kr->cfg->federation;
	struct sign_key *key = NULL;
	int same;

	err = sign_key_locate(&res->path, fed, kr->cfg->key_file,
	    kr->workdir.ptr);
	if (err != NULL)
		goto done;
	same = req->import != NULL && strcmp(req->import, res->path.ptr) == 0;
	err = generate_check(kr, req, res->path.ptr, same);
	if (err != NULL)
		goto done;
	err = sign_passphrase(pass, &res->passphrase, req->passfile);
	if (err != NULL)
		goto done;
	err = make_key(&key, req, fed, res->passphrase ? pass->ptr : NULL);
	if (err != NULL)
		goto done;
	if (req->rotate && access(res->path.ptr, F_OK) == 0) {
		err = retire_key(res->path.ptr, &res->retired);
		if (err != NULL)
			goto done;
	}
	if (!same) {
		err = sign_key_save(key, res->path.ptr,
		    res->passphrase ? pass->ptr : NULL);
		if (err != NULL)
			goto done;
	}
	err = sign_key_public(key, &res->line);
	if (err != NULL)
		goto done;
	err = buf_printf(&res->line, " %s", fed);
	if (err != NULL)
		goto done;
	err = list_keys(kr, req, res->line.ptr);
	if (err != NULL)
		goto done;
	err = sign_key_fingerprint(res->line.ptr, &res->fingerprint);
done:
	sign_key_free(key);
	return err;
}

const struct ns_error *
keyring_generate(struct keyring *kr, const struct keyring_request *req,
    struct keyring_result *res)
{
	const struct ns_error *err;
	struct buf pass = BUF_INIT;

	err = generate(kr, req, res, &pass);
	/* an unusable key or passphrase is the user's environment: exit 2 */
	if (err != NULL && err->code == NS_ERR_INVALID)
		err = ns_error_fmt(NS_ERR_USAGE, "%s", err->msg);
	if (pass.ptr != NULL)
		memset(pass.ptr, 0, pass.cap);
	buf_dispose(&pass);
	return err;
}

const struct ns_error *
keyring_fingerprint(const struct keyring *kr, size_t i, struct buf *out)
{
	const struct ns_error *err;

	err = sign_key_fingerprint(kr->cfg->keys[i], out);
	if (err != NULL && err->code == NS_ERR_INVALID)
		err = ns_error_fmt(NS_ERR_INVALID, "%s: signing_key: %s",
		    kr->cfgpath.ptr, err->msg);
	return err;
}

/* Lines "principal namespaces="git" ssh-ed25519 AAAA..." for one member. */
static const struct ns_error *
signers_one(struct buf *out, const char *cfgpath, const char *id,
    char *const *keys, size_t nkeys)
{
	unsigned char pk[SSH_ED25519_PUBLEN];
	const struct ns_error *err;
	size_t i;

	for (i = 0; i < nkeys; i++) {
		err = ssh_pubkey_parse(pk, keys[i]);
		if (err != NULL)
			return ns_error_fmt(NS_ERR_INVALID, "%s: signing key "
			    "of %s: %s", cfgpath, id, err->msg);
		err = buf_printf(out, "%s namespaces=\"git\" ", id);
		if (err != NULL)
			return err;
		err = ssh_pubkey_line(out, pk, NULL);
		if (err != NULL)
			return err;
		err = buf_putc(out, '\n');
		if (err != NULL)
			return err;
	}
	return NULL;
}

const struct ns_error *
keyring_allowed_signers(const struct keyring *kr, struct buf *out)
{
	const struct ns_error *err;
	const struct config *cfg = kr->cfg;
	size_t i;

	err = signers_one(out, kr->cfgpath.ptr, cfg->federation, cfg->keys,
	    cfg->nkeys);
	if (err != NULL)
		return err;
	for (i = 0; i < cfg->npeers; i++) {
		err = signers_one(out, kr->cfgpath.ptr, cfg->peers[i].id,
		    cfg->peers[i].keys, cfg->peers[i].nkeys);
		if (err != NULL)
			return err;
	}
	return NULL;
}

const struct ns_error *
keyring_private_path(const struct keyring *kr, struct buf *out)
{
	return sign_key_locate(out, kr->cfg->federation, kr->cfg->key_file,
	    kr->workdir.ptr);
}
