/*
 * overview.h: the combined model of the network, built from this
 * repository's committed records and every accepted peer tip.
 *
 * The model is pure data: plain structs with strings (UTF-8, NUL-free
 * copies owned by the overview), arrays sorted by explicit keys, and
 * cross-references resolved into pointers.  Renderers read it and nothing
 * else.  A missing optional field is NULL (strings), 0 (counts) or -1
 * (attendance).
 *
 * Building happens in two layers:
 *   - overview_new / overview_add_source / overview_add_record /
 *     overview_finish: bytes in, model out; no I/O (unit tests and
 *     benchmarks use this directly);
 *   - overview_load: reads HEAD's tree and refs/netsync/peers/<id> trees
 *     from a git repository with libgit2 and feeds the layer above.
 * Never refs/netsync/rejected/<id>.
 */
#ifndef NS_OVERVIEW_H
#define NS_OVERVIEW_H

#include <stddef.h>

#include "base/diag.h"
#include "base/error.h"

struct ov_person {
	char	*name;
	char	*role;
	char	*organization;
	char	*federation;
	char	*email;
};

struct ov_program_item {
	char	*title;
	char	*speaker;
	char	*notes;
};

struct ov_decision {
	char	*id;
	char	*text;
};

struct ov_contribution {
	char	*text;
	char	*by;
};

struct ov_meeting;
struct ov_question;

struct ov_followup {
	char			*federation;
	char			*id;
	char			*refers_to;	/* fed/record#question */
	char			*date;
	char			*status;
	char			*by;
	char			*note;
	char			*file;	/* where it was read, for warnings */
	unsigned		 line;	/* of the refers_to value */
	unsigned		 col;
	struct ov_question	*question;	/* NULL: broken reference */
};

struct ov_question {
	struct ov_meeting	*meeting;	/* the record it belongs to */
	size_t			 seq;		/* its place in overview.questions */
	unsigned		 number;	/* as given, else its place */
	char			*id;
	char			*title;
	char			*description;
	char			*owner_name;
	char			*owner_federation;
	struct ov_person	*co_owners;
	size_t			 nco_owners;
	int			 focus;
	char			*due;
	char			*status;	/* its own; may be NULL */
	/* follow-ups in contract order: date, federation id, record id */
	struct ov_followup	**followups;
	size_t			 nfollowups;
	/*
	 * The status of the latest follow-up that states one, else its own,
	 * else "open" (borrowed).
	 */
	const char		*current_status;
	const struct ov_followup *latest;	/* NULL without follow-ups */
};

struct ov_next_meeting {
	char			*host;
	char			*location;
	char			*start;
	char			*end;
	char			*note;
	/* the meeting record it announces, when one exists */
	const struct ov_meeting	*record;
};

struct ov_meeting {
	char			*federation;
	char			*id;
	char			*file;
	char			*title;
	char			*type;
	char			*start;
	char			*end;
	char			*location;
	char			*host;
	char			*status;
	char			*purpose;
	char			*summary;
	char			*compiled_by;
	long			 attendance;	/* -1 when absent */
	struct ov_person	*organizers;
	size_t			 norganizers;
	struct ov_person	*participants;
	size_t			 nparticipants;
	struct ov_program_item	*program;
	size_t			 nprogram;
	struct ov_question	*questions;
	size_t			 nquestions;
	struct ov_decision	*decisions;
	size_t			 ndecisions;
	struct ov_contribution	*contributions;
	size_t			 ncontributions;
	char			**tags;
	size_t			 ntags;
	struct ov_next_meeting	*next_meeting;	/* NULL when absent */
};

struct ov_federation {
	char			*id;
	char			*name;	/* profile, netsync.yaml or NULL */
	char			*short_name;
	char			*description;
	char			*region;
	char			*chair;	/* "Name (role, organization)" */
	char			*website;
	struct ov_person	*contacts;
	size_t			 ncontacts;
	char			**members;
	size_t			 nmembers;
	int			 is_self;	/* this repository */
	int			 has_data;	/* a tree was read */
	char			*source;	/* "HEAD" or the ref name */
	long long		 updated;	/* seconds since the epoch; */
	int			 updated_known;	/* pulled or committed */
	size_t			 nrecords;
	size_t			 nmeetings;
	size_t			 nfollowups;
	size_t			 nquestions;
};

