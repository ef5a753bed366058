/*
 * config.h: netsync.yaml, the federation repository's configuration.
 *
 *   federation: jamtland
 *   name: Samordningsförbundet i Jämtlands län
 *   network: norrland
 *   signing_key: "ssh-ed25519 AAAA... jamtland"     # or a list (rotation)
 *   peers:
 *     - id: umea-vannas
 *       url: https://git.example.org/umea-vannas/moten.git
 *       branch: main
 *       signing_key: "ssh-ed25519 AAAA..."          # or a list
 *
 * config_parse() extracts these fields; the full check of the file is the
 * "netsync" schema's (validate).  The edit functions change the text of
 * the file in place, keeping the user's comments and order.
 */
#ifndef NS_CONFIG_H
#define NS_CONFIG_H

#include <stddef.h>

#include "base/buf.h"
#include "base/error.h"

/*
 * The largest netsync.yaml read, from a work tree, an index or a peer's
 * tree: a network of a hundred peers with keys is some 30 KB.
 */
#define CONFIG_MAX_SIZE	(1u << 20)

struct config_peer {
	char		*id;
	char		*url;
	char		*branch;	/* "main" when not given */
	char		**keys;		/* ssh-ed25519 lines; may be empty */
	size_t		 nkeys;
	unsigned	 line;		/* position of the peer's entry */
	unsigned	 col;
};

struct config {
	char			*path;		/* as given to config_load/parse */
	char			*federation;
	char			*name;		/* may be NULL */
	char			*network;	/* may be NULL */
	char			**keys;		/* this federation's public keys */
	size_t			 nkeys;
	char			*key_file;	/* optional private key path */
	struct config_peer	*peers;
	size_t			 npeers;
};

/*
 * Parse the text of a netsync.yaml.  'name' is used in errors.  Errors:
 * NS_ERR_YAML / NS_ERR_LIMIT for unparseable text, NS_ERR_INVALID (with
 * position) when `federation` is missing or not a slug, or a peer lacks an
 * id or url, or a peer id repeats.  Caller frees *out with config_free().
 */
const struct ns_error *config_parse(struct config **out, const char *name,
    const unsigned char *data, size_t len);

/* Read and parse the file at 'path'; errors as config_parse + NS_ERR_ERRNO. */
const struct ns_error *config_load(struct config **out, const char *path);

/* The peer with id 'id', or NULL (borrowed). */
const struct config_peer *config_peer(const struct config *,
    const char *id);

void config_free(struct config *);

/*
 * Editing netsync.yaml (config_edit.c, the one editor): on its text, or on
 * the file.  Comments, order and quoting elsewhere in the text are kept.
 *
 * Set top-level key 'key' to 'value_yaml' (YAML text for the value, e.g.
 * "\"ssh-ed25519 AAAA...\"" or "[a, b]") in the text 'in', writing the new
 * text to 'out'.  An existing key's value lines are replaced in place
 * (comments elsewhere are kept); a missing key is appended at the end.
 */
const struct ns_error *config_edit_set(struct buf *out, const char *in,
    size_t len, const char *key, const char *value_yaml);

/*
 * Add peer 'p' (id, url, optional branch and keys) to the peers list in
 * the text 'in', writing the whole new text to 'out': after the last
 * entry, at the list's indentation; a missing, empty or null `peers`
 * becomes a block list.  Comments and order elsewhere are kept.  The
 * result is parsed with config_parse() and its error returned if it does
 * not parse.  NS_ERR_INVALID when the id is already listed or peers is a
 * flow list ([...]) with entries; NS_ERR_YAML for unparseable input.
 * (config_edit.c)
 */
const struct ns_error *config_edit_peer_add(struct buf *out, const char *in,
    size_t len, const struct config_peer *p);

/*
 * Remove the peer 'id' (its entry's lines, up to the comments that precede
 * the next entry) from the text 'in' into 'out'; the last peer leaves
 * `peers: []`.  NS_ERR_NOT_FOUND when there is no such peer; otherwise
 * errors as config_edit_peer_add().  (config_edit.c)
 */
const struct ns_error *config_edit_peer_remove(struct buf *out,
    const char *in, size_t len, const char *id);

/*
 * Set signing_key to 'keys' (n of them, ssh-ed25519 lines): one key as a
 * string, several as a list, none as [].  Errors as config_edit_peer_add().
 */
const struct ns_error *config_edit_signing_keys(struct buf *out,
    const char *in, size_t len, char *const *keys, size_t n);

/*
 * The same edits on the file at 'path': read (at most CONFIG_MAX_SIZE),
 * edited, and written atomically in its place with the file's mode kept.
 * NS_ERR_ERRNO for I/O, otherwise the edit's errors; on error the file is
 * as it was.
 */
const struct ns_error *config_file_set_signing_keys(const char *path,
    char *const *keys, size_t n);
const struct ns_error *config_file_add_peer(const char *path,
    const struct config_peer *p);
const struct ns_error *config_file_remove_peer(const char *path,
    const char *id);

#endif
