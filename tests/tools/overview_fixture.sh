# tests/tools/overview_fixture.sh: a small Norrland network for the
# overview tests, built with plain git.  Source it, then call
#   ov_fixture DIR
# which makes DIR/jamtland (this repository, with accepted peers
# umea-vannas and lycksele-mala, a configured but never pulled peer
# skelleftea-norsjo, and a peer evil whose only tip was rejected) and
# the peers' own repositories beside it.  Hostile text is planted in
# records so every format's escaping is exercised.

ov_meeting_2014() {
	cat <<'EOF'
kind: meeting
id: 2014-11-06-natverksmote
federation: jamtland
title: Nätverksmöte för Norrlands samordningsförbund
type: network-meeting
start: 2014-11-06
end: 2014-11-07
location: "Östersund; Stora salen, plan 2"
host: jamtland
status: held
purpose: Att vidmakthålla nätverksmötena som en gemensam plattform för samordningsförbunden i Norrland.
summary: |
  Nätverket Norrland träffades i Östersund.

  Alla närvarande förbund gav en bild av sitt läge.
attendance: 24
participants:
  - {name: Gunilla Kaev, role: förbundschef, organization: Samordningsförbundet i Jämtlands län}
  - {name: Mikael Holmlund, organization: Umeå-Vännäs Sf}
program:
  - {title: Välkommen och 20-års tillbakablick, speaker: Harriet Jorderud}
  - {title: Indikatorer för integrerad samverkan, speaker: Jonas Wells}
questions:
  - id: ledarskap-i-samverkan
    title: Ledarskap i samverkan
    description: Ledarskap på linjenivå och hur det påverkar partnerskap.
    owner: {name: Mikael Holmlund, federation: umea-vannas}
    focus: true
    due: 2015-11-05
  - id: norr-natverket
    title: Norr-nätverket som plattform
    owner: {name: Gunilla Kaev, federation: jamtland}
  - id: fordelning-av-medel
    title: Fördelning av medel till samordningsförbunden
    owner: {name: Åke Rönnberg, federation: jamtland}
    due: 2015-11-05
  - id: strategi-och-arbetssatt
    title: Strategi och arbetssätt för samordningsförbund
    owner: {name: Bodil Mattsson, federation: timra-harnosand}
    focus: true
    due: 2015-11-05
  - id: indikatorer
    title: Indikatorer och utvärdering
    owner: {name: Jonas Wells, federation: skelleftea-norsjo}
    status: in-progress
  - id: distansmoten
    title: Bjuda in varandra via distans
    owner: {name: Gunilla Kaev, federation: jamtland}
    status: done
  - id: integration
    title: 'Integration <script>alert("x")</script>, "citat" & mer'
    description: "Rad ett\nRad två; med semikolon, komma och \\ bakstreck"
    owner: {name: "=cmd|' /C calc'!A0", federation: jamtland}
  - id: esf-som-finansiar
    title: ESF som finansiär
    owner: {name: Stellan Berglund, federation: skelleftea-norsjo}
decisions:
  - {id: arligt-mote, text: Det årliga mötet hålls första to–fre i november.}
  - {id: fokusfragor, text: Fråga 1 och 4 är fokusfrågor.}
contributions:
  - {text: Vi måste verka väl tillsammans., by: Deltagare}
next_meeting: {host: lycksele-mala, location: Lycksele, start: 2015-11-05, end: 2015-11-06}
compiled_by: Gunilla Kaev
EOF
}

ov_conference_2015() {
	cat <<'EOF'
kind: meeting
id: 2015-04-16-konferensdag
federation: jamtland
title: Samordning – kittet i välfärdsbygget
type: conference
start: 2015-04-16
location: Östersund
status: held
attendance: 50
next_meeting: {host: jamtland, start: 2016-04-14, location: Östersund}
EOF
}

ov_followup() {	# FED ID REF DATE STATUS NOTE
	cat <<EOF
kind: followup
id: $2
federation: $1
refers_to: $3
date: $4
status: $5
by: Mikael Holmlund
note: $6
EOF
}

ov_commit() {	# DIR MSG
	git -C "$1" add -A && git -C "$1" commit -q -m "$2"
}

