/*
 * config_edit.c: the one editor of netsync.yaml: a top-level key set,
 * signing_key written, peers added and removed, in the text and in the
 * file.
 *
 * Edits are made on the text, guided by the positions ytree gives, so the
 * coordinator's comments, order and quoting survive (a round trip through
 * a tree and an emitter would drop them).  Every result of a peer or key
 * edit is parsed again with config_parse() before it is handed back: an
 * edit never produces a file netsync cannot read.  The file is rewritten
 * atomically with its mode kept, whoever asks (key, peer).
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "record/config.h"
#include "yaml/ytree.h"

struct peers_at {
	struct ytree		*tree;
	const struct ytree_node	*key;	/* "peers", or NULL */
	const struct ytree_node	*seq;	/* its value */
	size_t			 key_off;	/* its line's start */
	size_t			 end_off;	/* its value's end */
};

/* Byte offset of the start of 1-based line 'line'. */
static size_t
offset_of_line(const char *in, size_t len, unsigned line)
{
	size_t off = 0;

	while (line > 1 && off < len)
		if (in[off++] == '\n')
			line--;
	return off;
}

/* Is the line starting at 'off' blank or a comment indented <= 'indent'? */
static int
line_belongs_after(const char *in, size_t len, size_t off, size_t indent)
{
	size_t i = off;

	while (i < len && (in[i] == ' ' || in[i] == '\t'))
		i++;
	if (i >= len || in[i] == '\n' || in[i] == '\r')
		return 1;
	return in[i] == '#' && i - off <= indent;
}

/*
 * Move 'end' (a line start) back over the blank and comment lines that
 * precede it: they belong to what follows.  Never before 'floor'.
 */
static size_t
trim_back(const char *in, size_t len, size_t end, size_t floor,
    size_t indent)
{
	while (end > floor) {
		size_t prev = end - 1;

		while (prev > floor && in[prev - 1] != '\n')
			prev--;
		if (!line_belongs_after(in, len, prev, indent))
			break;
		end = prev;
	}
	return end;
}

static const struct ns_error *
find_peers(struct peers_at *at, const char *in, size_t len)
{
	const struct ns_error *err;
	const struct ytree_node *root;
	size_t i, next;

	memset(at, 0, sizeof(*at));
	err = ytree_parse(&at->tree, "netsync.yaml", (const unsigned char *)in,
	    len, NULL);
	if (err != NULL)
		return err;
	root = ytree_root(at->tree);
	if (root->type != YTREE_MAP)
		return ns_error_at(NS_ERR_INVALID, "netsync.yaml", root->line,
		    root->col, "netsync.yaml must be a mapping");
	for (i = 0; i < root->n; i++) {
		if (strcmp(root->pairs[i].key->str, "peers") != 0)
			continue;
		at->key = root->pairs[i].key;
		at->seq = root->pairs[i].value;
		at->key_off = offset_of_line(in, len, at->key->line);
		next = i + 1 < root->n ? offset_of_line(in, len,
		    root->pairs[i + 1].key->line) : len;
		at->end_off = trim_back(in, len, next, at->key_off, 0);
	}
	return NULL;
}

/* Offset of the '-' of block-sequence item 'item' (on its line or above). */
static size_t
dash_offset(const char *in, size_t len, const struct ytree_node *item)
{
	size_t off = offset_of_line(in, len, item->line) + item->col - 1;

	while (off > 0 && in[off] != '-')
		off--;
	return off;
}

static size_t
line_start(const char *in, size_t off)
{
	while (off > 0 && in[off - 1] != '\n')
		off--;
	return off;
}

/*
 * Plain style only for what surely reads back as the same string: URLs,
 * paths and names starting with a letter, '.' or '/', made of URL-safe
 * characters, not ending in ':', not a YAML 1.2 null or boolean.
 */
static int
plain_ok(const char *s)
{
	static const char *const words[] = { "null", "true", "false" };
	const char *p;
	size_t i;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
	    *s == '.' || *s == '/'))
		return 0;
	for (p = s; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("._/:@~+-", *p)))
			return 0;
	if (p[-1] == ':')
		return 0;
	for (i = 0; i < nitems(words); i++)
		if (strcasecmp(s, words[i]) == 0)
			return 0;
	return 1;
}

/* Append 's' as a YAML scalar: plain when safe, else double-quoted. */
static const struct ns_error *
put_scalar(struct buf *out, const char *s)
{
	const struct ns_error *err = NULL;
	const unsigned char *p;

	if (plain_ok(s))
		return buf_puts(out, s);
	err = buf_putc(out, '"');
	for (p = (const unsigned char *)s; *p && err == NULL; p++) {
		if (*p == '"' || *p == '\\')
			err = buf_printf(out, "\\%c", *p);
		else if (*p < 0x20 || *p == 0x7f)
			err = buf_printf(out, "\\x%02x", *p);
		else
			err = buf_putc(out, (char)*p);
	}
	return err ? err : buf_putc(out, '"');
}

