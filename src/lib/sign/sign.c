/*
 * sign.c: Ed25519 keys through OpenSSL's EVP interface, their files, and
 * SSH signatures in the SSHSIG format that `ssh-keygen -Y sign` writes and
 * git's gpg.format=ssh uses (OpenSSH PROTOCOL.sshsig):
 *
 *   blob   = "SSHSIG" uint32(1) string(publickey) string(namespace)
 *            string(reserved) string(hash_algorithm) string(signature)
 *   signed = "SSHSIG" string(namespace) string(reserved)
 *            string(hash_algorithm) string(H(message))
 *
 * armored as "-----BEGIN SSH SIGNATURE-----", base64 in 70-column lines,
 * "-----END SSH SIGNATURE-----".
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

#include "base/util.h"
#include "sign/sign.h"
#include "sign/sshkey.h"

#define MAGIC		"SSHSIG"
#define MAGIC_LEN	6
#define MAX_KEYFILE	(64u * 1024)

struct sign_key {
	EVP_PKEY	*pkey;
	unsigned char	 pk[SSH_ED25519_PUBLEN];
	char		*comment;
};

const char *
sign_verdict_name(enum sign_verdict v)
{
	switch (v) {
	case SIGN_OK:		return "ok";
	case SIGN_UNSIGNED:	return "unsigned";
	case SIGN_WRONG_KEY:	return "wrong-key";
	case SIGN_BAD:		return "bad-signature";
	case SIGN_MALFORMED:	return "malformed-signature";
	case SIGN_TAG_MISMATCH:	return "tag-mismatch";
	}
	return "unknown";
}

/* Wrap an EVP_PKEY (taking ownership) into a new sign_key. */
static const struct ns_error *
key_wrap(struct sign_key **out, EVP_PKEY *pkey)
{
	struct sign_key *k;
	size_t len = SSH_ED25519_PUBLEN;

	*out = NULL;
	if (EVP_PKEY_get_id(pkey) != EVP_PKEY_ED25519) {
		EVP_PKEY_free(pkey);
		return ns_error_fmt(NS_ERR_INVALID, "not an Ed25519 key");
	}
	k = calloc(1, sizeof(*k));
	if (k == NULL) {
		EVP_PKEY_free(pkey);
		return ns_error(NS_ERR_NOMEM);
	}
	k->pkey = pkey;
	if (EVP_PKEY_get_raw_public_key(pkey, k->pk, &len) != 1 ||
	    len != SSH_ED25519_PUBLEN) {
		sign_key_free(k);
		return ns_error_from_ssl("Ed25519 public key");
	}
	*out = k;
	return NULL;
}

const struct ns_error *
sign_key_generate(struct sign_key **out)
{
	EVP_PKEY *pkey;

	*out = NULL;
	pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	if (pkey == NULL)
		return ns_error_from_ssl("generate Ed25519 key");
	return key_wrap(out, pkey);
}

void
sign_key_free(struct sign_key *k)
{
	if (k == NULL)
		return;
	EVP_PKEY_free(k->pkey);
	free(k->comment);
	free(k);
}

const struct ns_error *
sign_key_set_comment(struct sign_key *k, const char *comment)
{
	char *c = NULL;

	if (comment) {
		c = strdup(comment);
		if (c == NULL)
			return ns_error(NS_ERR_NOMEM);
	}
	free(k->comment);
	k->comment = c;
	return NULL;
}

const char *
sign_key_comment(const struct sign_key *k)
{
	return k->comment ? k->comment : "";
}

const struct ns_error *
sign_key_public(const struct sign_key *k, struct buf *out)
{
	return ssh_pubkey_line(out, k->pk, NULL);
}

const struct ns_error *
sign_key_fingerprint(const char *line, struct buf *out)
{
	unsigned char pk[SSH_ED25519_PUBLEN];
	const struct ns_error *err;

	err = ssh_pubkey_parse(pk, line);
	if (err == NULL)
		err = ssh_pubkey_fingerprint(out, pk);
	return err;
}

const struct ns_error *
sign_pubkey_check(const char *line)
{
	unsigned char pk[SSH_ED25519_PUBLEN];

	return ssh_pubkey_parse(pk, line);
}

