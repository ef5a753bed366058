/*
 * buf.c: growable buffers with a cap, file loading with a size check before
 * reading, and atomic file replacement.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"

static const struct ns_error *
buf_grow(struct buf *b, size_t more)
{
	size_t need, cap;
	char *p;

	if (more > SIZE_MAX - b->len - 1)
		return ns_error(NS_ERR_NOMEM);
	need = b->len + more + 1;
	if (b->toobig && need > b->toobig)
		return ns_error_fmt(NS_ERR_LIMIT,
		    "data exceeds the limit of %zu bytes", b->toobig);
	if (need <= b->cap && b->ptr != NULL)
		return NULL;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	p = realloc(b->ptr, cap);
	if (p == NULL)
		return ns_error(NS_ERR_NOMEM);
	b->ptr = p;
	b->cap = cap;
	return NULL;
}

const struct ns_error *
buf_add(struct buf *b, const void *data, size_t len)
{
	const struct ns_error *err;

	err = buf_grow(b, len);
	if (err)
		return err;
	if (len)
		memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return NULL;
}

const struct ns_error *
buf_puts(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

const struct ns_error *
buf_putc(struct buf *b, char c)
{
	return buf_add(b, &c, 1);
}

const struct ns_error *
buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	const struct ns_error *err;
	size_t room = b->ptr ? b->cap - b->len : 0;
	va_list ap2;
	int n;

	/* formatted once when it fits the room already there, as it mostly does */
	va_copy(ap2, ap);
	n = vsnprintf(room ? b->ptr + b->len : NULL, room, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		return ns_error_from_errno("vsnprintf");
	if ((size_t)n >= room) {
		err = buf_grow(b, (size_t)n);
		if (err) {
			if (room)
				b->ptr[b->len] = '\0';
			return err;
		}
		vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	}
	b->len += (size_t)n;
	return NULL;
}

const struct ns_error *
buf_printf(struct buf *b, const char *fmt, ...)
{
	const struct ns_error *err;
	va_list ap;

	va_start(ap, fmt);
	err = buf_vprintf(b, fmt, ap);
	va_end(ap);
	return err;
}

const struct ns_error *
buf_read_file(struct buf *b, FILE *f, size_t max)
{
	const struct ns_error *err;
	char chunk[65536];
	size_t n, start = b->len;

	for (;;) {
		n = fread(chunk, 1, sizeof(chunk), f);
		if (n > 0) {
			if (b->len - start + n > max)
				return ns_error_fmt(NS_ERR_LIMIT,
				    "file is larger than the limit of %zu "
				    "bytes", max);
			err = buf_add(b, chunk, n);
			if (err)
				return err;
		}
		if (n < sizeof(chunk)) {
			if (ferror(f))
				return ns_error_from_errno("read");
			break;
		}
	}
	if (b->ptr == NULL)
		return buf_add(b, "", 0);
	return NULL;
}

/*
 * Read the open file 'fd' after checking that it is a regular file of at
 * most 'max' bytes whose mode has none of 'forbidden'.  'path' names it in
 * errors.
 */
static const struct ns_error *
load_fd(struct buf *b, int fd, const char *path, size_t max,
    unsigned forbidden)
{
	const struct ns_error *err;
	struct stat st;
	size_t start = b->len, want;
	ssize_t n;

	if (fstat(fd, &st) == -1)
		return ns_error_from_errno2("stat", path);
	if (!S_ISREG(st.st_mode))
		return ns_error_fmt(NS_ERR_ERRNO, "%s: not a regular file",
		    path);
	if (st.st_mode & forbidden)
		return ns_error_fmt(NS_ERR_INVALID, "%s: private key is "
		    "accessible by others (mode %04o); run chmod 600 %s",
		    path, (unsigned)(st.st_mode & 07777), path);
	if ((uintmax_t)st.st_size > max)
		return ns_error_at(NS_ERR_LIMIT, path, 0, 0,
		    "file is %jd bytes, larger than the limit of %zu bytes",
		    (intmax_t)st.st_size, max);
	/*
	 * Ask for one byte more than fstat() promised: a regular file that
	 * did not change is then read with one read(), and its short count
	 * is the end of the file.  A file that grew is read on, to 'max'.
	 */
	want = (size_t)st.st_size + 1;
	for (;;) {
		if ((err = buf_grow(b, want)))
			return err;
		n = read(fd, b->ptr + b->len, want);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return ns_error_from_errno2("read", path);
		b->len += (size_t)n;
		b->ptr[b->len] = '\0';
		if (b->len - start > max)
			return ns_error_at(NS_ERR_LIMIT, path, 0, 0,
			    "file is larger than the limit of %zu bytes", max);
		if ((size_t)n < want)
			return NULL;
		want = 65536;
	}
}

