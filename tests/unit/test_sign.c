/*
 * test_sign.c: SSH wire format and base64, public key lines and
 * fingerprints, key files, SSHSIG against known answers from ssh-keygen,
 * every verdict, and signatures on git commits and tags (gitsig).
 *
 * The fixture key and signature were made with OpenSSH 9.2:
 *   ssh-keygen -t ed25519 -N '' -C test -f k; echo hello > m
 *   ssh-keygen -Y sign -n git -f k m
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <git2.h>

#include "base/buf.h"
#include "sign/gitsig.h"
#include "harness.h"
#include "base/util.h"
#include "sign/sign.h"
#include "sign/sshkey.h"

static const char fix_priv[] =
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
    "QyNTUxOQAAACAznUyYBRNI/s6NQtduroPGsC5BYyKgsuCLHpmzvay40gAAAIgFU4ppBVOK\n"
    "aQAAAAtzc2gtZWQyNTUxOQAAACAznUyYBRNI/s6NQtduroPGsC5BYyKgsuCLHpmzvay40g\n"
    "AAAEBxhqcnBZVW2f88gQ7cnvZqmPnNHcQKpMFimAc7xlgBkzOdTJgFE0j+zo1C126ug8aw\n"
    "LkFjIqCy4IsembO9rLjSAAAABHRlc3QB\n"
    "-----END OPENSSH PRIVATE KEY-----\n";

static const char fix_pub[] = "ssh-ed25519 "
    "AAAAC3NzaC1lZDI1NTE5AAAAIDOdTJgFE0j+zo1C126ug8awLkFjIqCy4IsembO9rLjS"
    " test";
static const char fix_fp[] =
    "SHA256:5ilDSbpxDc1BcGora0KB7iMsImlM7PyGbq+RYXWJOm4";

static const char other_pub[] = "ssh-ed25519 "
    "AAAAC3NzaC1lZDI1NTE5AAAAICwn3KlG/6h3edU1jKFWJGg9z7m+LMg5VesU3DNZyO1T"
    " other";

/* ssh-keygen -Y sign -n git over "hello\n" with the fixture key */
static const char fix_sig[] =
    "-----BEGIN SSH SIGNATURE-----\n"
    "U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgM51MmAUTSP7OjULXbq6DxrAuQW\n"
    "MioLLgix6Zs72suNIAAAADZ2l0AAAAAAAAAAZzaGE1MTIAAABTAAAAC3NzaC1lZDI1NTE5\n"
    "AAAAQE5xuEUm3kQP+zZ2MKR6evYr5yEw9s6+OYVopE7Nxdl/Re0iY/JTsRqkralfUD1dTh\n"
    "ADrM4ctSuiZ71q07GZvgk=\n"
    "-----END SSH SIGNATURE-----\n";

/* ssh-keygen -t ed25519 -N secret: bcrypt-encrypted, which netsync refuses */
static const char enc_priv[] =
    "-----BEGIN OPENSSH PRIVATE KEY-----\n"
    "b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABB/soqWos\n"
    "MCerldeGLw4V58AAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIARGzKAVVWHvupf7\n"
    "X22l+fPTpxK5FB4XfhPOaUB4jLrNAAAAkBNL5f0Qk0Uv39NwmgZZ7EDNtUQ1GY6cW3SIHW\n"
    "4IgkANvfPs3Kn00lkh2yv/qTnjDPSE3ZYSRS0Sj+annbE/qIHUCHpTinD4YkvSW/nxnqK9\n"
    "BPbXDdllm2047M0yAcHpyiLhstneHuHiMXdBgsKXdN1INcULIKKzXUQYPXox4SiymKD0vr\n"
    "s6AZyI7SDUWr1KaQ==\n"
    "-----END OPENSSH PRIVATE KEY-----\n";

static char tmproot[] = "/tmp/test_sign.XXXXXX";

static const char *
tmp(const char *name)
{
	static char path[4][512];
	static unsigned i;
	char *p = path[i++ % 4];

	snprintf(p, sizeof(path[0]), "%s/%s", tmproot, name);
	return p;
}

