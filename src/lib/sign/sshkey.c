/*
 * sshkey.c: SSH wire format, base64, Ed25519 public key lines and
 * fingerprints, and OpenSSH's private key file format (see sshkey.h).
 *
 * References: RFC 4251 section 5 (data types), RFC 8709 (ssh-ed25519),
 * OpenSSH PROTOCOL.key (the "openssh-key-v1" container).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "sign/sshkey.h"

#define KEY_MAGIC	"openssh-key-v1"	/* followed by a NUL byte */
#define MAX_ARMOR	(64u * 1024)

/* Overwrite secret bytes before the memory is released. */
static void
wipe(struct buf *b)
{
	if (b->ptr)
		OPENSSL_cleanse(b->ptr, b->cap);
}

int
ssh_get_u32(struct ssh_reader *r, uint32_t *v)
{
	if (r->len < 4)
		return -1;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 |
	    (uint32_t)r->p[2] << 8 | (uint32_t)r->p[3];
	r->p += 4;
	r->len -= 4;
	return 0;
}

int
ssh_get_string(struct ssh_reader *r, const unsigned char **s, size_t *len)
{
	struct ssh_reader save = *r;
	uint32_t n;

	if (ssh_get_u32(r, &n) == -1)
		return -1;
	if (n > r->len) {
		*r = save;
		return -1;
	}
	*s = r->p;
	*len = n;
	r->p += n;
	r->len -= n;
	return 0;
}

int
ssh_string_is(const unsigned char *s, size_t len, const char *want)
{
	return strlen(want) == len && memcmp(s, want, len) == 0;
}

const struct ns_error *
ssh_put_u32(struct buf *b, uint32_t v)
{
	unsigned char be[4];

	be[0] = (unsigned char)(v >> 24);
	be[1] = (unsigned char)(v >> 16);
	be[2] = (unsigned char)(v >> 8);
	be[3] = (unsigned char)v;
	return buf_add(b, be, sizeof(be));
}

const struct ns_error *
ssh_put_string(struct buf *b, const void *s, size_t len)
{
	const struct ns_error *err;

	if (len > UINT32_MAX)
		return ns_error_fmt(NS_ERR_LIMIT, "SSH string too long");
	err = ssh_put_u32(b, (uint32_t)len);
	if (err == NULL && len > 0)
		err = buf_add(b, s, len);
	return err;
}

const struct ns_error *
b64_encode(struct buf *out, const void *data, size_t len, size_t wrap,
    int pad)
{
	const struct ns_error *err = NULL;
	unsigned char *enc;
	size_t n, i, step;

	if (len > (size_t)INT32_MAX / 2)
		return ns_error_fmt(NS_ERR_LIMIT, "base64: input too long");
	enc = malloc((len + 2) / 3 * 4 + 1);
	if (enc == NULL)
		return ns_error(NS_ERR_NOMEM);
	n = (size_t)EVP_EncodeBlock(enc, data, (int)len);
	while (!pad && n > 0 && enc[n - 1] == '=')
		n--;
	if (wrap == 0) {
		err = buf_add(out, enc, n);
		goto done;
	}
	for (i = 0; i < n && err == NULL; i += step) {
		step = n - i < wrap ? n - i : wrap;
		err = buf_add(out, enc + i, step);
		if (err == NULL)
			err = buf_putc(out, '\n');
	}
done:
	free(enc);
	return err;
}

static int
b64_char(unsigned char c)
{
	return isalnum(c) || c == '+' || c == '/';
}

const struct ns_error *
b64_decode(struct buf *out, const char *s, size_t len)
{
	const struct ns_error *err = NULL;
	struct buf clean = BUF_INIT;
	unsigned char *dec = NULL;
	size_t i, npad = 0;
	int n;

	for (i = 0; i < len && err == NULL; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
			continue;
		if (c == '=')
			npad++;
		else if (!b64_char(c) || npad > 0) {
			err = ns_error_fmt(NS_ERR_INVALID, "invalid base64 "
			    "(unexpected character 0x%02x)", c);
			break;
		}
		err = buf_putc(&clean, (char)c);
	}
	if (err)
		goto done;
	if (clean.len == 0 || clean.len % 4 != 0 || npad > 2) {
		err = ns_error_fmt(NS_ERR_INVALID, "invalid base64 "
		    "(length %zu is not a multiple of 4)", clean.len);
		goto done;
	}
	if (clean.len > INT32_MAX) {
		err = ns_error_fmt(NS_ERR_LIMIT, "base64: input too long");
		goto done;
	}
	dec = malloc(clean.len / 4 * 3 + 1);
	if (dec == NULL) {
		err = ns_error(NS_ERR_NOMEM);
		goto done;
	}
	n = EVP_DecodeBlock(dec, (unsigned char *)clean.ptr, (int)clean.len);
	if (n < 0 || (size_t)n < npad) {
		err = ns_error_fmt(NS_ERR_INVALID, "invalid base64");
		goto done;
	}
	/* EVP_DecodeBlock counts the padding as zero bytes */
	err = buf_add(out, dec, (size_t)n - npad);
done:
	free(dec);
	buf_dispose(&clean);
	return err;
}

