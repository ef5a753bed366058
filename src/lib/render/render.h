/*
 * render.h: the overview's renderers and what they share.
 *
 * A renderer turns the combined model (overview.h) into one or more files
 * (struct render_output), held in memory or, once render_output_stream()
 * named a directory, written there one by one as they are finished, so
 * memory holds one page, not the site; render_write() writes the rest.
 * While streaming, a file that grows past RENDER_SPILL_BYTES leaves memory
 * as it is made (the rw_* writers see to it: render_output_spill()), so
 * memory holds at most about that much of any file, however large the
 * network.  Each file is written atomically, and only if it changed.
 * Renderers depend on the model only, never on ytree or libgit2, and are
 * deterministic: the same model and options give the same bytes (no
 * clock, no locale, explicit sort keys).
 */
#ifndef NS_RENDER_H
#define NS_RENDER_H

#include <sys/types.h>

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"
#include "base/i18n.h"
#include "overview/overview.h"

struct render_opts {
	enum i18n_lang	 lang;
	char		 today[11];	/* YYYY-MM-DD: when "upcoming" starts */
};

struct render_file {
	char		*path;	/* relative, '/'-separated */
	struct buf	 data;	/* the bytes not yet spilled */
	off_t		 nspilled;	/* bytes spilled so far */
	int		 old;	/* the file in place, while it matches them */
	char		*tmp;	/* else the temporary file they went to */
	int		 fd;	/* tmp, open for writing */
};

/* How much of a streamed file is held in memory before it spills. */
#define RENDER_SPILL_BYTES	(256 * 1024)

struct render_output {
	struct render_file	*files;
	size_t			 n;
	size_t			 cap;
	const char		*dir;		/* streaming: see below */
	size_t			 written;	/* files[0, written) are out */
};

#define RENDER_OUTPUT_INIT { NULL, 0, 0, NULL, 0 }

struct renderer {
	const char	*format;	/* "html", "md", "json", "ics", "csv" */
	const struct ns_error *(*render)(struct render_output *,
	    const struct overview *, const struct render_opts *);
};

/* The renderer for 'format' (borrowed, static), or NULL. */
const struct renderer *render_find(const char *format);

/* The renderers' formats, comma-separated, for usage messages. */
const char *render_formats(void);

const struct ns_error *render_html(struct render_output *,
    const struct overview *, const struct render_opts *);
const struct ns_error *render_md(struct render_output *,
    const struct overview *, const struct render_opts *);
const struct ns_error *render_json(struct render_output *,
    const struct overview *, const struct render_opts *);
const struct ns_error *render_ics(struct render_output *,
    const struct overview *, const struct render_opts *);
const struct ns_error *render_csv(struct render_output *,
    const struct overview *, const struct render_opts *);

/*
 * Add an empty file 'path' to 'out' and return its buffer in *buf_out
 * (borrowed: valid until the next render_output_add()).  NS_ERR_NOMEM.
 */
const struct ns_error *render_output_add(struct render_output *out,
    const char *path, struct buf **buf_out);

/*
 * From now on, write each file under 'dir' (borrowed) when the next one is
 * added, and free its bytes: render_output_add() may then fail as
 * render_write() does.
 */
void render_output_stream(struct render_output *out, const char *dir);

/*
 * While streaming: if the file being made (the last one added) holds
 * RENDER_SPILL_BYTES or more, move its bytes out of memory and empty its
 * buffer.  While the bytes so far are those of the file already at
 * "<dir>/<path>", they are only compared with it; from the first
 * difference on (or if there is no such file) they go to a temporary file
 * next to it, "<path>.tmp-XXXXXX", which starts with the bytes in common.
 * Else, or when not streaming, do nothing.  render_write() finishes the
 * file: left alone if it is the same to the end, else the temporary file
 * renamed into place.  Errors: NS_ERR_ERRNO with the path, NS_ERR_NOMEM.
 */
const struct ns_error *render_output_spill(struct render_output *out);

/* The file 'path' of 'out' (borrowed), or NULL; its data is empty once
 * streamed out, and only the part not yet spilled while it is made. */
const struct render_file *render_output_get(const struct render_output *out,
    const char *path);

/*
 * Write every file of 'out' not yet streamed under directory 'dir'
 * (created as needed, with parents; when streaming, the stream's
 * directory), each with buf_write_replace() and mode 0644 (atomic for
 * readers, not fsynced: the overview can always be made again); a file
 * that already holds the same bytes is not rewritten (a spilled file is
 * compared a chunk at a time as it is spilled).  Files of earlier runs
 * that are no longer produced are left in place.  Errors: NS_ERR_ERRNO
 * with the path.
 */