/* ---- key files ---- */

/* OpenSSL's passphrase callback: never prompts, fails without one. */
static int
pass_cb(char *buf, int size, int rwflag, void *u)
{
	const char *pass = u;
	size_t len;

	(void)rwflag;
	if (pass == NULL)
		return -1;
	len = strlen(pass);
	if (len > (size_t)size)
		return -1;
	memcpy(buf, pass, len);
	return (int)len;
}

static const struct ns_error *
load_pem(struct sign_key **out, const struct buf *text, const char *path,
    const char *pass)
{
	EVP_PKEY *pkey;
	BIO *bio;

	bio = BIO_new_mem_buf(text->ptr, (int)text->len);
	if (bio == NULL)
		return ns_error(NS_ERR_NOMEM);
	pkey = PEM_read_bio_PrivateKey(bio, NULL, pass_cb, (void *)pass);
	BIO_free(bio);
	if (pkey == NULL) {
		ERR_clear_error();
		if (strstr(text->ptr, "ENCRYPTED") && pass == NULL)
			return ns_error_fmt(NS_ERR_INVALID, "%s: the key is "
			    "encrypted: give its passphrase with "
			    "--passphrase-file FILE or NETSYNC_PASSPHRASE",
			    path);
		if (strstr(text->ptr, "ENCRYPTED"))
			return ns_error_fmt(NS_ERR_INVALID, "%s: wrong "
			    "passphrase (or a damaged key file)", path);
		return ns_error_fmt(NS_ERR_INVALID, "%s: not a readable "
		    "private key", path);
	}
	return key_wrap(out, pkey);
}

static const struct ns_error *
load_openssh(struct sign_key **out, const struct buf *text, const char *path)
{
	unsigned char seed[32], pk[32];
	struct buf comment = BUF_INIT;
	const struct ns_error *err;
	EVP_PKEY *pkey;

	err = ssh_privkey_parse(seed, pk, &comment, text->ptr, text->len,
	    path);
	if (err)
		goto done;
	pkey = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, NULL, seed, 32);
	if (pkey == NULL) {
		err = ns_error_from_ssl("Ed25519 private key");
		goto done;
	}
	err = key_wrap(out, pkey);
	if (err == NULL && memcmp((*out)->pk, pk, 32) != 0)
		err = ns_error_fmt(NS_ERR_INVALID, "%s: corrupt private key "
		    "(public key does not match)", path);
	if (err == NULL && comment.len)
		err = sign_key_set_comment(*out, comment.ptr);
	if (err) {
		sign_key_free(*out);
		*out = NULL;
	}
done:
	OPENSSL_cleanse(seed, sizeof(seed));
	buf_dispose(&comment);
	return err;
}

const struct ns_error *
sign_key_load(struct sign_key **out, const char *path, const char *pass)
{
	const struct ns_error *err;
	struct buf text = BUF_INIT;

	*out = NULL;
	err = buf_load_private(&text, path, MAX_KEYFILE);
	if (err)
		goto done;
	if (strstr(text.ptr, SSH_PRIVKEY_BEGIN))
		err = load_openssh(out, &text, path);
	else if (strstr(text.ptr, "-----BEGIN "))
		err = load_pem(out, &text, path, pass);
	else
		err = ns_error_fmt(NS_ERR_INVALID, "%s: not a private key file "
		    "(expected %s)", path, SSH_PRIVKEY_BEGIN);
done:
	if (text.ptr)
		OPENSSL_cleanse(text.ptr, text.cap);
	buf_dispose(&text);
	return err;
}

