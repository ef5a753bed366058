/*
 * skeleton.h: the text of the files netsync writes for a user to edit:
 * netsync.yaml and the federation profile (`netsync init`), meeting and
 * follow-up record skeletons (`netsync new`), and the slugs their ids and
 * file names are made of.
 *
 * Every skeleton is valid as written (it passes `netsync validate` for the
 * federation it names), and so is every optional field it carries in
 * comments once the "# " in front of it is removed.  Hints are in Swedish,
 * the users' language; keys and enumerated values stay as the schema has
 * them.
 */
#ifndef NS_SKELETON_H
#define NS_SKELETON_H

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"

/* A slug (and so an id) is at most 63 bytes: [a-z0-9][a-z0-9-]{0,62}. */
#define SKELETON_SLUG_MAX	63

/*
 * Append to 'out' a slug made from the UTF-8 text 'in': letters are lower
 * cased and Latin letters with marks lose them (å, ä -> a, ö -> o, é -> e,
 * æ -> ae, ß -> ss), apostrophes vanish, every other run of characters
 * becomes one '-', and hyphens are trimmed from both ends.  A slug longer
 * than 'max' bytes (1..63) is cut at its last hyphen within 'max' when
 * there is one.  The result satisfies slug_valid().
 *
 * NS_ERR_INVALID when 'in' is not UTF-8 or holds no letter or digit that
 * can be kept ("cannot make an id from ..."), NS_ERR_NOMEM otherwise.
 * 'out' is unchanged on error.
 */
const struct ns_error *skeleton_slugify(struct buf *out, const char *in,
    size_t max);

/*
 * Append 's' as a YAML scalar that reads back as the string 's': plain
 * when that is safe (it starts with a letter, holds no YAML indicator
 * such as ": " or " #", and is not a word like null, true, no or yes),
 * double-quoted with escapes otherwise.  Fails only with NS_ERR_NOMEM.
 */
const struct ns_error *skeleton_put_scalar(struct buf *out, const char *s);

/*
 * The default id of a record: "<date>-<slug of words>", the slug cut so
 * the id fits 63 bytes.  'date' is YYYY-MM-DD.  Errors as
 * skeleton_slugify().
 */
const struct ns_error *skeleton_default_id(struct buf *out, const char *date,
    const char *words);

/*
 * The path of a record relative to the repository top:
 * records/<dir>/<year of date>/<id>.yaml, e.g. records/meetings/2014/....
 * Fails only with NS_ERR_NOMEM.
 */
const struct ns_error *skeleton_record_path(struct buf *out, const char *dir,
    const char *date, const char *id);

/* netsync.yaml of a new federation repository (no peers yet). */
const struct ns_error *skeleton_config(struct buf *out,
    const char *federation, const char *name);

/* records/<federation>.yaml: the federation's profile. */
const struct ns_error *skeleton_profile(struct buf *out,
    const char *federation, const char *name);

struct skeleton_meeting {
	const char	*federation;
	const char	*id;
	const char	*title;
	const char	*type;		/* one of the schema's meeting types */
	const char	*date;		/* YYYY-MM-DD */
	const char	*location;
};

/*
 * A meeting record, status planned, with the optional fields (purpose,
 * summary, participants, program, questions with one example question,
 * decisions, next_meeting) commented out, each with a one-line hint.
 * Every field must be set; the caller has checked id, type and date.
 * Fails only with NS_ERR_NOMEM.
 */
const struct ns_error *skeleton_meeting(struct buf *out,
    const struct skeleton_meeting *);

struct skeleton_followup {
	const char	*federation;
	const char	*id;
	const char	*refers_to;	/* <federation>/<record id>#<item id> */
	const char	*date;		/* YYYY-MM-DD */
	const char	*status;	/* open, in-progress, done, dropped */
	const char	*by;		/* NULL: the field is left commented */
};

/*
 * A follow-up record: refers_to, date, status, by and note (note and, when
 * 'by' is NULL, by commented out, with hints).  Fails only with
 * NS_ERR_NOMEM.
 */
const struct ns_error *skeleton_followup(struct buf *out,
    const struct skeleton_followup *);

/*
 * 1 if 's' is a one-line text the schemas accept as a title, a name or a
 * place: UTF-8, 1 to 300 characters, no line break.  Accepts NULL (0).
 */
int skeleton_line_valid(const char *s);

/* 1 if 's' is one of the schema's meeting types, else 0. */
int skeleton_meeting_type_valid(const char *s);

/* 1 if 's' is a question status (open, in-progress, done, dropped). */
int skeleton_question_status_valid(const char *s);

/* 1 if 's' is <federation>/<record id>#<item id>, each part a slug. */
int skeleton_item_ref_valid(const char *s);

#endif
