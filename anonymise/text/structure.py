"""A transcript's structure, parsed once: speaker labels, header fields, timestamps and cues.

Transcripts carry identifiers in their layout as much as in their speech: a focus group's
first names stand before every turn ("Jordan:", "JORDAN -", "**Jordan**:", "[Jordan]"),
initials label interviews ("RK:", "[EHP]"), and a header block names the interviewer,
the transcriber and the participants ("Interviewer: P.D.", "Facilitators: Priya (lead), HM
(notes)"). The layout also holds things that look like identifiers and are not: timestamps,
subtitle cue timings ("00:07:41.120 --> 00:07:44.960") and cue numbers.

`parse(text)` finds them, with pure rules:

- a speaker label is the short run of words that opens a line before ":", " -", a tab, "]"
  or a subtitle voice tag; it is a role ("Interviewer", "Mum", "INT"), a research code
  ("P4", "SW3", "SPEAKER_00", "Speaker 2") or, otherwise, a name. A label that is a name is a
  name everywhere in the file;
- a header field is a line "Key: value" whose key names people (interviewer, participant,
  facilitators, transcriber, from, to...): the names in its value are names;
- layout is every timestamp, cue timing line and cue number: nothing inside it is an identifier.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from anonymise.text.lexicon import cue, fold

ROLES = cue("speaker_roles")                 # "interviewer", "mum", "int", "yp"...


def _spaced(words) -> frozenset[str]:
    return frozenset(w.replace("_", " ") for w in words)


NAME_KEYS = _spaced(cue("header_name_keys"))     # "interviewer", "facilitators", "transcriber", "from"...
# Words of a meeting tool's account or device label ("YJ-LDN Study", "Youth Hub Laptop 2",
# "Chance's iPhone"): such a label names a person only as the device's owner.
ACCOUNT_WORDS = cue("account_label_words")
_DEVICE_LABEL = re.compile(rf"(?P<owner>[^\W\d_][\w'’-]*?)['’]s\s+(?i:{'|'.join(sorted(ACCOUNT_WORDS))})(?:\s+\d+)?$")
RESEARCH_TEAM_KEYS = _spaced(cue("research_team_keys"))   # "interviewer", "transcriber": one of the team
_TEAM_INITIALS = re.compile(r"(?:[A-Z]\.?){2,4}")
PERSON_KEYS = _spaced(cue("person_field_keys"))  # "known as", "first name": the value is a name, whatever it is
SENDER_KEYS = frozenset({"from", "sent by", "author"})
FIELDS = cue("header_fields")                # "date", "venue", "conventions": fields naming nobody
HONORIFICS = cue("honorifics")
NOT_NAMES = cue("not_names") | cue("pronouns")
GENERIC = cue("generic_name_words")

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?"
_STAMP = rf"[\[(]?{_TIME}[\])]?"
# A label: up to four words of letters (initials with dots, apostrophes and hyphens allowed).
_WORDS = r"[^\W\d_][\w.'’-]*(?:[ ][^\W\d_][\w.'’-]*){0,3}"
# Pictographs, symbols and their joiners, as chat apps let people add them to their names.
_EMOJI = "[\u2600-\u27BF\U0001F000-\U0001FAFF\uFE0F\u200D]"
_LABEL = re.compile(
    rf"^(?P<lead>[ \t]*(?:{_STAMP}[ \t]*)*)"                       # timestamps before the label
    rf"(?:"
    rf"\*\*(?P<bold>{_WORDS}):?\*\*:?"                               # **Jordan**: or **Jordan:**
    rf"|\[(?P<bracket>{_WORDS})\](?=[ \t]+\S)"                       # [Jordan] text
    rf"|<v[ \t]+(?P<voice>[^>]{{1,40}})>"                            # <v Jordan> (WebVTT voice tag)
    rf"|(?P<plain>{_WORDS})(?P<emoji>[ \t]*{_EMOJI}+)?"             # a chat export's name may wear emoji: "summer☀️:"
    rf"(?P<sep>[ \t]*:(?![/\d])|[ \t]+[-–](?=[ \t])|\t|(?<=\.)[ ]{{2,}}(?=\S))"   # Jordan: / JORDAN - / Jordan<TAB> / A.H.<spaces>
    rf")", re.MULTILINE)
# Dotted initials opening a line, spaced from what follows as a typist set turns: "M.F.  WHAT DID THEY MAKE?"
_SPACED_INITIALS = re.compile(r"^[ \t]*((?:[A-Z]\.){2,3})[ ]{2,}(?=\S)", re.MULTILINE)
# A research code opening a table's row, before its first column bar: "R-0007 | Wigan | C | ...",
# a survey export's respondent (issue 16: respondent ids are research codes, not references).
_CODE_COLUMN = re.compile(r"^[ \t]*(?P<code>(?P<letters>[A-Za-z]{1,5})[ _-]?\d{1,4}[A-Za-z]?)[ \t]*\|", re.MULTILINE)
_CODE = re.compile(r"^(?:[A-Za-z]{1,5}[ _-]?\d{1,4}[A-Za-z]?|speaker[ _]?\d{1,3}|[A-Za-z]+ \d{1,3})$", re.IGNORECASE)
_INITIALS = re.compile(r"^(?:[A-Z]\.?){2,4}$|^(?:[A-Z]\.){1,3}[A-Z][a-z]?[A-Z]?$|^[A-Z]\.[A-Z]c?[A-Z]\.?$"
                       r"|^[A-Z]{1,2}Ma?c[A-Z]$")   # "RMcK", "JMacD": a Scottish or Irish surname's initials
# (Markdown may close its bold after the colon: "*Interviewer:* JS".)
_HEADER = re.compile(r"^[ \t]*\**(?P<key>[A-Za-z][A-Za-z_ ()/'’-]{1,40}?)\**[ \t]*:\**[ \t]*(?P<value>.+)$", re.MULTILINE)
# Where a line holds several fields ("DATE: 22/11   TIME: 21:40   STAFF: G. PETRIE", "Interviewer:
# Dr Ó Catháin | Transcriber: P.L.", "*Site: the youth room. Facilitator: Llinos.*"): bars, runs
# of spaces or tabs, and a sentence end before the next "Key:" separate them.
_COLUMNS = r"[ \t]*\|[ \t]*|[ \t]{2,}|\t"
_FIELD_BREAK = re.compile(rf"{_COLUMNS}|(?<=[.;])[ \t]+(?=\**[A-Z][A-Za-z ()/'-]{{1,40}}?\**[ \t]*:[ \t])")
# Of those, the breaks that set fields in columns, not a sentence's end: "D. ASHWORTH" is no
# field ending at its initial.
_COLUMN_BREAK = re.compile(_COLUMNS)
_FIELD = re.compile(r"[ \t]*\**(?P<key>[A-Za-z][A-Za-z_ ()/'’-]{1,40}?)\**[ \t]*:\**[ \t]*(?P<value>.+)$", re.MULTILINE)
# A value inside a line ends at a sentence end that closes no initial ("DM. Labels...").
_VALUE_END = re.compile(r"(?<![\s.][A-Z])(?<!^[A-Z])\.(?=\s|\*|$)|\*")
# A legend: "N = Nadia (lead OW)", "r = carol": an abbreviation the text uses for someone.
_SIGN_OFF = re.compile(r"^[ \t>]*(?P<sig>[A-Z]{1,3})\.?[ \t]*x*[ \t]*$", re.MULTILINE)
_LEGEND = re.compile(r"(?:^|(?<=[\s,;(]))(?P<abbr>[A-Za-z][A-Za-z0-9]{0,3})[ \t]*=[ \t]*"
                     r"(?P<value>[^,;=\n()]+(?:\([^()\n]*\))?)", re.MULTILINE)
# A legend's value that is one word and an age: "sum = summer (4)": the word is a name there.
_NAME_AND_AGE = re.compile(r"[ \t]*(?P<name>[^\W\d_]{2,})[ \t]*\(\d{1,2}\)[ \t]*$")
# Initials a text defines in brackets after a full name: "PCSO Dean Vowles (DV)", "Kerry Tonkin (KT)".
# Letters of any alphabet, checked for capitals where used ("Siobhán Ó Dálaigh (SÓD)").
# Read from the bracket back: a pattern opening with a word is tried at every character, one
# opening with a bracket only where there is one.
_BRACKETED_INITIALS = re.compile(r"\((?P<abbr>[^\W\d_]{2,3})\)")
_WORDS_BEFORE_BRACKET = re.compile(r"(?<![\w'’.-])(?P<value>[^\W\d_][\w'’-]*\.?(?:[ \t]+[^\W\d_][\w'’-]*\.?){0,2})[ \t]*$")
# The parts of a name the letters stand for: words, and the halves of a double-barrelled one.
_NAME_PARTS = re.compile(r"[^\s-]+")
_BRACKET_REACH = 160    # characters looked back from the bracket for its words
_CUE_TIMING = re.compile(rf"^[ \t]*{_TIME}[ \t]*-->[ \t]*{_TIME}.*$", re.MULTILINE)
_STAMPS = re.compile(rf"(?<![\w:]){_STAMP}(?![\w:])")
# A typescript's running header or footer: "TAPE 2 SIDE A    PAGE 4", "Page 3 of 17", "- 12 -".
# The marks are layout; a name on the same line ("McILWRAITH, T.") stays words.
_PAGE_MARKS = re.compile(r"(?<![\w'’])(?:(?i:tape|side|page|pagf|pg|p\.)[ \t]*(?:\d{1,3}|[ABab](?![\w'’]))"
                         r"(?:[ \t]+(?:OF|of)[ \t]+\d{1,3})?[ \t,.]*)+(?![\w'’])")
_CUE_NUMBER = re.compile(rf"^[ \t]*\d{{1,5}}[ \t]*\n(?=[ \t]*{_TIME}[ \t]*-->)", re.MULTILINE)
_VALUE_SPLIT = re.compile(r"\s*(?:[,;|/&+]|\band\b|[()\[\]]|<[^>]*>|\s[-–]\s)\s*")
# A field name as form and database exports write them ("ip_address", "address_1"); a code with
# figures ("SPEAKER_00") is a research code, matched before this.
_SNAKE_CASE = re.compile(r"^[A-Za-z]+(?:_(?:[A-Za-z]+|\d+))+$")
_INITIAL_WORD = re.compile(r"^[A-Z]\.$")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w'’-]*|(?:[A-Z]\.)+[A-Za-z]*|ap|ab|de|van|von|o'|mc)$")


@dataclass(frozen=True)
class Label:
    start: int
    end: int
    text: str
    kind: str               # "name", "role", "code", "field" (a header field's key) or "legend"
                            # (an abbreviation a legend defines as a name: "N = Nadia") or
                            # "signature" (an e-mail signed with a sender's initial: "S")


@dataclass
class Structure:
    labels: list[Label] = field(default_factory=list)
    header_names: list[tuple[int, int, str, str]] = field(default_factory=list)   # (start, end, name, key)
    layout: list[tuple[int, int]] = field(default_factory=list)

    @property
    def not_names(self) -> list[tuple[int, int]]:
        """Labels that say what a line is and name nobody, with their separator: a role
        ("Young person:"), a research code ("P4:"), a header field's key ("Date of interview:",
        "Transcript PARENT02:"). No name runs into or out of one ("parent\nDate" is two lines)."""
        out = []
        for label in self.labels:
            if label.kind in ("role", "code") or (label.kind == "field" and _names_nobody(label.text)):
                out.append((label.start, label.end + 1))   # and the ':' or '=' after it
        return out

    @property
    def label_names(self) -> set[str]:
        return {label.text for label in self.labels if label.kind == "name"}

    @property
    def name_labels(self) -> list[Label]:
        """Labels that are names and really label turns: initials, or a name that opens two
        lines or more (a title line "OCCT FOCUS GROUP FG2:" opens one)."""
        seen: dict[str, int] = {}
        for label in self.labels:
            seen[label.text] = seen.get(label.text, 0) + 1
        return [label for label in self.labels if label.kind in ("legend", "signature") or (label.kind == "name"
                and (seen[label.text] > 1 or _INITIALS.match(label.text.replace(" ", ""))))]


    @property
    def turn_initials(self) -> list[Label]:
        """Name labels written as initials that open two lines or more: they label turns."""
        initials = [label for label in self.labels if label.kind == "name" and _INITIALS.match(label.text.replace(" ", ""))]
        seen: dict[str, int] = {}
        for label in initials:
            seen[label.text] = seen.get(label.text, 0) + 1
        return [label for label in initials if seen[label.text] > 1]


def _names_nobody(field: str) -> bool:
    """A header field's key that is only field words, or a field word and a code with figures
    ("Transcript PARENT02", "Interview FG3"); not "School Oakwood Academy", whose rest may be a name."""
    words = field.split()
    low = " ".join(w.lower().strip(".") for w in words)
    if low in FIELDS or low in NAME_KEYS:
        return True
    return words[0].lower() in FIELDS and len(words) == 2 and any(ch.isdigit() for ch in words[1])


def layout_initials(d) -> bool:
    """Initials the layout gives a person: a speaker label ("MM: I've had our Ruaridh since...")
    or a header naming one of the research team ("Interviewer: CP"), or letters the text defines
    as someone's ("Gareth Pugh (GP)"). They are that person's,
    whatever else the letters stand for on the built-in keep list (a filler "mm", child
    protection, a GP): nobody else takes turns or interviews."""
    if d.detector != "structure" or _TEAM_INITIALS.fullmatch(d.text) is None:
        return False
    return d.rule in ("speaker_label", "legend") or (d.rule == "header_name" and d.cue in RESEARCH_TEAM_KEYS)


def label_kind(label: str, is_known_name=lambda word: False, is_word=lambda word: False) -> str:
    """Is a label a role, a research code or a name? Roles and codes are listed or shaped so;
    initials are names; a label of ordinary words that names nobody ("Young person") is a role."""
    words = label.replace("’", "'").split()
    low = " ".join(w.lower().strip(".") for w in words)
    if low in FIELDS or low in NAME_KEYS or (words and words[0].lower() in FIELDS and len(words) > 1):
        return "field"
    if low in ROLES or all(w.lower().strip(".") in ROLES for w in words):
        return "role"
    if _CODE.match(label.strip()):
        return "code"
    if _SNAKE_CASE.match(label.strip()):
        return "field"   # "submitted_at:", "address_1:": a form export's field, never a name
    if _INITIALS.match(label.replace(" ", "")):
        return "name"
    device = _DEVICE_LABEL.match(label.strip())
    if device is None and any(w.lower().strip(".") in ACCOUNT_WORDS for w in words):
        return "role"   # "YJ-LDN Study", "Sparkbrook Youth Hub Laptop 2": an account or a room, not a person
    content = [w for w in words if w.lower().strip(".") not in HONORIFICS]
    if not content:
        return "role"
    if any(is_known_name(w.lower()) or not is_word(w.lower()) for w in content):
        return "name"
    return "role"


def _name_part(label: str) -> tuple[int, str]:
    """(offset, text) of the name inside a label: "MRS S" -> the initial "S"; "Chance's
    iPhone" -> "Chance", the owner of a meeting tool's device."""
    device = _DEVICE_LABEL.match(label)
    if device:
        return device.start("owner"), device.group("owner")
    # what a meeting tool adds after a name: "Aaliyah B (Guest)", "Jo Price (she/her)", "Sam (Host)"
    label = _TOOL_SUFFIX.sub("", label)
    words = label.split()
    skip = 0
    for w in words[:-1]:
        if w.lower().strip(".") in HONORIFICS:
            skip += len(w) + 1
        else:
            break
    return skip, label[skip:]


