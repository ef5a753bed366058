/*
 * schema_format.c: the 'format' assertions, ECMA-262 regular expressions
 * on PCRE2, and the edit distance behind "did you mean".
 *
 * In netsync 'format' is an assertion (a record with `start: 2014-13-45`
 * must be refused), not the annotation 2020-12 makes it by default.
 * Unknown formats are ignored, as the specification says.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/util.h"
#include "schema/schema_int.h"

static const struct {
	const char		*name;
	enum sch_format		 f;
	const char		*hint;	/* completes "must be ..." */
} formats[] = {
	{ "date",		SF_DATE,	"a date (YYYY-MM-DD)" },
	{ "date-time",		SF_DATETIME,
	    "a date and time (YYYY-MM-DDTHH:MM:SS with Z or an offset such "
	    "as +01:00)" },
	{ "time",		SF_TIME,
	    "a time (HH:MM:SS with Z or an offset such as +01:00)" },
	{ "email",		SF_EMAIL,	"an email address" },
	{ "uri",		SF_URI,
	    "an absolute URI (such as https://example.org/page)" },
	{ "uri-reference",	SF_URIREF,	"a URI reference" },
	{ "hostname",		SF_HOSTNAME,	"a host name" },
	{ "ipv4",		SF_IPV4,	"an IPv4 address" },
	{ "ipv6",		SF_IPV6,	"an IPv6 address" },
	{ "uuid",		SF_UUID,	"a UUID" },
	{ "json-pointer",	SF_JSONPTR,	"a JSON pointer" },
	{ "relative-json-pointer", SF_RELJSONPTR,
	    "a relative JSON pointer" },
	{ "regex",		SF_REGEX,	"a regular expression" },
	{ "duration",		SF_DURATION,
	    "a duration (such as P1D or PT2H30M)" },
};

enum sch_format
sch_format_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < nitems(formats); i++)
		if (strcmp(formats[i].name, name) == 0)
			return formats[i].f;
	return SF_NONE;
}

const char *
sch_format_hint(enum sch_format f)
{
	size_t i;

	for (i = 0; i < nitems(formats); i++)
		if (formats[i].f == f)
			return formats[i].hint;
	return "valid";
}

static int
isdigit_a(int c)
{
	return c >= '0' && c <= '9';
}

