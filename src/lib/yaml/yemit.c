/*
 * yemit.c: a ytree written back as block-style YAML.
 *
 * The emitter exists so that a merged record can be written out again: it
 * favours the form a person would type (plain scalars, literal blocks for
 * text) and quotes only where reading the plain form back would give a
 * different value.  The scalar style is decided from the bytes alone, so
 * the output is a pure function of the tree.  Every rule below is checked
 * by the round-trip tests in tests/unit/test_yemit.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/error.h"
#include "yaml/yemit.h"
#include "yaml/ytree.h"

/* libyaml drops a simple key longer than 1024 characters */
#define SIMPLE_KEY_MAX	1000

enum style { STYLE_PLAIN, STYLE_SINGLE, STYLE_DOUBLE, STYLE_LITERAL };

static const struct ns_error *emit_map(struct buf *, unsigned, int,
    const struct ytree_node *);
static const struct ns_error *emit_seq(struct buf *, unsigned, int,
    const struct ytree_node *);

/*
 * Decode one UTF-8 code point at s[0..len); store its length in *n.
 * Returns -1 (and *n = 1) for a malformed sequence.
 */
static long
utf8_next(const unsigned char *s, size_t len, size_t *n)
{
	long c;
	size_t need, i;

	*n = 1;
	if (s[0] < 0x80)
		return s[0];
	if ((s[0] & 0xe0) == 0xc0) {
		need = 2;
		c = s[0] & 0x1f;
	} else if ((s[0] & 0xf0) == 0xe0) {
		need = 3;
		c = s[0] & 0x0f;
	} else if ((s[0] & 0xf8) == 0xf0) {
		need = 4;
		c = s[0] & 0x07;
	} else
		return -1;
	if (need > len)
		return -1;
	for (i = 1; i < need; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return -1;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((need == 2 && c < 0x80) || (need == 3 && c < 0x800) ||
	    (need == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return -1;
	*n = need;
	return c;
}

/*
 * A code point that may appear literally in a plain, single-quoted or
 * block scalar: printable per YAML 1.2 5.1, minus the characters libyaml
 * treats as line breaks (NEL, LS, PS) and the byte order mark.
 */
static int
char_safe(long c)
{
	if (c >= 0x20 && c <= 0x7e)
		return 1;
	if (c >= 0xa0 && c <= 0xd7ff)
		return c != 0x2028 && c != 0x2029;
	if (c >= 0xe000 && c <= 0xfffd)
		return c != 0xfeff;
	return c >= 0x10000 && c <= 0x10ffff;
}

static int
text_eq(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

static int
all_in(const char *s, size_t len, const char *set)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '\0' || strchr(set, s[i]) == NULL)
			return 0;
	return 1;
}

/* [-+]? then digits with at most one '.', then an optional exponent */
static int
looks_decimal(const char *s, size_t len)
{
	size_t i = 0, digits = 0, dots = 0;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < len && (s[i] == '.' || (s[i] >= '0' && s[i] <= '9')); i++) {
		if (s[i] == '.')
			dots++;
		else
			digits++;
	}
	if (digits == 0 || dots > 1)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		if (i == len)
			return 0;
		return all_in(s + i, len - i, "0123456789");
	}
	return i == len;
}

/*
 * 1 when the plain scalar 's' would not read back as a string: the YAML
 * 1.2 core schema's null, bool, int and float forms, plus (for other
 * tools reading the same files) YAML 1.1's yes/no/on/off booleans and
 * anything strtod() reads completely (nan, infinity, hex floats).
 */
