/*
 * gen.c: a deterministic synthetic federation repository for benchmarks.
 *
 *   gen FED-INDEX NRECORDS [NFEDS [PEERS-DIR]] | git fast-import --quiet
 *
 * writes a `git fast-import` stream of one commit on refs/heads/main that
 * holds netsync.yaml, the federation profile records/<fed>.yaml and
 * NRECORDS records (about 70% meetings with questions, decisions,
 * participants and contributions, 30% follow-ups), each 1.5-3 KB of
 * Swedish text, valid against the schemas in schema/.  Record i is a
 * meeting m-<i> when i % 10 < 7, else a follow-up f-<i> of question
 * fraga-1 of some meeting of one of the NFEDS (20) federations, so every
 * reference resolves in a network of NFEDS federations with as many
 * records.  With PEERS-DIR, netsync.yaml lists every federation
 * 0..NFEDS-1 but this one as a peer at PEERS-DIR/<id>.  `gen -n I` prints
 * the id of federation I.
 *
 * The same arguments always give the same bytes (xorshift PRNG seeded by
 * the arguments), so runs compare.  No libnetsync: this must not share the
 * bugs it measures.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define nitems(a) (sizeof(a) / sizeof((a)[0]))

static const char *const fed_names[] = {
	"jamtland", "umea-vannas", "lycksele-mala", "skelleftea-norsjo",
	"sundsvall", "timra-harnosand", "gavleborg", "kramfors",
	"ornskoldsvik", "solleftea", "pitea", "lulea", "boden", "kalix",
	"haparanda", "gellivare", "kiruna", "arvidsjaur", "vilhelmina",
	"storuman",
};

static const char *const words[] = {
	"samverkan", "samordning", "förbundet", "medborgare", "välfärden",
	"arbetsförmedlingen", "försäkringskassan", "kommunen", "regionen",
	"insatser", "rehabilitering", "arbetsmarknaden", "unga", "vuxna",
	"stöd", "behov", "resurser", "utveckling", "uppföljning", "ledarskap",
	"styrelsen", "nätverket", "erfarenheter", "kunskap", "inspiration",
	"strukturella", "frågor", "politiken", "tjänstemän", "politiker",
	"projekt", "metoder", "utvärdering", "finansiering", "gemensamma",
	"mål", "långsiktigt", "hållbart", "lokalt", "perspektiv", "länet",
	"helhet", "samsyn", "förutsättningar", "verksamheten", "dialog",
	"kartläggning", "psykisk", "ohälsa", "sysselsättning", "studier",
	"praktik", "handledning", "coachning", "individen", "myndigheter",
	"gränsöverskridande", "arbetssätt", "kompetens", "förankring",
	"återrapportering", "budget", "verksamhetsplan", "årsredovisning",
	"beslut", "förslag", "remiss", "seminarium", "konferens", "möte",
	"vi", "och", "att", "för", "med", "som", "det", "är", "på", "till",
	"i", "av", "om", "har", "kan", "ska", "behöver", "vill", "måste",
};

static const char *const given[] = {
	"Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Johan",
	"Sara", "Per", "Ingrid", "Mikael", "Gunilla", "Ola", "Kristina",
	"Magnus", "Åsa", "Björn", "Elin", "Göran", "Malin", "Håkan",
};

static const char *const family[] = {
	"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson",
	"Larsson", "Olsson", "Persson", "Svensson", "Gustafsson",
	"Holmlund", "Kaev", "Öberg", "Lindström", "Sjödin", "Höglund",
	"Näslund", "Berglund", "Wikström", "Åström",
};

static const char *const roles[] = {
	"förbundschef", "ordförande", "vice ordförande", "processledare",
	"ekonom", "utvecklingsledare", "handläggare", "samordnare",
};

static const char *const orgs[] = {
	"Arbetsförmedlingen", "Försäkringskassan", "Region Jämtland Härjedalen",
	"Umeå kommun", "Östersunds kommun", "Region Västerbotten",
	"Skellefteå kommun", "Nationella rådet",
};

static const char *const places[] = {
	"Östersund", "Umeå", "Lycksele", "Skellefteå", "Sundsvall", "Härnösand",
	"Gävle", "Luleå", "Piteå", "Kiruna", "Åre", "Örnsköldsvik",
};

static const char *const mtypes[] = {
	"network-meeting", "conference", "board-meeting", "workshop",
	"seminar",
};

static const char *const qstatus[] = { "open", "in-progress", "done",
	"dropped" };

static uint64_t rng;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)((rng >> 11) % n);
}

#define PICK(a) ((a)[rnd(nitems(a))])

/* One growing text; a record is a few KB. */
struct text {
	char	*p;
	size_t	 len;
	size_t	 cap;
};