const struct ns_error *render_write(struct render_output *out,
    const char *dir);

/*
 * Release the files, and remove the temporary files of those not finished
 * (after an error).  Accepts NULL.  This function can't fail.
 */
void render_output_dispose(struct render_output *out);

/*
 * A writer with a sticky error, so renderers read as templates: after the
 * first failure every call does nothing, and the caller checks w->err
 * once at the end.  'esc' escapes text for the format.  rw_raw(),
 * rw_rawf() and rw_text() spill the file (render_output_spill()) once it
 * is large, so a renderer need not think of it; bytes added to w->b
 * directly are spilled by the next of those calls.
 */
struct rw {
	struct render_output	*out;
	struct buf		*b;	/* out's last file's data */
	const struct ns_error	*err;
	const struct ns_error	*(*esc)(struct buf *, const char *, size_t);
	const struct render_opts *opts;
	const struct overview	*ov;
};

/* Add the file 'path' to 'out' (render_output_add()) and start writing it. */
const struct ns_error *rw_open(struct rw *w, struct render_output *out,
    const char *path,
    const struct ns_error *(*esc)(struct buf *, const char *, size_t),
    const struct render_opts *opts, const struct overview *ov);
/* Raw bytes (markup). */
void rw_raw(struct rw *w, const char *s);
void rw_rawf(struct rw *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Escaped text; NULL writes nothing. */
void rw_text(struct rw *w, const char *s);
/* A translated message, escaped. */
void rw_msg(struct rw *w, enum i18n_msg msg);

/* The message 'msg' in the options' language. */
const char *render_msg(const struct render_opts *o, enum i18n_msg msg);

/*
 * Append a readable date: "6 november 2014" (sv) / "6 November 2014"
 * (en); a date-time adds " kl. 09:00" / " at 09:00"; anything that is not
 * a date is copied as it is.  With 'end' (may be NULL or equal to the
 * start) a range: "6–7 november 2014".  NS_ERR_NOMEM.
 */
const struct ns_error *render_date(struct buf *out,
    const struct render_opts *o, const char *start, const char *end);

/* "2015-11-05 09:30 UTC" for seconds since the epoch.  NS_ERR_NOMEM. */
const struct ns_error *render_time(struct buf *out, long long t);

/*
 * Append the network's display name, "Nätverket Norrland" / "Norrland
 * network" (the id with a capital), or "Nätverksöversikt" / "Network
 * overview" when the network has no id.  NS_ERR_NOMEM.
 */
const struct ns_error *render_network_name(struct buf *out,
    const struct render_opts *o, const struct overview *ov);

/* The display name of federation 'id': its name, else the id itself. */
const char *render_fed_name(const struct overview *ov, const char *id);

/* 1 if the meeting starts or ends on or after opts->today. */
int render_is_upcoming(const struct render_opts *o, const char *start,
    const char *end);

/*
 * Compare two strings for display order, Swedish style: case folded,
 * å ä ö after z (in that order), other bytes as they are.  NULL last.
 */
int render_collate(const char *a, const char *b);

/*
 * An upcoming event for the index and the calendar: a meeting record or
 * an announcement (next_meeting) that no record stands for yet.
 */
struct render_event {
	const struct ov_meeting		*meeting;	/* the record, or */
	const struct ov_meeting		*announced_by;	/* the announcer */
	const struct ov_next_meeting	*next;
	const char			*start;
	const char			*end;
};

/*
 * Every meeting and every unmatched announcement, by start date, then
 * federation, then id ('upcoming_only': only those not yet over).  The
 * caller frees *out with free().  NS_ERR_NOMEM.
 */
const struct ns_error *render_events(struct render_event **out, size_t *n,
    const struct overview *ov, const struct render_opts *o,
    int upcoming_only);

/*
 * The open questions (current status open or in-progress), ordered for
 * display: by owner name (render_collate; none last), then due date (none
 * last), then meeting order.  Free *out with free().  NS_ERR_NOMEM.
 */
const struct ns_error *render_open_questions(const struct ov_question ***out,
    size_t *n, const struct overview *ov);

/* A decision with the meeting it was taken at. */
struct render_decision {
	const struct ov_meeting		*meeting;
	const struct ov_decision	*decision;
};

/*
 * The latest decisions, at most 'max': those of the latest meetings
 * first, each meeting's in its own order.  Free *out with free().
 * NS_ERR_NOMEM.
 */
const struct ns_error *render_latest_decisions(struct render_decision **out,
    size_t *n, const struct overview *ov, size_t max);

#endif