_TOOL_SUFFIX = re.compile(r"[ \t]*\((?i:guest|host|co-?host|external|unverified|organi[sz]er|presenter|"
                          r"she/her|he/him|they/them|she/they|he/they)\)?$")


def parse(text: str, is_known_name=lambda word: False, is_word=lambda word: False,
          is_place=lambda word: False, is_everyday_word=None, is_common_word=None) -> Structure:
    """The structure of `text`. The word tests come from the lexicon (the caller passes them, so
    this module stays pure): a listed first name or surname, an ordinary English word, a place,
    an everyday word (not one only the big dictionary knows: a label "petro:" or "PARR:" is
    someone, though "petro" and "parr" are in it) and a common word ("sum", not "sb")."""
    is_everyday_word = is_everyday_word or is_word
    is_common_word = is_common_word or is_word
    out = Structure()
    for m in _CUE_TIMING.finditer(text):
        out.layout.append(m.span())
    for m in _CUE_NUMBER.finditer(text):
        out.layout.append((m.start(), m.end() - 1))
    for m in _STAMPS.finditer(text):
        out.layout.append(m.span())
    for m in _PAGE_MARKS.finditer(text):
        if not re.fullmatch(r"(?i:side[ \t]*[ab0-9]{1,3}[ \t,.]*)+", m.group(0)):   # "SIDE A" alone is speech
            out.layout.append((m.start(), len(m.group(0).rstrip(" \t,.")) + m.start()))
    headers = set()
    for m in _HEADER.finditer(text):
        key = _key(m.group("key"))
        if key in NAME_KEYS or key.rstrip("s") in NAME_KEYS or key in PERSON_KEYS:
            headers.add(m.start())
    for key, vstart, vend in _fields(text):
        if key in NAME_KEYS or key.rstrip("s") in NAME_KEYS or key in PERSON_KEYS:
            for start, end, name in _names_in(text, vstart, vend, is_known_name, is_word, is_place,
                                              any_word=key in PERSON_KEYS):
                out.header_names.append((start, end, name, key))
        elif key in ROLES:
            initials = _role_initials(text, vstart, vend, is_common_word)
            if initials is not None:
                out.header_names.append((*initials, key))
    # An e-mail signed with an initial ("S", "RK x") of someone its headers name.
    initials = set()
    for _s, _e, name, key in out.header_names:
        words = [w for w in name.split() if w[:1].isupper()]
        if words and key in SENDER_KEYS:
            initials.add(words[0][0])
            initials.add("".join(w[0] for w in words))
    for m in _SIGN_OFF.finditer(text):
        if m.group("sig") in initials:
            out.labels.append(Label(m.start("sig"), m.end("sig"), m.group("sig"), "signature"))
    spelled_roles = set()   # "Education Welfare Officer (EWO)", "yw = youth worker": letters that stand for a role here
    for m in (_LEGEND.finditer(text) if "=" in text else ()):   # no legend without its "="
        abbr = m.group("abbr")
        value_words = m.group("value").split()
        if abbr.lower() in ROLES and len(value_words) == 1 and value_words[0].lower().strip(".") in ROLES:
            continue   # "int = interviewer"
        names = _names_in(text, m.start("value"), m.end("value"), is_known_name, is_word, is_place,
                          lower_first_names=True)
        aged = _NAME_AND_AGE.match(m.group("value"))
        if not names and aged is not None and aged.group("name").lower() not in ROLES:
            names = [(m.start("value") + aged.start("name"), m.start("value") + aged.end("name"), aged.group("name"))]
        if not names:
            if all(w.lower().strip(".,()") in ROLES or is_everyday_word(w.lower().strip(".,()")) for w in value_words[:2]):
                spelled_roles.add(abbr)   # "yw = youth worker": its turns are a role's
            continue   # "OW = outreach worker", "w3w = what3words"
        for start, end, name in names:
            out.header_names.append((start, end, name, "legend"))
        # "N" stands for Nadia; in notes typed in lower case "sb", "lm" stand for people too, unless
        # the letters spell a common word ("sum = summer"), which would spread as a name to "lump sum"
        if (abbr.isupper() and len(abbr) <= 3 or abbr.islower() and 2 <= len(abbr) <= 3 and not is_common_word(abbr)) \
                and abbr.lower() not in ROLES and not _CODE.match(abbr):
            out.labels.append(Label(m.start("abbr"), m.end("abbr"), abbr, "legend"))
    defined = set()         # "Gareth Pugh (GP)": letters that stand for a person here, role or not
    for m in _BRACKETED_INITIALS.finditer(text):
        before = _WORDS_BEFORE_BRACKET.search(text, max(0, m.start() - _BRACKET_REACH), m.start())
        if before is None:
            continue
        abbr = m.group("abbr")
        parts = _spelled_by(abbr, before.group("value"))
        if parts is None:
            continue   # the letters must be the words' own
        words = [p.group(0) for p in parts]
        first, last = (fold(w.lower().strip(".")) for w in (words[0], words[-1]))
        # A name ("Siobhán Ó Dálaigh (SÓD)", "Gwenllian Price (GP)"), not a description whose last
        # word is also a surname ("Education Welfare Officer", "Family Support Worker").
        # Or words no dictionary knows, initials aside ("Hodan W. (HW)").
        unknown = all(len(w.strip(".")) <= 1 or not is_everyday_word(fold(w.lower().strip("."))) for w in words)
        if (is_known_name(first) or (is_known_name(last) and not is_everyday_word(first)) or unknown) \
                and not any(w.lower() in ROLES for w in words):
            out.labels.append(Label(m.start("abbr"), m.end("abbr"), abbr, "legend"))
            defined.add(abbr)
            # the words it stands for are that person's name, whatever else they are ("Hope Ndlovu (HN)")
            start = before.start("value") + parts[0].start()
            out.header_names.append((start, before.end("value"), text[start:before.end("value")], "legend"))
        elif all(is_everyday_word(w.lower().replace("’", "'")) for w in words):
            spelled_roles.add(abbr)
    rows = [m for m in _CODE_COLUMN.finditer(text) if _CODE.match(m.group("code"))] if "|" in text else []
    prefixes = Counter(m.group("letters").upper() for m in rows)
    for m in rows:   # a column: the same letters open two rows or more
        if prefixes[m.group("letters").upper()] > 1:
            out.labels.append(Label(m.start("code"), m.end("code"), m.group("code"), "code"))
    spaced_initials = Counter(_SPACED_INITIALS.findall(text))
    for m in _LABEL.finditer(text):
        group = next(g for g in ("bold", "bracket", "voice", "plain") if m.group(g))
        raw = m.group(group).strip()
        if group == "plain" and m.start() in headers:
            continue   # "Interviewer: Priya Chaudhary": a header field, its value read above
        if group == "plain" and m.group("sep").strip() == "" and "\t" not in m.group("sep") \
                and spaced_initials.get(raw, 0) < 2:
            continue   # "A.H.  FOURTEEN.": a typescript's initials, spaced from the turn, label two lines or more
        start = m.start(group) + (len(m.group(group)) - len(m.group(group).lstrip()))
        kind = "legend" if raw in defined else "role" if raw in spelled_roles \
            else label_kind(raw, is_known_name, is_everyday_word)
        if kind == "role" and m.group("emoji") and not any(w.lower().strip(".") in ROLES for w in raw.split()):
            kind = "name"   # "ash 🏀:", "Shell 💅:": nobody decorates a role; a chat's sender chose the name
        if kind in ("name", "legend"):
            offset, name = _name_part(raw)
            name = name.rstrip(".") if not _INITIALS.match(name.replace(" ", "")) else name
            out.labels.append(Label(start + offset, start + offset + len(name), name, kind))
        else:
            out.labels.append(Label(start, start + len(raw), raw, kind))
    return out