static void
put(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (;;) {
		va_start(ap, fmt);
		n = vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
		if (n < 0)
			abort();
		if ((size_t)n < t->cap - t->len)
			break;
		t->cap = t->cap * 2 + (size_t)n + 64;
		t->p = realloc(t->p, t->cap);
		if (t->p == NULL)
			abort();
	}
	t->len += (size_t)n;
}

static char fed_id_buf[32];

static const char *
fed_id(unsigned i)
{
	if (i < nitems(fed_names))
		return fed_names[i];
	snprintf(fed_id_buf, sizeof(fed_id_buf), "forbund-%03u", i);
	return fed_id_buf;
}

/* 'n' words as a sentence: capital first letter (ASCII words only). */
static void
sentence(struct text *t, unsigned n)
{
	const char *w;
	unsigned i;

	for (i = 0; i < n; i++) {
		w = PICK(words);
		if (i == 0 && w[0] >= 'a' && w[0] <= 'z')
			put(t, "%c%s", w[0] - 'a' + 'A', w + 1);
		else
			put(t, "%s%s", i ? " " : "", w);
		if (i + 1 < n && rnd(9) == 0)
			put(t, ",");
	}
	put(t, ".");
}

/* A block scalar of about 'chars' characters, indented by 'ind'. */
static void
block(struct text *t, const char *key, unsigned ind, unsigned chars)
{
	size_t start;

	put(t, "%s: |\n%*s", key, (int)ind, "");
	start = t->len;
	for (;;) {
		sentence(t, 6 + rnd(10));
		if (t->len - start >= chars)
			break;
		if (rnd(3) == 0)
			put(t, "\n%*s", (int)ind, "");
		else
			put(t, " ");
	}
	put(t, "\n");
}

static void
person(struct text *t, const char *lead, unsigned ind, unsigned nfeds)
{
	put(t, "%sname: %s %s\n", lead, PICK(given), PICK(family));
	if (rnd(2))
		put(t, "%*srole: %s\n", (int)ind, "", PICK(roles));
	if (rnd(2))
		put(t, "%*sorganization: %s\n", (int)ind, "", PICK(orgs));
	else
		put(t, "%*sfederation: %s\n", (int)ind, "",
		    fed_id(rnd(nfeds)));
}

static void
date(char *out, size_t size, unsigned year)
{
	snprintf(out, size, "%u-%02u-%02u", year, 1 + rnd(12), 1 + rnd(28));
}

static void
meeting_lists(struct text *t, unsigned nfeds)
{
	unsigned i, n;

	put(t, "participants:\n");
	for (i = 0, n = 3 + rnd(5); i < n; i++)
		person(t, "  - ", 4, nfeds);
	put(t, "program:\n");
	for (i = 0, n = 2 + rnd(3); i < n; i++) {
		put(t, "  - title: ");
		sentence(t, 3 + rnd(4));
		put(t, "\n    speaker: %s %s\n", PICK(given), PICK(family));
	}
	put(t, "decisions:\n");
	for (i = 0, n = 1 + rnd(3); i < n; i++) {
		put(t, "  - id: beslut-%u\n    text: ", i + 1);
		sentence(t, 8 + rnd(12));
		put(t, "\n");
	}
	put(t, "contributions:\n");
	for (i = 0, n = 1 + rnd(2); i < n; i++) {
		put(t, "  - ");
		block(t, "text", 6, 80 + rnd(120));
		put(t, "    by: %s %s\n", PICK(given), PICK(family));
	}
}

static void
meeting(struct text *t, const char *fed, const char *id, const char *start,
    unsigned year, unsigned nfeds)
{
	char due[16];
	unsigned i, n;

	put(t, "kind: meeting\nid: %s\nfederation: %s\ntitle: ", id, fed);
	sentence(t, 3 + rnd(5));
	put(t, "\ntype: %s\nstart: %s\nlocation: %s\nhost: %s\n"
	    "status: held\nattendance: %u\n", PICK(mtypes), start,
	    PICK(places), fed, 10 + rnd(80));
	block(t, "purpose", 2, 60 + rnd(100));
	block(t, "summary", 2, 80 + rnd(160));
	put(t, "organizers:\n");
	person(t, "  - ", 4, nfeds);
	meeting_lists(t, nfeds);
	put(t, "questions:\n");
	for (i = 0, n = 1 + rnd(3); i < n; i++) {
		date(due, sizeof(due), year + 1);
		put(t, "  - id: fraga-%u\n    title: ", i + 1);
		sentence(t, 3 + rnd(4));
		put(t, "\n    ");
		block(t, "description", 6, 40 + rnd(100));
		put(t, "    owner:\n");
		person(t, "      ", 6, nfeds);
		put(t, "    focus: %s\n    due: %s\n    status: %s\n",
		    rnd(4) ? "false" : "true", due, PICK(qstatus));
	}
	put(t, "next_meeting:\n  host: %s\n  location: %s\n  start: "
	    "%u-11-05\n", fed_id(rnd(nfeds)), PICK(places), year + 1);
	put(t, "compiled_by: %s %s\ntags: [samverkan, år-%u]\n", PICK(given),
	    PICK(family), year);
}

