/*
 * diag.h: diagnostics, the findings about data (not failures to work).
 *
 * A diag_list collects findings such as schema violations, broken
 * references or rejected peers; printing is the CLI's job but the two
 * printers live here so every command prints them the same way:
 *
 *   file:line:col: error: path: message
 *
 * and, with --format json, one JSON array of
 * {file, line, column, severity, path, message}.
 */
#ifndef NS_DIAG_H
#define NS_DIAG_H

#include <stddef.h>
#include <stdio.h>

#include "base/error.h"

enum diag_severity {
	DIAG_ERROR,
	DIAG_WARNING,
	DIAG_NOTE,
};

struct diag {
	enum diag_severity	 severity;
	char			*file;	/* owned; NULL when not about a file */
	unsigned		 line;	/* 1-based; 0 unknown */
	unsigned		 col;
	char			*path;	/* owned; data path like questions[0].owner, or NULL */
	char			*message;	/* owned */
};

struct diag_list {
	struct diag	*items;
	size_t		 n;
	size_t		 cap;
	size_t		 max;	/* 0: unlimited; else further findings are counted, not kept */
	size_t		 dropped;
};

#define DIAG_LIST_INIT { NULL, 0, 0, 0, 0 }

/* Append a finding; strings are copied.  Fails only with NS_ERR_NOMEM. */
const struct ns_error *diag_add(struct diag_list *, enum diag_severity,
    const char *file, unsigned line, unsigned col, const char *path,
    const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* Turn an error with a position into a finding (e.g. a YAML syntax error). */
const struct ns_error *diag_add_error(struct diag_list *,
    const struct ns_error *err, const char *file_if_none);

/* Move every finding of 'from' to the end of 'to'; 'from' ends empty. */
const struct ns_error *diag_append(struct diag_list *to,
    struct diag_list *from);

/* Number of findings of severity DIAG_ERROR. */
size_t diag_count_errors(const struct diag_list *);

/* Sort by file, line, column, then insertion order (stable). */
void diag_sort(struct diag_list *);

/* "file:line:col: error: path: message", one a line. */
void diag_print_text(FILE *, const struct diag_list *);

/* One JSON array, newline-terminated. */
void diag_print_json(FILE *, const struct diag_list *);

/* Release everything; the list is DIAG_LIST_INIT again.  Accepts NULL. */
void diag_list_dispose(struct diag_list *);

/* Append s as a JSON string literal (with quotes) to f. */
void diag_json_string(FILE *, const char *s);

#endif
