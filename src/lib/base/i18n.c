/*
 * i18n.c: the message tables.  Each row is { Swedish, English }, in the
 * order of enum i18n_msg.
 */
#include <stddef.h>
#include <string.h>

#include "base/i18n.h"
#include "base/util.h"

static const char *const messages[MSG__COUNT][2] = {
	[MSG_SKIP] = { "Hoppa till innehållet",
	    "Skip to content" },
	[MSG_OVERVIEW] = { "Översikt",
	    "Overview" },
	[MSG_NETWORK_OVERVIEW] = { "Nätverksöversikt",
	    "Network overview" },
	[MSG_NETWORK] = { "Nätverket",
	    "network" },
	[MSG_MEETINGS] = { "Möten",
	    "Meetings" },
	[MSG_ALL_MEETINGS] = { "Alla möten",
	    "All meetings" },
	[MSG_FEDERATIONS] = { "Förbund",
	    "Federations" },
	[MSG_FEDERATION] = { "Förbund",
	    "Federation" },
	[MSG_MAIN_MENU] = { "Huvudmeny",
	    "Main menu" },
	[MSG_BREADCRUMB] = { "Du är här",
	    "You are here" },
	[MSG_AS_OF] = { "Läget per",
	    "Status as of" },
	[MSG_COMPILED_FROM] = { "Sammanställt från",
	    "Compiled from" },
	[MSG_FEDERATIONS_LC] = { "förbund",
	    "federations" },
	[MSG_MEETINGS_LC] = { "möten",
	    "meetings" },
	[MSG_QUESTIONS_LC] = { "frågor",
	    "questions" },
	[MSG_UPCOMING] = { "Kommande möten",
	    "Upcoming meetings" },
	[MSG_NO_UPCOMING] = { "Inga kommande möten är inlagda.",
	    "No upcoming meetings are recorded." },
	[MSG_ANNOUNCED] = { "Aviserat",
	    "Announced" },
	[MSG_ANNOUNCED_BY] = { "aviserat vid",
	    "announced at" },
	[MSG_OPEN_QUESTIONS] = { "Öppna frågor",
	    "Open questions" },
	[MSG_NO_OPEN_QUESTIONS] = { "Inga öppna frågor.",
	    "No open questions." },
	[MSG_BY_OWNER] = { "per ansvarig och datum för återrapportering",
	    "by owner and report-back date" },
	[MSG_FOCUS_QUESTIONS] = { "Fokusfrågor",
	    "Focus questions" },
	[MSG_NO_FOCUS] = { "Inga fokusfrågor.",
	    "No focus questions." },
	[MSG_FOCUS_QUESTION] = { "Fokusfråga",
	    "Focus question" },
	[MSG_LATEST_DECISIONS] = { "Senaste beslut",
	    "Latest decisions" },
	[MSG_NO_DECISIONS] = { "Inga beslut.",
	    "No decisions." },
	[MSG_QUESTION] = { "Fråga",
	    "Question" },
	[MSG_QUESTIONS] = { "Frågor",
	    "Questions" },
	[MSG_MEETING] = { "Möte",
	    "Meeting" },
	[MSG_OWNER] = { "Ansvarig",
	    "Owner" },
	[MSG_NO_OWNER] = { "Utan ansvarig",
	    "No owner" },
	[MSG_DUE] = { "Återrapportering",
	    "Report back" },
	[MSG_DUE_SHORT] = { "Återrapport",
	    "Report back" },
	[MSG_STATUS] = { "Status",
	    "Status" },
	[MSG_CURRENT_STATUS] = { "Aktuell status",
	    "Current status" },
	[MSG_OWN_STATUS] = { "Status vid mötet",
	    "Status at the meeting" },
	[MSG_LATEST_FOLLOWUP] = { "Senaste uppföljning",
	    "Latest follow-up" },
	[MSG_FOLLOWUPS] = { "Uppföljningar",
	    "Follow-ups" },
	[MSG_NO_FOLLOWUPS] = { "Inga uppföljningar ännu.",
	    "No follow-ups yet." },
	[MSG_NAME] = { "Namn",
	    "Name" },
	[MSG_REGION] = { "Region",
	    "Region" },
	[MSG_RECORDS] = { "Poster",
	    "Records" },
	[MSG_LAST_PULLED] = { "Senast hämtad",
	    "Last pulled" },
	[MSG_LAST_UPDATED] = { "Senast uppdaterad",
	    "Last updated" },
	[MSG_SHORT_NAME] = { "Kortnamn",
	    "Short name" },
	[MSG_LAST_COMMIT] = { "senaste incheckning",
	    "last commit" },
	[MSG_THIS_FEDERATION] = { "detta förbund",
	    "this federation" },
	[MSG_NEVER_PULLED] = { "aldrig hämtad",
	    "never pulled" },
	[MSG_UNKNOWN] = { "okänt",
	    "unknown" },
	[MSG_DATE] = { "Datum",
	    "Date" },
	[MSG_LOCATION] = { "Plats",
	    "Location" },
	[MSG_HOST] = { "Värd",
	    "Host" },
	[MSG_TYPE] = { "Typ",
	    "Type" },
	[MSG_ORGANIZED_BY] = { "Dokumenterat av",
	    "Recorded by" },
	[MSG_ATTENDANCE] = { "Antal deltagare",
	    "Attendance" },
	[MSG_COMPILED_BY] = { "Sammanställt av",
	    "Compiled by" },
	[MSG_PURPOSE] = { "Syfte",
	    "Purpose" },
	[MSG_SUMMARY] = { "Sammanfattning",
	    "Summary" },
	[MSG_PROGRAM] = { "Program",
	    "Programme" },
	[MSG_ITEM] = { "Punkt",
	    "Item" },
	[MSG_SPEAKER] = { "Medverkande",
	    "Speaker" },
	[MSG_NOTES] = { "Anteckningar",
	    "Notes" },
	[MSG_ORGANIZERS] = { "Arrangörer",
	    "Organizers" },
	[MSG_PARTICIPANTS] = { "Deltagare",
	    "Participants" },
	[MSG_ROLE] = { "Roll",
	    "Role" },
	[MSG_ORGANIZATION] = { "Organisation",
	    "Organization" },
	[MSG_CONTRIBUTIONS] = { "Inspel under dagen",
	    "Contributions" },
	[MSG_DECISIONS] = { "Beslut",
	    "Decisions" },
	[MSG_NEXT_MEETING] = { "Nästa möte",
	    "Next meeting" },
	[MSG_TAGS] = { "Taggar",
	    "Tags" },
	[MSG_DESCRIPTION] = { "Beskrivning",
	    "Description" },
	[MSG_CHAIR] = { "Ordförande",
	    "Chair" },
	[MSG_CONTACTS] = { "Kontakter",
	    "Contacts" },
	[MSG_EMAIL] = { "E-post",
	    "E-mail" },
	[MSG_MEMBERS] = { "Medlemmar",
	    "Members" },
	[MSG_SOURCE] = { "Källa",
	    "Source" },
	[MSG_REPORTED_HERE] = { "Återrapporteras vid mötet",
	    "To be reported back at this meeting" },
	[MSG_OWNED_QUESTIONS] = { "Frågor som förbundet ansvarar för",
	    "Questions this federation owns" },
	[MSG_FOLLOWUPS_BY] = { "Uppföljningar från förbundet",
	    "Follow-ups by this federation" },
	[MSG_BY] = { "Av",
	    "By" },
	[MSG_WARNINGS] = { "Varningar",
	    "Warnings" },
	[MSG_WARNINGS_LEAD] = { "Följande poster kunde inte tas med eller "
	    "hänvisar till något som saknas.",
	    "These records could not be included or refer to something "
	    "missing." },
	[MSG_NO_MEETINGS] = { "Inga möten.",
	    "No meetings." },
	[MSG_AT_TIME] = { "kl.",
	    "at" },
	[MSG_GENERATED_BY] = { "Skapad med netsync från incheckade poster "
	    "och hämtade förbund.",
	    "Made with netsync from committed records and pulled "
	    "federations." },
	[MSG_YEAR] = { "År",
	    "Year" },
	[MSG_CANCELLED_NOTE] = { "Mötet är inställt.",
	    "The meeting is cancelled." },
	[MSG_NO_DUE] = { "utan datum",
	    "no date" },
	[MSG_SEE_MEETING] = { "Se mötet",
	    "See the meeting" },
};

