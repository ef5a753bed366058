/*
 * escape.c: the five escapers of the overview's output formats (in the
 * spirit of cmark's houdini): each walks the input once, copies runs of
 * safe bytes in one buf_add() and writes a replacement for the rest.
 * UTF-8 continuation bytes are never special in any of the formats, so
 * they are copied as they are.
 */
#include <stdio.h>
#include <string.h>

#include "base/escape.h"

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

static int
is_control(unsigned char c)
{
	return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
}

/* Copy the run s[from..to) when it is not empty. */
static const struct ns_error *
flush(struct buf *out, const char *s, size_t from, size_t to)
{
	return to > from ? buf_add(out, s + from, to - from) : NULL;
}

const struct ns_error *
escape_html(struct buf *out, const char *s, size_t len)
{
	const struct ns_error *err = NULL;
	const char *rep;
	size_t i, start = 0;

	for (i = 0; i < len && err == NULL; i++) {
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default:
			rep = is_control((unsigned char)s[i]) ? REPLACEMENT :
			    NULL;
			break;
		}
		if (rep == NULL)
			continue;
		err = flush(out, s, start, i);
		if (err == NULL)
			err = buf_puts(out, rep);
		start = i + 1;
	}
	if (err == NULL)
		err = flush(out, s, start, len);
	return err;
}

/* The JSON replacement for byte s[i], or NULL; may look ahead. */
static const char *
json_rep(const char *s, size_t len, size_t i, char tmp[8], size_t *skip)
{
	unsigned char c = (unsigned char)s[i];

	*skip = 0;
	switch (c) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	case '\b': return "\\b";
	case '\f': return "\\f";
	case '/': return i > 0 && s[i - 1] == '<' ? "\\/" : NULL;
	case 0xe2:	/* U+2028 and U+2029: E2 80 A8 / E2 80 A9 */
		if (i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0xa8 ||
		    (unsigned char)s[i + 2] == 0xa9)) {
			*skip = 2;
			return (unsigned char)s[i + 2] == 0xa8 ? "\\u2028" :
			    "\\u2029";
		}
		return NULL;
	default:
		break;
	}
	if (c < 0x20 || c == 0x7f) {
		snprintf(tmp, 8, "\\u%04x", c);
		return tmp;
	}
	return NULL;
}

const struct ns_error *
escape_json(struct buf *out, const char *s, size_t len)
{
	const struct ns_error *err;
	const char *rep;
	char tmp[8];
	size_t i, skip, start = 0;

	err = buf_putc(out, '"');
	for (i = 0; i < len && err == NULL; i++) {
		rep = json_rep(s, len, i, tmp, &skip);
		if (rep == NULL)
			continue;
		err = flush(out, s, start, i);
		if (err == NULL)
			err = buf_puts(out, rep);
		i += skip;
		start = i + 1;
	}
	if (err == NULL)
		err = flush(out, s, start, len);
	if (err == NULL)
		err = buf_putc(out, '"');
	return err;
}

static int
csv_needs_quotes(const char *s, size_t len)
{
	size_t i;

	if (len > 0 && (s[0] == ' ' || s[len - 1] == ' '))
		return 1;
	for (i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' ||
		    s[i] == '\r')
			return 1;
	return 0;
}

const struct ns_error *
escape_csv(struct buf *out, const char *s, size_t len)
{
	const struct ns_error *err = NULL;
	int quote = csv_needs_quotes(s, len);
	size_t i;

	if (quote)
		err = buf_putc(out, '"');
	/* OWASP "CSV injection": = + - @ TAB or CR first start a formula */
	if (err == NULL && len > 0 && s[0] != '\0' &&
	    strchr("=+-@\t\r", s[0]) != NULL)
		err = buf_putc(out, '\'');
	for (i = 0; i < len && err == NULL; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '"')
			err = buf_puts(out, "\"\"");
		else if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
			continue;	/* the LF writes the CRLF */
		else if (c == '\n' || c == '\r')
			err = buf_puts(out, "\r\n");
		else if (!is_control(c))
			err = buf_putc(out, (char)c);
	}
	if (err == NULL && quote)
		err = buf_putc(out, '"');
	return err;
}

