/*
 * reflog.c: the tail of a reflog, read and appended (see reflog.h).
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "repo/reflog.h"

#define TAIL	4096	/* longer than any entry netsync writes */

static const struct ns_error *
log_path(struct buf *b, git_repository *repo, const char *ref)
{
	/* git_repository_path() ends with a slash */
	return buf_printf(b, "%slogs/%s", git_repository_path(repo), ref);
}

/*
 * The last TAIL bytes of the log in 'tail' (NUL-terminated), or -1.  *whole
 * is 1 when they hold the start of the file.
 */
static ssize_t
read_tail(const char *path, char *tail, int *whole)
{
	struct stat st;
	off_t off;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return -1;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		close(fd);
		return -1;
	}
	off = st.st_size > TAIL - 1 ? st.st_size - (TAIL - 1) : 0;
	*whole = off == 0;
	n = pread(fd, tail, TAIL - 1, off);
	close(fd);
	if (n < 0)
		return -1;
	tail[n] = '\0';
	return n;
}

int
reflog_newest(git_repository *repo, const char *ref, git_oid *id,
    char *msg, size_t msgsize)
{
	struct buf path = BUF_INIT;
	char tail[TAIL], *line, *tab, *end;
	ssize_t n;
	int whole = 0;

	if (log_path(&path, repo, ref)) {
		buf_dispose(&path);
		return -1;
	}
	n = read_tail(path.ptr, tail, &whole);
	buf_dispose(&path);
	if (n < 2 || tail[n - 1] != '\n' || memchr(tail, '\0', (size_t)n))
		return -1;
	tail[n - 1] = '\0';
	line = strrchr(tail, '\n');
	if (line)
		line++;
	else if (whole)
		line = tail;
	else
		return -1;	/* a line longer than TAIL: not ours */
	/* "<old> <new> ...\t<msg>": 40 hex, a space, 40 hex, a space */
	tab = strchr(line, '\t');
	if (tab == NULL || strlen(line) < 82 || line[40] != ' ' ||
	    line[81] != ' ' || git_oid_fromstrn(id, line + 41, 40) != 0)
		return -1;
	end = tab + 1;
	if (strlen(end) >= msgsize)
		end[msgsize - 1] = '\0';
	memcpy(msg, end, strlen(end) + 1);
	return 0;
}

const struct ns_error *
reflog_append(git_repository *repo, const char *ref, const git_oid *old,
    const git_oid *new_id, const git_signature *sig, const char *msg)
{
	const struct ns_error *err = NULL;
	struct buf path = BUF_INIT, line = BUF_INIT;
	char tail[1], o[GIT_OID_HEXSZ + 1], nw[GIT_OID_HEXSZ + 1];
	int fd = -1, off;
	struct stat st;

	if (strchr(msg, '\n') || strchr(sig->name, '\n') ||
	    strchr(sig->email, '\n'))
		return ns_error_fmt(NS_ERR_INVALID, "reflog entry on two lines");
	if ((err = log_path(&path, repo, ref)))
		goto done;
	/* read-write: the last byte is read through the same descriptor */
	fd = open(path.ptr, O_RDWR | O_APPEND | O_CLOEXEC);
	if (fd == -1 || fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size == 0) {
		err = ns_error_fmt(NS_ERR_NOT_FOUND, "%s: no reflog", ref);
		goto done;
	}
	/* only after a whole line: never glued to a torn one */
	if (pread(fd, tail, 1, st.st_size - 1) != 1 || tail[0] != '\n') {
		err = ns_error_fmt(NS_ERR_NOT_FOUND, "%s: reflog does not "
		    "end with a whole line", ref);
		goto done;
	}
	git_oid_tostr(o, sizeof(o), old);
	git_oid_tostr(nw, sizeof(nw), new_id);
	off = sig->when.offset;
	err = buf_printf(&line, "%s %s %s <%s> %" PRId64 " %c%02d%02d\t%s\n",
	    o, nw, sig->name, sig->email, (int64_t)sig->when.time,
	    off < 0 ? '-' : '+', (off < 0 ? -off : off) / 60,
	    (off < 0 ? -off : off) % 60, msg);
	/* one write(): O_APPEND puts it after whatever is there */
	if (err == NULL && write(fd, line.ptr, line.len) != (ssize_t)line.len) {
		err = ns_error_from_errno2("write", path.ptr);
		(void)ftruncate(fd, st.st_size);	/* no torn line left */
	}
done:
	if (fd != -1)
		close(fd);
	buf_dispose(&path);
	buf_dispose(&line);
	return err;
}
