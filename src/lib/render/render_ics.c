/*
 * render_ics.c: overview.ics, an RFC 5545 calendar of the network's
 * meetings, past and upcoming, plus the announced next meetings that no
 * meeting record stands for yet.
 *
 * Stable UIDs from record ids (<federation>/<id>@netsync; an announcement
 * is <federation>/<id>/next@netsync), all-day events (DTSTART;VALUE=DATE
 * with an exclusive DTEND) or, for a date-time start, timed events in UTC,
 * DTSTAMP derived from the record's own date so
 * two runs give the same bytes, STATUS:CANCELLED for cancelled meetings,
 * TEXT escaping (escape_ics) and 75-octet folding that never splits a
 * UTF-8 sequence (escape_ics_fold), CRLF line ends.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/util.h"
#include "render/render.h"

/* Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
static long
days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(long z, long *y, long *m, long *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* The day number of an ISO date prefix; -1 if it is not one. */
static long
day_number(const char *s)
{
	if (s == NULL || strlen(s) < 10 || !date_valid(s, 10))
		return -1;
	return days_from_civil(strtol(s, NULL, 10), strtol(s + 5, NULL, 10),
	    strtol(s + 8, NULL, 10));
}

static void
ics_date(char out[16], long day)
{
	long y, m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(out, 16, "%04d%02d%02d", (int)(y % 10000), (int)(m % 100),
	    (int)(d % 100));
}

/* One content line "NAME:value" (value escaped when 'text'), folded. */
static void
line(struct rw *w, const char *name, const char *value, int text)
{
	struct buf l = BUF_INIT;

	if (w->err || value == NULL)
		return;
	w->err = buf_puts(&l, name);
	if (w->err == NULL)
		w->err = buf_putc(&l, ':');
	if (w->err == NULL)
		w->err = text ? escape_ics(&l, value, strlen(value)) :
		    buf_puts(&l, value);
	if (w->err == NULL)
		w->err = escape_ics_fold(w->b, l.ptr, l.len);
	buf_dispose(&l);
}

/* A line whose value is built from several texts (each escaped). */
static void
line_joined(struct rw *w, const char *name, const char *const *parts,
    size_t n, const char *sep)
{
	struct buf v = BUF_INIT;
	size_t i, k = 0;

	for (i = 0; i < n && w->err == NULL; i++) {
		if (parts[i] == NULL || parts[i][0] == '\0')
			continue;
		if (k++)
			w->err = buf_puts(&v, sep);
		if (w->err == NULL)
			w->err = buf_puts(&v, parts[i]);
	}
	if (k && w->err == NULL)
		line(w, name, v.ptr, 1);
	buf_dispose(&v);
}

/*
 * Seconds since the epoch (UTC) of an RFC 3339 date-time; -1 if 's' is
 * not one.  Fractions of a second are dropped.
 */
static long long
utc_seconds(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	long long t;
	const char *z;
	long off = 0;

	if (n < 20 || !datetime_valid(s, n))
		return -1;
	t = (long long)day_number(s) * 86400 + strtol(s + 11, NULL, 10) *
	    3600 + strtol(s + 14, NULL, 10) * 60 + strtol(s + 17, NULL, 10);
	z = s + n - 6;	/* "+01:00" unless the zone is Z */
	if (s[n - 1] != 'Z' && s[n - 1] != 'z')
		off = (strtol(z + 1, NULL, 10) * 60 + strtol(z + 4, NULL, 10)) *
		    (z[0] == '-' ? -1 : 1);
	return t - off * 60;
}

static void
ics_utc(struct rw *w, const char *name, long long t)
{
	char d[16];
	long long sec = t % 86400;

	ics_date(d, (long)(t / 86400));
	rw_rawf(w, "%s:%sT%02d%02d%02dZ\r\n", name, d, (int)(sec / 3600),
	    (int)(sec / 60 % 60), (int)(sec % 60));
}

/*
 * DTSTAMP (from 'stamp', the record's own date, so runs are
 * reproducible), DTSTART and DTEND.  A date gives an all-day event with
 * an exclusive DTEND (RFC 5545 3.6.1); a date-time a timed event in UTC,
 * ending at 'end' when that is a later date-time.
 */