/* PKCS#8 encrypted with AES-256-CBC, key from scrypt (N=2^14, r=8, p=1). */
static const struct ns_error *
format_pem(struct buf *out, const struct sign_key *k, const char *pass)
{
	const struct ns_error *err = NULL;
	PKCS8_PRIV_KEY_INFO *p8 = NULL;
	X509_ALGOR *pbe = NULL;
	X509_SIG *p8e = NULL;
	BIO *bio = NULL;
	char *data;
	long n;

	p8 = EVP_PKEY2PKCS8(k->pkey);
	pbe = PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), NULL, 0, NULL,
	    16384, 8, 1);
	if (p8 == NULL || pbe == NULL) {
		err = ns_error_from_ssl("PKCS#8");
		goto done;
	}
	p8e = PKCS8_set0_pbe(pass, (int)strlen(pass), p8, pbe);
	if (p8e == NULL) {
		err = ns_error_from_ssl("encrypt private key");
		goto done;
	}
	pbe = NULL;	/* now owned by p8e */
	bio = BIO_new(BIO_s_mem());
	if (bio == NULL || PEM_write_bio_PKCS8(bio, p8e) != 1) {
		err = ns_error_from_ssl("write private key");
		goto done;
	}
	n = BIO_get_mem_data(bio, &data);
	err = buf_add(out, data, (size_t)n);
done:
	BIO_free(bio);
	X509_SIG_free(p8e);
	X509_ALGOR_free(pbe);
	PKCS8_PRIV_KEY_INFO_free(p8);
	return err;
}

static const struct ns_error *
format_openssh(struct buf *out, const struct sign_key *k)
{
	unsigned char seed[32];
	size_t len = sizeof(seed);
	const struct ns_error *err;

	if (EVP_PKEY_get_raw_private_key(k->pkey, seed, &len) != 1 ||
	    len != sizeof(seed))
		return ns_error_from_ssl("Ed25519 private key");
	err = ssh_privkey_format(out, seed, k->pk, k->comment);
	OPENSSL_cleanse(seed, sizeof(seed));
	return err;
}

/* mkdir -p for the directory part of 'path', new directories mode 0700. */
static const struct ns_error *
make_parent(const char *path)
{
	const struct ns_error *err = NULL;
	struct buf dir = BUF_INIT;
	size_t i;

	err = buf_puts(&dir, path);
	if (err)
		return err;
	for (i = 1; i < dir.len; i++) {
		if (dir.ptr[i] != '/')
			continue;
		dir.ptr[i] = '\0';
		if (mkdir(dir.ptr, 0700) == -1 && errno != EEXIST) {
			err = ns_error_from_errno2("mkdir", dir.ptr);
			break;
		}
		dir.ptr[i] = '/';
	}
	buf_dispose(&dir);
	return err;
}

/*
 * Write a new file that appears complete or not at all and never replaces
 * an existing one: a 0600 temporary file, fsync, then link(2), which fails
 * with EEXIST where rename(2) would overwrite.
 */
static const struct ns_error *
write_new_private(const char *path, const struct buf *data)
{
	const struct ns_error *err = NULL;
	struct buf tmp = BUF_INIT;
	int fd = -1;

	err = buf_printf(&tmp, "%s.tmp-XXXXXX", path);
	if (err)
		return err;
	fd = mkstemp(tmp.ptr);		/* mode 0600 */
	if (fd == -1) {
		err = ns_error_from_errno2("create", tmp.ptr);
		goto done;
	}
	if (fchmod(fd, 0600) == -1 ||
	    write(fd, data->ptr, data->len) != (ssize_t)data->len ||
	    fsync(fd) == -1) {
		err = ns_error_from_errno2("write", tmp.ptr);
		goto done;
	}
	if (link(tmp.ptr, path) == -1) {
		if (errno == EEXIST)
			err = ns_error_fmt(NS_ERR_INVALID, "%s exists; netsync "
			    "never overwrites a private key", path);
		else
			err = ns_error_from_errno2("link", path);
	}
done:
	if (fd != -1 && close(fd) == -1 && err == NULL)
		err = ns_error_from_errno2("close", tmp.ptr);
	if (fd != -1)
		unlink(tmp.ptr);
	buf_dispose(&tmp);
	return err;
}

const struct ns_error *
sign_key_save(const struct sign_key *k, const char *path, const char *pass)
{
	const struct ns_error *err;
	struct buf data = BUF_INIT;

	if (pass && *pass)
		err = format_pem(&data, k, pass);
	else
		err = format_openssh(&data, k);
	if (err == NULL)
		err = make_parent(path);
	if (err == NULL)
		err = write_new_private(path, &data);
	if (data.ptr)
		OPENSSL_cleanse(data.ptr, data.cap);
	buf_dispose(&data);
	return err;
}

