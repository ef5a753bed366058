/*
 * schema_uri.c: URI reference resolution (RFC 3986 section 5.2) and JSON
 * pointer lookup (RFC 6901) for $id and $ref.  Pure string functions; the
 * results are malloc'd.
 */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "schema/schema_uri.h"

struct uri_parts {
	const char	*scheme, *auth, *path, *query, *frag;
	size_t		 scheme_len, auth_len, path_len, query_len, frag_len;
};

/*
 * RFC 3986 appendix B:
 * ^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?
 */
static void
uri_split(struct uri_parts *u, const char *s)
{
	size_t i;

	memset(u, 0, sizeof(*u));
	i = strcspn(s, ":/?#");
	if (i > 0 && s[i] == ':') {
		u->scheme = s;
		u->scheme_len = i;
		s += i + 1;
	}
	if (s[0] == '/' && s[1] == '/') {
		s += 2;
		u->auth = s;
		u->auth_len = strcspn(s, "/?#");
		s += u->auth_len;
	}
	u->path = s;
	u->path_len = strcspn(s, "?#");
	s += u->path_len;
	if (*s == '?') {
		u->query = ++s;
		u->query_len = strcspn(s, "#");
		s += u->query_len;
	}
	if (*s == '#') {
		u->frag = ++s;
		u->frag_len = strlen(s);
	}
}

/* The last '/' in s[0..len), or NULL (memrchr is a GNU extension). */
static const char *
last_slash(const char *s, size_t len)
{
	while (len > 0)
		if (s[--len] == '/')
			return s + len;
	return NULL;
}

/* Drop the last segment and its preceding '/' from 'out'. */
static void
drop_segment(struct buf *out)
{
	const char *p;

	if (out->ptr == NULL)
		return;
	p = last_slash(out->ptr, out->len);
	out->len = p ? (size_t)(p - out->ptr) : 0;
	out->ptr[out->len] = '\0';
}

static int
is_rest(const char *in, size_t i, size_t len, const char *s)
{
	size_t n = strlen(s);

	return len - i == n && memcmp(in + i, s, n) == 0;
}

static int
has_prefix(const char *in, size_t i, size_t len, const char *s)
{
	size_t n = strlen(s);

	return len - i >= n && memcmp(in + i, s, n) == 0;
}

/* RFC 3986 5.2.4 remove_dot_segments, appending to 'out'. */
static const struct ns_error *
remove_dots(struct buf *out, const char *in, size_t len)
{
	size_t i = 0, seg;

	while (i < len) {
		if (has_prefix(in, i, len, "../"))
			i += 3;
		else if (has_prefix(in, i, len, "./") ||
		    has_prefix(in, i, len, "/./"))
			i += 2;
		else if (is_rest(in, i, len, "/."))
			return buf_putc(out, '/');
		else if (has_prefix(in, i, len, "/../")) {
			i += 3;
			drop_segment(out);
		} else if (is_rest(in, i, len, "/..")) {
			drop_segment(out);
			return buf_putc(out, '/');
		} else if (is_rest(in, i, len, ".") ||
		    is_rest(in, i, len, ".."))
			return NULL;
		else {
			seg = in[i] == '/' ? 1 : 0;
			while (i + seg < len && in[i + seg] != '/')
				seg++;
			if (buf_add(out, in + i, seg))
				return ns_error(NS_ERR_NOMEM);
			i += seg;
		}
	}
	return NULL;
}

static const struct ns_error *
put_part(struct buf *b, const char *pre, const char *s, size_t len,
    const char *post)
{
	const struct ns_error *err;

	if (s == NULL)
		return NULL;
	err = buf_puts(b, pre);
	if (err == NULL)
		err = buf_add(b, s, len);
	if (err == NULL)
		err = buf_puts(b, post);
	return err;
}

static const struct ns_error *
merge_path(struct buf *out, const struct uri_parts *b,
    const struct uri_parts *r)
{
	const struct ns_error *err;
	struct buf m = BUF_INIT;
	const char *slash;

	if (b->auth && b->path_len == 0)
		err = put_part(&m, "/", r->path, r->path_len, "");
	else {
		slash = last_slash(b->path, b->path_len);
		err = slash ? buf_add(&m, b->path, (size_t)(slash - b->path) +
		    1) : NULL;
		if (err == NULL)
			err = buf_add(&m, r->path, r->path_len);
	}
	if (err == NULL)
		err = remove_dots(out, m.ptr ? m.ptr : "", m.len);
	buf_dispose(&m);
	return err;
}

