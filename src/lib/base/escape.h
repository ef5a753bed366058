/*
 * escape.h: text escaping for every output format of the overview.
 *
 * Each function appends the escaped form of 's' (of 'len' bytes; it need
 * not be NUL-terminated and may hold NUL bytes) to 'out'.  Input is UTF-8;
 * multi-byte sequences pass through unchanged.  Control characters, which
 * none of the formats can carry safely, are dropped or replaced as each
 * function says.  Errors are those of buf_add(): NS_ERR_NOMEM or
 * NS_ERR_LIMIT.  's' may be NULL when 'len' is 0.
 */
#ifndef NS_ESCAPE_H
#define NS_ESCAPE_H

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"

/*
 * HTML text and attribute values: & < > " ' become entities; NUL and
 * other C0 controls except TAB, LF and CR, and DEL, become U+FFFD.
 */
const struct ns_error *escape_html(struct buf *out, const char *s,
    size_t len);

/*
 * A JSON string literal, with its quotes (RFC 8259): " and \ escaped,
 * controls as \n \r \t \b \f or \u00XX, and "</" as "<\/" so the text is
 * also safe inside an HTML script element.  U+2028 and U+2029 are written
 * as \u2028 and \u2029.
 */
const struct ns_error *escape_json(struct buf *out, const char *s,
    size_t len);

/*
 * One CSV field (RFC 4180).  A field that begins with = + - @ TAB or CR
 * is neutralised against spreadsheet formula injection by a leading
 * apostrophe ('=cmd becomes '=cmd).  The field is quoted when it holds a
 * comma, a quote, CR or LF, or begins or ends with a space; quotes are
 * doubled.  Line ends inside the field become CRLF.  Other controls are
 * dropped.
 */
const struct ns_error *escape_csv(struct buf *out, const char *s,
    size_t len);

/*
 * An iCalendar TEXT value (RFC 5545 3.3.11): \ ; , become \\ \; \, and a
 * line end (LF, CR or CRLF) becomes \n.  Other controls are dropped.
 * Folding is a separate step (escape_ics_fold).
 */
const struct ns_error *escape_ics(struct buf *out, const char *s,
    size_t len);

/*
 * Append one content line 'line' (no line end) folded per RFC 5545 3.1:
 * at most 75 octets a physical line, continuation lines start with a
 * space, each line ends with CRLF, and a UTF-8 sequence is never split.
 */
const struct ns_error *escape_ics_fold(struct buf *out, const char *line,
    size_t len);

/*
 * Markdown (CommonMark) text that renders as itself: \ ` * _ [ ] < > | ~
 * and & are backslash-escaped everywhere; # + - and = at the start of a
 * line, and the . or ) after leading digits, likewise.  With 'block' 0
 * the text is inline (a table cell, a heading): line ends become spaces.
 * With 'block' 1 line ends are kept as hard breaks ("\\\n").  Other
 * controls are dropped.
 */
const struct ns_error *escape_md(struct buf *out, const char *s,
    size_t len, int block);

#endif