def _spelled_by(abbr: str, value: str) -> list[re.Match] | None:
    """The words before a bracket that `abbr` is made of (as matches in `value`), or None: one
    capital per word, the parts of a double-barrelled name counting as words, an initial as the
    word it stands for ("G. Olawale-Smith (GOS)"), and a small letter only as the next letter of
    its word, which people add to tell two people apart ("Mehmet Arslan (MAr)")."""
    upper = [c for c in abbr if c.isupper()]
    if not abbr[:1].isupper() or len(upper) < 2:
        return None
    parts = list(_NAME_PARTS.finditer(value))
    if len(parts) < len(upper):
        return None
    parts = parts[-len(upper):]
    words = [p.group(0) for p in parts]
    if not all(w[0].isupper() and not w[1:2].isupper() for w in words) or [w[0] for w in words] != upper:
        return None
    i, at = -1, 0
    for c in abbr:
        if c.isupper():
            i, at = i + 1, 1
        elif at < len(words[i]) and words[i][at] == c:
            at += 1
        else:
            return None
    return parts


def _role_initials(text: str, start: int, end: int, is_common_word) -> tuple[int, int, str] | None:
    """Initials that are a role's whole value ("INT: A.D.   RESP: R.M.", "IV: JS"): a header gives
    each speaker's initials after the role's abbreviation. Dotted letters are initials whatever
    they spell there (no era follows "INT:"); undotted ones must spell no common word ("R: OK")."""
    value = text[start:end].strip()
    if "." not in value and is_common_word(value.lower()):
        return None
    if not _INITIALS.match(value.replace(" ", "")) or not value[:1].isupper():
        return None
    at = start + text[start:end].find(value)
    return at, at + len(value), value