static void
write_file(const char *path, const char *text, mode_t mode)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
	chmod(path, mode);
}

static struct sign_key *
fixture_key(struct tctx *t)
{
	struct sign_key *k = NULL;
	const struct ns_error *err;

	write_file(tmp("fixture.key"), fix_priv, 0600);
	err = sign_key_load(&k, tmp("fixture.key"), NULL);
	CHECK(t, err == NULL, "load fixture: %s", err ? err->msg : "");
	return k;
}

static void
test_base64(struct tctx *t)
{
	static const struct { const char *in; const char *want; } ok[] = {
		{ "", NULL }, { "Zg==", "f" }, { "Zm8=", "fo" },
		{ "Zm9v", "foo" }, { "Zm9v\n YmFy", "foobar" },
	};
	static const char *const bad[] = { "Zg=", "Zm9", "Z!9v", "Zg==Zg==",
	    "=Zm9", "Zm=v" };
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 1; i < nitems(ok); i++) {
		buf_reset(&b);
		CHECK(t, b64_decode(&b, ok[i].in, strlen(ok[i].in)) == NULL,
		    "decode %s", ok[i].in);
		CHECK(t, b.len == strlen(ok[i].want) &&
		    memcmp(b.ptr, ok[i].want, b.len) == 0, "value of %s",
		    ok[i].in);
	}
	CHECK(t, b64_decode(&b, "", 0) != NULL, "empty input is refused");
	for (i = 0; i < nitems(bad); i++)
		CHECK(t, b64_decode(&b, bad[i], strlen(bad[i])) != NULL,
		    "\"%s\" must be refused", bad[i]);
	buf_reset(&b);
	CHECK(t, b64_encode(&b, "foobar", 6, 4, 1) == NULL, "encode");
	CHECK_STR(t, b.ptr, "Zm9v\nYmFy\n");
	buf_reset(&b);
	CHECK(t, b64_encode(&b, "f", 1, 0, 0) == NULL, "encode unpadded");
	CHECK_STR(t, b.ptr, "Zg");
	buf_dispose(&b);
}

static void
test_wire(struct tctx *t)
{
	static const unsigned char data[] = { 0, 0, 0, 3, 'a', 'b', 'c', 0,
	    0, 0, 9, 'x' };
	struct ssh_reader r = { data, sizeof(data) };
	const unsigned char *s;
	size_t len;

	CHECK(t, ssh_get_string(&r, &s, &len) == 0 && len == 3 &&
	    ssh_string_is(s, len, "abc"), "first string");
	CHECK(t, ssh_get_string(&r, &s, &len) == -1, "overlong string");
	CHECK_INT(t, r.len, 5);		/* reader unchanged on failure */
}

static void
test_pubkey(struct tctx *t)
{
	static const struct { const char *line; const char *msg; } bad[] = {
		{ "", "empty public key" },
		{ "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ x", "unsupported key "
		    "type \"ssh-rsa\" (netsync uses ssh-ed25519 keys only)" },
		{ "ssh-ed25519", "public key has no base64 part after "
		    "ssh-ed25519" },
		{ "ssh-ed25519 AAAA!", "bad public key: invalid base64 "
		    "(unexpected character 0x21)" },
		{ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDOdTJgFE0j+zo1C126u",
		    "bad public key: malformed ssh-ed25519 public key" },
		{ "ssh-ed25519 AAAAB3NzaC1yc2EAAAADAQABAAABAQ==",
		    "bad public key: unsupported key type \"ssh-rsa\" (netsync "
		    "uses ssh-ed25519 keys only)" },
	};
	const struct ns_error *err;
	struct buf fp = BUF_INIT;
	size_t i;

	CHECK(t, sign_key_fingerprint(fix_pub, &fp) == NULL, "fingerprint");
	CHECK_STR(t, fp.ptr, fix_fp);
	buf_reset(&fp);
	CHECK(t, sign_key_fingerprint("  ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA"
	    "IDOdTJgFE0j+zo1C126ug8awLkFjIqCy4IsembO9rLjS\n", &fp) == NULL,
	    "no comment, surrounding space");
	CHECK_STR(t, fp.ptr, fix_fp);
	for (i = 0; i < nitems(bad); i++) {
		err = sign_pubkey_check(bad[i].line);
		CHECK(t, err && err->code == NS_ERR_INVALID, "refuse %s",
		    bad[i].line);
		if (err)
			CHECK_STR(t, err->msg, bad[i].msg);
	}
	buf_dispose(&fp);
}