static int
isalpha_a(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int
ishex_a(int c)
{
	return isdigit_a(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static int
two(const char *s)
{
	return (s[0] - '0') * 10 + (s[1] - '0');
}

static int
digits_at(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!isdigit_a((unsigned char)s[i]))
			return 0;
	return 1;
}

/*
 * RFC 3339 full-time: HH:MM:SS[.frac](Z|+HH:MM|-HH:MM).  A leap second
 * (:60) is valid only where it falls at 23:59 UTC.
 */
static int
time_ok(const char *s, size_t len)
{
	size_t i = 8;
	int h, m, sec, oh = 0, om = 0, sign = 0, um;

	if (len < 9 || !digits_at(s, 2) || s[2] != ':' || !digits_at(s + 3, 2)
	    || s[5] != ':' || !digits_at(s + 6, 2))
		return 0;
	h = two(s);
	m = two(s + 3);
	sec = two(s + 6);
	if (h > 23 || m > 59 || sec > 60)
		return 0;
	if (s[i] == '.') {
		if (++i >= len || !isdigit_a((unsigned char)s[i]))
			return 0;
		while (i < len && isdigit_a((unsigned char)s[i]))
			i++;
	}
	if (i + 1 == len && (s[i] == 'Z' || s[i] == 'z'))
		;
	else if (i + 6 == len && (s[i] == '+' || s[i] == '-') &&
	    digits_at(s + i + 1, 2) && s[i + 3] == ':' &&
	    digits_at(s + i + 4, 2)) {
		sign = s[i] == '+' ? 1 : -1;
		oh = two(s + i + 1);
		om = two(s + i + 4);
		if (oh > 23 || om > 59)
			return 0;
	} else
		return 0;
	if (sec == 60) {
		um = ((h * 60 + m - sign * (oh * 60 + om)) % 1440 + 1440) %
		    1440;
		return um == 23 * 60 + 59;
	}
	return 1;
}

static int
datetime_ok(const char *s, size_t len)
{
	return len > 11 && date_valid(s, 10) && (s[10] == 'T' ||
	    s[10] == 't') && time_ok(s + 11, len - 11);
}

static int
label_ok(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > 63 || s[0] == '-' || s[len - 1] == '-')
		return 0;
	for (i = 0; i < len; i++)
		if (!isalpha_a((unsigned char)s[i]) &&
		    !isdigit_a((unsigned char)s[i]) && s[i] != '-')
			return 0;
	/* RFC 5891 4.2.3.1: "--" in positions 3-4 only in A-labels */
	if (len >= 4 && s[2] == '-' && s[3] == '-' &&
	    !((s[0] == 'x' || s[0] == 'X') && (s[1] == 'n' || s[1] == 'N')))
		return 0;
	return 1;
}

static int
hostname_ok(const char *s, size_t len)
{
	size_t i = 0, j;

	if (len == 0 || len > 253)
		return 0;
	while (i < len) {
		for (j = i; j < len && s[j] != '.'; j++)
			;
		if (!label_ok(s + i, j - i))
			return 0;
		i = j + 1;
		if (j + 1 == len)	/* "example." */
			return 0;
	}
	return 1;
}

static int
ip_ok(int af, const char *s, size_t len)
{
	unsigned char addr[sizeof(struct in6_addr)];
	char tmp[64];

	if (len == 0 || len >= sizeof(tmp) || memchr(s, '\0', len))
		return 0;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	return inet_pton(af, tmp, addr) == 1;
}

static int
email_local_ok(const char *s, size_t len)
{
	static const char atext[] = "!#$%&'*+/=?^_`{|}~-";
	size_t i;

	if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
		for (i = 1; i + 1 < len; i++) {
			if (s[i] == '\\' && i + 2 < len)
				i++;
			else if (s[i] == '"' || s[i] == '\\' ||
			    (unsigned char)s[i] < 0x20)
				return 0;
		}
		return 1;
	}
	if (len == 0 || len > 64 || s[0] == '.' || s[len - 1] == '.')
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] == '.' && s[i + 1] == '.')
			return 0;
		if (!isalpha_a((unsigned char)s[i]) &&
		    !isdigit_a((unsigned char)s[i]) && s[i] != '.' &&
		    (s[i] == '\0' || strchr(atext, s[i]) == NULL))
			return 0;
	}
	return 1;
}

static int
email_ok(const char *s, size_t len)
{
	const char *at = NULL, *d;
	size_t i, dlen;

	for (i = 0; i < len; i++)
		if (s[i] == '@')
			at = s + i;
	if (at == NULL || !email_local_ok(s, (size_t)(at - s)))
		return 0;
	d = at + 1;
	dlen = len - (size_t)(d - s);
	if (dlen >= 2 && d[0] == '[' && d[dlen - 1] == ']') {
		if (dlen > 7 && strncmp(d + 1, "IPv6:", 5) == 0)
			return ip_ok(AF_INET6, d + 6, dlen - 7);
		return ip_ok(AF_INET, d + 1, dlen - 2);
	}
	return hostname_ok(d, dlen);
}

/* unreserved / pct-encoded / sub-delims, plus the characters in 'extra'. */
static int
uri_char_ok(const char *s, size_t len, size_t *i, const char *extra)
{
	unsigned char c = (unsigned char)s[*i];

	if (c == '%') {
		if (*i + 2 >= len || !ishex_a((unsigned char)s[*i + 1]) ||
		    !ishex_a((unsigned char)s[*i + 2]))
			return 0;
		*i += 2;
		return 1;
	}
	return isalpha_a(c) || isdigit_a(c) || (c && strchr("-._~!$&'()*+,;=",
	    c)) || (c && strchr(extra, c));
}

static int
uri_run_ok(const char *s, size_t len, const char *extra)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!uri_char_ok(s, len, &i, extra))
			return 0;
	return 1;
}

