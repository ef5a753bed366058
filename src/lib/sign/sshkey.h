/*
 * sshkey.h: the SSH side of netsync's signing: the SSH wire format
 * (RFC 4251 5: uint32, string), base64, "ssh-ed25519 AAAA..." public key
 * lines and their SHA256 fingerprints, and OpenSSH's private key file
 * format ("openssh-key-v1", PROTOCOL.key) for Ed25519 keys.
 *
 * Everything here is a pure function of its input (no I/O), so the parsers
 * can be fuzzed.  Ed25519 keys are passed as raw 32-byte public keys and
 * 32-byte seeds; sign.h turns them into OpenSSL keys.
 */
#ifndef NS_SSHKEY_H
#define NS_SSHKEY_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/error.h"

#define SSH_ED25519		"ssh-ed25519"
#define SSH_ED25519_PUBLEN	32
#define SSH_ED25519_SEEDLEN	32
#define SSH_ED25519_SIGLEN	64

/* A cursor over SSH wire-format bytes (borrowed). */
struct ssh_reader {
	const unsigned char	*p;
	size_t			 len;
};

/*
 * Read a big-endian uint32 / a length-prefixed string from 'r' and advance.
 * A string is borrowed from the reader's memory.  Return 0, or -1 when the
 * input is too short (the reader is then unchanged).  Can't fail otherwise.
 */
int ssh_get_u32(struct ssh_reader *r, uint32_t *v);
int ssh_get_string(struct ssh_reader *r, const unsigned char **s, size_t *len);

/* 1 when the string (s, len) equals the C string 'want', else 0. */
int ssh_string_is(const unsigned char *s, size_t len, const char *want);

/* Append a uint32 / a length-prefixed string.  NS_ERR_NOMEM or LIMIT. */
const struct ns_error *ssh_put_u32(struct buf *, uint32_t v);
const struct ns_error *ssh_put_string(struct buf *, const void *s,
    size_t len);

/*
 * Append the base64 form of 'data' to 'out'.  'wrap' > 0 breaks lines after
 * that many characters (each line ends in '\n'); 0 gives one line without
 * a newline.  'pad' 0 drops the trailing '=' (as SSH fingerprints do).
 */
const struct ns_error *b64_encode(struct buf *out, const void *data,
    size_t len, size_t wrap, int pad);

/*
 * Decode base64 text 's' (len bytes; ASCII whitespace is skipped) and
 * append the bytes to 'out'.  Padding is required.  NS_ERR_INVALID (message
 * "invalid base64 ...") for anything else; NS_ERR_NOMEM.
 */
const struct ns_error *b64_decode(struct buf *out, const char *s, size_t len);

/*
 * Parse a public key line "ssh-ed25519 AAAA... [comment]" (leading and
 * trailing whitespace allowed) into the raw key 'pk'.  NS_ERR_INVALID with
 * a message that says what is wrong (unsupported type, bad base64, ...).
 */
const struct ns_error *ssh_pubkey_parse(unsigned char pk[SSH_ED25519_PUBLEN],
    const char *line);

/* Append the wire blob of Ed25519 key 'pk': string type, string key. */
const struct ns_error *ssh_pubkey_blob(struct buf *out,
    const unsigned char pk[SSH_ED25519_PUBLEN]);

/*
 * Parse an Ed25519 public key blob (as found inside SSHSIG).  NS_ERR_INVALID
 * with "unsupported key type ..." or "malformed public key".
 */
const struct ns_error *ssh_pubkey_from_blob(
    unsigned char pk[SSH_ED25519_PUBLEN], const unsigned char *blob,
    size_t len);

/* Append "ssh-ed25519 <base64>" and, when comment is not NULL, " comment". */
const struct ns_error *ssh_pubkey_line(struct buf *out,
    const unsigned char pk[SSH_ED25519_PUBLEN], const char *comment);

/* Append "SHA256:<base64 of sha256(blob), unpadded>", as ssh-keygen -l. */
const struct ns_error *ssh_pubkey_fingerprint(struct buf *out,
    const unsigned char pk[SSH_ED25519_PUBLEN]);

/*
 * Parse an OpenSSH private key file ("-----BEGIN OPENSSH PRIVATE KEY-----")
 * holding one unencrypted Ed25519 key.  'name' is used in messages only.
 * On success 'seed' and 'pk' hold the key and its comment is appended to
 * 'comment'.  NS_ERR_INVALID says what is
 * wrong; an encrypted key gives a message that says how to proceed.
 */
const struct ns_error *ssh_privkey_parse(unsigned char seed[32],
    unsigned char pk[32], struct buf *comment, const char *text, size_t len,
    const char *name);

/*
 * Append an unencrypted OpenSSH private key file for (seed, pk) with
 * 'comment' (may be NULL), as `ssh-keygen -t ed25519 -N ''` writes it.
 * NS_ERR_CRYPTO if no random check value could be drawn.
 */
const struct ns_error *ssh_privkey_format(struct buf *out,
    const unsigned char seed[32], const unsigned char pk[32],
    const char *comment);

/*
 * Decode the armored text 'text' (len bytes): a line 'begin', base64 lines,
 * a line 'end', then nothing but whitespace.  Leading whitespace is
 * skipped.  The bytes are appended to 'out'.  NS_ERR_INVALID messages name
 * 'what' ("signature", "private key").
 */
const struct ns_error *ssh_armor_decode(struct buf *out, const char *text,
    size_t len, const char *begin, const char *end, const char *what);

#define SSH_PRIVKEY_BEGIN	"-----BEGIN OPENSSH PRIVATE KEY-----"
#define SSH_PRIVKEY_END		"-----END OPENSSH PRIVATE KEY-----"

#endif