const struct ns_error *
sign_key_dir(struct buf *out)
{
	const char *e;

	e = getenv("NETSYNC_CONFIG_DIR");
	if (e && *e)
		return buf_puts(out, e);
	e = getenv("XDG_CONFIG_HOME");
	if (e && *e == '/')	/* XDG: relative paths are to be ignored */
		return buf_printf(out, "%s/netsync", e);
	e = getenv("HOME");
	if (e && *e == '/')
		return buf_printf(out, "%s/.config/netsync", e);
	return ns_error_fmt(NS_ERR_NOT_FOUND, "no directory for the signing "
	    "key: set NETSYNC_CONFIG_DIR, XDG_CONFIG_HOME or HOME");
}

const struct ns_error *
sign_key_path(struct buf *out, const char *fed)
{
	const struct ns_error *err;

	if (!slug_valid(fed))
		return ns_error_fmt(NS_ERR_INVALID, "invalid federation id "
		    "\"%s\"", fed ? fed : "");
	err = sign_key_dir(out);
	if (err == NULL)
		err = buf_printf(out, "/%s.key", fed);
	return err;
}

const struct ns_error *
sign_key_locate(struct buf *out, const char *fed, const char *key_file,
    const char *workdir)
{
	const char *home = getenv("HOME");

	if (key_file == NULL || *key_file == '\0')
		return sign_key_path(out, fed);
	if (strncmp(key_file, "~/", 2) == 0) {
		if (home == NULL || *home != '/')
			return ns_error_fmt(NS_ERR_NOT_FOUND, "key_file %s: "
			    "HOME is not set", key_file);
		return buf_printf(out, "%s/%s", home, key_file + 2);
	}
	if (*key_file == '/' || workdir == NULL)
		return buf_puts(out, key_file);
	return buf_printf(out, "%s%s%s", workdir,
	    workdir[strlen(workdir) - 1] == '/' ? "" : "/", key_file);
}

const struct ns_error *
sign_passphrase(struct buf *out, int *have, const char *file)
{
	const struct ns_error *err;
	struct buf text = BUF_INIT;
	const char *e;
	size_t n;

	*have = 0;
	if (file == NULL) {
		e = getenv("NETSYNC_PASSPHRASE");
		if (e == NULL || *e == '\0')
			return NULL;
		*have = 1;
		return buf_puts(out, e);
	}
	err = buf_load_path(&text, file, 4096);
	if (err)
		goto done;
	n = 0;
	while (n < text.len && text.ptr[n] != '\n' && text.ptr[n] != '\r')
		n++;
	if (n == 0) {
		err = ns_error_fmt(NS_ERR_INVALID, "%s: the passphrase file's "
		    "first line is empty", file);
		goto done;
	}
	*have = 1;
	err = buf_add(out, text.ptr, n);
done:
	if (text.ptr)
		OPENSSL_cleanse(text.ptr, text.cap);
	buf_dispose(&text);
	return err;
}

/* realpath() of 'path' or of its nearest existing ancestor. */
static const struct ns_error *
resolve_existing(char resolved[PATH_MAX], const char *path)
{
	const struct ns_error *err;
	struct buf p = BUF_INIT;
	char *slash;

	err = buf_puts(&p, path);
	while (err == NULL && realpath(p.ptr, resolved) == NULL) {
		if (errno != ENOENT || strcmp(p.ptr, ".") == 0) {
			err = ns_error_from_errno2("resolve", p.ptr);
			break;
		}
		slash = strrchr(p.ptr, '/');
		if (slash == NULL) {
			buf_reset(&p);
			err = buf_puts(&p, ".");
		} else if (slash == p.ptr)
			slash[1] = '\0';
		else
			*slash = '\0';
		p.len = strlen(p.ptr);
	}
	buf_dispose(&p);
	return err;
}