/* Skip ASCII whitespace from *p up to end. */
static const char *
skip_space(const char *p, const char *end)
{
	while (p < end && isspace((unsigned char)*p))
		p++;
	return p;
}

static const char *
find_mem(const char *hay, size_t hlen, const char *needle)
{
	size_t nlen = strlen(needle), i;

	for (i = 0; nlen <= hlen && i <= hlen - nlen; i++)
		if (memcmp(hay + i, needle, nlen) == 0)
			return hay + i;
	return NULL;
}

const struct ns_error *
ssh_armor_decode(struct buf *out, const char *text, size_t len,
    const char *begin, const char *end, const char *what)
{
	const char *p, *stop, *e, *body;

	if (len > MAX_ARMOR)
		return ns_error_fmt(NS_ERR_INVALID, "%s too long (%zu bytes)",
		    what, len);
	stop = text + len;
	p = skip_space(text, stop);
	if ((size_t)(stop - p) < strlen(begin) ||
	    memcmp(p, begin, strlen(begin)) != 0)
		return ns_error_fmt(NS_ERR_INVALID, "%s does not start with "
		    "%s", what, begin);
	body = p + strlen(begin);
	if (body == stop || (*body != '\n' && *body != '\r'))
		return ns_error_fmt(NS_ERR_INVALID, "%s: no line break after "
		    "%s", what, begin);
	e = find_mem(body, (size_t)(stop - body), end);
	if (e == NULL)
		return ns_error_fmt(NS_ERR_INVALID, "%s is truncated (no %s "
		    "line)", what, end);
	if (skip_space(e + strlen(end), stop) != stop)
		return ns_error_fmt(NS_ERR_INVALID, "%s: text after %s", what,
		    end);
	return b64_decode(out, body, (size_t)(e - body));
}

const struct ns_error *
ssh_pubkey_blob(struct buf *out, const unsigned char pk[SSH_ED25519_PUBLEN])
{
	const struct ns_error *err;

	err = ssh_put_string(out, SSH_ED25519, strlen(SSH_ED25519));
	if (err == NULL)
		err = ssh_put_string(out, pk, SSH_ED25519_PUBLEN);
	return err;
}

const struct ns_error *
ssh_pubkey_from_blob(unsigned char pk[SSH_ED25519_PUBLEN],
    const unsigned char *blob, size_t len)
{
	struct ssh_reader r = { blob, len };
	const unsigned char *type, *key;
	size_t tlen, klen;

	if (ssh_get_string(&r, &type, &tlen) == -1)
		return ns_error_fmt(NS_ERR_INVALID, "malformed public key");
	if (!ssh_string_is(type, tlen, SSH_ED25519))
		return ns_error_fmt(NS_ERR_INVALID, "unsupported key type "
		    "\"%.*s\" (netsync uses ssh-ed25519 keys only)",
		    (int)(tlen > 40 ? 40 : tlen), (const char *)type);
	if (ssh_get_string(&r, &key, &klen) == -1 ||
	    klen != SSH_ED25519_PUBLEN || r.len != 0)
		return ns_error_fmt(NS_ERR_INVALID, "malformed ssh-ed25519 "
		    "public key");
	memcpy(pk, key, SSH_ED25519_PUBLEN);
	return NULL;
}

const struct ns_error *
ssh_pubkey_parse(unsigned char pk[SSH_ED25519_PUBLEN], const char *line)
{
	const struct ns_error *err;
	struct buf blob = BUF_INIT;
	const char *p, *end, *b, *stop = line + strlen(line);
	size_t tlen;

	p = skip_space(line, stop);
	end = p;
	while (end < stop && !isspace((unsigned char)*end))
		end++;
	tlen = (size_t)(end - p);
	if (tlen == 0)
		return ns_error_fmt(NS_ERR_INVALID, "empty public key");
	if (tlen != strlen(SSH_ED25519) || memcmp(p, SSH_ED25519, tlen) != 0)
		return ns_error_fmt(NS_ERR_INVALID, "unsupported key type "
		    "\"%.*s\" (netsync uses ssh-ed25519 keys only)",
		    (int)(tlen > 40 ? 40 : tlen), p);
	b = skip_space(end, stop);
	end = b;
	while (end < stop && !isspace((unsigned char)*end))
		end++;
	if (end == b)
		return ns_error_fmt(NS_ERR_INVALID, "public key has no "
		    "base64 part after ssh-ed25519");
	err = b64_decode(&blob, b, (size_t)(end - b));
	if (err == NULL)
		err = ssh_pubkey_from_blob(pk, (unsigned char *)blob.ptr,
		    blob.len);
	if (err && err->code == NS_ERR_INVALID)
		err = ns_error_fmt(NS_ERR_INVALID, "bad public key: %s",
		    err->msg);
	buf_dispose(&blob);
	return err;
}

