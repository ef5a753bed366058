/*
 * sync_push.c: sign the tip of the current branch and push it with its
 * signed tag to origin (see sync.h).
 *
 * The tag refs/tags/netsync/tip-<branch> is what a peer verifies when it
 * pulls (gitsig_verify_tip); it is forced on push because each push
 * signs a new tip.  The push runs in a child process with the deadline,
 * like a fetch (peer.h); origin's URL is read from remote.origin.url,
 * since git_remote_lookup() leaks pcre2 match data in libgit2 1.5.
 */
#include <stdlib.h>
#include <string.h>

#include "record/config.h"
#include "sign/gitsig.h"
#include "sign/sign.h"
#include "sync/peer.h"
#include "sync/sync.h"

static const struct ns_error *
current_branch(struct sync_push_result *r, git_repository *repo)
{
	git_reference *head = NULL;
	git_buf merge = GIT_BUF_INIT;
	const char *name = NULL;
	const struct ns_error *err = NULL;

	if (git_repository_head(&head, repo) != 0 ||
	    !git_reference_is_branch(head) ||
	    git_branch_name(&name, head) != 0) {
		err = ns_error_fmt(NS_ERR_USAGE, "not on a branch with a "
		    "commit: nothing to push");
		goto done;
	}
	snprintf(r->branch, sizeof(r->branch), "%s", name);
	git_oid_cpy(&r->head, git_reference_target(head));
	if (git_branch_upstream_merge(&merge, repo,
	    git_reference_name(head)) == 0 &&
	    strncmp(merge.ptr, "refs/heads/", 11) == 0)
		snprintf(r->upstream, sizeof(r->upstream), "%s",
		    merge.ptr + 11);
	else
		snprintf(r->upstream, sizeof(r->upstream), "%s", name);
	snprintf(r->tag_ref, sizeof(r->tag_ref), "refs/tags/netsync/tip-%s",
	    name);
done:
	git_buf_dispose(&merge);
	git_reference_free(head);
	return err;
}

/* "ssh-ed25519 AAAA..." equal up to the comment. */
static int
same_key(const char *a, const char *b)
{
	size_t na = strcspn(a, " "), nb = strcspn(b, " ");
	const char *ka = a + na, *kb = b + nb;

	if (na != nb || strncmp(a, b, na) != 0 || *ka != ' ' || *kb != ' ')
		return 0;
	ka++;
	kb++;
	na = strcspn(ka, " ");
	nb = strcspn(kb, " ");
	return na == nb && strncmp(ka, kb, na) == 0;
}

static const struct ns_error *
load_key(struct sign_key **out, const struct config *cfg, const char *top)
{
	const struct ns_error *err;
	struct buf path = BUF_INIT, pass = BUF_INIT, pub = BUF_INIT;
	size_t i;
	int have = 0, listed = 0;

	*out = NULL;
	if ((err = sign_key_locate(&path, cfg->federation, cfg->key_file,
	    top)) || (err = sign_passphrase(&pass, &have, NULL)) ||
	    (err = sign_key_load(out, path.ptr, have ? pass.ptr : NULL)) ||
	    (err = sign_key_public(*out, &pub)))
		goto done;
	for (i = 0; i < cfg->nkeys; i++)
		listed |= same_key(pub.ptr, cfg->keys[i]);
	if (!listed)
		err = ns_error_fmt(NS_ERR_INVALID, "the private key %s is not "
		    "one of signing_key in netsync.yaml: peers would reject "
		    "the signature", path.ptr);
done:
	if (err) {
		sign_key_free(*out);
		*out = NULL;
	}
	buf_dispose(&path);
	buf_dispose(&pass);
	buf_dispose(&pub);
	return err;
}

static const struct ns_error *
sign_tip(struct sync_push_result *r, git_repository *repo,
    const struct config *cfg, const char *top)
{
	const struct ns_error *err;
	struct sign_key *key = NULL;
	git_signature *who = NULL;
	git_reference *ref = NULL;
	char msg[400];

	if ((err = load_key(&key, cfg, top)))
		return err;
	if (git_signature_default(&who, repo) != 0)
		who = NULL;
	snprintf(msg, sizeof(msg), "netsync: %s/%s", cfg->federation,
	    r->branch);
	err = gitsig_sign_tip(&r->tag, repo, &r->head, r->tag_ref + 10,
	    who ? who->name : cfg->federation,
	    who ? who->email : "netsync@localhost", msg, key);
	if (err == NULL && git_reference_create(&ref, repo, r->tag_ref,
	    &r->tag, 1, "netsync: push: signed tip") != 0)
		err = ns_error_from_git(r->tag_ref);
	if (err == NULL)
		r->have_tag = 1;
	git_reference_free(ref);
	git_signature_free(who);
	sign_key_free(key);
	return err;
}

/* Does the push error say origin has commits we do not have? */
static int
behind(const char *msg)
{
	return strncmp(msg, "refused", 7) == 0 ||
	    strstr(msg, "not present locally") != NULL ||
	    strstr(msg, "fast-forward") != NULL;
}

/* Push branch and tag in a child process with the deadline (peer.h). */
static const struct ns_error *
push(struct sync_push_result *r, git_repository *repo, const char *top,
    const struct sync_push_opts *opts)
{
	const struct ns_error *err = NULL;
	git_buf url = GIT_BUF_INIT;
	git_config *cfg = NULL;
	struct peer_fetch job;
	struct buf abs = BUF_INIT;
	char head[600], tag[700];
	char *specs[2] = { head, tag };

	memset(&job, 0, sizeof(job));
	snprintf(head, sizeof(head), "refs/heads/%s:refs/heads/%s", r->branch,
	    r->upstream);
	snprintf(tag, sizeof(tag), "+%s:%s", r->tag_ref, r->tag_ref);
	if (git_repository_config_snapshot(&cfg, repo) != 0 ||
	    git_config_get_string_buf(&url, cfg, "remote.origin.url") != 0) {
		err = ns_error_fmt(NS_ERR_USAGE, "no origin to push to (git "
		    "remote add origin URL)");
		goto done;
	}
	if ((err = peer_resolve_url(&abs, top, url.ptr)))
		goto done;
	job.id = "origin";
	job.url = abs.ptr;
	job.push_specs = specs;
	job.npush_specs = r->have_tag ? 2 : 1;
	err = peer_fetch_all(repo, &job, 1,
	    opts->timeout_ms, 1, NULL, NULL);
	if (err == NULL && job.status != PEER_FETCH_OK)
		err = ns_error_fmt(NS_ERR_NETWORK, "push to origin: %s%s",
		    job.msg, behind(job.msg) ? " (netsync pull first)" : "");
	else if (err == NULL)
		r->pushed = 1;
done:
	git_config_free(cfg);
	git_buf_dispose(&url);
	buf_dispose(&abs);
	return err;
}

const struct ns_error *
sync_push(struct sync_push_result *out, git_repository *repo,
    const char *top, const struct config *cfg,
    const struct sync_push_opts *opts)
{
	const struct ns_error *err;

	memset(out, 0, sizeof(*out));
	if ((err = current_branch(out, repo)))
		return err;
	if (cfg->nkeys > 0 && (err = sign_tip(out, repo, cfg, top)))
		return err;
	if (opts->dry_run)
		return NULL;
	return push(out, repo, top, opts);
}