struct overview {
	char			*self;		/* this federation's id */
	char			*network;	/* may be NULL */
	/* this federation first, then peers by id */
	struct ov_federation	**federations;
	size_t			 nfederations;
	/* by start date, federation id, record id */
	struct ov_meeting	**meetings;
	size_t			 nmeetings;
	/* by date, federation id, record id */
	struct ov_followup	**followups;
	size_t			 nfollowups;
	/* every question, in meeting order then place in the meeting */
	struct ov_question	**questions;
	size_t			 nquestions;
	/* the questions with a due date, by its day (its first 10 characters,
	 * as a meeting's dates are compared), then in 'questions' order */
	struct ov_question	**by_due;
	size_t			 nby_due;
	/* unparseable records, skipped records, broken references */
	struct diag_list	 warnings;
	struct ov_arena		*arena;
};

/*
 * An empty model for federation 'self' (a slug, copied) in network
 * 'network' (copied; may be NULL).  Free with overview_free().
 * NS_ERR_INVALID for a 'self' that is not a slug, else NS_ERR_NOMEM.
 */
const struct ns_error *overview_new(struct overview **out, const char *self,
    const char *network);

/*
 * Declare a federation whose records follow: 'id' (a slug), its display
 * name from netsync.yaml (may be NULL), 'source' ("HEAD" or a ref name),
 * and when it was last updated ('updated_known' 0: unknown).  'has_data'
 * is 0 for a configured peer never pulled.  A second call with the same
 * id updates the entry.  NS_ERR_INVALID when 'id' is not a slug (ids
 * become file names and links), else NS_ERR_NOMEM.
 */
const struct ns_error *overview_add_source(struct overview *ov,
    const char *id, const char *name, const char *source, int has_data,
    long long updated, int updated_known);

/*
 * Parse one record blob read from federation 'source_id' at 'path'
 * (e.g. "records/meetings/x.yaml"; shown in warnings as 'display').
 * Unparseable YAML, a record of another federation, an unknown kind, an
 * id that is not a slug or a duplicate id: a warning, and the record is
 * skipped.  Missing fields are absent.  Errors: NS_ERR_NOMEM only.
 */
const struct ns_error *overview_add_record(struct overview *ov,
    const char *source_id, const char *display, const unsigned char *data,
    size_t len);

/*
 * Sort everything and resolve the references: follow-ups to questions
 * (broken ones become warnings at the position of refers_to), current
 * statuses, next-meeting announcements to meeting records, counts.  Call
 * once, after the last record.  NS_ERR_NOMEM.
 */
const struct ns_error *overview_finish(struct overview *ov);

/*
 * Load the combined model from the git repository at 'repo_path' (any
 * directory inside it): netsync.yaml and records/ of HEAD's tree, and the
 * tree of refs/netsync/peers/<id> for every peer in netsync.yaml, with the
 * newest reflog time of that ref as when it was last pulled (HEAD's
 * commit time for this repository).  Errors: NS_ERR_NOT_REPO (no git
 * repository, nothing committed, no netsync.yaml in HEAD), NS_ERR_YAML or
 * NS_ERR_INVALID (netsync.yaml unusable; with a position), NS_ERR_GIT,
 * NS_ERR_NOMEM.
 * The caller frees *out with overview_free().
 */
const struct ns_error *overview_load(struct overview **out,
    const char *repo_path);

/*
 * Append the model's warnings (broken references, skipped records) to
 * 'dl' as DIAG_WARNING findings, for `validate --network`.  NS_ERR_NOMEM.
 */
const struct ns_error *overview_diagnose(struct diag_list *dl,
    const struct overview *ov);

/* The federation 'id' (borrowed), or NULL. */
const struct ov_federation *overview_federation(const struct overview *ov,
    const char *id);

/* The meeting 'federation'/'id' (borrowed), or NULL. */
const struct ov_meeting *overview_meeting(const struct overview *ov,
    const char *federation, const char *id);

/*
 * strcmp() with NULL after every string, so records without a date trail
 * the dated ones.  The sort key of every list of the model.
 */
int overview_strcmp(const char *a, const char *b);

/*
 * The questions due on a day from 'from' to 'to' (dates; the first 10
 * characters of each are compared): *n of them from the returned pointer,
 * in due order.  Takes O(log n): a meeting page asks for every meeting.
 */
struct ov_question *const *overview_questions_due(const struct overview *ov,
    const char *from, const char *to, size_t *n);

/* 1 if a question in status 'status' (may be NULL) still needs work. */
int overview_status_open(const char *status);

/* Free the model.  Accepts NULL.  This function can't fail. */
void overview_free(struct overview *ov);

#endif