const struct ns_error *
buf_load_fd(struct buf *b, int fd, const char *path, size_t max)
{
	return load_fd(b, fd, path, max, 0);
}

static const struct ns_error *
load_path(struct buf *b, const char *path, size_t max, unsigned forbidden)
{
	const struct ns_error *err;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return ns_error_from_errno2("open", path);
	err = load_fd(b, fd, path, max, forbidden);
	close(fd);
	return err;
}

const struct ns_error *
buf_load_path(struct buf *b, const char *path, size_t max)
{
	return load_path(b, path, max, 0);
}

const struct ns_error *
buf_load_private(struct buf *b, const char *path, size_t max)
{
	return load_path(b, path, max, 077);
}

char *
buf_detach(struct buf *b)
{
	char *p = b->ptr;

	if (p == NULL)
		p = calloc(1, 1);
	b->ptr = NULL;
	b->len = b->cap = 0;
	return p;
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->ptr)
		b->ptr[0] = '\0';
}

void
buf_dispose(struct buf *b)
{
	if (b == NULL)
		return;
	free(b->ptr);
	b->ptr = NULL;
	b->len = b->cap = 0;
}

const struct ns_error *
buf_mkstemp(struct buf *name, const char *path, unsigned mode, int *fd)
{
	const struct ns_error *err;

	*fd = -1;
	buf_reset(name);
	err = buf_printf(name, "%s.tmp-XXXXXX", path);
	if (err)
		return err;
	*fd = mkstemp(name->ptr);
	if (*fd == -1)
		return ns_error_from_errno2("create", name->ptr);
	if (fchmod(*fd, (mode_t)mode) == -1) {
		err = ns_error_from_errno2("chmod", name->ptr);
		close(*fd);
		*fd = -1;
		unlink(name->ptr);
	}
	return err;
}

const struct ns_error *
buf_write_fd(int fd, const void *data, size_t len, const char *name)
{
	const char *p = data;
	ssize_t w;

	while (len > 0) {
		w = write(fd, p, len);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return ns_error_from_errno2("write", name);
		p += w;
		len -= (size_t)w;
	}
	return NULL;
}

static const struct ns_error *
write_replace(const char *path, const void *data, size_t len, unsigned mode,
    int durable)
{
	const struct ns_error *err = NULL;
	struct buf tmp = BUF_INIT;
	int fd = -1;

	err = buf_mkstemp(&tmp, path, mode, &fd);
	if (err) {
		buf_dispose(&tmp);
		return err;
	}
	err = buf_write_fd(fd, data, len, tmp.ptr);
	if (err)
		goto done;
	if (durable && fsync(fd) == -1) {
		err = ns_error_from_errno2("fsync", tmp.ptr);
		goto done;
	}
	if (close(fd) == -1) {
		fd = -1;
		err = ns_error_from_errno2("close", tmp.ptr);
		goto done;
	}
	fd = -1;
	if (rename(tmp.ptr, path) == -1)
		err = ns_error_from_errno2("rename", path);
done:
	if (fd != -1)
		close(fd);
	if (err)
		unlink(tmp.ptr);
	buf_dispose(&tmp);
	return err;
}

const struct ns_error *
buf_write_atomic(const char *path, const void *data, size_t len,
    unsigned mode)
{
	return write_replace(path, data, len, mode, 1);
}

const struct ns_error *
buf_write_replace(const char *path, const void *data, size_t len,
    unsigned mode)
{
	return write_replace(path, data, len, mode, 0);
}