/* The same key and message give ssh-keygen's exact bytes (Ed25519 is
 * deterministic), and ssh-keygen's signature verifies. */
static void
test_known_answer(struct tctx *t)
{
	struct sign_key *k = fixture_key(t);
	const char *keys[] = { fix_pub };
	struct buf sig = BUF_INIT, pub = BUF_INIT, why = BUF_INIT;
	enum sign_verdict v = SIGN_BAD;

	if (k == NULL)
		return;
	CHECK_STR(t, sign_key_comment(k), "test");
	CHECK(t, sign_key_public(k, &pub) == NULL, "public");
	CHECK(t, strncmp(fix_pub, pub.ptr, pub.len) == 0, "public %s",
	    pub.ptr);
	CHECK(t, sign_create(&sig, k, "hello\n", 6) == NULL, "sign");
	CHECK_STR(t, sig.ptr, fix_sig);
	CHECK(t, sign_verify(&v, &why, fix_sig, strlen(fix_sig), "hello\n", 6,
	    keys, 1) == NULL, "verify");
	CHECK_INT(t, v, SIGN_OK);
	sign_key_free(k);
	buf_dispose(&sig);
	buf_dispose(&pub);
	buf_dispose(&why);
}

/* An SSHSIG blob with chosen fields, armored; the signature bytes are
 * those of fix_sig (valid only for the unchanged fields). */
static void
forge(struct buf *out, const char *magic, uint32_t version,
    const char *keytype, const char *ns, const char *hash,
    const char *sigtype, size_t siglen, int trailing)
{
	struct buf raw = BUF_INIT, blob = BUF_INIT, key = BUF_INIT;
	struct buf s = BUF_INIT;
	struct sign_sig parsed = SIGN_SIG_INIT;
	static const unsigned char zero[64];
	const unsigned char *pk = zero, *sg = zero;

	if (sign_sig_parse(&parsed, fix_sig, strlen(fix_sig)) == NULL) {
		pk = parsed.pk;
		sg = parsed.sig;
	}
	ssh_put_string(&key, keytype, strlen(keytype));
	ssh_put_string(&key, pk, 32);
	ssh_put_string(&s, sigtype, strlen(sigtype));
	ssh_put_string(&s, sg, siglen);
	buf_add(&blob, magic, strlen(magic));
	ssh_put_u32(&blob, version);
	ssh_put_string(&blob, key.ptr, key.len);
	ssh_put_string(&blob, ns, strlen(ns));
	ssh_put_string(&blob, "", 0);
	ssh_put_string(&blob, hash, strlen(hash));
	ssh_put_string(&blob, s.ptr, s.len);
	if (trailing)
		buf_putc(&blob, 'x');
	buf_puts(out, SIGN_BEGIN "\n");
	b64_encode(out, blob.ptr, blob.len, 70, 1);
	buf_puts(out, SIGN_END "\n");
	sign_sig_dispose(&parsed);
	buf_dispose(&raw);
	buf_dispose(&blob);
	buf_dispose(&key);
	buf_dispose(&s);
}

static void
check_verdict(struct tctx *t, const char *what, const char *sig,
    const char *msg, const char *key, enum sign_verdict want,
    const char *want_reason)
{
	const char *keys[] = { key };
	struct buf why = BUF_INIT;
	enum sign_verdict v = SIGN_OK;
	const struct ns_error *err;

	err = sign_verify(&v, &why, sig, strlen(sig), msg, strlen(msg), keys,
	    1);
	CHECK(t, err == NULL, "%s: %s", what, err ? err->msg : "");
	CHECK(t, v == want, "%s: verdict %s, want %s", what,
	    sign_verdict_name(v), sign_verdict_name(want));
	if (want_reason)
		CHECK(t, why.ptr && strstr(why.ptr, want_reason), "%s: reason "
		    "\"%s\" lacks \"%s\"", what, why.ptr ? why.ptr : "",
		    want_reason);
	buf_dispose(&why);
}