def _key(raw: str) -> str:
    """A field's key as the cue lists compare it: "Known_As (if any)" -> "known as"; of a key in
    two languages, its last ("Cyfwelydd / interviewer" -> "interviewer")."""
    raw = re.sub(r"\(.*?\)", "", raw).rsplit("/", 1)[-1]
    return " ".join(raw.replace("_", " ").replace("’", "'").lower().split())


def _fields(text: str):
    """(key, value start, value end) of every "Key: value" field: a line's own, and the further
    fields a line holds after separators (`_FIELD_BREAK`), whose values end at a sentence end."""
    for line in re.finditer(r"[^\n]+", text):
        first = _HEADER.match(text, line.start(), line.end())
        pieces = list(_FIELD_BREAK.finditer(text, line.start(), line.end()))
        if first is not None:
            key = _key(first.group("key"))
            # The value ends where the line's next field begins ("Interviewer: L. Morrow
            # Transcriber: P. Nwosu"), or at its sentence end ("Interviewer: RMcK. Participant
            # code SW5."), not at the full stop of a title ("MRS. EDNA GREENHALGH").
            stop = next((brk.start() for brk in pieces if brk.start() > first.start("value")
                         and _COLUMN_BREAK.fullmatch(text, brk.start(), brk.end())
                         and _FIELD.match(text, brk.end(), line.end())), first.end("value"))
            end = next((m for m in _VALUE_END.finditer(text, first.start("value"), stop)
                        if _word_before(text, m.start()) not in HONORIFICS), None)
            yield key, first.start("value"), end.start() if end else stop
        for i, brk in enumerate(pieces):
            stop = pieces[i + 1].start() if i + 1 < len(pieces) else line.end()
            m = _FIELD.match(text, brk.end(), stop)
            if m is None:
                continue
            key = _key(m.group("key"))
            vstart = m.start("value")
            end = _VALUE_END.search(text, vstart, stop)
            yield key, vstart, end.start() if end else stop


