/*
 * schema_uri.h: URI references and JSON pointers for the schema compiler.
 * Not part of the public interface.
 */
#ifndef NS_SCHEMA_URI_H
#define NS_SCHEMA_URI_H

#include "base/error.h"
#include "yaml/ytree.h"

/*
 * Resolve the URI reference 'ref' against 'base' (RFC 3986 5.2; 'base' may
 * be NULL).  The caller frees *out.  Fails only with NS_ERR_NOMEM.
 */
const struct ns_error *uri_resolve(char **out, const char *base,
    const char *ref);

/*
 * The node that the JSON pointer fragment 'frag' (RFC 6901, with %XX
 * escapes still in it, without the '#') names under 'root', or NULL.
 */
const struct ytree_node *uri_pointer(const struct ytree_node *root,
    const char *frag);

/* 1 if 's' has a scheme ("https:", "urn:"), else 0. */
int uri_is_absolute(const char *s);

#endif