static void
test_verdicts(struct tctx *t)
{
	static const struct {
		const char *what, *magic; uint32_t version;
		const char *keytype, *ns, *hash, *sigtype;
		size_t siglen; int trailing;
		enum sign_verdict want; const char *reason;
	} cases[] = {
		{ "same fields", "SSHSIG", 1, "ssh-ed25519", "git", "sha512",
		    "ssh-ed25519", 64, 0, SIGN_OK, NULL },
		{ "magic", "SSHSIX", 1, "ssh-ed25519", "git", "sha512",
		    "ssh-ed25519", 64, 0, SIGN_MALFORMED, "no SSHSIG magic" },
		{ "version", "SSHSIG", 2, "ssh-ed25519", "git", "sha512",
		    "ssh-ed25519", 64, 0, SIGN_MALFORMED, "version 2" },
		{ "key type", "SSHSIG", 1, "ssh-rsa", "git", "sha512",
		    "ssh-ed25519", 64, 0, SIGN_MALFORMED,
		    "unsupported key type \"ssh-rsa\"" },
		{ "namespace", "SSHSIG", 1, "ssh-ed25519", "file", "sha512",
		    "ssh-ed25519", 64, 0, SIGN_MALFORMED,
		    "wrong namespace \"file\"" },
		{ "hash", "SSHSIG", 1, "ssh-ed25519", "git", "md5",
		    "ssh-ed25519", 64, 0, SIGN_MALFORMED,
		    "unsupported hash algorithm \"md5\"" },
		{ "sig type", "SSHSIG", 1, "ssh-ed25519", "git", "sha512",
		    "rsa-sha2-512", 64, 0, SIGN_MALFORMED,
		    "unsupported signature algorithm \"rsa-sha2-512\"" },
		{ "short sig", "SSHSIG", 1, "ssh-ed25519", "git", "sha512",
		    "ssh-ed25519", 63, 0, SIGN_MALFORMED,
		    "malformed ssh-ed25519 signature field" },
		{ "trailing", "SSHSIG", 1, "ssh-ed25519", "git", "sha512",
		    "ssh-ed25519", 64, 1, SIGN_MALFORMED,
		    "trailing bytes" },
		{ "sha256 over sha512 sig", "SSHSIG", 1, "ssh-ed25519", "git",
		    "sha256", "ssh-ed25519", 64, 0, SIGN_BAD,
		    "does not match" },
	};
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < nitems(cases); i++) {
		buf_reset(&b);
		forge(&b, cases[i].magic, cases[i].version, cases[i].keytype,
		    cases[i].ns, cases[i].hash, cases[i].sigtype,
		    cases[i].siglen, cases[i].trailing);
		check_verdict(t, cases[i].what, b.ptr, "hello\n", fix_pub,
		    cases[i].want, cases[i].reason);
	}
	check_verdict(t, "other message", fix_sig, "hellO\n", fix_pub,
	    SIGN_BAD, "does not match the signed content");
	check_verdict(t, "other key", fix_sig, "hello\n", other_pub,
	    SIGN_WRONG_KEY, fix_fp);
	check_verdict(t, "truncated", "-----BEGIN SSH SIGNATURE-----\n"
	    "U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgM51MmAUTSP7OjUL\n",
	    "hello\n", fix_pub, SIGN_MALFORMED, "truncated");
	check_verdict(t, "cut base64", "-----BEGIN SSH SIGNATURE-----\n"
	    "U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgM51MmAUTSP7OjULXbq6D\n"
	    "-----END SSH SIGNATURE-----\n", "hello\n", fix_pub,
	    SIGN_MALFORMED, "truncated SSH signature");
	check_verdict(t, "garbage", "-----BEGIN SSH SIGNATURE-----\n"
	    "!!garbage!!\n-----END SSH SIGNATURE-----\n", "hello\n", fix_pub,
	    SIGN_MALFORMED, "invalid base64");
	check_verdict(t, "not armored", "hello", "hello\n", fix_pub,
	    SIGN_MALFORMED, "does not start with");
	buf_dispose(&b);
}

