/*
 * gitsig.h: SSH signatures on git objects, as git's gpg.format=ssh makes
 * them: a commit's "gpgsig" header (`git commit -S`) or an annotated tag
 * whose message ends in an armored signature (`git tag -s`).  netsync signs
 * a pushed tip with a tag object refs/tags/netsync/tip-<branch> and
 * verifies a peer's tip by either form, with OpenSSL only.
 */
#ifndef NS_GITSIG_H
#define NS_GITSIG_H

#include <git2.h>

#include "base/buf.h"
#include "base/error.h"
#include "sign/sign.h"

/* The tag name netsync signs a branch tip with: "netsync/tip-<branch>". */
#define GITSIG_TAG_PREFIX	"netsync/tip-"

/*
 * Extract the signature of commit 'id' (its gpgsig header) into 'sig' and
 * the signed payload (the commit without that header) into 'payload'.
 * *has is 0 when the commit is unsigned (sig and payload untouched).
 * NS_ERR_GIT when the commit cannot be read.
 */
const struct ns_error *gitsig_commit_signature(int *has, struct buf *sig,
    struct buf *payload, git_repository *repo, const git_oid *id);

/*
 * Split the raw content of tag object 'id' at its last line starting
 * "-----BEGIN SSH SIGNATURE-----" (or a PGP/X.509 signature: those are
 * then reported by the verifier as unsupported), as git does: 'payload' is
 * everything before, 'sig' the rest.  *target is the tagged object.
 * *has is 0 when the tag carries no signature.  NS_ERR_GIT when 'id' is not
 * a readable tag object.
 */
const struct ns_error *gitsig_tag_signature(int *has, struct buf *sig,
    struct buf *payload, git_oid *target, git_repository *repo,
    const git_oid *id);

/*
 * Verify that commit 'tip' is signed by one of keys[0..nkeys)
 * ("ssh-ed25519 AAAA..." lines): by its own gpgsig, or by the tag object
 * 'tag' (may be NULL), which must point at 'tip'.  Either valid signature
 * suffices.  Otherwise *verdict says why, preferring in this order the
 * tag's or commit's BAD, MALFORMED, TAG_MISMATCH, WRONG_KEY, UNSIGNED, and
 * 'reason' gets one line naming the object ("commit 1a2b3c4: ...").
 * An error only when verification could not be carried out: an unreadable
 * object (NS_ERR_GIT), an unusable configured key (NS_ERR_INVALID),
 * NS_ERR_NOMEM or NS_ERR_CRYPTO.
 */
const struct ns_error *gitsig_verify_tip(enum sign_verdict *verdict,
    struct buf *reason, git_repository *repo, const git_oid *tip,
    const git_oid *tag, const char *const *keys, size_t nkeys);

/*
 * Create, in the object database only (no ref), an annotated tag object
 * named 'tag_name' pointing at commit 'tip', with tagger
 * "tagger_name <tagger_email>" at the current time and 'message' (a final
 * newline is added when missing), signed with 'key' as `git tag -s` with
 * gpg.format=ssh would sign it.  *out is its id.  NS_ERR_INVALID for names
 * with newlines or angle brackets, NS_ERR_GIT, NS_ERR_CRYPTO.
 */
const struct ns_error *gitsig_sign_tip(git_oid *out, git_repository *repo,
    const git_oid *tip, const char *tag_name, const char *tagger_name,
    const char *tagger_email, const char *message,
    const struct sign_key *key);

#endif