const struct ns_error *
sign_path_outside(const char *path, const char *dir)
{
	char rdir[PATH_MAX], rpath[PATH_MAX];
	const struct ns_error *err;
	size_t n;

	if (realpath(dir, rdir) == NULL)
		return ns_error_from_errno2("resolve", dir);
	err = resolve_existing(rpath, path);
	if (err)
		return err;
	n = strlen(rdir);
	if (strncmp(rpath, rdir, n) == 0 &&
	    (rpath[n] == '\0' || rpath[n] == '/' || strcmp(rdir, "/") == 0))
		return ns_error_fmt(NS_ERR_USAGE, "%s is inside the "
		    "repository %s; a private key must never be stored in it "
		    "(set NETSYNC_CONFIG_DIR to a directory outside)", path,
		    dir);
	return NULL;
}

/* ---- SSHSIG ---- */

static const EVP_MD *
hash_md(const char *name)
{
	if (strcmp(name, "sha512") == 0)
		return EVP_sha512();
	if (strcmp(name, "sha256") == 0)
		return EVP_sha256();
	return NULL;
}

/* The bytes that are signed (PROTOCOL.sshsig "Signed Data"). */
static const struct ns_error *
signed_data(struct buf *out, const char *hash, const struct buf *reserved,
    const void *msg, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	const struct ns_error *err;

	if (EVP_Digest(msg, len, md, &mdlen, hash_md(hash), NULL) != 1)
		return ns_error_from_ssl(hash);
	err = buf_add(out, MAGIC, MAGIC_LEN);
	if (err == NULL)
		err = ssh_put_string(out, SIGN_NAMESPACE,
		    strlen(SIGN_NAMESPACE));
	if (err == NULL)
		err = ssh_put_string(out, reserved->ptr, reserved->len);
	if (err == NULL)
		err = ssh_put_string(out, hash, strlen(hash));
	if (err == NULL)
		err = ssh_put_string(out, md, mdlen);
	return err;
}

static const struct ns_error *
ed25519_sign(unsigned char sig[SSH_ED25519_SIGLEN], EVP_PKEY *pkey,
    const struct buf *data)
{
	const struct ns_error *err = NULL;
	size_t siglen = SSH_ED25519_SIGLEN;
	EVP_MD_CTX *ctx;

	ctx = EVP_MD_CTX_new();
	if (ctx == NULL)
		return ns_error(NS_ERR_NOMEM);
	if (EVP_DigestSignInit(ctx, NULL, NULL, NULL, pkey) != 1 ||
	    EVP_DigestSign(ctx, sig, &siglen, (unsigned char *)data->ptr,
	    data->len) != 1 || siglen != SSH_ED25519_SIGLEN)
		err = ns_error_from_ssl("Ed25519 sign");
	EVP_MD_CTX_free(ctx);
	return err;
}

/* The SSHSIG blob for signature 'sig' by key 'pk' (hash sha512). */
static const struct ns_error *
sig_blob(struct buf *out, const unsigned char *pk, const unsigned char *sig)
{
	const struct ns_error *err;
	struct buf key = BUF_INIT, s = BUF_INIT;

	err = ssh_pubkey_blob(&key, pk);
	if (err == NULL)
		err = ssh_put_string(&s, SSH_ED25519, strlen(SSH_ED25519));
	if (err == NULL)
		err = ssh_put_string(&s, sig, SSH_ED25519_SIGLEN);
	if (err == NULL)
		err = buf_add(out, MAGIC, MAGIC_LEN);
	if (err == NULL)
		err = ssh_put_u32(out, 1);
	if (err == NULL)
		err = ssh_put_string(out, key.ptr, key.len);
	if (err == NULL)
		err = ssh_put_string(out, SIGN_NAMESPACE,
		    strlen(SIGN_NAMESPACE));
	if (err == NULL)
		err = ssh_put_string(out, "", 0);
	if (err == NULL)
		err = ssh_put_string(out, "sha512", 6);
	if (err == NULL)
		err = ssh_put_string(out, s.ptr, s.len);
	buf_dispose(&key);
	buf_dispose(&s);
	return err;
}

