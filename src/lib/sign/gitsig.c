/*
 * gitsig.c: where git keeps signatures, and netsync's signed tip tags.
 *
 * A signed commit carries the armored signature in its "gpgsig" header and
 * the signed payload is the commit without that header (libgit2's
 * git_commit_extract_signature).  A signed tag is an annotated tag whose
 * content ends in the armored signature; the payload is everything before
 * the signature's first line (git's parse_signed_buffer takes the last line
 * that starts a signature).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sign/gitsig.h"
#include "sign/sshkey.h"

#define PGP_BEGIN	"-----BEGIN PGP SIGNATURE-----"
#define X509_BEGIN	"-----BEGIN SIGNED MESSAGE-----"

const struct ns_error *
gitsig_commit_signature(int *has, struct buf *sig, struct buf *payload,
    git_repository *repo, const git_oid *id)
{
	const struct ns_error *err = NULL;
	git_buf s = GIT_BUF_INIT, p = GIT_BUF_INIT;
	git_commit *commit = NULL;
	int rc;

	*has = 0;
	if (git_commit_lookup(&commit, repo, id) < 0)
		return ns_error_from_git("read commit");
	rc = git_commit_extract_signature(&s, &p, repo, (git_oid *)id, NULL);
	if (rc == GIT_ENOTFOUND)
		goto done;
	if (rc < 0) {
		err = ns_error_from_git("read commit signature");
		goto done;
	}
	*has = 1;
	err = buf_add(sig, s.ptr, s.size);
	if (err == NULL)
		err = buf_add(payload, p.ptr, p.size);
done:
	git_buf_dispose(&s);
	git_buf_dispose(&p);
	git_commit_free(commit);
	return err;
}

static int
starts_signature(const char *p, size_t len)
{
	static const char *const begins[] = { SIGN_BEGIN, PGP_BEGIN,
	    "-----BEGIN PGP MESSAGE-----", X509_BEGIN };
	size_t i, n;

	for (i = 0; i < sizeof(begins) / sizeof(begins[0]); i++) {
		n = strlen(begins[i]);
		if (len >= n && memcmp(p, begins[i], n) == 0)
			return 1;
	}
	return 0;
}

/* Offset of the last line that starts a signature, or -1. */
static long
find_signature(const char *data, size_t len)
{
	const char *nl;
	long match = -1;
	size_t off = 0;

	while (off < len) {
		if (starts_signature(data + off, len - off))
			match = (long)off;
		nl = memchr(data + off, '\n', len - off);
		if (nl == NULL)
			break;
		off = (size_t)(nl - data) + 1;
	}
	return match;
}

const struct ns_error *
gitsig_tag_signature(int *has, struct buf *sig, struct buf *payload,
    git_oid *target, git_repository *repo, const git_oid *id)
{
	const struct ns_error *err = NULL;
	git_odb_object *obj = NULL;
	git_tag *tag = NULL;
	git_odb *odb = NULL;
	const char *data;
	size_t len;
	long at;

	*has = 0;
	if (git_tag_lookup(&tag, repo, id) < 0)
		return ns_error_from_git("read tag");
	git_oid_cpy(target, git_tag_target_id(tag));
	if (git_repository_odb(&odb, repo) < 0 ||
	    git_odb_read(&obj, odb, id) < 0) {
		err = ns_error_from_git("read tag");
		goto done;
	}
	data = git_odb_object_data(obj);
	len = git_odb_object_size(obj);
	at = find_signature(data, len);
	if (at < 0)
		goto done;
	*has = 1;
	err = buf_add(payload, data, (size_t)at);
	if (err == NULL)
		err = buf_add(sig, data + at, len - (size_t)at);
done:
	git_odb_object_free(obj);
	git_odb_free(odb);
	git_tag_free(tag);
	return err;
}

/* Verify one extracted signature; 'label' names the object in 'reason'. */
static const struct ns_error *
verify_one(enum sign_verdict *v, struct buf *reason, const char *label,
    const struct buf *sig, const struct buf *payload,
    const char *const *keys, size_t nkeys)
{
	const struct ns_error *err;
	struct buf why = BUF_INIT;

	if (sig->len >= strlen(SIGN_BEGIN) &&
	    memcmp(sig->ptr, SIGN_BEGIN, strlen(SIGN_BEGIN)) != 0 &&
	    starts_signature(sig->ptr, sig->len)) {
		*v = SIGN_MALFORMED;
		return buf_printf(reason, "%s: malformed signature: an "
		    "OpenPGP or X.509 signature; netsync verifies SSH "
		    "signatures only", label);
	}
	err = sign_verify(v, &why, sig->ptr ? sig->ptr : "", sig->len,
	    payload->ptr ? payload->ptr : "", payload->len, keys, nkeys);
	if (err == NULL && *v != SIGN_OK)
		err = buf_printf(reason, "%s: %s", label, why.ptr);
	buf_dispose(&why);
	return err;
}