const struct ns_error *
ssh_pubkey_line(struct buf *out, const unsigned char pk[SSH_ED25519_PUBLEN],
    const char *comment)
{
	const struct ns_error *err;
	struct buf blob = BUF_INIT;

	err = ssh_pubkey_blob(&blob, pk);
	if (err == NULL)
		err = buf_puts(out, SSH_ED25519 " ");
	if (err == NULL)
		err = b64_encode(out, blob.ptr, blob.len, 0, 1);
	if (err == NULL && comment && *comment)
		err = buf_printf(out, " %s", comment);
	buf_dispose(&blob);
	return err;
}

const struct ns_error *
ssh_pubkey_fingerprint(struct buf *out,
    const unsigned char pk[SSH_ED25519_PUBLEN])
{
	const struct ns_error *err;
	struct buf blob = BUF_INIT;
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	err = ssh_pubkey_blob(&blob, pk);
	if (err)
		goto done;
	if (EVP_Digest(blob.ptr, blob.len, md, &mdlen, EVP_sha256(),
	    NULL) != 1) {
		err = ns_error_from_ssl("sha256");
		goto done;
	}
	err = buf_puts(out, "SHA256:");
	if (err == NULL)
		err = b64_encode(out, md, mdlen, 0, 0);
done:
	buf_dispose(&blob);
	return err;
}

/* The private section of an openssh-key-v1 file (PROTOCOL.key). */
static const struct ns_error *
privkey_section(unsigned char seed[32], unsigned char pk[32],
    struct buf *cmt, struct ssh_reader *r, const char *name)
{
	const unsigned char *type, *key, *sk, *comment;
	size_t tlen, klen, sklen, clen, i;
	uint32_t c1, c2;

	if (ssh_get_u32(r, &c1) == -1 || ssh_get_u32(r, &c2) == -1 ||
	    ssh_get_string(r, &type, &tlen) == -1)
		goto bad;
	if (c1 != c2)
		return ns_error_fmt(NS_ERR_INVALID, "%s: corrupt private key "
		    "(check values differ)", name);
	if (!ssh_string_is(type, tlen, SSH_ED25519))
		return ns_error_fmt(NS_ERR_INVALID, "%s: unsupported key type "
		    "\"%.*s\" (netsync uses ssh-ed25519 keys only)", name,
		    (int)(tlen > 40 ? 40 : tlen), (const char *)type);
	if (ssh_get_string(r, &key, &klen) == -1 || klen != 32 ||
	    ssh_get_string(r, &sk, &sklen) == -1 || sklen != 64 ||
	    ssh_get_string(r, &comment, &clen) == -1)
		goto bad;
	/* padding 1, 2, 3, ... up to the cipher block size */
	for (i = 0; i < r->len; i++)
		if (r->p[i] != (unsigned char)(i + 1))
			goto bad;
	if (memcmp(sk + 32, key, 32) != 0 || memcmp(pk, key, 32) != 0)
		return ns_error_fmt(NS_ERR_INVALID, "%s: corrupt private key "
		    "(public halves differ)", name);
	memcpy(seed, sk, 32);
	return buf_add(cmt, comment, clen);
bad:
	return ns_error_fmt(NS_ERR_INVALID, "%s: malformed OpenSSH private "
	    "key", name);
}

static const struct ns_error *
privkey_container(unsigned char seed[32], unsigned char pk[32],
    struct buf *cmt, struct ssh_reader *r, const char *name)
{
	const unsigned char *cipher, *kdf, *kdfopt, *pub, *priv;
	size_t cl, kl, ol, pl, vl;
	struct ssh_reader sec;
	const struct ns_error *err;
	uint32_t nkeys;