const struct ns_error *
sign_create(struct buf *out, const struct sign_key *k, const void *msg,
    size_t len)
{
	const struct ns_error *err;
	struct buf data = BUF_INIT, blob = BUF_INIT, none = BUF_INIT;
	unsigned char sig[SSH_ED25519_SIGLEN];

	err = signed_data(&data, "sha512", &none, msg, len);
	if (err == NULL)
		err = ed25519_sign(sig, k->pkey, &data);
	if (err == NULL)
		err = sig_blob(&blob, k->pk, sig);
	if (err == NULL)
		err = buf_puts(out, SIGN_BEGIN "\n");
	if (err == NULL)
		err = b64_encode(out, blob.ptr, blob.len, 70, 1);
	if (err == NULL)
		err = buf_puts(out, SIGN_END "\n");
	buf_dispose(&data);
	buf_dispose(&blob);
	return err;
}

static const struct ns_error *
malformed(const char *what)
{
	return ns_error_fmt(NS_ERR_INVALID, "%s", what);
}

/* The signature field: string "ssh-ed25519", string sig (64 bytes). */
static const struct ns_error *
parse_sigfield(struct sign_sig *sig, const unsigned char *p, size_t len)
{
	struct ssh_reader r = { p, len };
	const unsigned char *type, *s;
	size_t tlen, slen;

	if (ssh_get_string(&r, &type, &tlen) == -1)
		return malformed("truncated signature field");
	if (!ssh_string_is(type, tlen, SSH_ED25519))
		return ns_error_fmt(NS_ERR_INVALID, "unsupported signature "
		    "algorithm \"%.*s\" (netsync verifies ssh-ed25519 only)",
		    (int)(tlen > 40 ? 40 : tlen), (const char *)type);
	if (ssh_get_string(&r, &s, &slen) == -1 || slen != SSH_ED25519_SIGLEN
	    || r.len != 0)
		return malformed("malformed ssh-ed25519 signature field");
	memcpy(sig->sig, s, SSH_ED25519_SIGLEN);
	return NULL;
}

static const struct ns_error *
parse_blob(struct sign_sig *sig, struct ssh_reader *r)
{
	const unsigned char *key, *ns, *res, *hash, *s;
	size_t klen, nlen, rlen, hlen, slen;
	const struct ns_error *err;
	uint32_t version;

	if (r->len < MAGIC_LEN || memcmp(r->p, MAGIC, MAGIC_LEN) != 0)
		return malformed("not an SSH signature (no SSHSIG magic)");
	r->p += MAGIC_LEN;
	r->len -= MAGIC_LEN;
	if (ssh_get_u32(r, &version) == -1)
		return malformed("truncated SSH signature");
	if (version != 1)
		return ns_error_fmt(NS_ERR_INVALID, "unsupported SSH signature "
		    "version %u", (unsigned)version);
	if (ssh_get_string(r, &key, &klen) == -1 ||
	    ssh_get_string(r, &ns, &nlen) == -1 ||
	    ssh_get_string(r, &res, &rlen) == -1 ||
	    ssh_get_string(r, &hash, &hlen) == -1 ||
	    ssh_get_string(r, &s, &slen) == -1)
		return malformed("truncated SSH signature");
	if (r->len != 0)
		return malformed("trailing bytes after the SSH signature");
	err = ssh_pubkey_from_blob(sig->pk, key, klen);
	if (err)
		return err;
	if (!ssh_string_is(ns, nlen, SIGN_NAMESPACE))
		return ns_error_fmt(NS_ERR_INVALID, "wrong namespace \"%.*s\" "
		    "(a git signature has namespace \"git\")",
		    (int)(nlen > 40 ? 40 : nlen), (const char *)ns);
	if (!ssh_string_is(hash, hlen, "sha512") &&
	    !ssh_string_is(hash, hlen, "sha256"))
		return ns_error_fmt(NS_ERR_INVALID, "unsupported hash "
		    "algorithm \"%.*s\"", (int)(hlen > 40 ? 40 : hlen),
		    (const char *)hash);
	memcpy(sig->hash, hash, hlen);
	sig->hash[hlen] = '\0';
	err = buf_add(&sig->reserved, res, rlen);
	if (err == NULL)
		err = parse_sigfield(sig, s, slen);
	return err;
}