static const struct ns_error *
verify_commit(enum sign_verdict *v, struct buf *reason, git_repository *repo,
    const git_oid *tip, const char *const *keys, size_t nkeys)
{
	const struct ns_error *err;
	struct buf sig = BUF_INIT, payload = BUF_INIT;
	char label[32], hex[8];
	int has;

	*v = SIGN_UNSIGNED;
	err = gitsig_commit_signature(&has, &sig, &payload, repo, tip);
	if (err == NULL && has) {
		snprintf(label, sizeof(label), "commit %s",
		    git_oid_tostr(hex, sizeof(hex), tip));
		err = verify_one(v, reason, label, &sig, &payload, keys, nkeys);
	}
	buf_dispose(&sig);
	buf_dispose(&payload);
	return err;
}

/* The tag's name and short id, for messages. */
static const struct ns_error *
tag_label(struct buf *out, git_repository *repo, const git_oid *id)
{
	const struct ns_error *err;
	git_tag *tag = NULL;
	char hex[8];

	git_oid_tostr(hex, sizeof(hex), id);
	if (git_tag_lookup(&tag, repo, id) < 0)
		return ns_error_from_git("read tag");
	err = buf_printf(out, "tag %s (%s)", git_tag_name(tag), hex);
	git_tag_free(tag);
	return err;
}

static const struct ns_error *
object_type(git_object_t *type, git_repository *repo, const git_oid *id)
{
	const struct ns_error *err = NULL;
	git_odb *odb = NULL;
	size_t len;

	if (git_repository_odb(&odb, repo) < 0 ||
	    git_odb_read_header(&len, type, odb, id) < 0)
		err = ns_error_from_git("read tag");
	git_odb_free(odb);
	return err;
}

/* A "tag" that is another kind of object: a lightweight tag, say. */
static const struct ns_error *
not_a_tag(enum sign_verdict *v, struct buf *reason, git_object_t type,
    const git_oid *tagid, const git_oid *tip)
{
	char a[8], b[8];

	if (git_oid_equal(tagid, tip))
		return NULL;	/* a lightweight tag of the tip: unsigned */
	*v = SIGN_TAG_MISMATCH;
	return buf_printf(reason, "the tip tag %s is a %s, not a tag object "
	    "pointing at the tip %s", git_oid_tostr(a, sizeof(a), tagid),
	    git_object_type2string(type), git_oid_tostr(b, sizeof(b), tip));
}

static const struct ns_error *
verify_tag(enum sign_verdict *v, struct buf *reason, git_repository *repo,
    const git_oid *tip, const git_oid *tagid, const char *const *keys,
    size_t nkeys)
{
	const struct ns_error *err;
	struct buf sig = BUF_INIT, payload = BUF_INIT, label = BUF_INIT;
	git_object_t type = GIT_OBJECT_INVALID;
	char a[8], b[8];
	git_oid target;
	int has;

	*v = SIGN_UNSIGNED;
	err = object_type(&type, repo, tagid);
	if (err == NULL && type != GIT_OBJECT_TAG) {
		err = not_a_tag(v, reason, type, tagid, tip);
		goto done;
	}
	if (err == NULL)
		err = tag_label(&label, repo, tagid);
	if (err == NULL)
		err = gitsig_tag_signature(&has, &sig, &payload, &target, repo,
		    tagid);
	if (err)
		goto done;
	if (!git_oid_equal(&target, tip)) {
		*v = SIGN_TAG_MISMATCH;
		err = buf_printf(reason, "%s points at %s, not at the tip %s",
		    label.ptr, git_oid_tostr(a, sizeof(a), &target),
		    git_oid_tostr(b, sizeof(b), tip));
	} else if (has)
		err = verify_one(v, reason, label.ptr, &sig, &payload, keys,
		    nkeys);
done:
	buf_dispose(&sig);
	buf_dispose(&payload);
	buf_dispose(&label);
	return err;
}

/* How much a failed verdict tells: the most telling one is reported. */
static int
rank(enum sign_verdict v)
{
	switch (v) {
	case SIGN_BAD:		return 5;
	case SIGN_MALFORMED:	return 4;
	case SIGN_TAG_MISMATCH:	return 3;
	case SIGN_WRONG_KEY:	return 2;
	case SIGN_UNSIGNED:	return 1;
	case SIGN_OK:		return 0;
	}
	return 0;
}