static const char *const months[12][2] = {
	{ "januari", "January" }, { "februari", "February" },
	{ "mars", "March" }, { "april", "April" }, { "maj", "May" },
	{ "juni", "June" }, { "juli", "July" }, { "augusti", "August" },
	{ "september", "September" }, { "oktober", "October" },
	{ "november", "November" }, { "december", "December" },
};

struct label {
	const char	*key;
	const char	*text[2];
};

static const struct label statuses[] = {
	{ "open", { "Öppen", "Open" } },
	{ "in-progress", { "Pågår", "In progress" } },
	{ "done", { "Klar", "Done" } },
	{ "dropped", { "Avskriven", "Dropped" } },
};

static const struct label meeting_statuses[] = {
	{ "planned", { "Planerat", "Planned" } },
	{ "held", { "Genomfört", "Held" } },
	{ "cancelled", { "Inställt", "Cancelled" } },
};

static const struct label types[] = {
	{ "network-meeting", { "Nätverksmöte", "Network meeting" } },
	{ "conference", { "Konferens", "Conference" } },
	{ "board-meeting", { "Styrelsemöte", "Board meeting" } },
	{ "workshop", { "Workshop", "Workshop" } },
	{ "seminar", { "Seminarium", "Seminar" } },
	{ "other", { "Övrigt", "Other" } },
};

int
i18n_lang_parse(const char *s)
{
	if (s && strcmp(s, "sv") == 0)
		return I18N_SV;
	if (s && strcmp(s, "en") == 0)
		return I18N_EN;
	return -1;
}

const char *
i18n_lang_tag(enum i18n_lang lang)
{
	return lang == I18N_EN ? "en" : "sv";
}

const char *
i18n(enum i18n_lang lang, enum i18n_msg msg)
{
	if ((unsigned)msg >= MSG__COUNT)
		return "";
	return messages[msg][lang == I18N_EN];
}

const char *
i18n_month(enum i18n_lang lang, int month)
{
	if (month < 1 || month > 12)
		return "";
	return months[month - 1][lang == I18N_EN];
}

static const char *
lookup(const struct label *t, size_t n, enum i18n_lang lang, const char *key)
{
	size_t i;

	if (key == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		if (strcmp(t[i].key, key) == 0)
			return t[i].text[lang == I18N_EN];
	return key;
}

const char *
i18n_status(enum i18n_lang lang, const char *status)
{
	return lookup(statuses, nitems(statuses), lang, status);
}

const char *
i18n_meeting_status(enum i18n_lang lang, const char *status)
{
	return lookup(meeting_statuses, nitems(meeting_statuses), lang,
	    status);
}

const char *
i18n_meeting_type(enum i18n_lang lang, const char *type)
{
	return lookup(types, nitems(types), lang, type);
}