/* One line "<ind spaces><prefix><value>\n"; no value when it is NULL. */
static const struct ns_error *
put_field(struct buf *out, size_t ind, const char *prefix, const char *value)
{
	const struct ns_error *err;

	err = buf_printf(out, "%*s%s", (int)ind, "", prefix);
	if (err != NULL)
		return err;
	if (value != NULL) {
		err = put_scalar(out, value);
		if (err != NULL)
			return err;
	}
	return buf_putc(out, '\n');
}

/* The text of one peer entry, its dash indented by 'ind' spaces. */
static const struct ns_error *
put_peer(struct buf *out, const struct config_peer *p, size_t ind)
{
	const struct ns_error *err;
	size_t i;

	err = put_field(out, ind, "- id: ", p->id);
	if (err != NULL)
		return err;
	err = put_field(out, ind, "  url: ", p->url);
	if (err != NULL)
		return err;
	if (p->branch != NULL) {
		err = put_field(out, ind, "  branch: ", p->branch);
		if (err != NULL)
			return err;
	}
	if (p->nkeys == 1) {
		err = put_field(out, ind, "  signing_key: ", p->keys[0]);
		if (err != NULL)
			return err;
	} else if (p->nkeys > 1) {
		err = put_field(out, ind, "  signing_key:", NULL);
		if (err != NULL)
			return err;
		for (i = 0; i < p->nkeys; i++) {
			err = put_field(out, ind, "    - ", p->keys[i]);
			if (err != NULL)
				return err;
		}
	}
	return NULL;
}

/* Parse the edited text: an edit must leave a file config_parse accepts. */
static const struct ns_error *
check_result(const struct buf *out)
{
	const struct ns_error *err;
	struct config *c = NULL;

	err = config_parse(&c, "netsync.yaml", (const unsigned char *)out->ptr,
	    out->len);
	config_free(c);
	return err;
}

static int
seq_has_id(const struct ytree_node *seq, const char *id, size_t *at)
{
	size_t i;
	const char *s;

	for (i = 0; seq && seq->type == YTREE_SEQ && i < seq->n; i++) {
		s = ytree_get_str(seq->items[i], "id");
		if (s && strcmp(s, id) == 0) {
			*at = i;
			return 1;
		}
	}
	return 0;
}

static int
is_flow(const char *in, size_t len, const struct ytree_node *n)
{
	size_t off = offset_of_line(in, len, n->line) + n->col - 1;

	return off < len && (in[off] == '[' || in[off] == '{');
}

/* End what 'out' holds so far with a newline, unless it is empty or ends one. */
static const struct ns_error *
end_line(struct buf *out)
{
	if (out->len == 0 || out->ptr[out->len - 1] == '\n')
		return NULL;
	return buf_putc(out, '\n');
}

/* netsync edits block lists only: a [flow] list would lose its layout. */
static const struct ns_error *
flow_list_error(const struct ytree_node *seq)
{
	return ns_error_at(NS_ERR_INVALID, "netsync.yaml", seq->line,
	    seq->col, "peers is written as a [flow] list; write it as a "
	    "block list (- id: ...) so netsync can edit it");
}

/* Append to a block list: after its last item, at its indentation. */
static const struct ns_error *
add_to_list(struct buf *out, const char *in, size_t len,
    const struct peers_at *at, const struct config_peer *p)
{
	const struct ns_error *err;
	size_t dash = dash_offset(in, len, at->seq->items[0]);
	size_t ind = dash - line_start(in, dash);
	size_t end = trim_back(in, len, at->end_off, at->key_off, ind);

	err = buf_add(out, in, end);
	if (err != NULL)
		return err;
	err = end_line(out);
	if (err != NULL)
		return err;
	err = put_peer(out, p, ind);
	if (err != NULL)
		return err;
	return buf_add(out, in + end, len - end);
}

/* No list yet (absent, null or []): write "peers:" with one item. */
static const struct ns_error *
add_new_list(struct buf *out, const char *in, size_t len,
    const struct peers_at *at, const struct config_peer *p)
{
	const struct ns_error *err;
	size_t start = at->key ? at->key_off : len;
	size_t end = at->key ? at->end_off : len;

	err = buf_add(out, in, start);
	if (err != NULL)
		return err;
	err = end_line(out);
	if (err != NULL)
		return err;
	err = buf_puts(out, "peers:\n");
	if (err != NULL)
		return err;
	err = put_peer(out, p, 2);
	if (err != NULL)
		return err;
	return buf_add(out, in + end, len - end);
}

