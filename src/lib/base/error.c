/*
 * error.c: value-style errors in a thread-local ring (see error.h).
 *
 * The ring makes errors free of ownership: nothing to free, nothing to leak,
 * and parallel peer fetches on several threads never share a slot.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <git2.h>
#include <openssl/err.h>

#define NS_ERROR_IMPL	/* no analyzer wrappers around our own definitions */
#include "base/error.h"

#define RING 16

struct slot {
	struct ns_error	 err;
	char		 msg[512];
	char		 file[512];
};

static _Thread_local struct slot ring[RING];
static _Thread_local unsigned ring_next;

static struct slot *
slot_take(enum ns_errcode code)
{
	struct slot *s = &ring[ring_next++ % RING];

	memset(&s->err, 0, sizeof(s->err));
	s->err.code = code;
	s->err.msg = s->msg;
	s->msg[0] = '\0';
	return s;
}

static const char *
code_message(enum ns_errcode code)
{
	switch (code) {
	case NS_ERR_OK:		return "no error";
	case NS_ERR_ERRNO:	return "system call failed";
	case NS_ERR_NOMEM:	return "out of memory";
	case NS_ERR_LIMIT:	return "input exceeds a limit";
	case NS_ERR_YAML:	return "malformed YAML";
	case NS_ERR_GIT:	return "git operation failed";
	case NS_ERR_CRYPTO:	return "cryptographic operation failed";
	case NS_ERR_NOT_REPO:	return "not a netsync repository "
				    "(no netsync.yaml at the top of a git "
				    "work tree)";
	case NS_ERR_USAGE:	return "wrong usage";
	case NS_ERR_INVALID:	return "data not acceptable";
	case NS_ERR_CONFLICT:	return "merge conflict";
	case NS_ERR_CANCELLED:	return "interrupted";
	case NS_ERR_NOT_FOUND:	return "not found";
	case NS_ERR_NETWORK:	return "network failure";
	}
	return "unknown error";
}

const struct ns_error *
ns_error(enum ns_errcode code)
{
	struct slot *s = slot_take(code);

	snprintf(s->msg, sizeof(s->msg), "%s", code_message(code));
	return &s->err;
}

const struct ns_error *
ns_error_fmt(enum ns_errcode code, const char *fmt, ...)
{
	struct slot *s = slot_take(code);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof(s->msg), fmt, ap);
	va_end(ap);
	return &s->err;
}

const struct ns_error *
ns_error_at(enum ns_errcode code, const char *file, unsigned line,
    unsigned col, const char *fmt, ...)
{
	struct slot *s = slot_take(code);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof(s->msg), fmt, ap);
	va_end(ap);
	if (file) {
		snprintf(s->file, sizeof(s->file), "%s", file);
		s->err.file = s->file;
	}
	s->err.line = line;
	s->err.col = col;
	return &s->err;
}

const struct ns_error *
ns_error_from_errno(const char *op)
{
	int e = errno;

	if (e == ENOMEM)
		return ns_error(NS_ERR_NOMEM);
	return ns_error_fmt(NS_ERR_ERRNO, "%s: %s", op, strerror(e));
}

const struct ns_error *
ns_error_from_errno2(const char *op, const char *path)
{
	int e = errno;

	if (e == ENOMEM)
		return ns_error(NS_ERR_NOMEM);
	return ns_error_fmt(NS_ERR_ERRNO, "%s: %s: %s", op, path, strerror(e));
}

const struct ns_error *
ns_error_from_git(const char *op)
{
	const git_error *ge = git_error_last();

	return ns_error_fmt(NS_ERR_GIT, "%s: %s", op,
	    ge && ge->message ? ge->message : "unknown libgit2 error");
}

const struct ns_error *
ns_error_from_ssl(const char *op)
{
	unsigned long e = ERR_get_error();
	char buf[256];

	if (e == 0)
		snprintf(buf, sizeof(buf), "unknown OpenSSL error");
	else
		ERR_error_string_n(e, buf, sizeof(buf));
	ERR_clear_error();
	return ns_error_fmt(NS_ERR_CRYPTO, "%s: %s", op, buf);
}

int
ns_error_exit_status(const struct ns_error *err)
{
	if (err == NULL)
		return 0;
	switch (err->code) {
	case NS_ERR_INVALID:
	case NS_ERR_CONFLICT:
	case NS_ERR_YAML:
	case NS_ERR_LIMIT:
		return 1;	/* the data is not acceptable */
	default:
		return 2;
	}
}
