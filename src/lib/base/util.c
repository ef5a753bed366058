/*
 * util.c: slugs, ISO dates and UTF-8, written once and tested in one place.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

int
slug_valid(const char *s)
{
	size_t i;

	if (s == NULL || s[0] == '\0' || s[0] == '-')
		return 0;
	for (i = 0; s[i]; i++) {
		if (i >= 63)
			return 0;
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return 0;
	}
	return 1;
}

static int
digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int
num(const char *s, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int
days_in_month(int y, int m)
{
	static const int dim[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

int
date_valid(const char *s, size_t len)
{
	int y, m, d;

	if (len != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4) ||
	    !digits(s + 5, 2) || !digits(s + 8, 2))
		return 0;
	y = num(s, 4);
	m = num(s + 5, 2);
	d = num(s + 8, 2);
	if (m < 1 || m > 12 || d < 1)
		return 0;
	return d <= days_in_month(y, m);
}

static int
time_valid(const char *s, size_t len)
{
	size_t i = 8;
	int h, mi, sec;

	if (len < 9 || s[2] != ':' || s[5] != ':' || !digits(s, 2) ||
	    !digits(s + 3, 2) || !digits(s + 6, 2))
		return 0;
	h = num(s, 2);
	mi = num(s + 3, 2);
	sec = num(s + 6, 2);
	if (h > 23 || mi > 59 || sec > 60)
		return 0;
	if (s[i] == '.') {
		i++;
		if (i >= len || !digits(s + i, 1))
			return 0;
		while (i < len && digits(s + i, 1))
			i++;
	}
	if (i < len && (s[i] == 'Z' || s[i] == 'z'))
		return i + 1 == len;
	if (i + 6 != len || (s[i] != '+' && s[i] != '-') || s[i + 3] != ':' ||
	    !digits(s + i + 1, 2) || !digits(s + i + 4, 2))
		return 0;
	return num(s + i + 1, 2) <= 23 && num(s + i + 4, 2) <= 59;
}

int
datetime_valid(const char *s, size_t len)
{
	if (len < 20 || !date_valid(s, 10))
		return 0;
	if (s[10] != 'T' && s[10] != 't')
		return 0;
	return time_valid(s + 11, len - 11);
}

int
utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n, k;
	unsigned long cp;

	while (i < len) {
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf) {
			n = 1;
			cp = s[i] & 0x1f;
		} else if (s[i] >= 0xe0 && s[i] <= 0xef) {
			n = 2;
			cp = s[i] & 0x0f;
		} else if (s[i] >= 0xf0 && s[i] <= 0xf4) {
			n = 3;
			cp = s[i] & 0x07;
		} else
			return 0;
		if (n >= len - i)
			return 0;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

size_t
utf8_length(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

char *
xstrdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

int
parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}