const struct ns_error *
config_edit_peer_add(struct buf *out, const char *in, size_t len,
    const struct config_peer *p)
{
	const struct ns_error *err;
	struct peers_at at;
	size_t i;

	buf_reset(out);
	err = find_peers(&at, in, len);
	if (err != NULL)
		goto done;
	if (seq_has_id(at.seq, p->id, &i)) {
		err = ns_error_fmt(NS_ERR_INVALID, "peer %s is already listed "
		    "(netsync.yaml line %u)", p->id, at.seq->items[i]->line);
		goto done;
	}
	if (at.seq && at.seq->type == YTREE_SEQ && at.seq->n > 0 &&
	    is_flow(in, len, at.seq))
		err = flow_list_error(at.seq);
	else if (at.seq && at.seq->type == YTREE_SEQ && at.seq->n > 0)
		err = add_to_list(out, in, len, &at, p);
	else if (at.seq && at.seq->type != YTREE_SEQ &&
	    at.seq->type != YTREE_NULL)
		err = ns_error_at(NS_ERR_INVALID, "netsync.yaml", at.seq->line,
		    at.seq->col, "peers must be a list");
	else
		err = add_new_list(out, in, len, &at, p);
	if (err != NULL)
		goto done;
	err = check_result(out);
done:
	ytree_free(at.tree);
	return err;
}

/* The region of item 'i': its dash line up to the next item's. */
static void
item_region(const char *in, size_t len, const struct peers_at *at, size_t i,
    size_t *start, size_t *end)
{
	size_t dash = dash_offset(in, len, at->seq->items[i]);
	size_t ind = dash - line_start(in, dash), next;

	*start = line_start(in, dash);
	/* comments just above the entry, at its indentation, describe it */
	while (*start > at->key_off) {
		size_t prev = line_start(in, *start - 1), k = prev;

		while (k < *start && (in[k] == ' ' || in[k] == '\t'))
			k++;
		if (in[k] != '#' || k - prev < ind || prev <= at->key_off)
			break;
		*start = prev;
	}
	next = i + 1 < at->seq->n ? line_start(in, dash_offset(in, len,
	    at->seq->items[i + 1])) : at->end_off;
	*end = trim_back(in, len, next, *start, ind);
	if (*end == *start)
		*end = next;
}

const struct ns_error *
config_edit_peer_remove(struct buf *out, const char *in, size_t len,
    const char *id)
{
	const struct ns_error *err;
	struct peers_at at;
	size_t i, start, end;

	buf_reset(out);
	err = find_peers(&at, in, len);
	if (err != NULL)
		goto done;
	if (!seq_has_id(at.seq, id, &i)) {
		err = ns_error_fmt(NS_ERR_NOT_FOUND, "no peer %s in "
		    "netsync.yaml", id);
		goto done;
	}
	if (is_flow(in, len, at.seq)) {
		err = flow_list_error(at.seq);
		goto done;
	}
	if (at.seq->n == 1) {
		start = at.key_off;
		end = at.end_off;
	} else
		item_region(in, len, &at, i, &start, &end);
	err = buf_add(out, in, start);
	if (err != NULL)
		goto done;
	if (at.seq->n == 1) {
		err = buf_puts(out, "peers: []\n");
		if (err != NULL)
			goto done;
	}
	err = buf_add(out, in + end, len - end);
	if (err != NULL)
		goto done;
	err = check_result(out);
done:
	ytree_free(at.tree);
	return err;
}

/*
 * A top-level key's value ends where the next line starts at column 1
 * with something other than a comment, a blank or a list dash (a
 * top-level key's block list may sit at column 1).  Comment and blank
 * lines just before that belong to what follows, so they are kept.
 */
static size_t
value_end(const char *in, size_t len, size_t from)
{
	size_t off = from, kept;

	while (off < len && in[off] != '\n')
		off++;
	kept = off < len ? off + 1 : len;
	while (off < len) {
		size_t next = off + 1;
		char c;

		if (next >= len)
			break;
		c = in[next];
		if (c != ' ' && c != '\t' && c != '\n' && c != '#' && c != '-')
			break;
		off = next;
		while (off < len && in[off] != '\n')
			off++;
		/* a line indented or a dash: part of the value */
		if (c == ' ' || c == '\t' || c == '-') {
			size_t k = next;

			while (k < off && (in[k] == ' ' || in[k] == '\t'))
				k++;
			if (k < off && in[k] != '#')
				kept = off < len ? off + 1 : len;
		}
	}
	return kept;
}

/* Back up from line start 'off' over the comment lines just above it. */
static size_t
before_comments(const char *in, size_t off)
{
	size_t prev;

	while (off > 0) {
		prev = off - 1;
		while (prev > 0 && in[prev - 1] != '\n')
			prev--;
		if (in[prev] != '#')
			break;
		off = prev;
	}
	return off;
}