static void
test_key_files(struct tctx *t)
{
	struct sign_key *k = NULL, *k2 = NULL;
	struct buf p1 = BUF_INIT, p2 = BUF_INIT;
	const struct ns_error *err;
	struct stat st;

	CHECK(t, sign_key_generate(&k) == NULL, "generate");
	if (k == NULL)
		return;
	sign_key_set_comment(k, "jamtland");
	CHECK(t, sign_key_save(k, tmp("dir/plain.key"), NULL) == NULL,
	    "save into a new directory");
	CHECK(t, stat(tmp("dir/plain.key"), &st) == 0 &&
	    (st.st_mode & 0777) == 0600, "mode 0600");
	CHECK(t, stat(tmp("dir"), &st) == 0 && (st.st_mode & 0777) == 0700,
	    "directory mode 0700");
	err = sign_key_save(k, tmp("dir/plain.key"), NULL);
	CHECK(t, err && strstr(err->msg, "exists"), "never overwrite");
	CHECK(t, sign_key_load(&k2, tmp("dir/plain.key"), NULL) == NULL,
	    "load plain");
	sign_key_public(k, &p1);
	if (k2)
		sign_key_public(k2, &p2);
	CHECK_STR(t, p2.ptr, p1.ptr);
	CHECK_STR(t, k2 ? sign_key_comment(k2) : NULL, "jamtland");
	sign_key_free(k2);
	k2 = NULL;

	CHECK(t, sign_key_save(k, tmp("enc.key"), "correct horse") == NULL,
	    "save encrypted");
	err = sign_key_load(&k2, tmp("enc.key"), NULL);
	CHECK(t, err && strstr(err->msg, "NETSYNC_PASSPHRASE"), "no pass");
	err = sign_key_load(&k2, tmp("enc.key"), "wrong");
	CHECK(t, err && strstr(err->msg, "wrong passphrase"), "wrong pass");
	err = sign_key_load(&k2, tmp("enc.key"), "correct horse");
	CHECK(t, err == NULL, "right pass: %s", err ? err->msg : "");
	buf_reset(&p2);
	if (k2)
		sign_key_public(k2, &p2);
	CHECK_STR(t, p2.ptr, p1.ptr);
	sign_key_free(k2);
	k2 = NULL;

	chmod(tmp("dir/plain.key"), 0644);
	err = sign_key_load(&k2, tmp("dir/plain.key"), NULL);
	CHECK(t, err && strstr(err->msg, "accessible by others (mode 0644)"),
	    "loose permissions refused");
	write_file(tmp("bcrypt.key"), enc_priv, 0600);
	err = sign_key_load(&k2, tmp("bcrypt.key"), NULL);
	CHECK(t, err && strstr(err->msg, "protected by a passphrase (bcrypt)"),
	    "encrypted OpenSSH key refused: %s", err ? err->msg : "");
	write_file(tmp("junk.key"), "hello\n", 0600);
	err = sign_key_load(&k2, tmp("junk.key"), NULL);
	CHECK(t, err && strstr(err->msg, "not a private key file"), "junk");
	sign_key_free(k);
	buf_dispose(&p1);
	buf_dispose(&p2);
}