static void
dates(struct rw *w, const char *start, const char *end, const char *stamp)
{
	long s = day_number(start), e = day_number(end), t = day_number(stamp);
	long long ts = utc_seconds(start), te = utc_seconds(end);
	char d[16];

	if (e < s)
		e = s;
	ics_date(d, t >= 0 ? t : s);
	rw_rawf(w, "DTSTAMP:%sT000000Z\r\n", d);
	if (ts >= 0) {
		ics_utc(w, "DTSTART", ts);
		if (te > ts)
			ics_utc(w, "DTEND", te);
		return;
	}
	ics_date(d, s);
	rw_rawf(w, "DTSTART;VALUE=DATE:%s\r\n", d);
	ics_date(d, e + 1);
	rw_rawf(w, "DTEND;VALUE=DATE:%s\r\n", d);
}

static const char *
ics_status(const char *status)
{
	if (status && strcmp(status, "cancelled") == 0)
		return "CANCELLED";
	return "CONFIRMED";
}

static void
meeting_event(struct rw *w, const struct ov_meeting *m)
{
	const struct render_opts *o = w->opts;
	const char *desc[3];
	struct buf uid = BUF_INIT;

	if (w->err == NULL)
		w->err = buf_printf(&uid, "%s/%s@netsync", m->federation,
		    m->id);
	rw_raw(w, "BEGIN:VEVENT\r\n");
	line(w, "UID", uid.ptr, 0);
	dates(w, m->start, m->end, m->start);
	line(w, "SUMMARY", m->title ? m->title : m->id, 1);
	line(w, "LOCATION", m->location, 1);
	desc[0] = i18n_meeting_type(o->lang, m->type);
	desc[1] = render_fed_name(w->ov, m->host ? m->host : m->federation);
	desc[2] = m->purpose ? m->purpose : m->summary;
	line_joined(w, "DESCRIPTION", desc, 3, "\n");
	line(w, "CATEGORIES", i18n_meeting_type(o->lang, m->type), 1);
	line(w, "STATUS", ics_status(m->status), 0);
	rw_raw(w, "TRANSP:TRANSPARENT\r\nEND:VEVENT\r\n");
	buf_dispose(&uid);
}

static void
announcement_event(struct rw *w, const struct ov_meeting *by,
    const struct ov_next_meeting *nm)
{
	const struct render_opts *o = w->opts;
	const char *summary[2], *desc[3];
	struct buf uid = BUF_INIT;

	if (w->err == NULL)
		w->err = buf_printf(&uid, "%s/%s/next@netsync", by->federation,
		    by->id);
	rw_raw(w, "BEGIN:VEVENT\r\n");
	line(w, "UID", uid.ptr, 0);
	dates(w, nm->start, nm->end, by->start);
	summary[0] = render_msg(o, MSG_NEXT_MEETING);
	summary[1] = render_fed_name(w->ov, nm->host);
	line_joined(w, "SUMMARY", summary, 2, ": ");
	line(w, "LOCATION", nm->location, 1);
	desc[0] = render_msg(o, MSG_ANNOUNCED_BY);
	desc[1] = by->title;
	desc[2] = nm->note;
	line_joined(w, "DESCRIPTION", desc, 3, " ");
	rw_raw(w, "STATUS:TENTATIVE\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n");
	buf_dispose(&uid);
}

const struct ns_error *
render_ics(struct render_output *out, const struct overview *ov,
    const struct render_opts *opts)
{
	const struct ns_error *err;
	struct render_event *ev = NULL;
	const char *name[2];
	struct buf calname = BUF_INIT;
	struct rw w;
	size_t i, n;

	err = rw_open(&w, out, "overview.ics", escape_ics, opts, ov);
	if (err == NULL)
		err = render_events(&ev, &n, ov, opts, 0);
	if (err)
		return err;
	rw_raw(&w, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
	    "PRODID:-//netsync//netsync overview//EN\r\n"
	    "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
	if (w.err == NULL)
		w.err = render_network_name(&calname, opts, ov);
	name[0] = calname.ptr;
	name[1] = render_msg(opts, MSG_MEETINGS);
	line_joined(&w, "X-WR-CALNAME", name, 2, ": ");
	buf_dispose(&calname);
	for (i = 0; i < n; i++) {
		if (day_number(ev[i].start) < 0)
			continue;	/* no date, no calendar entry */
		if (ev[i].meeting)
			meeting_event(&w, ev[i].meeting);
		else
			announcement_event(&w, ev[i].announced_by, ev[i].next);
	}
	rw_raw(&w, "END:VCALENDAR\r\n");
	free(ev);
	return w.err;
}