ov_fixture() {
	local d=$1 j=$1/jamtland
	mkdir -p "$j/records/meetings/2014" "$j/records/meetings/2015" || return 1
	git init -q -b main "$j" || return 1
	cat > "$j/netsync.yaml" <<'EOF'
federation: jamtland
name: Samordningsförbundet i Jämtlands län
network: norrland
peers:
  - {id: umea-vannas, url: ../umea-vannas}
  - {id: lycksele-mala, url: ../lycksele-mala}
  - {id: skelleftea-norsjo, url: ../skelleftea-norsjo}
  - {id: evil, url: ../evil}
EOF
	cat > "$j/records/jamtland.yaml" <<'EOF'
kind: federation
id: jamtland
federation: jamtland
name: Samordningsförbundet i Jämtlands län
region: Jämtland
chair: {name: Ann-Marie Johansson, role: ordförande}
contacts: [{name: Gunilla Kaev, role: förbundschef, email: gunilla@example.org}]
members: [Region Jämtland Härjedalen, Östersunds kommun]
EOF
	ov_meeting_2014 > "$j/records/meetings/2014/2014-11-06-natverksmote.yaml"
	ov_conference_2015 > "$j/records/meetings/2015/2015-04-16-konferensdag.yaml"
	echo 'kind: [unclosed' > "$j/records/broken.yaml"
	echo 'not a record' > "$j/records/readme.txt"
	# not mode 100644 blobs: never records
	printf 'kind: meeting\nid: exec\nfederation: jamtland\ntitle: EXECUTABLE-RECORD\ntype: other\nstart: 2015-01-01\n' \
	    > "$j/records/exec.yaml" && chmod +x "$j/records/exec.yaml"
	ln -s ../netsync.yaml "$j/records/link.yaml"
	GIT_COMMITTER_DATE="2015-10-01T10:00:00Z" ov_commit "$j" "records"
	# work-tree only: must never show
	echo 'title: UNCOMMITTED' > "$j/records/uncommitted.yaml"

	# umea-vannas: a follow-up on a jamtland question, and a broken one
	local u=$d/umea-vannas
	mkdir -p "$u/records/followups" && git init -q -b main "$u"
	printf 'federation: umea-vannas\nname: Samordningsförbundet Umeå-Vännäs\n' > "$u/netsync.yaml"
	printf 'kind: federation\nid: umea-vannas\nfederation: umea-vannas\nname: Samordningsförbundet Umeå-Vännäs\nregion: Västerbotten\n' \
	    > "$u/records/umea-vannas.yaml"
	ov_followup umea-vannas 2015-03-01-ledarskap \
	    jamtland/2014-11-06-natverksmote#ledarskap-i-samverkan 2015-03-01 open \
	    'Planering påbörjad.' > "$u/records/followups/2015-03-01-ledarskap.yaml"
	ov_followup umea-vannas 2015-10-15-ledarskap \
	    jamtland/2014-11-06-natverksmote#ledarskap-i-samverkan 2015-10-15 in-progress \
	    'Webbaserad kortutbildning tas fram med NNS.' > "$u/records/followups/2015-10-15-ledarskap.yaml"
	ov_followup umea-vannas 2015-10-16-trasig \
	    jamtland/2014-11-06-natverksmote#finns-inte 2015-10-16 done \
	    'Hänvisar fel.' > "$u/records/followups/2015-10-16-trasig.yaml"
	ov_commit "$u" "followups"

	# lycksele-mala: the planned 2015 network meeting, and a follow-up
	local l=$d/lycksele-mala
	mkdir -p "$l/records/meetings" && git init -q -b main "$l"
	printf 'federation: lycksele-mala\nname: Samordningsförbundet Lycksele-Malå\n' > "$l/netsync.yaml"
	cat > "$l/records/meetings/2015-11-05-natverksmote.yaml" <<'EOF'
kind: meeting
id: 2015-11-05-natverksmote
federation: lycksele-mala
title: Nätverksmöte 2015 i Lycksele
type: network-meeting
start: 2015-11-05
end: 2015-11-06
location: Lycksele
host: lycksele-mala
status: planned
EOF
	cat > "$l/records/meetings/2015-09-01-styrelse.yaml" <<'EOF'
kind: meeting
id: 2015-09-01-styrelse
federation: lycksele-mala
title: Styrelsemöte (inställt)
type: board-meeting
start: 2015-09-01
status: cancelled
EOF
	ov_followup lycksele-mala 2015-10-20-strategi \
	    jamtland/2014-11-06-natverksmote#strategi-och-arbetssatt 2015-10-20 done \
	    'Workshop genomförd.' > "$l/records/2015-10-20-strategi.yaml"
	ov_commit "$l" "meetings"

	# evil: its tip is rejected; nothing of it may show
	local e=$d/evil
	mkdir -p "$e/records" && git init -q -b main "$e"
	printf 'federation: evil\n' > "$e/netsync.yaml"
	printf 'kind: meeting\nid: rejected-secret\nfederation: evil\ntitle: REJECTED-SECRET\ntype: other\nstart: 2015-12-01\n' \
	    > "$e/records/rejected-secret.yaml"
	ov_commit "$e" "evil"

	local p oid
	for p in umea-vannas lycksele-mala; do
		git -C "$j" fetch -q "../$p" main || return 1
		oid=$(git -C "$j" rev-parse FETCH_HEAD)
		GIT_COMMITTER_DATE="2015-10-30T12:00:00Z" git -C "$j" \
		    -c core.logAllRefUpdates=always update-ref -m pull \
		    "refs/netsync/peers/$p" "$oid" || return 1
	done
	git -C "$j" fetch -q ../evil main || return 1
	git -C "$j" update-ref refs/netsync/rejected/evil FETCH_HEAD
}