const struct ns_error *
escape_ics(struct buf *out, const char *s, size_t len)
{
	const struct ns_error *err = NULL;
	size_t i;

	for (i = 0; i < len && err == NULL; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\' || c == ';' || c == ',') {
			err = buf_putc(out, '\\');
			if (err == NULL)
				err = buf_putc(out, (char)c);
		} else if (c == '\r' && i + 1 < len && s[i + 1] == '\n')
			continue;
		else if (c == '\n' || c == '\r')
			err = buf_puts(out, "\\n");
		else if (c == '\t' || !is_control(c))
			err = buf_putc(out, (char)c);
	}
	return err;
}

/* Length of the prefix of s[0..len) of at most 'max' octets that ends on
 * a UTF-8 character boundary (never 0 when len > 0). */
static size_t
utf8_cut(const char *s, size_t len, size_t max)
{
	size_t n;

	if (len <= max)
		return len;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n > 0 ? n : max;
}

const struct ns_error *
escape_ics_fold(struct buf *out, const char *line, size_t len)
{
	const struct ns_error *err = NULL;
	size_t n, max = 75;

	/* RFC 5545 3.1: lines SHOULD NOT be longer than 75 octets */
	while (err == NULL) {
		n = utf8_cut(line, len, max);
		err = buf_add(out, line, n);
		if (err == NULL)
			err = buf_puts(out, "\r\n");
		line += n;
		len -= n;
		if (len == 0 || err)
			break;
		err = buf_putc(out, ' ');
		max = 74;	/* the leading space counts */
	}
	return err;
}

/* The index of the . or ) ending leading digits at s[i..], else 0. */
static size_t
md_list_marker(const char *s, size_t len, size_t i)
{
	size_t j = i;

	while (j < len && j - i < 9 && s[j] >= '0' && s[j] <= '9')
		j++;
	if (j > i && j < len && (s[j] == '.' || s[j] == ')'))
		return j;
	return 0;
}

/* Escape what is special at the start of a line: s[i] starts the line. */
static const struct ns_error *
md_line_start(struct buf *out, const char *s, size_t len, size_t i,
    size_t *marker)
{
	*marker = md_list_marker(s, len, i);
	if (i < len && strchr("#+-=", s[i]) != NULL && s[i] != '\0')
		return buf_putc(out, '\\');
	return NULL;
}

/* One line end at s[i] (LF or CR); returns how many bytes it spans. */
static size_t
md_newline(const char *s, size_t len, size_t i, int block, const char **rep)
{
	size_t j = i;
	int lines = 0;

	while (j < len && (s[j] == '\n' || s[j] == '\r')) {
		if (s[j] == '\n' || j + 1 >= len || s[j + 1] != '\n')
			lines++;
		j++;
	}
	if (j == len)		/* trailing line ends: nothing */
		*rep = "";
	else if (!block)
		*rep = " ";
	else
		*rep = lines > 1 ? "\n\n" : "\\\n";
	return j - i;
}

const struct ns_error *
escape_md(struct buf *out, const char *s, size_t len, int block)
{
	const struct ns_error *err;
	const char *rep;
	size_t i, n, marker;

	err = md_line_start(out, s, len, 0, &marker);
	for (i = 0; i < len && err == NULL; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n' || c == '\r') {
			n = md_newline(s, len, i, block, &rep);
			err = buf_puts(out, rep);
			i += n - 1;
			if (err == NULL && block)
				err = md_line_start(out, s, len, i + 1,
				    &marker);
			continue;
		}
		if ((c != 0 && strchr("\\`*_[]<>|~&", c) != NULL) ||
		    (marker && i == marker))
			err = buf_putc(out, '\\');
		if (err == NULL && (c == '\t' || !is_control(c)))
			err = buf_putc(out, (char)c);
	}
	return err;
}