/* RFC 3986 3.2: [ userinfo "@" ] host [ ":" port ]. */
static int
authority_ok(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len), *host, *end = s + len, *rb;
	const char *colon;

	if (at && (!uri_run_ok(s, (size_t)(at - s), ":") ||
	    memchr(at + 1, '@', (size_t)(end - at - 1))))
		return 0;
	host = at ? at + 1 : s;
	if (host < end && *host == '[') {
		rb = memchr(host, ']', (size_t)(end - host));
		if (rb == NULL || !ip_ok(AF_INET6, host + 1,
		    (size_t)(rb - host - 1)))
			return 0;
		colon = rb + 1 < end ? rb + 1 : NULL;
		if (colon && *colon != ':')
			return 0;
	} else {
		colon = memchr(host, ':', (size_t)(end - host));
		if (!uri_run_ok(host, colon ? (size_t)(colon - host) :
		    (size_t)(end - host), ""))
			return 0;
	}
	return colon == NULL || digits_at(colon + 1, (size_t)(end - colon - 1));
}

/* RFC 3986: scheme ":" ..., or a relative reference when !absolute. */
static int
uri_ok(const char *s, size_t len, int absolute)
{
	size_t i = 0, colon = strcspn(s, ":/?#"), a, e;
	const char *hash;

	if (colon < len && s[colon] == ':') {
		if (colon == 0 || !isalpha_a((unsigned char)s[0]))
			return 0;
		for (i = 1; i < colon; i++)
			if (!isalpha_a((unsigned char)s[i]) &&
			    !isdigit_a((unsigned char)s[i]) &&
			    !strchr("+-.", s[i]))
				return 0;
		i = colon + 1;
	} else if (absolute)
		return 0;
	if (i + 1 < len && s[i] == '/' && s[i + 1] == '/') {
		a = i + 2;
		e = a + strcspn(s + a, "/?#");
		if (e > len || !authority_ok(s + a, e - a))
			return 0;
		i = e;
	}
	/* path, query and fragment: pchar / "/" / "?", one '#' */
	hash = memchr(s + i, '#', len - i);
	if (hash == NULL)
		return uri_run_ok(s + i, len - i, ":@/?");
	return uri_run_ok(s + i, (size_t)(hash - s) - i, ":@/?") &&
	    uri_run_ok(hash + 1, len - (size_t)(hash - s) - 1, ":@/?");
}