const struct ns_error *
sign_sig_parse(struct sign_sig *sig, const char *text, size_t len)
{
	const struct ns_error *err;
	struct buf raw = BUF_INIT;
	struct ssh_reader r;

	err = ssh_armor_decode(&raw, text, len, SIGN_BEGIN, SIGN_END,
	    "signature");
	if (err == NULL) {
		r.p = (unsigned char *)raw.ptr;
		r.len = raw.len;
		err = parse_blob(sig, &r);
	}
	buf_dispose(&raw);
	return err;
}

void
sign_sig_dispose(struct sign_sig *sig)
{
	if (sig)
		buf_dispose(&sig->reserved);
}

static const struct ns_error *
ed25519_verify(int *ok, const struct sign_sig *sig, const struct buf *data)
{
	const struct ns_error *err = NULL;
	EVP_MD_CTX *ctx = NULL;
	EVP_PKEY *pkey;
	int rc;

	*ok = 0;
	pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, sig->pk,
	    SSH_ED25519_PUBLEN);
	ctx = EVP_MD_CTX_new();
	if (pkey == NULL || ctx == NULL) {
		err = ns_error_from_ssl("Ed25519 public key");
		goto done;
	}
	if (EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pkey) != 1) {
		err = ns_error_from_ssl("Ed25519 verify");
		goto done;
	}
	rc = EVP_DigestVerify(ctx, sig->sig, SSH_ED25519_SIGLEN,
	    (unsigned char *)data->ptr, data->len);
	*ok = rc == 1;
	ERR_clear_error();	/* a mismatch queues an error; not ours */
done:
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	return err;
}

/* Index of the configured key equal to pk, or -1.  Errors on bad keys. */
static const struct ns_error *
find_key(long *idx, const unsigned char *pk, const char *const *keys,
    size_t nkeys)
{
	unsigned char k[SSH_ED25519_PUBLEN];
	const struct ns_error *err;
	size_t i;

	*idx = -1;
	for (i = 0; i < nkeys; i++) {
		err = ssh_pubkey_parse(k, keys[i]);
		if (err)
			return ns_error_fmt(err->code, "configured signing key "
			    "%zu: %s", i + 1, err->msg);
		if (memcmp(k, pk, SSH_ED25519_PUBLEN) == 0 && *idx == -1)
			*idx = (long)i;
	}
	return NULL;
}

const struct ns_error *
sign_verify(enum sign_verdict *verdict, struct buf *reason, const char *text,
    size_t len, const void *msg, size_t msglen, const char *const *keys,
    size_t nkeys)
{
	struct sign_sig sig = SIGN_SIG_INIT;
	struct buf data = BUF_INIT;
	const struct ns_error *err;
	long idx;
	int ok;

	*verdict = SIGN_MALFORMED;
	err = sign_sig_parse(&sig, text, len);
	if (err && err->code == NS_ERR_INVALID) {
		err = buf_printf(reason, "malformed signature: %s", err->msg);
		goto done;
	}
	if (err == NULL)
		err = find_key(&idx, sig.pk, keys, nkeys);
	if (err)
		goto done;
	if (idx == -1) {
		*verdict = SIGN_WRONG_KEY;
		err = buf_puts(reason, "signed by another key, ");
		if (err == NULL)
			err = ssh_pubkey_fingerprint(reason, sig.pk);
		if (err == NULL)
			err = buf_printf(reason, ", which is not among the %zu "
			    "key(s) configured", nkeys);
		goto done;
	}
	err = signed_data(&data, sig.hash, &sig.reserved, msg, msglen);
	if (err == NULL)
		err = ed25519_verify(&ok, &sig, &data);
	if (err)
		goto done;
	*verdict = ok ? SIGN_OK : SIGN_BAD;
	if (!ok)
		err = buf_puts(reason, "bad signature: it does not match the "
		    "signed content (changed after signing, or copied from "
		    "another object)");
done:
	sign_sig_dispose(&sig);
	buf_dispose(&data);
	return err;
}