static void
followup(struct text *t, const char *fed, const char *id, const char *date_s,
    unsigned nfeds, unsigned nrec)
{
	unsigned k = rnd(nrec);

	k -= k % 10 < 7 ? 0 : k % 10 - 6;	/* a meeting's index */
	put(t, "kind: followup\nid: %s\nfederation: %s\n", id, fed);
	put(t, "refers_to: %s/m-%05u#fraga-1\ndate: %s\nstatus: %s\n"
	    "by: %s %s\n", fed_id(rnd(nfeds)), k, date_s,
	    PICK(qstatus), PICK(given), PICK(family));
	block(t, "note", 2, 1000 + rnd(1000));
}

static void
profile(struct text *t, const char *fed)
{
	unsigned i;

	put(t, "kind: federation\nid: %s\nfederation: %s\n"
	    "name: Samordningsförbundet %s\nregion: Norrland\nchair: %s %s\n"
	    "contacts:\n", fed, fed, fed, PICK(given), PICK(family));
	for (i = 0; i < 3; i++)
		put(t, "  - name: %s %s\n    role: %s\n    email: "
		    "kontakt%u@%s.example.se\n", PICK(given), PICK(family),
		    PICK(roles), i, fed);
	put(t, "members:\n");
	for (i = 0; i < nitems(orgs); i++)
		put(t, "  - %s\n", orgs[i]);
	block(t, "description", 2, 600);
}

static void
emit(const char *path, const struct text *t)
{
	printf("M 100644 inline %s\ndata %zu\n", path, t->len);
	fwrite(t->p, 1, t->len, stdout);
	printf("\n");
}

static void
config(struct text *t, unsigned fi, const char *peers, unsigned nfeds)
{
	unsigned i;

	put(t, "federation: %s\nname: Samordningsförbundet %s\n"
	    "network: norrland\n", fed_id(fi), fed_id(fi));
	if (peers == NULL)
		return;
	put(t, "peers:\n");
	for (i = 0; i < nfeds; i++)
		if (i != fi) {
			put(t, "  - id: %s\n", fed_id(i));
			put(t, "    url: %s/%s\n", peers, fed_id(i));
		}
}

static void
records(struct text *t, const char *fed, unsigned nrec, unsigned nfeds)
{
	char path[128], id[64], d[16];
	unsigned i, year;

	for (i = 0; i < nrec; i++) {
		t->len = 0;
		year = 2008 + rnd(18);
		date(d, sizeof(d), year);
		if (i % 10 < 7) {
			snprintf(id, sizeof(id), "m-%05u", i);
			snprintf(path, sizeof(path),
			    "records/meetings/%u/%s.yaml", year, id);
			meeting(t, fed, id, d, year, nfeds);
		} else {
			snprintf(id, sizeof(id), "f-%05u", i);
			snprintf(path, sizeof(path),
			    "records/followups/%u/%s.yaml", year, id);
			followup(t, fed, id, d, nfeds, nrec);
		}
		emit(path, t);
	}
}

int
main(int argc, char *argv[])
{
	struct text t = { NULL, 0, 0 };
	const char *peers = NULL;
	char fed[32];
	unsigned fi, nrec, nfeds = 20;
	char path[128];

	if (argc == 3 && strcmp(argv[1], "-n") == 0) {
		printf("%s\n", fed_id((unsigned)strtoul(argv[2], NULL, 10)));
		return 0;
	}
	if (argc < 3 || argc > 5) {
		fprintf(stderr, "usage: gen FED-INDEX NRECORDS [NFEDS "
		    "[PEERS-DIR]] | git fast-import\n       gen -n FED-INDEX\n");
		return 2;
	}
	fi = (unsigned)strtoul(argv[1], NULL, 10);
	nrec = (unsigned)strtoul(argv[2], NULL, 10);
	if (argc >= 4)
		nfeds = (unsigned)strtoul(argv[3], NULL, 10);
	if (argc == 5)
		peers = argv[4];
	rng = 0x9e3779b97f4a7c15ull ^ ((uint64_t)fi << 32) ^ nrec;
	snprintf(fed, sizeof(fed), "%s", fed_id(fi));
	printf("commit refs/heads/main\n"
	    "author Bench <bench@example.org> 1400000000 +0000\n"
	    "committer Bench <bench@example.org> 1400000000 +0000\n"
	    "data 9\nbenchmark\n");
	config(&t, fi, peers, nfeds);
	emit("netsync.yaml", &t);
	t.len = 0;
	profile(&t, fed);
	snprintf(path, sizeof(path), "records/%s.yaml", fed);
	emit(path, &t);
	records(&t, fed, nrec, nfeds);
	printf("\n");
	free(t.p);
	return ferror(stdout) ? 1 : 0;
}
