/*
 * skeleton.c: slugs, YAML scalars and the text of new files (netsync.yaml,
 * the federation profile, meeting and follow-up skeletons).  Everything
 * here is a pure function of its arguments: text in, text out.
 *
 * The skeletons are written for officials who edit YAML by hand: the
 * required fields come first and are filled in, optional fields follow
 * commented out with a Swedish hint each, and uncommenting any of them
 * (removing "# ") keeps the record valid.  tests/cmd/new.sh checks both.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/util.h"
#include "record/skeleton.h"

/* Column at which a field's hint comment starts. */
#define HINT_COL	26

/* An appender whose first error sticks, so text is written linearly. */
struct writer {
	struct buf		*b;
	const struct ns_error	*err;
};

static void w_printf(struct writer *, const char *, ...)
    __attribute__((format(printf, 2, 3)));

static void
w_printf(struct writer *w, const char *fmt, ...)
{
	va_list ap;

	if (w->err)
		return;
	va_start(ap, fmt);
	w->err = buf_vprintf(w->b, fmt, ap);
	va_end(ap);
}

static void
w_scalar(struct writer *w, const char *s)
{
	if (w->err == NULL)
		w->err = skeleton_put_scalar(w->b, s);
}

/*
 * "key: value" (value ASCII, written as is) with 'hint' as a comment at
 * HINT_COL; 'commented' writes the line as "# key: value".
 */
static void
w_field(struct writer *w, int commented, const char *key, const char *value,
    const char *hint)
{
	int n;

	n = (int)strlen(key) + (int)strlen(value) + 2 + (commented ? 2 : 0);
	w_printf(w, "%s%s: %s", commented ? "# " : "", key, value);
	if (hint)
		w_printf(w, "%*s# %s", n < HINT_COL ? HINT_COL - n : 1, "",
		    hint);
	w_printf(w, "\n");
}

/*
 * Latin-1 letters U+00C0..U+00FF (UTF-8 C3 80..C3 BF) without their
 * marks; NULL for the two that are not letters (× and ÷).
 */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c",	/* À..Ç */
	"e", "e", "e", "e", "i", "i", "i", "i",		/* È..Ï */
	"d", "n", "o", "o", "o", "o", "o", NULL,	/* Ð..× */
	"o", "u", "u", "u", "u", "y", "th", "ss",	/* Ø..ß */
	"a", "a", "a", "a", "a", "a", "ae", "c",	/* à..ç */
	"e", "e", "e", "e", "i", "i", "i", "i",		/* è..ï */
	"d", "n", "o", "o", "o", "o", "o", NULL,	/* ð..÷ */
	"o", "u", "u", "u", "u", "y", "th", "y",	/* ø..ÿ */
};

#define TR_DROP	(-1)	/* the character vanishes (apostrophes) */
#define TR_SEP	0	/* the character separates words */

/*
 * What the character at 'p' (well-formed UTF-8) becomes in a slug: its
 * replacement in 'rep' (returning its length), TR_DROP or TR_SEP.  *adv is
 * set to the character's length in bytes.
 */
static int
translit(const unsigned char *p, size_t *adv, const char **rep)
{
	static const char ascii[] = "abcdefghijklmnopqrstuvwxyz0123456789";

	*adv = 1;
	if (*p < 0x80) {
		if (*p == '\'')
			return TR_DROP;
		if (*p >= 'A' && *p <= 'Z') {
			*rep = ascii + (*p - 'A');
			return 1;
		}
		if (*p >= 'a' && *p <= 'z') {
			*rep = ascii + (*p - 'a');
			return 1;
		}
		if (*p >= '0' && *p <= '9') {
			*rep = ascii + 26 + (*p - '0');
			return 1;
		}
		return TR_SEP;
	}
	*adv = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;
	if (p[0] == 0xc3 && latin1[p[1] - 0x80]) {
		*rep = latin1[p[1] - 0x80];
		return (int)strlen(*rep);
	}
	if (p[0] == 0xe2 && p[1] == 0x80 && p[2] == 0x99)	/* ’ */
		return TR_DROP;
	return TR_SEP;
}