const struct ns_error *
uri_resolve(char **out, const char *base, const char *ref)
{
	const struct ns_error *err = NULL;
	struct uri_parts b, r, t;
	struct buf path = BUF_INIT, res = BUF_INIT;

	*out = NULL;
	uri_split(&b, base ? base : "");
	uri_split(&r, ref);
	t = r;
	if (r.scheme)
		err = remove_dots(&path, r.path, r.path_len);
	else {
		t.scheme = b.scheme;
		t.scheme_len = b.scheme_len;
		if (r.auth)
			err = remove_dots(&path, r.path, r.path_len);
		else {
			t.auth = b.auth;
			t.auth_len = b.auth_len;
			if (r.path_len == 0) {
				err = buf_add(&path, b.path, b.path_len);
				if (r.query == NULL) {
					t.query = b.query;
					t.query_len = b.query_len;
				}
			} else if (r.path[0] == '/')
				err = remove_dots(&path, r.path, r.path_len);
			else
				err = merge_path(&path, &b, &r);
		}
	}
	if (err == NULL)
		err = put_part(&res, "", t.scheme, t.scheme_len, ":");
	if (err == NULL)
		err = put_part(&res, "//", t.auth, t.auth_len, "");
	if (err == NULL)
		err = buf_add(&res, path.ptr ? path.ptr : "", path.len);
	if (err == NULL)
		err = put_part(&res, "?", t.query, t.query_len, "");
	if (err == NULL)
		err = put_part(&res, "#", t.frag, t.frag_len, "");
	if (err == NULL)
		err = buf_add(&res, "", 0);
	if (err == NULL)
		*out = buf_detach(&res);
	buf_dispose(&path);
	buf_dispose(&res);
	return err;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode %XX escapes in place; returns the new length. */
static size_t
percent_decode(char *s, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == '%' && i + 2 < len && hexval(s[i + 1]) >= 0 &&
		    hexval(s[i + 2]) >= 0) {
			s[o++] = (char)(hexval(s[i + 1]) * 16 +
			    hexval(s[i + 2]));
			i += 2;
		} else
			s[o++] = s[i];
	}
	return o;
}

static const struct ytree_node *
map_get_len(const struct ytree_node *map, const char *key, size_t len)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		if (map->pairs[i].key->len == len &&
		    memcmp(map->pairs[i].key->str, key, len) == 0)
			return map->pairs[i].value;
	return NULL;
}

static const struct ytree_node *
pointer_step(const struct ytree_node *n, char *tok, size_t len)
{
	size_t i, o = 0, idx = 0;

	for (i = 0; i < len; i++) {
		if (tok[i] == '~' && i + 1 < len && tok[i + 1] == '1') {
			tok[o++] = '/';
			i++;
		} else if (tok[i] == '~' && i + 1 < len && tok[i + 1] == '0') {
			tok[o++] = '~';
			i++;
		} else if (tok[i] == '~')
			return NULL;
		else
			tok[o++] = tok[i];
	}
	if (n->type == YTREE_MAP)
		return map_get_len(n, tok, o);
	if (n->type != YTREE_SEQ || o == 0 || o > 9 || (o > 1 && tok[0] == '0'))
		return NULL;
	for (i = 0; i < o; i++) {
		if (tok[i] < '0' || tok[i] > '9')
			return NULL;
		idx = idx * 10 + (size_t)(tok[i] - '0');
	}
	return idx < n->n ? n->items[idx] : NULL;
}

const struct ytree_node *
uri_pointer(const struct ytree_node *root, const char *frag)
{
	const struct ytree_node *n = root;
	char *copy, *p, *end;
	size_t len;

	copy = strdup(frag);
	if (copy == NULL)
		return NULL;
	len = percent_decode(copy, strlen(copy));
	end = copy + len;
	p = copy;
	if (len > 0 && *p != '/')
		n = NULL;
	while (n && p < end) {
		char *tok = p + 1, *next;

		next = memchr(tok, '/', (size_t)(end - tok));
		if (next == NULL)
			next = end;
		n = pointer_step(n, tok, (size_t)(next - tok));
		p = next;
	}
	free(copy);
	return n;
}

int
uri_is_absolute(const char *s)
{
	struct uri_parts u;

	uri_split(&u, s);
	return u.scheme != NULL;
}
