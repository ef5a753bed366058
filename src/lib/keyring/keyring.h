/*
 * keyring.h: a federation's signing keys as one thing: the private key's
 * file outside the repository, making, importing and rotating it, and the
 * public halves listed in netsync.yaml's signing_key.
 *
 * The policy lives here once, for `netsync key` and any other front end:
 * what generate refuses (a second key without --rotate, a key file inside
 * the repository), the order of signing_key after a rotation (the new key
 * first, the old ones kept listed), and an old private key kept under a
 * new name, never deleted.  Nothing here prints.
 */
#ifndef NS_KEYRING_H
#define NS_KEYRING_H

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"
#include "record/config.h"

struct workspace;

/* A federation repository's keys; keyring_open() and keyring_free(). */
struct keyring {
	struct workspace	*ws;
	const struct config	*cfg;		/* ws's netsync.yaml (borrowed) */
	struct buf		 workdir;	/* the top, with a trailing slash */
	struct buf		 cfgpath;	/* its netsync.yaml */
};

/*
 * Open the federation repository holding 'dir' and read its netsync.yaml.
 * NS_ERR_NOT_REPO when there is none, config errors with their position.
 * *out is the caller's (keyring_free), NULL on error.
 */
const struct ns_error *keyring_open(struct keyring **out, const char *dir);

void keyring_free(struct keyring *);

/* What keyring_generate() is asked to do. */
struct keyring_request {
	const char	*import;	/* an OpenSSH ed25519 key file, or NULL */
	const char	*passfile;	/* the passphrase's file, or NULL */
	int		 rotate;	/* replace a listed key by a new one */
};

/* What it did; the caller's, keyring_result_dispose(). */
struct keyring_result {
	struct buf	 path;		/* the private key file */
	struct buf	 line;		/* the public key as listed */
	struct buf	 fingerprint;	/* SHA256:... */
	struct buf	 retired;	/* an old private key's new name, or empty */
	int		 passphrase;	/* the private key is protected */
};

#define KEYRING_RESULT_INIT \
	{ BUF_INIT, BUF_INIT, BUF_INIT, BUF_INIT, 0 }

/*
 * Make (or import) the federation's key, store it, list its public half
 * first in signing_key (after the old ones' place when rotating), and fill
 * 'res'.  The passphrase is read from req->passfile or NETSYNC_PASSPHRASE,
 * never prompted for.  NS_ERR_USAGE for what the user must change (a key
 * exists, a key path inside the repository, an unusable key file or
 * passphrase), NS_ERR_ERRNO for I/O.  On error netsync.yaml is unchanged.
 */
const struct ns_error *keyring_generate(struct keyring *,
    const struct keyring_request *req, struct keyring_result *res);

void keyring_result_dispose(struct keyring_result *);

/*
 * The SHA256 fingerprint of listed key 'i' (i < cfg->nkeys) into 'out'.
 * NS_ERR_INVALID naming netsync.yaml when the key cannot be read.
 */
const struct ns_error *keyring_fingerprint(const struct keyring *, size_t i,
    struct buf *out);

/*
 * An allowed signers file (git's gpg.ssh.allowedSignersFile, ssh-keygen
 * -Y verify -f) for the network: one line per key of this federation and
 * of every peer with keys, `ID namespaces="git" ssh-ed25519 AAAA...`,
 * appended to 'out'.  NS_ERR_INVALID naming the member whose key is bad.
 */
const struct ns_error *keyring_allowed_signers(const struct keyring *,
    struct buf *out);

/* The private key file's path (it need not exist) into 'out'. */
const struct ns_error *keyring_private_path(const struct keyring *,
    struct buf *out);

#endif
