/*
 * sign.h: a federation's Ed25519 signing key and SSH signatures (SSHSIG),
 * byte-compatible with `ssh-keygen -Y sign -n git` and so with git's
 * gpg.format=ssh (`git commit -S`, `git tag -s`, `git verify-tag`).
 *
 * Keys live outside the repository, in the user's config directory:
 * $NETSYNC_CONFIG_DIR, else $XDG_CONFIG_HOME/netsync, else
 * ~/.config/netsync, as <federation>.key, mode 0600.  A key without a
 * passphrase is stored in OpenSSH's format (ssh-keygen and git can use the
 * same file); with a passphrase as PKCS#8 PEM encrypted with AES-256-CBC
 * under a scrypt-derived key (OpenSSH's bcrypt format is not available in
 * OpenSSL).  Public keys are "ssh-ed25519 AAAA... comment" lines.
 *
 * Verification uses OpenSSL only: no ssh-keygen at run time.
 */
#ifndef NS_SIGN_H
#define NS_SIGN_H

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"

#define SIGN_NAMESPACE	"git"
#define SIGN_BEGIN	"-----BEGIN SSH SIGNATURE-----"
#define SIGN_END	"-----END SSH SIGNATURE-----"

/* An Ed25519 private key (opaque). */
struct sign_key;

enum sign_verdict {
	SIGN_OK,
	SIGN_UNSIGNED,		/* no signature at all */
	SIGN_WRONG_KEY,		/* well-formed, by a key not listed */
	SIGN_BAD,		/* listed key, content does not match */
	SIGN_MALFORMED,		/* truncated, garbage, wrong namespace */
	SIGN_TAG_MISMATCH,	/* the signed tag points at another commit */
};

/* "ok", "unsigned", "wrong-key", "bad-signature", "malformed-signature",
 * "tag-mismatch" (static strings).  This function can't fail. */
const char *sign_verdict_name(enum sign_verdict);

/*
 * Make a new random Ed25519 key.  The caller frees *out with
 * sign_key_free().  NS_ERR_CRYPTO when OpenSSL fails.
 */
const struct ns_error *sign_key_generate(struct sign_key **out);

/*
 * Load a private key file: OpenSSH format (unencrypted; an encrypted one is
 * refused with a message saying what to do) or PKCS#8 PEM, encrypted or
 * not.  'passphrase_or_null' decrypts an encrypted PEM file; it is never
 * prompted for.  The file must not be readable by group or others.
 * Errors: NS_ERR_ERRNO (unreadable), NS_ERR_INVALID (wrong format, wrong or
 * missing passphrase, loose permissions: the message says which), NS_ERR_NOMEM.
 * The caller frees *out with sign_key_free().
 */
const struct ns_error *sign_key_load(struct sign_key **out, const char *path,
    const char *passphrase_or_null);

/*
 * Write 'key' to a new file 'path' with mode 0600 (never replacing an
 * existing file: NS_ERR_INVALID "... exists"); the directory is created
 * (mode 0700) when missing.  The file appears complete or not at all.
 * Without a passphrase: OpenSSH format with the key's comment; with one:
 * encrypted PKCS#8 PEM.  Errors: NS_ERR_ERRNO, NS_ERR_CRYPTO.
 */
const struct ns_error *sign_key_save(const struct sign_key *key,
    const char *path, const char *passphrase_or_null);

/*
 * Set the comment stored with the key (OpenSSH files keep one; netsync
 * uses the federation id).  'comment' is copied; NULL clears it.
 * NS_ERR_NOMEM.  A loaded OpenSSH key has the file's comment.
 */
const struct ns_error *sign_key_set_comment(struct sign_key *key,
    const char *comment);

/* The key's comment (borrowed), "" when none.  This function can't fail. */
const char *sign_key_comment(const struct sign_key *key);

/* Append "ssh-ed25519 AAAA..." (no comment) to 'out'.  NS_ERR_NOMEM. */
const struct ns_error *sign_key_public(const struct sign_key *,
    struct buf *out_ssh_line);

/* Free a key, wiping it.  Accepts NULL.  This function can't fail. */
void sign_key_free(struct sign_key *);

/*
 * Append the SHA256 fingerprint of public key line 'ssh_pubkey_line' to
 * 'out', as `ssh-keygen -l` prints it: "SHA256:<43 base64 chars>".
 * NS_ERR_INVALID when the line is not an ssh-ed25519 key.
 */
