/*
 * util.h: small pure helpers shared by every module.
 */
#ifndef NS_UTIL_H
#define NS_UTIL_H

#include <stddef.h>

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

/* 1 if s matches [a-z0-9][a-z0-9-]{0,62}, else 0.  Accepts NULL (0). */
int slug_valid(const char *s);

/* 1 if s (of length len) is a valid ISO date YYYY-MM-DD (real calendar day). */
int date_valid(const char *s, size_t len);

/*
 * 1 if s is an RFC 3339 date-time (YYYY-MM-DDTHH:MM:SS[.frac](Z|+HH:MM)),
 * with 't'/'z' accepted as the RFC allows and a leap second 60 accepted.
 */
int datetime_valid(const char *s, size_t len);

/* 1 if s (len bytes) is well-formed UTF-8 without overlongs/surrogates. */
int utf8_valid(const char *s, size_t len);

/* Number of code points in well-formed UTF-8 s. */
size_t utf8_length(const char *s, size_t len);

/* strdup that returns NULL on NULL input (and on allocation failure). */
char *xstrdup(const char *s);

/* Parse a decimal long in [min,max]; 0 on success, -1 otherwise. */
int parse_long(const char *s, long min, long max, long *out);

#endif