const struct ns_error *
config_edit_set(struct buf *out, const char *in, size_t len, const char *key,
    const char *value_yaml)
{
	const struct ns_error *err;
	const struct ytree_node *root;
	struct ytree *t = NULL;
	size_t i, start = 0, end = 0;
	int found = 0;

	err = ytree_parse(&t, "netsync.yaml", (const unsigned char *)in, len,
	    NULL);
	if (err != NULL)
		return err;
	root = ytree_root(t);
	for (i = 0; root->type == YTREE_MAP && i < root->n; i++) {
		if (strcmp(root->pairs[i].key->str, key) == 0) {
			start = offset_of_line(in, len, root->pairs[i].key->line);
			end = value_end(in, len, start);
			found = 1;
		}
	}
	/* a new key goes before peers: (a long list) when there is one */
	for (i = 0; !found && root->type == YTREE_MAP && i < root->n; i++) {
		if (strcmp(root->pairs[i].key->str, "peers") == 0) {
			start = before_comments(in, offset_of_line(in, len,
			    root->pairs[i].key->line));
			end = start;
			found = 2;
		}
	}
	ytree_free(t);
	if (!found)
		start = end = len;
	buf_reset(out);
	err = buf_add(out, in, start);
	if (err != NULL)
		return err;
	if (!found) {
		err = end_line(out);
		if (err != NULL)
			return err;
	}
	err = buf_printf(out, "%s: %s\n", key, value_yaml);
	if (err != NULL)
		return err;
	return buf_add(out, in + end, len - end);
}

const struct ns_error *
config_edit_signing_keys(struct buf *out, const char *in, size_t len,
    char *const *keys, size_t n)
{
	const struct ns_error *err;
	struct buf val = BUF_INIT;
	size_t i;

	buf_reset(out);
	/* one key as a string, several as a flow list with one per line */
	if (n != 1) {
		err = buf_putc(&val, '[');
		if (err != NULL)
			goto done;
	}
	for (i = 0; i < n; i++) {
		if (n > 1) {
			err = buf_puts(&val, i > 0 ? ",\n    " : "\n    ");
			if (err != NULL)
				goto done;
		}
		err = put_scalar(&val, keys[i]);
		if (err != NULL)
			goto done;
	}
	if (n != 1) {
		err = buf_puts(&val, n > 1 ? "\n  ]" : "]");
		if (err != NULL)
			goto done;
	}
	err = config_edit_set(out, in, len, "signing_key", val.ptr);
	if (err != NULL)
		goto done;
	err = check_result(out);
done:
	buf_dispose(&val);
	return err;
}

/* One edit of the text: the new text into 'out'. */
typedef const struct ns_error *config_text_edit(struct buf *out,
    const char *in, size_t len, const void *arg);

/*
 * Read netsync.yaml at 'path' (at most CONFIG_MAX_SIZE), apply 'edit' and
 * put the result in its place atomically, with the file's mode: a
 * coordinator who made it group-writable or private keeps it so.
 */
static const struct ns_error *
edit_file(const char *path, config_text_edit *edit, const void *arg)
{
	const struct ns_error *err;
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct stat st;

	err = buf_load_path(&in, path, CONFIG_MAX_SIZE);
	if (err != NULL)
		goto done;
	if (stat(path, &st) == -1) {
		err = ns_error_from_errno2("stat", path);
		goto done;
	}
	err = edit(&out, in.ptr != NULL ? in.ptr : "", in.len, arg);
	if (err != NULL)
		goto done;
	err = buf_write_atomic(path, out.ptr, out.len, st.st_mode & 0777);
done:
	buf_dispose(&in);
	buf_dispose(&out);
	return err;
}

struct key_list {
	char *const	*keys;
	size_t		 n;
};

static const struct ns_error *
edit_keys(struct buf *out, const char *in, size_t len, const void *arg)
{
	const struct key_list *k = arg;

	return config_edit_signing_keys(out, in, len, k->keys, k->n);
}

static const struct ns_error *
edit_peer_add(struct buf *out, const char *in, size_t len, const void *arg)
{
	return config_edit_peer_add(out, in, len, arg);
}

static const struct ns_error *
edit_peer_remove(struct buf *out, const char *in, size_t len,
    const void *arg)
{
	return config_edit_peer_remove(out, in, len, arg);
}

const struct ns_error *
config_file_set_signing_keys(const char *path, char *const *keys, size_t n)
{
	struct key_list k = { keys, n };

	return edit_file(path, edit_keys, &k);
}

const struct ns_error *
config_file_add_peer(const char *path, const struct config_peer *p)
{
	return edit_file(path, edit_peer_add, p);
}

const struct ns_error *
config_file_remove_peer(const char *path, const char *id)
{
	return edit_file(path, edit_peer_remove, id);
}
