/*
 * i18n.h: netsync's own message tables for the overview (Swedish and
 * English).  Never setlocale(): the language is a parameter, so output
 * does not depend on the environment.
 */
#ifndef NS_I18N_H
#define NS_I18N_H

enum i18n_lang {
	I18N_SV,
	I18N_EN,
};

enum i18n_msg {
	MSG_SKIP,
	MSG_OVERVIEW,
	MSG_NETWORK_OVERVIEW,
	MSG_NETWORK,
	MSG_MEETINGS,
	MSG_ALL_MEETINGS,
	MSG_FEDERATIONS,
	MSG_FEDERATION,
	MSG_MAIN_MENU,
	MSG_BREADCRUMB,
	MSG_AS_OF,
	MSG_COMPILED_FROM,
	MSG_FEDERATIONS_LC,
	MSG_MEETINGS_LC,
	MSG_QUESTIONS_LC,
	MSG_UPCOMING,
	MSG_NO_UPCOMING,
	MSG_ANNOUNCED,
	MSG_ANNOUNCED_BY,
	MSG_OPEN_QUESTIONS,
	MSG_NO_OPEN_QUESTIONS,
	MSG_BY_OWNER,
	MSG_FOCUS_QUESTIONS,
	MSG_NO_FOCUS,
	MSG_FOCUS_QUESTION,
	MSG_LATEST_DECISIONS,
	MSG_NO_DECISIONS,
	MSG_QUESTION,
	MSG_QUESTIONS,
	MSG_MEETING,
	MSG_OWNER,
	MSG_NO_OWNER,
	MSG_DUE,
	MSG_DUE_SHORT,
	MSG_STATUS,
	MSG_CURRENT_STATUS,
	MSG_OWN_STATUS,
	MSG_LATEST_FOLLOWUP,
	MSG_FOLLOWUPS,
	MSG_NO_FOLLOWUPS,
	MSG_NAME,
	MSG_REGION,
	MSG_RECORDS,
	MSG_LAST_PULLED,
	MSG_LAST_COMMIT,
	MSG_LAST_UPDATED,
	MSG_SHORT_NAME,
	MSG_THIS_FEDERATION,
	MSG_NEVER_PULLED,
	MSG_UNKNOWN,
	MSG_DATE,
	MSG_LOCATION,
	MSG_HOST,
	MSG_TYPE,
	MSG_ORGANIZED_BY,
	MSG_ATTENDANCE,
	MSG_COMPILED_BY,
	MSG_PURPOSE,
	MSG_SUMMARY,
	MSG_PROGRAM,
	MSG_ITEM,
	MSG_SPEAKER,
	MSG_NOTES,
	MSG_ORGANIZERS,
	MSG_PARTICIPANTS,
	MSG_ROLE,
	MSG_ORGANIZATION,
	MSG_CONTRIBUTIONS,
	MSG_DECISIONS,
	MSG_NEXT_MEETING,
	MSG_TAGS,
	MSG_DESCRIPTION,
	MSG_CHAIR,
	MSG_CONTACTS,
	MSG_EMAIL,
	MSG_MEMBERS,
	MSG_SOURCE,
	MSG_OWNED_QUESTIONS,
	MSG_REPORTED_HERE,
	MSG_FOLLOWUPS_BY,
	MSG_BY,
	MSG_WARNINGS,
	MSG_WARNINGS_LEAD,
	MSG_NO_MEETINGS,
	MSG_AT_TIME,
	MSG_GENERATED_BY,
	MSG_YEAR,
	MSG_CANCELLED_NOTE,
	MSG_NO_DUE,
	MSG_SEE_MEETING,
	MSG__COUNT,
};

/* "sv" or "en" to a language; -1 for anything else. */
int i18n_lang_parse(const char *s);

/* The BCP 47 tag of a language: "sv" or "en". */
const char *i18n_lang_tag(enum i18n_lang lang);

/* The text of a message (static storage).  This function can't fail. */
const char *i18n(enum i18n_lang lang, enum i18n_msg msg);

/* The name of month 1..12 in lower case for sv, capitalised for en. */
const char *i18n_month(enum i18n_lang lang, int month);

/*
 * A label for a question status, a meeting status or a meeting type
 * (open, in-progress, done, dropped; planned, held, cancelled;
 * network-meeting, conference, ...).  Unknown values are returned as
 * they are; NULL gives NULL.
 */
const char *i18n_status(enum i18n_lang lang, const char *status);
const char *i18n_meeting_status(enum i18n_lang lang, const char *status);
const char *i18n_meeting_type(enum i18n_lang lang, const char *type);

#endif