const struct ns_error *sign_key_fingerprint(const char *ssh_pubkey_line,
    struct buf *out);

/*
 * Check a public key line; NULL if it is a usable ssh-ed25519 key, else
 * NS_ERR_INVALID saying why.  For config validation.
 */
const struct ns_error *sign_pubkey_check(const char *ssh_pubkey_line);

/*
 * Append the user's key directory (without trailing slash): the rules in
 * the header comment.  NS_ERR_NOT_FOUND when neither NETSYNC_CONFIG_DIR,
 * XDG_CONFIG_HOME nor HOME is set to an absolute path.
 */
const struct ns_error *sign_key_dir(struct buf *out);

/*
 * Append the key file path for federation 'fed': <key dir>/<fed>.key.
 * NS_ERR_INVALID when 'fed' is not a valid federation id (slug).
 */
const struct ns_error *sign_key_path(struct buf *out, const char *fed);

/*
 * Append the private key file to use for federation 'fed': 'key_file'
 * (netsync.yaml's key_file; may be NULL) when set, with a leading "~/"
 * taken from HOME and a relative path taken from 'workdir' (may be NULL:
 * then relative to the current directory); else sign_key_path(fed).
 * Errors as sign_key_path().
 */
const struct ns_error *sign_key_locate(struct buf *out, const char *fed,
    const char *key_file, const char *workdir);

/*
 * The passphrase for the private key: the first line of 'file' when it is
 * not NULL, else $NETSYNC_PASSPHRASE when set and not empty; never a
 * prompt.  *have is 0 when there is none ('out' untouched).  NS_ERR_ERRNO
 * when 'file' is unreadable, NS_ERR_INVALID when it holds an empty line.
 */
const struct ns_error *sign_passphrase(struct buf *out, int *have,
    const char *file);

/*
 * NS_ERR_USAGE when 'path' (which need not exist yet) lies inside
 * directory 'dir' (a repository's work tree), comparing resolved real
 * paths of the nearest existing ancestors.  NULL otherwise.
 */
const struct ns_error *sign_path_outside(const char *path, const char *dir);

/*
 * Sign 'msg' (len bytes) with 'key' and append the armored SSH signature
 * (namespace "git", hash sha512; "-----BEGIN SSH SIGNATURE-----" ...
 * "-----END SSH SIGNATURE-----\n", 70-column lines) to 'out', exactly as
 * `ssh-keygen -Y sign -n git` would.  NS_ERR_CRYPTO, NS_ERR_NOMEM.
 */
const struct ns_error *sign_create(struct buf *out, const struct sign_key *key,
    const void *msg, size_t len);

/* A parsed SSH signature (SSHSIG blob, PROTOCOL.sshsig). */
struct sign_sig {
	unsigned char	pk[32];		/* the signer's key */
	unsigned char	sig[64];
	char		hash[8];	/* "sha512" or "sha256" */
	struct buf	reserved;	/* usually empty */
};

#define SIGN_SIG_INIT { { 0 }, { 0 }, { 0 }, BUF_INIT }

/*
 * Parse the armored signature 'text' (len bytes; need not be
 * NUL-terminated) into *sig.  NS_ERR_INVALID with a one-line reason for
 * anything malformed: not armored, truncated, bad base64, wrong magic or
 * version, namespace other than "git", key or signature type other than
 * ssh-ed25519, hash other than sha512/sha256, trailing bytes.
 * NS_ERR_NOMEM.  The caller disposes *sig with sign_sig_dispose().
 * A pure function: safe to fuzz.
 */
const struct ns_error *sign_sig_parse(struct sign_sig *sig, const char *text,
    size_t len);

/* Release what a parsed signature holds.  Accepts NULL. */
void sign_sig_dispose(struct sign_sig *);

/*
 * Verify armored signature 'text' over 'msg' against the public key lines
 * keys[0..nkeys).  *verdict is SIGN_OK, SIGN_MALFORMED, SIGN_WRONG_KEY
 * (the reason names the signer's fingerprint) or SIGN_BAD; 'reason' gets a
 * one-line explanation (not for SIGN_OK).  An error only when verification
 * could not be carried out: NS_ERR_INVALID for an unusable configured key,
 * NS_ERR_NOMEM, NS_ERR_CRYPTO.
 */
const struct ns_error *sign_verify(enum sign_verdict *verdict,
    struct buf *reason, const char *text, size_t len, const void *msg,
    size_t msglen, const char *const *keys, size_t nkeys);

#endif