static int
resolves_non_string(const char *s, size_t len)
{
	static const char *const words[] = {
		"~", "null", "Null", "NULL", "true", "True", "TRUE", "false",
		"False", "FALSE", ".inf", ".Inf", ".INF", "+.inf", "+.Inf",
		"+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN",
		"yes", "Yes", "YES", "no", "No", "NO",
		"on", "On", "ON", "off", "Off", "OFF", "<<",
	};
	char tmp[64], *end;
	size_t i;

	if (len == 0)
		return 1;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (text_eq(s, len, words[i]))
			return 1;
	if (looks_decimal(s, len))
		return 1;
	if (len > 2 && s[0] == '0' && s[1] == 'o' &&
	    all_in(s + 2, len - 2, "01234567"))
		return 1;
	if (len > 2 && s[0] == '0' && s[1] == 'x' &&
	    all_in(s + 2, len - 2, "0123456789abcdefABCDEF"))
		return 1;
	if (len < sizeof(tmp) && memchr(s, '\0', len) == NULL) {
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		(void)strtod(tmp, &end);
		if (end == tmp + len)
			return 1;
	}
	return 0;
}

/* 1 when every code point of s is char_safe(), 'extra' bytes aside */
static int
chars_safe(const char *s, size_t len, const char *extra)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, n;
	long c;

	for (i = 0; i < len; i += n) {
		c = utf8_next(u + i, len - i, &n);
		if (c < 0x80 && c >= 0 && c != 0 && strchr(extra, (int)c))
			continue;
		if (c < 0 || !char_safe(c))
			return 0;
	}
	return 1;
}

static int
plain_ok(const char *s, size_t len)
{
	size_t i;

	if (resolves_non_string(s, len))
		return 0;
	if (strchr("-?:,[]{}#&*!|>'\"%@` ", s[0]) || s[len - 1] == ' ' ||
	    s[0] == '\0')
		return 0;
	if (len >= 3 && (memcmp(s, "...", 3) == 0))
		return 0;
	/* a line starting like a conflict marker would confuse git */
	if (len >= 7 && (memcmp(s, "<<<<<<<", 7) == 0 ||
	    memcmp(s, "=======", 7) == 0))
		return 0;
	if (!chars_safe(s, len, ""))
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == ':' && (i + 1 == len || s[i + 1] == ' '))
			return 0;
		if (s[i] == '#' && i > 0 && s[i - 1] == ' ')
			return 0;
	}
	return 1;
}

/*
 * A literal block scalar can hold s when s spans lines, every character
 * is printable (tabs allowed), and the first line starts with a visible
 * character so that the indentation is detected from it.
 */
static int
literal_ok(const char *s, size_t len)
{
	if (len == 0 || memchr(s, '\n', len) == NULL)
		return 0;
	if (s[0] == ' ' || s[0] == '\t' || s[0] == '\n')
		return 0;
	return chars_safe(s, len, "\n\t");
}

static enum style
choose_style(const char *s, size_t len, int allow_literal)
{
	if (plain_ok(s, len))
		return STYLE_PLAIN;
	if (allow_literal && literal_ok(s, len))
		return STYLE_LITERAL;
	if (chars_safe(s, len, "") && memchr(s, '\'', len) == NULL &&
	    (memchr(s, '"', len) || memchr(s, '\\', len)))
		return STYLE_SINGLE;
	return STYLE_DOUBLE;
}

static const struct ns_error *
emit_escape(struct buf *out, long c)
{
	static const struct { long c; const char *esc; } named[] = {
		{ 0x00, "\\0" }, { 0x07, "\\a" }, { 0x08, "\\b" },
		{ 0x09, "\\t" }, { 0x0a, "\\n" }, { 0x0b, "\\v" },
		{ 0x0c, "\\f" }, { 0x0d, "\\r" }, { 0x1b, "\\e" },
		{ 0x22, "\\\"" }, { 0x5c, "\\\\" }, { 0x85, "\\N" },
		{ 0x2028, "\\L" }, { 0x2029, "\\P" },
	};
	size_t i;

	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++)
		if (named[i].c == c)
			return buf_puts(out, named[i].esc);
	if (c <= 0xff)
		return buf_printf(out, "\\x%02x", (unsigned)c);
	if (c <= 0xffff)
		return buf_printf(out, "\\u%04x", (unsigned)c);
	return buf_printf(out, "\\U%08lx", (unsigned long)c);
}

