/*
 * error.h: the one error type of netsync's library.
 *
 * A function that can fail returns const struct ns_error *, NULL meaning
 * success.  Errors are never allocated and never freed: the constructors fill
 * a slot in a thread-local ring of 16, so an error stays valid until 16 more
 * have been made on the same thread.  Pass an error up at once or consume it
 * (turn it into a diagnostic, print it, or drop it); never store it.
 *
 * Errors are failures to do the work (I/O, memory, libgit2).  Findings about
 * the data (schema violations, rejected peers) are diagnostics (diag.h).
 */
#ifndef NS_ERROR_H
#define NS_ERROR_H

enum ns_errcode {
	NS_ERR_OK = 0,
	NS_ERR_ERRNO,		/* a system call failed; msg has strerror text */
	NS_ERR_NOMEM,
	NS_ERR_LIMIT,		/* input exceeds a size, depth or alias limit */
	NS_ERR_YAML,		/* malformed YAML; file/line/col set */
	NS_ERR_GIT,		/* libgit2 failed */
	NS_ERR_CRYPTO,		/* OpenSSL failed */
	NS_ERR_NOT_REPO,	/* not inside a federation repository */
	NS_ERR_USAGE,
	NS_ERR_INVALID,		/* data not acceptable (exit 1) */
	NS_ERR_CONFLICT,	/* merge left conflicts (exit 1) */
	NS_ERR_CANCELLED,	/* interrupted; the CLI exits quietly */
	NS_ERR_NOT_FOUND,	/* a named thing does not exist */
	NS_ERR_NETWORK,		/* a remote could not be reached in time */
};

struct ns_error {
	enum ns_errcode	 code;
	const char	*msg;	/* one line, no trailing period */
	const char	*file;	/* NULL when not about a file */
	unsigned	 line;	/* 1-based; 0 when unknown */
	unsigned	 col;	/* 1-based; 0 when unknown */
};

/* An error with a fixed message for 'code'.  This function can't fail. */
const struct ns_error *ns_error(enum ns_errcode code);

/* An error with a formatted message (truncated at 512 bytes). */
const struct ns_error *ns_error_fmt(enum ns_errcode code, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* An error about a position in a file; 'file' is copied. */
const struct ns_error *ns_error_at(enum ns_errcode code, const char *file,
    unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* "op: strerror(errno)" and "op: path: strerror(errno)". */
const struct ns_error *ns_error_from_errno(const char *op);
const struct ns_error *ns_error_from_errno2(const char *op, const char *path);

/* "op: <libgit2's last error message>", code NS_ERR_GIT. */
const struct ns_error *ns_error_from_git(const char *op);

/* "op: <OpenSSL's first queued error>", code NS_ERR_CRYPTO; clears the queue. */
const struct ns_error *ns_error_from_ssl(const char *op);

/*
 * The exit status the contract gives an error: 1 when the data is not
 * acceptable (INVALID, CONFLICT, YAML, LIMIT), else 2.
 */
int ns_error_exit_status(const struct ns_error *err);

/*
 * The constructors above can't fail and never return NULL.  clang's static
 * analyzer (make lint) reads one file at a time and, before clang 15,
 * ignores returns_nonnull, so it would take err to be possibly NULL after
 * "err = ns_error(...)" and follow paths that cannot happen.  For the
 * analyzer only, each call goes through ns_error_nonnull(), which states
 * the invariant; compiled code is unchanged.  error.c, which defines the
 * constructors, sets NS_ERROR_IMPL.
 */
#if defined(__clang_analyzer__) && !defined(NS_ERROR_IMPL)
#include <stddef.h>

static inline const struct ns_error *
ns_error_nonnull(const struct ns_error *err)
{
	__builtin_assume(err != NULL);
	return err;
}

#define ns_error(...)		ns_error_nonnull(ns_error(__VA_ARGS__))
#define ns_error_fmt(...)	ns_error_nonnull(ns_error_fmt(__VA_ARGS__))
#define ns_error_at(...)	ns_error_nonnull(ns_error_at(__VA_ARGS__))
#define ns_error_from_errno(op)	ns_error_nonnull(ns_error_from_errno(op))
#define ns_error_from_errno2(op, path) \
	ns_error_nonnull(ns_error_from_errno2((op), (path)))
#define ns_error_from_git(op)	ns_error_nonnull(ns_error_from_git(op))
#define ns_error_from_ssl(op)	ns_error_nonnull(ns_error_from_ssl(op))
#endif

#endif