static void
test_key_path(struct tctx *t)
{
	struct buf b = BUF_INIT;

	setenv("NETSYNC_CONFIG_DIR", "/c/ns", 1);
	setenv("XDG_CONFIG_HOME", "/c/xdg", 1);
	setenv("HOME", "/h", 1);
	CHECK(t, sign_key_path(&b, "jamtland") == NULL, "path");
	CHECK_STR(t, b.ptr, "/c/ns/jamtland.key");
	unsetenv("NETSYNC_CONFIG_DIR");
	buf_reset(&b);
	sign_key_path(&b, "jamtland");
	CHECK_STR(t, b.ptr, "/c/xdg/netsync/jamtland.key");
	setenv("XDG_CONFIG_HOME", "relative", 1);
	buf_reset(&b);
	sign_key_path(&b, "jamtland");
	CHECK_STR(t, b.ptr, "/h/.config/netsync/jamtland.key");
	CHECK(t, sign_key_path(&b, "../evil") != NULL, "bad id refused");
	buf_reset(&b);
	sign_key_locate(&b, "jamtland", "~/keys/j.key", "/repo/");
	CHECK_STR(t, b.ptr, "/h/keys/j.key");
	buf_reset(&b);
	sign_key_locate(&b, "jamtland", "../keys/j.key", "/repo/");
	CHECK_STR(t, b.ptr, "/repo/../keys/j.key");
	unsetenv("XDG_CONFIG_HOME");
	buf_dispose(&b);
}

static void
test_passphrase(struct tctx *t)
{
	struct buf b = BUF_INIT;
	const struct ns_error *err;
	int have = -1;

	unsetenv("NETSYNC_PASSPHRASE");
	CHECK(t, sign_passphrase(&b, &have, NULL) == NULL && have == 0,
	    "none");
	setenv("NETSYNC_PASSPHRASE", "from env", 1);
	CHECK(t, sign_passphrase(&b, &have, NULL) == NULL && have == 1,
	    "env");
	CHECK_STR(t, b.ptr, "from env");
	write_file(tmp("pass"), "from file\r\nsecond line\n", 0600);
	buf_reset(&b);
	CHECK(t, sign_passphrase(&b, &have, tmp("pass")) == NULL && have == 1,
	    "file wins over env");
	CHECK_STR(t, b.ptr, "from file");
	write_file(tmp("pass"), "\n", 0600);
	err = sign_passphrase(&b, &have, tmp("pass"));
	CHECK(t, err && strstr(err->msg, "first line is empty"), "empty");
	err = sign_passphrase(&b, &have, tmp("nonexistent"));
	CHECK(t, err && err->code == NS_ERR_ERRNO, "missing file");
	unsetenv("NETSYNC_PASSPHRASE");
	buf_dispose(&b);
}

static void
test_path_outside(struct tctx *t)
{
	const struct ns_error *err;

	mkdir(tmp("repo"), 0700);
	err = sign_path_outside(tmp("repo/sub/dir/x.key"), tmp("repo"));
	CHECK(t, err && strstr(err->msg, "inside the repository"), "inside");
	CHECK(t, sign_path_outside(tmp("elsewhere/x.key"), tmp("repo")) ==
	    NULL, "outside");
	CHECK(t, sign_path_outside(tmp("repo2/x.key"), tmp("repo")) == NULL,
	    "a sibling with the same prefix is outside");
}

/* ---- git ---- */

static git_repository *
scratch_repo(struct tctx *t, const char *name)
{
	git_repository *repo = NULL;

	CHECK(t, git_repository_init(&repo, tmp(name), 1) == 0, "init");
	return repo;
}

/* A commit with an empty tree and 'msg'; signed with 'sig' if not NULL. */
static void
make_commit(git_oid *out, git_repository *repo, const char *msg,
    const struct sign_key *k, const char *gpgsig)
{
	git_treebuilder *tb = NULL;
	git_signature *who = NULL;
	git_tree *tree = NULL;
	git_buf content = GIT_BUF_INIT;
	struct buf sig = BUF_INIT;
	git_oid tree_id;

	git_treebuilder_new(&tb, repo, NULL);
	git_treebuilder_write(&tree_id, tb);
	git_tree_lookup(&tree, repo, &tree_id);
	git_signature_new(&who, "T", "t@example.org", 1400000000, 60);
	git_commit_create_buffer(&content, repo, who, who, NULL, msg, tree, 0,
	    NULL);
	if (k)
		sign_create(&sig, k, content.ptr, content.size);
	else if (gpgsig)
		buf_puts(&sig, gpgsig);
	if (sig.len)
		git_commit_create_with_signature(out, repo, content.ptr,
		    sig.ptr, NULL);
	else
		git_commit_create(out, repo, NULL, who, who, NULL, msg, tree, 0,
		    NULL);
	git_buf_dispose(&content);
	buf_dispose(&sig);
	git_tree_free(tree);
	git_signature_free(who);
	git_treebuilder_free(tb);
}

