/*
 * overview_int.h: what the overview module's files share and nobody else
 * sees: the arena every string and fixed array of the model lives in, and
 * the record parsers of overview_record.c.
 */
#ifndef NS_OVERVIEW_INT_H
#define NS_OVERVIEW_INT_H

#include <stddef.h>

#include "overview/overview.h"
#include "yaml/ytree.h"

/* Zeroed memory from the model's arena (freed with the model), or NULL. */
void *ov_alloc(struct overview *ov, size_t size);

/* A NUL-free arena copy of s[0..len) (NUL bytes dropped), or NULL. */
char *ov_strndup(struct overview *ov, const char *s, size_t len);

/* An arena copy of s, or NULL for NULL (or when out of memory). */
char *ov_strdup(struct overview *ov, const char *s);

/* A mutable view of the federation 'id' (NULL when undeclared). */
struct ov_federation *ov_federation_get(struct overview *ov, const char *id);

/* Append to the model's lists; NS_ERR_NOMEM. */
const struct ns_error *ov_push_meeting(struct overview *ov,
    struct ov_meeting *m);
const struct ns_error *ov_push_followup(struct overview *ov,
    struct ov_followup *f);

/*
 * Fill a meeting, a follow-up or a federation profile from the record
 * tree 'root' (a mapping); the strings go into the arena.  Return NULL on
 * success, NS_ERR_NOMEM otherwise.
 */
const struct ns_error *ov_parse_meeting(struct overview *ov,
    struct ov_meeting *m, const struct ytree_node *root);
const struct ns_error *ov_parse_followup(struct overview *ov,
    struct ov_followup *f, const struct ytree_node *root);
const struct ns_error *ov_parse_profile(struct overview *ov,
    struct ov_federation *fed, const struct ytree_node *root);

/* The text of scalar 'key' of 'map' (any scalar but null), or NULL. */
char *ov_field(struct overview *ov, const struct ytree_node *map,
    const char *key);

#endif