static const struct ns_error *
emit_double(struct buf *out, const char *s, size_t len)
{
	const struct ns_error *err;
	const unsigned char *u = (const unsigned char *)s;
	size_t i, n;
	long c;

	err = buf_putc(out, '"');
	for (i = 0; err == NULL && i < len; i += n) {
		c = utf8_next(u + i, len - i, &n);
		if (c < 0)	/* not UTF-8 (ytree never gives this) */
			err = emit_escape(out, u[i]);
		else if (char_safe(c) && c != '"' && c != '\\')
			err = buf_add(out, s + i, n);
		else
			err = emit_escape(out, c);
	}
	if (err == NULL)
		err = buf_putc(out, '"');
	return err;
}

static const struct ns_error *
emit_single(struct buf *out, const char *s, size_t len)
{
	const struct ns_error *err;

	err = buf_putc(out, '\'');
	if (err == NULL)
		err = buf_add(out, s, len);
	if (err == NULL)
		err = buf_putc(out, '\'');
	return err;
}

/*
 * "|" with the chomping indicator that keeps the trailing line breaks,
 * then each line indented by 'indent'; empty lines carry no spaces.
 */
static const struct ns_error *
emit_literal(struct buf *out, unsigned indent, const char *s, size_t len)
{
	const struct ns_error *err;
	size_t trail = 0, i, start;

	while (trail < len && s[len - 1 - trail] == '\n')
		trail++;
	err = buf_puts(out, trail == 0 ? "|-\n" : trail == 1 ? "|\n" : "|+\n");
	for (start = 0; err == NULL && start < len; start = i + 1) {
		for (i = start; i < len && s[i] != '\n'; i++)
			;
		if (i > start) {
			err = yemit_indent(out, indent);
			if (err == NULL)
				err = buf_add(out, s + start, i - start);
		}
		if (err == NULL)
			err = buf_putc(out, '\n');
	}
	return err;
}

const struct ns_error *
yemit_indent(struct buf *out, unsigned indent)
{
	static const char spaces[] = "                                ";
	const struct ns_error *err = NULL;
	unsigned n;

	while (err == NULL && indent > 0) {
		n = indent < sizeof(spaces) - 1 ? indent : sizeof(spaces) - 1;
		err = buf_add(out, spaces, n);
		indent -= n;
	}
	return err;
}

const struct ns_error *
yemit_flow_string(struct buf *out, const char *s, size_t len)
{
	switch (choose_style(s, len, 0)) {
	case STYLE_PLAIN:
		return buf_add(out, s, len);
	case STYLE_SINGLE:
		return emit_single(out, s, len);
	default:
		return emit_double(out, s, len);
	}
}

/* The source text of a null, boolean or number ("" for an empty null). */
static const struct ns_error *
emit_resolved(struct buf *out, const struct ytree_node *n)
{
	if (n->str)
		return buf_add(out, n->str, n->len);
	switch (n->type) {
	case YTREE_BOOL:
		return buf_puts(out, n->boolean ? "true" : "false");
	case YTREE_INT:
	case YTREE_FLOAT:
		return buf_printf(out, "%.17g", n->number);
	default:
		return buf_puts(out, "null");
	}
}

static int
is_empty_null(const struct ytree_node *n)
{
	return n->type == YTREE_NULL && n->str && n->len == 0;
}

/*
 * The rest of the line after "key:" or "-": " scalar\n", " {}\n", " []\n",
 * or for a block scalar its header and its lines at indent + 2.
 */
static const struct ns_error *
emit_scalar_tail(struct buf *out, unsigned indent, const struct ytree_node *n)
{
	const struct ns_error *err;

	if (is_empty_null(n))
		return buf_putc(out, '\n');
	err = buf_putc(out, ' ');
	if (err)
		return err;
	if (n->type == YTREE_MAP)
		return buf_puts(out, "{}\n");
	if (n->type == YTREE_SEQ)
		return buf_puts(out, "[]\n");
	if (n->type != YTREE_STR)
		err = emit_resolved(out, n);
	else if (choose_style(n->str, n->len, 1) == STYLE_LITERAL)
		return emit_literal(out, indent + 2, n->str, n->len);
	else
		err = yemit_flow_string(out, n->str, n->len);
	if (err == NULL)
		err = buf_putc(out, '\n');
	return err;
}