/* Write a tag object whose raw content is that of 'tag' with 'from'
 * replaced by 'to'. */
static void
edit_tag(git_oid *out, git_repository *repo, const git_oid *tag,
    const char *from, const char *to)
{
	git_odb_object *obj = NULL;
	git_odb *odb = NULL;
	struct buf b = BUF_INIT;
	const char *d, *at;
	size_t len;

	git_repository_odb(&odb, repo);
	git_odb_read(&obj, odb, tag);
	d = git_odb_object_data(obj);
	len = git_odb_object_size(obj);
	buf_add(&b, d, len);
	at = strstr(b.ptr, from);
	if (at) {
		buf_reset(&b);
		buf_add(&b, d, (size_t)(at - b.ptr));
		buf_puts(&b, to);
		buf_add(&b, d + (at - b.ptr) + strlen(from),
		    len - (size_t)(at - b.ptr) - strlen(from));
	}
	git_odb_write(out, odb, b.ptr, b.len, GIT_OBJECT_TAG);
	buf_dispose(&b);
	git_odb_object_free(obj);
	git_odb_free(odb);
}

static void
tip_verdict(struct tctx *t, const char *what, git_repository *repo,
    const git_oid *tip, const git_oid *tag, const char *key,
    enum sign_verdict want, const char *want_reason)
{
	const char *keys[] = { other_pub, key };
	struct buf why = BUF_INIT;
	enum sign_verdict v = SIGN_OK;
	const struct ns_error *err;

	err = gitsig_verify_tip(&v, &why, repo, tip, tag, keys, 2);
	CHECK(t, err == NULL, "%s: %s", what, err ? err->msg : "");
	CHECK(t, v == want, "%s: verdict %s (%s), want %s", what,
	    sign_verdict_name(v), why.ptr ? why.ptr : "",
	    sign_verdict_name(want));
	if (want_reason)
		CHECK(t, why.ptr && strstr(why.ptr, want_reason), "%s: reason "
		    "\"%s\" lacks \"%s\"", what, why.ptr ? why.ptr : "",
		    want_reason);
	buf_dispose(&why);
}

static void
test_git_tag(struct tctx *t)
{
	git_repository *repo = scratch_repo(t, "tagrepo");
	struct sign_key *k = fixture_key(t);
	git_oid c1, c2, tag, tag2, bad;
	const struct ns_error *err;

	if (repo == NULL || k == NULL)
		goto done;
	make_commit(&c1, repo, "one\n", NULL, NULL);
	make_commit(&c2, repo, "two\n", NULL, NULL);
	tip_verdict(t, "unsigned", repo, &c1, NULL, fix_pub, SIGN_UNSIGNED,
	    "is unsigned");
	err = gitsig_sign_tip(&tag, repo, &c1, "netsync/tip-main", "jamtland",
	    "jamtland@netsync.invalid", "netsync: tip of main, signed by "
	    "jamtland", k);
	CHECK(t, err == NULL, "sign: %s", err ? err->msg : "");
	tip_verdict(t, "signed tag", repo, &c1, &tag, fix_pub, SIGN_OK, NULL);
	tip_verdict(t, "another federation's key", repo, &c1, &tag,
	    other_pub, SIGN_WRONG_KEY, fix_fp);
	tip_verdict(t, "tag of another commit", repo, &c2, &tag, fix_pub,
	    SIGN_TAG_MISMATCH, "not at the tip");
	edit_tag(&bad, repo, &tag, "signed by jamtland", "signed by umea");
	tip_verdict(t, "altered message", repo, &c1, &bad, fix_pub, SIGN_BAD,
	    "does not match");
	/* transplant: c2's tag content carrying c1's tag signature */
	gitsig_sign_tip(&tag2, repo, &c2, "netsync/tip-main", "jamtland",
	    "jamtland@netsync.invalid", "x", k);
	{
		char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];

		git_oid_tostr(a, sizeof(a), &c1);
		git_oid_tostr(b, sizeof(b), &c2);
		edit_tag(&bad, repo, &tag, a, b);
	}
	tip_verdict(t, "transplanted signature", repo, &c2, &bad, fix_pub,
	    SIGN_BAD, "does not match");
	edit_tag(&bad, repo, &tag, "-----END SSH SIGNATURE-----", "");
	tip_verdict(t, "truncated signature", repo, &c1, &bad, fix_pub,
	    SIGN_MALFORMED, "truncated");
	edit_tag(&bad, repo, &tag, "U1NIU0lH", "garbage!");
	tip_verdict(t, "garbage signature", repo, &c1, &bad, fix_pub,
	    SIGN_MALFORMED, "invalid base64");
	tip_verdict(t, "lightweight tag at the tip", repo, &c1, &c1, fix_pub,
	    SIGN_UNSIGNED, "is unsigned");
	tip_verdict(t, "lightweight tag elsewhere", repo, &c1, &c2, fix_pub,
	    SIGN_TAG_MISMATCH, "is a commit, not a tag object");
	err = gitsig_sign_tip(&bad, repo, &c1, "bad name..", "j", "e", "m", k);
	CHECK(t, err && err->code == NS_ERR_INVALID, "bad tag name");
	err = gitsig_sign_tip(&bad, repo, &c1, "n", "j<", "e", "m", k);
	CHECK(t, err && err->code == NS_ERR_INVALID, "bad tagger");
