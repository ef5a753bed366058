/*
 * buf.h: a growable byte buffer with a hard size limit (curl's dynbuf).
 *
 * The buffer is always NUL-terminated after 'len' bytes once anything was
 * added, so ptr can be used as a C string when the content has no NUL.
 * An embedding caller writes `struct buf b = BUF_INIT;` and ends with
 * buf_dispose(&b).
 */
#ifndef NS_BUF_H
#define NS_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

struct buf {
	char	*ptr;	/* NULL until the first append */
	size_t	 len;
	size_t	 cap;
	size_t	 toobig;	/* 0: no limit beyond memory */
};

#define BUF_INIT { NULL, 0, 0, 0 }

/* Append bytes; NS_ERR_LIMIT when len would reach toobig, else NS_ERR_NOMEM. */
const struct ns_error *buf_add(struct buf *, const void *data, size_t len);
const struct ns_error *buf_puts(struct buf *, const char *s);
const struct ns_error *buf_putc(struct buf *, char c);
const struct ns_error *buf_printf(struct buf *, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
const struct ns_error *buf_vprintf(struct buf *, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

/* Read all of 'f' (at most 'max' bytes: NS_ERR_LIMIT beyond). */
const struct ns_error *buf_read_file(struct buf *, FILE *f, size_t max);

/*
 * Read the file at 'path', checking its size with fstat() before reading so
 * a huge file costs nothing.  NS_ERR_LIMIT names the file and the limit.
 */
const struct ns_error *buf_load_path(struct buf *, const char *path,
    size_t max);

/*
 * buf_load_path() for a file already open ('path' names it in errors): the
 * descriptor stays open.
 */
const struct ns_error *buf_load_fd(struct buf *, int fd, const char *path,
    size_t max);

/*
 * buf_load_path() for secrets: NS_ERR_INVALID, saying how to fix it, when
 * group or others may read the file.
 */
const struct ns_error *buf_load_private(struct buf *, const char *path,
    size_t max);

/* Give up the content: the caller owns the returned string (free()). */
char *buf_detach(struct buf *);

/* Empty the buffer, keeping its memory. */
void buf_reset(struct buf *);

/* Release the memory; the buffer is BUF_INIT again.  Accepts NULL. */
void buf_dispose(struct buf *);

/*
 * Write 'len' bytes to 'path' atomically: a temporary file in the same
 * directory, fsync, rename.  A reader sees the old or the new file, never
 * a torn one.  'mode' is the new file's permission bits.
 */
const struct ns_error *buf_write_atomic(const char *path, const void *data,
    size_t len, unsigned mode);

/*
 * buf_write_atomic() without the fsync: for files made again from other
 * data (the overview), where thousands of fsyncs buy nothing a rerun does
 * not.  A running reader still sees the old file or the new one; after a
 * crash of the machine a file may be empty or short, and the next run,
 * which compares bytes, writes it again.
 */
const struct ns_error *buf_write_replace(const char *path, const void *data,
    size_t len, unsigned mode);

/*
 * Create a new file next to 'path', named "<path>.tmp-XXXXXX", with the
 * permission bits 'mode' and open for writing: its name in 'name' (which
 * is reset first), its descriptor in *fd (-1 on error; then no file is
 * left).  The caller renames or unlinks it.
 */
const struct ns_error *buf_mkstemp(struct buf *name, const char *path,
    unsigned mode, int *fd);

/* Write all 'len' bytes to 'fd' ('name' names it in errors). */
const struct ns_error *buf_write_fd(int fd, const void *data, size_t len,
    const char *name);

#endif