def _word_before(text: str, at: int) -> str:
    m = re.search(r"[\w'’]+$", text[max(0, at - 20):at])
    return m.group(0).lower() if m else ""


def _names_in(text: str, start: int, end: int, is_known_name, is_word, is_place,
              lower_first_names: bool = False, any_word: bool = False) -> list[tuple[int, int, str]]:
    """The names in a header value: "Priya Chaudhary (lead), H.M. (notes)", "R. Kemp (RK)",
    "Siân Prosser <prossers3@...>"; roles and descriptions ("mother of two") are skipped.
    `lower_first_names`: a legend's value may be a listed name in lower case ("r = carol").
    `any_word`: the field asks for a name ("known_as: Shiv"), so an ordinary word is one there."""
    out = []
    value = text[start:end]
    cursor = 0
    for piece in _VALUE_SPLIT.split(value):
        if not piece:
            continue
        at = value.find(piece, cursor)
        cursor = at + len(piece)
        piece = piece.rstrip()
        words = piece.split()
        # leading honorifics stay outside the name ("Dr Niamh Ó Catháin")
        while words and words[0].lower().strip(".") in HONORIFICS and len(words) > 1:
            at += len(words[0]) + (len(piece[len(words[0]):]) - len(piece[len(words[0]):].lstrip()))
            piece = piece[len(words[0]):].lstrip()
            words = words[1:]
        if not words or len(words) > 4 or any(ch.isdigit() for ch in piece) or "@" in piece \
                or any(w.lower().strip(".'’") in NOT_NAMES or w.lower() in GENERIC for w in words) \
                or all(w.lower().strip(".") in ROLES for w in words):
            continue   # numbers, addresses, "I'll", "Dundee City Council", "(INT)": not a person's name
        if lower_first_names and len(words) == 1 and piece.rstrip(".").islower() \
                and is_known_name(piece.rstrip(".")) and piece.rstrip(".") not in ROLES:
            piece = piece.rstrip(".")
            out.append((start + at, start + at + len(piece), piece))
            continue
        if _INITIALS.match(piece.replace(" ", "")) or _INITIALS.match(piece.rstrip(".").replace(" ", "")) or (
                all(_NAME_WORD.match(w.strip('"“”')) for w in words) and words[0][:1].isupper()
                # a name field's initial and surname are a name, though the surname is a word
                # ("L. Morrow"); so is a nickname quoted inside a name ('Roxanne "Rox" Delacroix-Fenn')
                and (any_word or any(is_known_name(w.lower().strip(".")) or not is_word(w.lower().strip("."))
                                     or _INITIAL_WORD.match(w) for w in words))
                and not (len(words) == 1 and is_place(words[0].lower()) and not any_word)
                and not all(w.lower().strip(".") in ROLES for w in words)):
            piece = piece.rstrip(".,") if not _INITIALS.match(piece.replace(" ", "")) else piece
            out.append((start + at, start + at + len(piece), piece))
    return out