done:
	sign_key_free(k);
	git_repository_free(repo);
}

static void
test_git_commit(struct tctx *t)
{
	git_repository *repo = scratch_repo(t, "commitrepo");
	struct sign_key *k = fixture_key(t);
	git_oid c, tag, plain;

	if (repo == NULL || k == NULL)
		goto done;
	make_commit(&c, repo, "signed\n", k, NULL);
	tip_verdict(t, "signed commit", repo, &c, NULL, fix_pub, SIGN_OK,
	    NULL);
	tip_verdict(t, "signed commit, other key", repo, &c, NULL, other_pub,
	    SIGN_WRONG_KEY, "commit ");
	make_commit(&plain, repo, "plain\n", NULL, NULL);
	gitsig_sign_tip(&tag, repo, &plain, "netsync/tip-main", "j", "e",
	    "m", k);
	/* a tag of another commit does not spoil a good commit signature */
	tip_verdict(t, "signed commit, stray tag", repo, &c, &tag, fix_pub,
	    SIGN_OK, NULL);
	make_commit(&c, repo, "pgp\n", NULL, "-----BEGIN PGP SIGNATURE-----\n"
	    "\niQEzBAABCAAdFiEE\n-----END PGP SIGNATURE-----\n");
	tip_verdict(t, "OpenPGP signature", repo, &c, NULL, fix_pub,
	    SIGN_MALFORMED, "SSH signatures only");
done:
	sign_key_free(k);
	git_repository_free(repo);
}

static void
cleanup(void)
{
	char cmd[600];
	pid_t pid;

	/* no system(): remove the scratch tree with rm in a child */
	snprintf(cmd, sizeof(cmd), "%s", tmproot);
	pid = fork();
	if (pid == 0) {
		execlp("rm", "rm", "-rf", cmd, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
}

static const struct tcase cases[] = {
	TCASE(test_base64),
	TCASE(test_wire),
	TCASE(test_pubkey),
	TCASE(test_known_answer),
	TCASE(test_verdicts),
	TCASE(test_key_files),
	TCASE(test_key_path),
	TCASE(test_passphrase),
	TCASE(test_path_outside),
	TCASE(test_git_tag),
	TCASE(test_git_commit),
};

int
main(int argc, char *argv[])
{
	int rc;

	if (mkdtemp(tmproot) == NULL)
		return 2;
	git_libgit2_init();
	rc = harness_main(argc, argv, cases, nitems(cases));
	git_libgit2_shutdown();
	cleanup();
	return rc;
}