const struct ns_error *
skeleton_slugify(struct buf *out, const char *in, size_t max)
{
	const unsigned char *p = (const unsigned char *)in;
	const char *rep = NULL;
	char s[4 * 64];
	size_t len = 0, adv, k;
	int n, sep = 0;

	if (max < 1 || max > SKELETON_SLUG_MAX)
		max = SKELETON_SLUG_MAX;
	if (!utf8_valid(in, strlen(in)))
		return ns_error_fmt(NS_ERR_INVALID, "cannot make an id from "
		    "text that is not UTF-8");
	for (; *p && len <= max; p += adv) {
		n = translit(p, &adv, &rep);
		if (n == TR_DROP)
			continue;
		if (n == TR_SEP) {
			sep = len > 0;
			continue;
		}
		if (sep)
			s[len++] = '-';
		memcpy(s + len, rep, (size_t)n);
		len += (size_t)n;
		sep = 0;
	}
	if (len > max) {
		/* cut at a word boundary when there is one */
		for (k = max; k > 0 && s[k] != '-'; k--)
			continue;
		len = k > 0 ? k : max;
	}
	while (len > 0 && s[len - 1] == '-')
		len--;
	if (len == 0)
		return ns_error_fmt(NS_ERR_INVALID, "cannot make an id from "
		    "\"%s\": it needs letters a-z or digits", in);
	return buf_add(out, s, len);
}

/* Words a YAML 1.1 or 1.2 reader may take for something not a string. */
static int
is_special_word(const char *s)
{
	static const char *const words[] = {
		"null", "true", "false", "yes", "no", "on", "off", "y", "n",
	};
	size_t i;

	for (i = 0; i < nitems(words); i++)
		if (strcasecmp(s, words[i]) == 0)
			return 1;
	return 0;
}

