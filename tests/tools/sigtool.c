/*
 * sigtool.c: a test helper around sign.h and gitsig.h, for tests/cmd/key.sh
 * (interoperability with git and ssh-keygen) and for the sync tests.
 *
 *   sigtool sign-tag REPO REV TAGNAME KEYFILE TAGGER EMAIL MESSAGE
 *	create a signed tag object for REV and refs/tags/TAGNAME; print its id
 *   sigtool verify REPO REV TAGREV|- KEYLINE...
 *	print "<verdict>: <reason>"; exit 0 when ok, 1 otherwise
 *   sigtool sign-file KEYFILE < MSG > SIG
 *   sigtool verify-file SIGFILE KEYLINE... < MSG
 *
 * The key's passphrase, if any, comes from NETSYNC_PASSPHRASE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "base/buf.h"
#include "sign/gitsig.h"
#include "sign/sign.h"

static int
fail(const struct ns_error *err)
{
	fprintf(stderr, "sigtool: %s\n", err->msg);
	return 2;
}

static int
resolve(git_oid *out, git_repository *repo, const char *rev)
{
	git_object *o = NULL;

	if (git_revparse_single(&o, repo, rev) < 0) {
		fprintf(stderr, "sigtool: %s: %s\n", rev,
		    git_error_last()->message);
		return -1;
	}
	git_oid_cpy(out, git_object_id(o));
	git_object_free(o);
	return 0;
}

static int
sign_tag(git_repository *repo, char *argv[])
{
	const struct ns_error *err;
	struct sign_key *key = NULL;
	git_reference *ref = NULL;
	git_oid tip, tag;
	char hex[GIT_OID_HEXSZ + 1], name[256];

	if (resolve(&tip, repo, argv[0]) == -1)
		return 2;
	err = sign_key_load(&key, argv[2], getenv("NETSYNC_PASSPHRASE"));
	if (err == NULL)
		err = gitsig_sign_tip(&tag, repo, &tip, argv[1], argv[3],
		    argv[4], argv[5], key);
	sign_key_free(key);
	if (err)
		return fail(err);
	snprintf(name, sizeof(name), "refs/tags/%s", argv[1]);
	if (git_reference_create(&ref, repo, name, &tag, 1, "sigtool") < 0) {
		fprintf(stderr, "sigtool: %s\n", git_error_last()->message);
		return 2;
	}
	git_reference_free(ref);
	printf("%s\n", git_oid_tostr(hex, sizeof(hex), &tag));
	return 0;
}

static int
verify(git_repository *repo, int argc, char *argv[])
{
	const struct ns_error *err;
	struct buf reason = BUF_INIT;
	enum sign_verdict v;
	git_oid tip, tag;
	int have_tag = strcmp(argv[1], "-") != 0;

	if (resolve(&tip, repo, argv[0]) == -1 ||
	    (have_tag && resolve(&tag, repo, argv[1]) == -1))
		return 2;
	err = gitsig_verify_tip(&v, &reason, repo, &tip,
	    have_tag ? &tag : NULL, (const char *const *)argv + 2,
	    (size_t)argc - 2);
	if (err)
		return fail(err);
	printf("%s: %s\n", sign_verdict_name(v), reason.ptr ? reason.ptr : "");
	buf_dispose(&reason);
	return v == SIGN_OK ? 0 : 1;
}

static int
sign_file(const char *keyfile)
{
	const struct ns_error *err;
	struct buf msg = BUF_INIT, sig = BUF_INIT;
	struct sign_key *key = NULL;

	err = buf_read_file(&msg, stdin, 1 << 24);
	if (err == NULL)
		err = sign_key_load(&key, keyfile,
		    getenv("NETSYNC_PASSPHRASE"));
	if (err == NULL)
		err = sign_create(&sig, key, msg.ptr ? msg.ptr : "", msg.len);
	if (err == NULL)
		fwrite(sig.ptr, 1, sig.len, stdout);
	sign_key_free(key);
	buf_dispose(&msg);
	buf_dispose(&sig);
	return err ? fail(err) : 0;
}

static int
verify_file(int argc, char *argv[])
{
	const struct ns_error *err;
	struct buf msg = BUF_INIT, sig = BUF_INIT, reason = BUF_INIT;
	enum sign_verdict v = SIGN_MALFORMED;

	err = buf_read_file(&msg, stdin, 1 << 24);
	if (err == NULL)
		err = buf_load_path(&sig, argv[0], 1 << 20);
	if (err == NULL)
		err = sign_verify(&v, &reason, sig.ptr ? sig.ptr : "", sig.len,
		    msg.ptr ? msg.ptr : "", msg.len,
		    (const char *const *)argv + 1, (size_t)argc - 1);
	if (err == NULL)
		printf("%s: %s\n", sign_verdict_name(v),
		    reason.ptr ? reason.ptr : "");
	buf_dispose(&msg);
	buf_dispose(&sig);
	buf_dispose(&reason);
	if (err)
		return fail(err);
	return v == SIGN_OK ? 0 : 1;
}

static int
with_repo(const char *path, int (*fn)(git_repository *, int, char *[]),
    int argc, char *argv[])
{
	git_repository *repo = NULL;
	int rc;

	if (git_repository_open(&repo, path) < 0) {
		fprintf(stderr, "sigtool: %s: %s\n", path,
		    git_error_last()->message);
		return 2;
	}
	rc = fn(repo, argc, argv);
	git_repository_free(repo);
	return rc;
}

static int
sign_tag_argv(git_repository *repo, int argc, char *argv[])
{
	(void)argc;
	return sign_tag(repo, argv);
}

int
main(int argc, char *argv[])
{
	int rc = 2;

	git_libgit2_init();
	if (argc == 9 && strcmp(argv[1], "sign-tag") == 0)
		rc = with_repo(argv[2], sign_tag_argv, argc - 3, argv + 3);
	else if (argc >= 5 && strcmp(argv[1], "verify") == 0)
		rc = with_repo(argv[2], verify, argc - 3, argv + 3);
	else if (argc == 3 && strcmp(argv[1], "sign-file") == 0)
		rc = sign_file(argv[2]);
	else if (argc >= 4 && strcmp(argv[1], "verify-file") == 0)
		rc = verify_file(argc - 2, argv + 2);
	else
		fprintf(stderr, "usage: see tests/tools/sigtool.c\n");
	git_libgit2_shutdown();
	return rc;
}