const struct ns_error *
gitsig_verify_tip(enum sign_verdict *verdict, struct buf *reason,
    git_repository *repo, const git_oid *tip, const git_oid *tag,
    const char *const *keys, size_t nkeys)
{
	const struct ns_error *err;
	struct buf rc = BUF_INIT, rt = BUF_INIT;
	enum sign_verdict vc, vt = SIGN_UNSIGNED;
	char hex[8];

	*verdict = SIGN_UNSIGNED;
	err = verify_commit(&vc, &rc, repo, tip, keys, nkeys);
	if (err == NULL && tag)
		err = verify_tag(&vt, &rt, repo, tip, tag, keys, nkeys);
	if (err)
		goto done;
	if (vc == SIGN_OK || vt == SIGN_OK)
		*verdict = SIGN_OK;
	else if (vc == SIGN_UNSIGNED && vt == SIGN_UNSIGNED) {
		git_oid_tostr(hex, sizeof(hex), tip);
		err = buf_printf(reason, "tip %s is unsigned: the commit "
		    "carries no signature and %s", hex,
		    tag ? "neither does its tag" : "no signed tag points at it");
	} else if (rank(vt) > rank(vc)) {
		*verdict = vt;
		err = buf_add(reason, rt.ptr, rt.len);
	} else {
		*verdict = vc;
		err = buf_add(reason, rc.ptr, rc.len);
	}
	if (err == NULL && *verdict == SIGN_UNSIGNED && reason->len == 0)
		err = buf_puts(reason, "unsigned");
done:
	buf_dispose(&rc);
	buf_dispose(&rt);
	return err;
}

static const struct ns_error *
check_name(const char *what, const char *s, const char *bad)
{
	if (s == NULL || *s == '\0' || strpbrk(s, bad))
		return ns_error_fmt(NS_ERR_INVALID, "invalid %s \"%s\"", what,
		    s ? s : "");
	return NULL;
}

/* The unsigned tag content, as `git tag -a` writes it. */
static const struct ns_error *
tag_payload(struct buf *out, const git_oid *tip, const char *tag_name,
    const char *name, const char *email, const char *message)
{
	const struct ns_error *err;
	git_signature *now = NULL;
	char hex[GIT_OID_HEXSZ + 1];
	int off;

	if (git_signature_now(&now, name, email) < 0)
		return ns_error_from_git("tagger");
	off = now->when.offset;
	err = buf_printf(out, "object %s\ntype commit\ntag %s\n"
	    "tagger %s <%s> %lld %c%02d%02d\n\n%s",
	    git_oid_tostr(hex, sizeof(hex), tip), tag_name, name, email,
	    (long long)now->when.time, off < 0 ? '-' : '+', abs(off) / 60,
	    abs(off) % 60, message);
	if (err == NULL && (out->len == 0 || out->ptr[out->len - 1] != '\n'))
		err = buf_putc(out, '\n');
	git_signature_free(now);
	return err;
}

const struct ns_error *
gitsig_sign_tip(git_oid *out, git_repository *repo, const git_oid *tip,
    const char *tag_name, const char *tagger_name, const char *tagger_email,
    const char *message, const struct sign_key *key)
{
	const struct ns_error *err = NULL;
	struct buf content = BUF_INIT, ref = BUF_INIT, sig = BUF_INIT;
	git_commit *commit = NULL;
	git_odb *odb = NULL;
	int valid = 0;

	err = check_name("tag name", tag_name, "\n");
	if (err == NULL)
		err = check_name("tagger name", tagger_name, "<>\n");
	if (err == NULL)
		err = check_name("tagger email", tagger_email, "<>\n");
	if (err == NULL)
		err = buf_printf(&ref, "refs/tags/%s", tag_name);
	if (err == NULL && (git_reference_name_is_valid(&valid, ref.ptr) < 0 ||
	    !valid))
		err = ns_error_fmt(NS_ERR_INVALID, "invalid tag name \"%s\"",
		    tag_name);
	if (err)
		goto done;
	if (git_commit_lookup(&commit, repo, tip) < 0) {
		err = ns_error_from_git("read tip commit");
		goto done;
	}
	err = tag_payload(&content, tip, tag_name, tagger_name, tagger_email,
	    message ? message : "");
	if (err == NULL)
		err = sign_create(&sig, key, content.ptr, content.len);
	if (err == NULL)
		err = buf_add(&content, sig.ptr, sig.len);
	if (err)
		goto done;
	if (git_repository_odb(&odb, repo) < 0 || git_odb_write(out, odb,
	    content.ptr, content.len, GIT_OBJECT_TAG) < 0)
		err = ns_error_from_git("write tag");
done:
	git_odb_free(odb);
	git_commit_free(commit);
	buf_dispose(&content);
	buf_dispose(&ref);
	buf_dispose(&sig);
	return err;
}