/* 1 if 's' can be written as a plain scalar and read back unchanged. */
static int
plain_ok(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);

	if (len == 0 || is_special_word(s) || !utf8_valid(s, len))
		return 0;
	/* a letter first: no indicator, no number, no byte order mark */
	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= 0x80 && !(p[0] == 0xef && p[1] == 0xbb))))
		return 0;
	if (s[len - 1] == ' ')
		return 0;
	for (; *p; p++) {
		if (*p >= 0x80 || (*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'))
			continue;
		if (strchr(" .,-()/'!?+;&%", *p) == NULL)
			return 0;
	}
	return 1;
}

const struct ns_error *
skeleton_put_scalar(struct buf *out, const char *s)
{
	const struct ns_error *err = NULL;
	const unsigned char *p;

	if (plain_ok(s))
		return buf_puts(out, s);
	err = buf_putc(out, '"');
	for (p = (const unsigned char *)s; *p && err == NULL; p++) {
		if (*p == '"' || *p == '\\')
			err = buf_printf(out, "\\%c", *p);
		else if (*p == '\n')
			err = buf_puts(out, "\\n");
		else if (*p == '\t')
			err = buf_puts(out, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			err = buf_printf(out, "\\x%02x", *p);
		else
			err = buf_putc(out, (char)*p);
	}
	if (err == NULL)
		err = buf_putc(out, '"');
	return err;
}

const struct ns_error *
skeleton_default_id(struct buf *out, const char *date, const char *words)
{
	const struct ns_error *err;
	struct buf slug = BUF_INIT;
	size_t dlen = strlen(date);

	if (dlen + 2 > SKELETON_SLUG_MAX)
		return ns_error_fmt(NS_ERR_INVALID, "date too long: %s", date);
	err = skeleton_slugify(&slug, words, SKELETON_SLUG_MAX - dlen - 1);
	if (err == NULL)
		err = buf_printf(out, "%s-%s", date, slug.ptr);
	buf_dispose(&slug);
	return err;
}

const struct ns_error *
skeleton_record_path(struct buf *out, const char *dir, const char *date,
    const char *id)
{
	return buf_printf(out, "records/%s/%.4s/%s.yaml", dir, date, id);
}

const struct ns_error *
skeleton_config(struct buf *out, const char *federation, const char *name)
{
	struct writer w = { out, NULL };

	w_printf(&w, "# netsync.yaml: vilket förbund som äger detta arkiv och "
	    "vilka andra\n# förbunds arkiv som hämtas (peers).  "
	    "Lägg till ett förbund med\n# `netsync peer add ID URL`.\n");
	w_printf(&w, "federation: %s\nname: ", federation);
	w_scalar(&w, name);
	w_printf(&w, "\n# network: norrland       "
	    "# nätverkets id (frivilligt)\npeers: []\n");
	return w.err;
}

const struct ns_error *
skeleton_profile(struct buf *out, const char *federation, const char *name)
{
	struct writer w = { out, NULL };

	w_printf(&w, "# Förbundets profil.  Fyll gärna i de frivilliga fälten: "
	    "ta bort \"# \"\n# framför dem.  Kontrollera med `netsync "
	    "validate`.\n");
	w_printf(&w, "kind: federation\nid: %s\nfederation: %s\nname: ",
	    federation, federation);
	w_scalar(&w, name);
	w_printf(&w, "\n"
	    "# region: Länet             # län eller region där förbundet "
	    "verkar\n"
	    "# chair: Förnamn Efternamn  # styrelsens ordförande\n"
	    "# contacts:                 # kontaktpersoner, var och en med "
	    "minst ett namn\n"
	    "#   - name: Förnamn Efternamn\n"
	    "#     role: förbundschef\n"
	    "#     email: namn@example.se\n"
	    "# members:                  # medlemsorganisationerna\n"
	    "#   - Kommunens namn\n"
	    "#   - Region\n");
	return w.err;
}

/* 'date' one year later (29 February becomes 28 February). */
static void
next_year(char out[11], const char *date)
{
	char ys[5], tmp[32];
	long y = 0;

	memcpy(ys, date, 4);
	ys[4] = '\0';
	if (parse_long(ys, 0, 9998, &y) == -1)
		y = 2000;
	snprintf(tmp, sizeof(tmp), "%04ld%.6s", y + 1, date + 4);
	if (!date_valid(tmp, 10))
		snprintf(tmp, sizeof(tmp), "%04ld-02-28", y + 1);
	memcpy(out, tmp, 10);
	out[10] = '\0';
}

static void
meeting_optional(struct writer *w, const struct skeleton_meeting *m)
{
	char later[11];

	next_year(later, m->date);
	w_printf(w, "# purpose: Mötets syfte, som det beslutades eller "
	    "annonserades.\n"
	    "# summary: Vad mötet behandlade, kort sammanfattat.\n"
	    "# participants:           # deltagare, var och en med minst "
	    "ett namn\n"
	    "#   - name: Förnamn Efternamn\n"
	    "#     organization: Organisationens namn\n"
	    "# program:                # dagordningen, en punkt i taget\n"
	    "#   - title: Inledning och välkommen\n"
	    "#     speaker: Förnamn Efternamn\n"
	    "# questions:              # frågor att återrapportera vid "
	    "senare möten\n"
	    "#   - id: exempelfraga    # unikt i posten: a-z, siffror och -\n"
	    "#     title: Exempelfråga\n"
	    "#     description: Vad frågan gäller och vad som sades om den.\n"
	    "#     owner: {name: Förnamn Efternamn, federation: %s}\n"
	    "#     due: %s     # när frågan ska återrapporteras\n"
	    "#     status: open        # open, in-progress, done eller "
	    "dropped\n"
	    "# decisions:              # beslut, vart och ett med id och "
	    "text\n"
	    "#   - id: exempelbeslut\n"
	    "#     text: Vad som beslutades.\n"
	    "# next_meeting:           # nästa möte, som det annonserades\n"
	    "#   host: %s\n"
	    "#   location: Ort\n"
	    "#   start: %s\n",
	    m->federation, later, m->federation, later);
}

const struct ns_error *
skeleton_meeting(struct buf *out, const struct skeleton_meeting *m)
{
	struct writer w = { out, NULL };

	w_printf(&w, "# Möte.  Fyll i uppgifterna nedan.  Frivilliga fält står "
	    "bortkommenterade:\n# ta bort \"# \" framför dem du vill använda.  "
	    "Kontrollera sedan med\n# `netsync validate` och spara med "
	    "`git add` och `git commit`.\n");
	w_printf(&w, "kind: meeting\nid: %s\nfederation: %s\ntitle: ",
	    m->id, m->federation);
	w_scalar(&w, m->title);
	w_printf(&w, "\n");
	w_field(&w, 0, "type", m->type, "network-meeting, conference, "
	    "board-meeting, workshop, seminar eller other");
	w_field(&w, 0, "start", m->date, "första dagen, ÅÅÅÅ-MM-DD");
	w_field(&w, 1, "end", m->date, "sista dagen, om mötet pågår "
	    "flera dagar");
	w_printf(&w, "location: ");
	w_scalar(&w, m->location);
	w_printf(&w, "\n");
	w_field(&w, 1, "host", m->federation, "värdförbundets id");
	w_field(&w, 0, "status", "planned", "planned, held eller cancelled");
	meeting_optional(&w, m);
	return w.err;
}

const struct ns_error *
skeleton_followup(struct buf *out, const struct skeleton_followup *f)
{
	struct writer w = { out, NULL };

	w_printf(&w, "# Uppföljning av en fråga från ett möte.  Fyll i "
	    "uppgifterna nedan,\n# kontrollera med `netsync validate` och "
	    "spara med `git add` och `git commit`.\n");
	w_printf(&w, "kind: followup\nid: %s\nfederation: %s\n", f->id,
	    f->federation);
	w_printf(&w, "# Frågan som följs upp, skriven "
	    "<förbund>/<mötets id>#<frågans id>:\n");
	w_printf(&w, "refers_to: %s\n", f->refers_to);
	w_field(&w, 0, "date", f->date, "rapportens datum, ÅÅÅÅ-MM-DD");
	w_field(&w, 0, "status", f->status, "open, in-progress, done eller "
	    "dropped");
	if (f->by) {
		w_printf(&w, "by: ");
		w_scalar(&w, f->by);
		w_printf(&w, "\n");
	} else
		w_field(&w, 1, "by", "Förnamn Efternamn", "vem som "
		    "rapporterar");
	w_printf(&w, "# note: |                 # vad som har gjorts och vad "
	    "som händer härnäst\n"
	    "#   Skriv rapporten här, gärna i flera stycken.\n");
	return w.err;
}

int
skeleton_line_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n > 0 && utf8_valid(s, n) && utf8_length(s, n) <= 300 &&
	    strpbrk(s, "\r\n") == NULL;
}

int
skeleton_meeting_type_valid(const char *s)
{
	static const char *const types[] = {
		"network-meeting", "conference", "board-meeting", "workshop",
		"seminar", "other",
	};
	size_t i;

	for (i = 0; i < nitems(types); i++)
		if (strcmp(s, types[i]) == 0)
			return 1;
	return 0;
}

int
skeleton_question_status_valid(const char *s)
{
	return strcmp(s, "open") == 0 || strcmp(s, "in-progress") == 0 ||
	    strcmp(s, "done") == 0 || strcmp(s, "dropped") == 0;
}

/* 1 if the 'n' bytes at 's' are a slug. */
static int
slug_valid_n(const char *s, size_t n)
{
	char tmp[SKELETON_SLUG_MAX + 1];

	if (n == 0 || n > SKELETON_SLUG_MAX)
		return 0;
	memcpy(tmp, s, n);
	tmp[n] = '\0';
	return slug_valid(tmp);
}

int
skeleton_item_ref_valid(const char *s)
{
	const char *slash = strchr(s, '/'), *hash;

	if (slash == NULL)
		return 0;
	hash = strchr(slash + 1, '#');
	if (hash == NULL)
		return 0;
	return slug_valid_n(s, (size_t)(slash - s)) &&
	    slug_valid_n(slash + 1, (size_t)(hash - slash - 1)) &&
	    slug_valid(hash + 1);
}