static int
uuid_ok(const char *s, size_t len)
{
	size_t i;

	if (len != 36)
		return 0;
	for (i = 0; i < len; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!ishex_a((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

static int
jsonptr_ok(const char *s, size_t len)
{
	size_t i;

	if (len > 0 && s[0] != '/')
		return 0;
	for (i = 0; i < len; i++)
		if (s[i] == '~' && (i + 1 >= len || (s[i + 1] != '0' &&
		    s[i + 1] != '1')))
			return 0;
	return 1;
}

static int
reljsonptr_ok(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && isdigit_a((unsigned char)s[i]))
		i++;
	if (i == 0 || (i > 1 && s[0] == '0'))
		return 0;
	if (i < len && s[i] == '#')
		return i + 1 == len;
	return jsonptr_ok(s + i, len - i);
}

/* RFC 3339 appendix A: P(nW | nYnMnD[T nHnMnS]), in order, not empty. */
static int
duration_ok(const char *s, size_t len)
{
	static const char date_units[] = "YMD", time_units[] = "HMS";
	const char *units = date_units, *u;
	size_t i = 1;
	int any = 0, in_time = 0, need = 0;

	if (len < 2 || s[0] != 'P')
		return 0;
	if (len >= 3 && s[len - 1] == 'W')
		return digits_at(s + 1, len - 2);
	while (i < len) {
		if (s[i] == 'T' && !in_time) {
			in_time = need = 1;
			units = time_units;
			i++;
			continue;
		}
		if (!isdigit_a((unsigned char)s[i]))
			return 0;
		while (i < len && isdigit_a((unsigned char)s[i]))
			i++;
		/* the first unit may be any; then each must be the next */
		u = i < len && s[i] != '\0' ? strchr(units, s[i]) : NULL;
		if (u == NULL || (any && !need && u != units))
			return 0;
		units = u + 1;
		any = 1;
		need = 0;
		i++;
	}
	return any && !need;
}

int
sch_format_check(enum sch_format f, const char *s, size_t len)
{
	char msg[8];
	size_t off;
	pcre2_code *re;

	switch (f) {
	case SF_NONE:		return 1;
	case SF_DATE:		return date_valid(s, len);
	case SF_DATETIME:	return datetime_ok(s, len);
	case SF_TIME:		return time_ok(s, len);
	case SF_EMAIL:		return email_ok(s, len);
	case SF_URI:		return uri_ok(s, len, 1);
	case SF_URIREF:		return uri_ok(s, len, 0);
	case SF_HOSTNAME:	return hostname_ok(s, len);
	case SF_IPV4:		return ip_ok(AF_INET, s, len);
	case SF_IPV6:		return ip_ok(AF_INET6, s, len);
	case SF_UUID:		return uuid_ok(s, len);
	case SF_JSONPTR:	return jsonptr_ok(s, len);
	case SF_RELJSONPTR:	return reljsonptr_ok(s, len);
	case SF_DURATION:	return duration_ok(s, len);
	case SF_REGEX:
		re = sch_regex_compile(s, len, msg, sizeof(msg), &off);
		pcre2_code_free(re);
		return re != NULL;
	}
	return 1;
}

/* --- regular expressions ------------------------------------------------- */

/* ECMA-262 WhiteSpace and LineTerminator beyond ASCII (\s in PCRE2). */
#define ECMA_SPACE "\\s\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029" \
	"\\u202f\\u205f\\u3000\\ufeff"

/* ECMA-262 long General_Category names PCRE2 10.42 does not know. */
static const char *
property_alias(const char *name, size_t len)
{
	static const struct { const char *longname, *shortname; } t[] = {
		{ "Letter", "L" }, { "Cased_Letter", "L&" },
		{ "Uppercase_Letter", "Lu" }, { "Lowercase_Letter", "Ll" },
		{ "Titlecase_Letter", "Lt" }, { "Modifier_Letter", "Lm" },
		{ "Other_Letter", "Lo" }, { "Mark", "M" }, { "Number", "N" },
		{ "Decimal_Number", "Nd" }, { "digit", "Nd" },
		{ "Letter_Number", "Nl" }, { "Other_Number", "No" },
		{ "Punctuation", "P" }, { "punct", "P" }, { "Symbol", "S" },
		{ "Separator", "Z" }, { "Space_Separator", "Zs" },
		{ "Other", "C" }, { "Control", "Cc" }, { "cntrl", "Cc" },
	};
	size_t i;

	for (i = 0; i < nitems(t); i++)
		if (strlen(t[i].longname) == len &&
		    memcmp(t[i].longname, name, len) == 0)
			return t[i].shortname;
	return NULL;
}

/*
 * PCRE2 syntax that ECMA-262 does not have: \a, Python's (?P...), comments
 * (?#...) and global flag groups such as (?i).  1 if 'src' uses any.
 */
static int
ecma_foreign(const char *src, size_t len, size_t i)
{
	size_t j;

	if (src[i] == '\\')
		return i + 1 < len && src[i + 1] == 'a';
	if (src[i] != '(' || i + 2 >= len || src[i + 1] != '?')
		return 0;
	if (src[i + 2] == 'P' || src[i + 2] == '#')
		return 1;
	for (j = i + 2; j < len && (isalpha_a((unsigned char)src[j]) ||
	    src[j] == '-'); j++)
		;
	return j > i + 2 && j < len && src[j] == ')';
}

/*
 * Rewrite what ECMA-262 and PCRE2 read differently: \s and \S also cover
 * Unicode spaces in ECMA-262 (PCRE2's \s is ASCII without PCRE2_UCP, which
 * would also widen \d and \w), and \p{Letter} is \p{L} to PCRE2 10.42.
 * -1 on memory, -2 on syntax ECMA-262 does not have.
 */
static int
ecma_translate(struct buf *out, const char *src, size_t len)
{
	int in_class = 0;
	size_t i, n;
	const char *rep, *alias;

	for (i = 0; i < len; i++) {
		if (!in_class && ecma_foreign(src, len, i))
			return -2;
		if (src[i] == '\\' && i + 1 < len) {
			rep = NULL;
			if (src[i + 1] == 's')
				rep = in_class ? ECMA_SPACE :
				    "[" ECMA_SPACE "]";
			else if (src[i + 1] == 'S' && !in_class)
				rep = "[^" ECMA_SPACE "]";
			else if ((src[i + 1] == 'p' || src[i + 1] == 'P') &&
			    i + 2 < len && src[i + 2] == '{') {
				n = strcspn(src + i + 3, "}");
				alias = property_alias(src + i + 3, n);
				if (alias && buf_printf(out, "\\%c{%s}",
				    src[i + 1], alias))
					return -1;
				if (alias) {
					i += 3 + n;
					continue;
				}
			}
			if (rep ? buf_puts(out, rep) : buf_add(out, src + i, 2))
				return -1;
			i++;
			continue;
		}
		if (src[i] == '[' && !in_class)
			in_class = 1;
		else if (src[i] == ']' && in_class)
			in_class = 0;
		if (buf_putc(out, src[i]))
			return -1;
	}
	return buf_add(out, "", 0) ? -1 : 0;
}

pcre2_code *
sch_regex_compile(const char *src, size_t len, char *msg, size_t msgsz,
    size_t *erroff)
{
	pcre2_compile_context *cc;
	pcre2_code *re = NULL;
	struct buf pat = BUF_INIT;
	int ec = 0;
	PCRE2_SIZE off = 0;

	*erroff = 0;
	cc = pcre2_compile_context_create(NULL);
	ec = cc ? ecma_translate(&pat, src, len) : -1;
	if (ec) {
		snprintf(msg, msgsz, "%s", ec == -2 ? "not ECMA-262 syntax "
		    "((?P, (?#, (?i) or \\a)" : "out of memory");
		goto done;
	}
	pcre2_set_compile_extra_options(cc, PCRE2_EXTRA_ALT_BSUX);
	re = pcre2_compile((PCRE2_SPTR)pat.ptr, pat.len, PCRE2_UTF |
	    PCRE2_ALT_BSUX | PCRE2_ALLOW_EMPTY_CLASS | PCRE2_DOLLAR_ENDONLY,
	    &ec, &off, cc);
	if (re == NULL) {
		pcre2_get_error_message(ec, (PCRE2_UCHAR *)msg, msgsz);
		*erroff = off;
		goto done;
	}
	/*
	 * JIT when available.  Not PCRE2_MATCH_INVALID_UTF, which would save
	 * the UTF-8 check per match: with JIT in 10.42 it makes ^\\D$ miss
	 * U+07C0 (the JSON-Schema-Test-Suite's ecmascript-regex cases).
	 */
	(void)pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
done:
	pcre2_compile_context_free(cc);
	buf_dispose(&pat);
	return re;
}

int
sch_regex_match(const pcre2_code *re, pcre2_match_data *md, const char *s,
    size_t len)
{
	int rc;

	rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	if (rc >= 0)
		return 1;
	return rc == PCRE2_ERROR_NOMATCH ? 0 : -1;
}

/* --- did you mean -------------------------------------------------------- */

size_t
sch_edit_distance(const char *a, size_t alen, const char *b, size_t blen,
    size_t max)
{
	size_t row[65], i, j, prev, tmp, best;

	if (alen > 64 || blen > 64)
		return max + 1;
	if ((alen > blen ? alen - blen : blen - alen) > max)
		return max + 1;
	for (j = 0; j <= blen; j++)
		row[j] = j;
	for (i = 1; i <= alen; i++) {
		prev = row[0];
		row[0] = i;
		best = row[0];
		for (j = 1; j <= blen; j++) {
			tmp = row[j];
			row[j] = prev + (a[i - 1] != b[j - 1]);
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (tmp + 1 < row[j])
				row[j] = tmp + 1;
			prev = tmp;
			if (row[j] < best)
				best = row[j];
		}
		if (best > max)
			return max + 1;
	}
	return row[blen];
}

size_t
sch_near(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t d = sch_edit_distance(a, alen, b, blen, 2);

	return d <= 2 && d * 2 <= alen ? d : 3;
}