	if (r->len < sizeof(KEY_MAGIC) ||
	    memcmp(r->p, KEY_MAGIC, sizeof(KEY_MAGIC)) != 0)
		goto bad;
	r->p += sizeof(KEY_MAGIC);
	r->len -= sizeof(KEY_MAGIC);
	if (ssh_get_string(r, &cipher, &cl) == -1 ||
	    ssh_get_string(r, &kdf, &kl) == -1 ||
	    ssh_get_string(r, &kdfopt, &ol) == -1 ||
	    ssh_get_u32(r, &nkeys) == -1)
		goto bad;
	if (!ssh_string_is(cipher, cl, "none") || !ssh_string_is(kdf, kl,
	    "none"))
		return ns_error_fmt(NS_ERR_INVALID, "%s: the OpenSSH key is "
		    "protected by a passphrase (bcrypt), which netsync cannot "
		    "read; remove it with ssh-keygen -p -N '' -f FILE on a "
		    "copy, then import the copy with netsync key generate "
		    "--import FILE --passphrase-file PASSFILE", name);
	if (nkeys != 1)
		return ns_error_fmt(NS_ERR_INVALID, "%s: the file holds %u "
		    "keys; netsync needs exactly one", name, (unsigned)nkeys);
	if (ssh_get_string(r, &pub, &pl) == -1 ||
	    ssh_get_string(r, &priv, &vl) == -1 || r->len != 0)
		goto bad;
	err = ssh_pubkey_from_blob(pk, pub, pl);
	if (err)
		return ns_error_fmt(NS_ERR_INVALID, "%s: %s", name, err->msg);
	sec.p = priv;
	sec.len = vl;
	return privkey_section(seed, pk, cmt, &sec, name);
bad:
	return ns_error_fmt(NS_ERR_INVALID, "%s: malformed OpenSSH private "
	    "key", name);
}

const struct ns_error *
ssh_privkey_parse(unsigned char seed[32], unsigned char pk[32],
    struct buf *comment, const char *text, size_t len, const char *name)
{
	const struct ns_error *err;
	struct buf raw = BUF_INIT;
	struct ssh_reader r;

	err = ssh_armor_decode(&raw, text, len, SSH_PRIVKEY_BEGIN,
	    SSH_PRIVKEY_END, "private key");
	if (err && err->code == NS_ERR_INVALID)
		err = ns_error_fmt(NS_ERR_INVALID, "%s: %s", name, err->msg);
	if (err)
		goto done;
	r.p = (unsigned char *)raw.ptr;
	r.len = raw.len;
	err = privkey_container(seed, pk, comment, &r, name);
done:
	wipe(&raw);
	buf_dispose(&raw);
	return err;
}

const struct ns_error *
ssh_privkey_format(struct buf *out, const unsigned char seed[32],
    const unsigned char pk[32], const char *comment)
{
	const struct ns_error *err = NULL;
	struct buf priv = BUF_INIT, blob = BUF_INIT, file = BUF_INIT;
	unsigned char sk[64], check[4];
	unsigned char pad = 1;

	if (RAND_bytes(check, sizeof(check)) != 1)
		return ns_error_from_ssl("random check value");
	memcpy(sk, seed, 32);
	memcpy(sk + 32, pk, 32);
	if (comment == NULL)
		comment = "";
	err = buf_add(&priv, check, 4);
	if (err == NULL)
		err = buf_add(&priv, check, 4);
	if (err == NULL)
		err = ssh_pubkey_blob(&priv, pk);
	if (err == NULL)
		err = ssh_put_string(&priv, sk, 64);
	if (err == NULL)
		err = ssh_put_string(&priv, comment, strlen(comment));
	while (err == NULL && priv.len % 8 != 0)
		err = buf_putc(&priv, (char)pad++);
	if (err == NULL)
		err = ssh_pubkey_blob(&blob, pk);
	if (err == NULL)
		err = buf_add(&file, KEY_MAGIC, sizeof(KEY_MAGIC));
	if (err == NULL)
		err = ssh_put_string(&file, "none", 4);
	if (err == NULL)
		err = ssh_put_string(&file, "none", 4);
	if (err == NULL)
		err = ssh_put_string(&file, "", 0);
	if (err == NULL)
		err = ssh_put_u32(&file, 1);
	if (err == NULL)
		err = ssh_put_string(&file, blob.ptr, blob.len);
	if (err == NULL)
		err = ssh_put_string(&file, priv.ptr, priv.len);
	if (err == NULL)
		err = buf_puts(out, SSH_PRIVKEY_BEGIN "\n");
	if (err == NULL)
		err = b64_encode(out, file.ptr, file.len, 70, 1);
	if (err == NULL)
		err = buf_puts(out, SSH_PRIVKEY_END "\n");
	OPENSSL_cleanse(sk, sizeof(sk));
	wipe(&priv);
	wipe(&file);
	buf_dispose(&priv);
	buf_dispose(&blob);
	buf_dispose(&file);
	return err;
}