static int
is_collection(const struct ytree_node *n)
{
	return (n->type == YTREE_MAP || n->type == YTREE_SEQ) && n->n > 0;
}

const struct ns_error *
yemit_key(struct buf *out, unsigned indent, int inline_first,
    const char *key, size_t keylen)
{
	const struct ns_error *err = NULL;
	size_t start;

	if (!inline_first)
		err = yemit_indent(out, indent);
	start = out->len;
	if (err == NULL)
		err = yemit_flow_string(out, key, keylen);
	if (err == NULL && out->len - start > SIMPLE_KEY_MAX) {
		/* too long for a simple key: "? key" NL ":" */
		out->len = start;
		err = buf_puts(out, "? ");
		if (err == NULL)
			err = yemit_flow_string(out, key, keylen);
		if (err == NULL)
			err = buf_putc(out, '\n');
		if (err == NULL)
			err = yemit_indent(out, indent);
	}
	if (err == NULL)
		err = buf_putc(out, ':');
	return err;
}

const struct ns_error *
yemit_pair(struct buf *out, unsigned indent, int inline_first,
    const char *key, size_t keylen, const struct ytree_node *value)
{
	const struct ns_error *err;

	err = yemit_key(out, indent, inline_first, key, keylen);
	if (err)
		return err;
	if (!is_collection(value))
		return emit_scalar_tail(out, indent, value);
	err = buf_putc(out, '\n');
	if (err)
		return err;
	if (value->type == YTREE_MAP)
		return emit_map(out, indent + 2, 0, value);
	return emit_seq(out, indent + 2, 0, value);
}

const struct ns_error *
yemit_item(struct buf *out, unsigned indent, int inline_first,
    const struct ytree_node *value)
{
	const struct ns_error *err = NULL;

	if (!inline_first)
		err = yemit_indent(out, indent);
	if (err == NULL)
		err = buf_putc(out, '-');
	if (err)
		return err;
	if (!is_collection(value))
		return emit_scalar_tail(out, indent, value);
	err = buf_putc(out, ' ');
	if (err)
		return err;
	if (value->type == YTREE_MAP)
		return emit_map(out, indent + 2, 1, value);
	return emit_seq(out, indent + 2, 1, value);
}

static const struct ns_error *
emit_map(struct buf *out, unsigned indent, int inline_first,
    const struct ytree_node *map)
{
	const struct ns_error *err = NULL;
	const struct ytree_node *key;
	size_t i;

	for (i = 0; err == NULL && i < map->n; i++) {
		key = map->pairs[i].key;
		err = yemit_pair(out, indent, inline_first && i == 0,
		    key->str, key->len, map->pairs[i].value);
	}
	return err;
}

static const struct ns_error *
emit_seq(struct buf *out, unsigned indent, int inline_first,
    const struct ytree_node *seq)
{
	const struct ns_error *err = NULL;
	size_t i;

	for (i = 0; err == NULL && i < seq->n; i++)
		err = yemit_item(out, indent, inline_first && i == 0,
		    seq->items[i]);
	return err;
}

const struct ns_error *
yemit_document(struct buf *out, const struct ytree_node *root)
{
	const struct ns_error *err;
	size_t start = out->len;

	if (root->type == YTREE_MAP && root->n > 0)
		return emit_map(out, 0, 0, root);
	if (root->type == YTREE_SEQ && root->n > 0)
		return emit_seq(out, 0, 0, root);
	if (is_empty_null(root))
		return buf_puts(out, "null\n");
	/* a scalar or empty collection: as after "-", without the "-" */
	err = emit_scalar_tail(out, 0, root);
	if (err == NULL) {
		memmove(out->ptr + start, out->ptr + start + 1,
		    out->len - start - 1);
		out->len--;
		out->ptr[out->len] = '\0';
	}
	return err;
}
