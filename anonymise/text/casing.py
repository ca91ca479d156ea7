"""Know how a text is cased before detecting, and restore the case where capitals carry no meaning.

Most rules, the gazetteer lookups and spaCy's small model read a capital letter as evidence
of a name. In text typed in capitals (legacy typescripts), in lower case (speech-recognition
output, hurried transcribers) or in Title Case (variable labels, headings), capitals say
nothing. So each line gets a profile: `normal`, `upper`, `lower` or `title` (short lines take
the profile of the text around them), and the lines that are not `normal` get a truecased
copy: lower case, with capitals restored where a writer would put them: at the start of a
sentence or a speaker's turn, on "I", and on words the lexicon knows as names or places and
not as ordinary English words ("kayleigh", "lowestoft", but not "will" or "grace").

The copy has exactly the length of the original, character for character, so every offset a
recogniser reports on it is an offset in the original: only the case of letters changes, and
a letter whose other case has a different length ("ß", "İ") is left as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from anonymise.text import scores
from anonymise.text.lexicon import Lexicon, cue, fold
from anonymise.text.numbers import ORDINAL_UNITS, TENS, UNITS
from anonymise.text.recent import RecentTexts

NORMAL, UPPER, LOWER, TITLE = "normal", "upper", "lower", "title"
DETERMINERS = cue("determiners")
GENERIC = cue("generic_name_words")
_STREET_HEADS = cue("street_heads")
_BUSINESS_HEADS = cue("business_words")
_ORGANISATION_HEADS = cue("organisation_heads") | _BUSINESS_HEADS | cue("capitals_heads")
_NAME_PREFIXES = cue("name_prefixes")
_LANDMARK_HEADS = cue("landmark_heads")
_NAMING_HEADS = cue("naming_heads")
_STREET_TYPES = cue("street_types")
# Number words never open a street's name after a figure: "3 one bedroom flats", "8, one row".
_NUMBER_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(ORDINAL_UNITS) | {"hundred"}
_DESCRIBING = cue("describing_words")
# Words for people ("carers", "nan"): "my carers house" names no house, and in lower_names.py no
# such word is a misheard name.
PEOPLE = cue("role_words") | cue("person_nouns") | cue("relations")
_POSSESSIVES = frozenset({"my", "your", "his", "her", "our", "their", "me", "ma", "wor", "yer"})
# Words that end a run of name words walking back from a street or organisation word.
# The one-letter words ("A", "I"), which the frequency list leaves out.
_SHORT_WORDS = frozenset(w for w in DETERMINERS | cue("pronouns") if len(w) == 1)
_STOPS = (cue("leading_stop") | cue("contractions") | DETERMINERS | cue("pronouns")) - _NAME_PREFIXES
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_LINE = re.compile(r"[^\n]*\n?")
# A house number right before a word: "14 chapel street", "FLAT 3, 22 HIGH STREET".
_HOUSE_NUMBER = re.compile(r"(?<![\w£$.,/:-])\d{1,4}[A-Za-z]?,?[ \t]+$")   # not "UTF-8, one header row"
# Where a new sentence or turn starts: after end punctuation, a line break, or a speaker label's colon.
_OPENS = re.compile(r"(?:[.!?…]\s+|\n\s*|:\s+|[\"“(\[]\s*)$")
# Words that stay lower case inside a place name ("Stoke on Trent", "Bury St Edmunds" keeps "St").
_PLACE_LINKS = frozenset("on upon in le by the of under next super and".split())
MIN_WORDS = 4          # a block with fewer words takes the profile of the text around it
MIN_STARTS = 3         # sentence starts enough to judge lower case by
LOWER_STARTS = 0.6     # a block is lower case when at least this share of its sentences open lower-case
_I_FORMS = frozenset("i i'm i’m i've i’ve i'd i’d i'll i’ll".split())
_SENTENCE_START = re.compile(r"(?<=[.!?])\s+")
_ENDS_SENTENCE = re.compile(r"[.!?:][\"”’)\]]*\s*$")
_NOTES = re.compile(r"\[[^\]\n]*\]|\([^)\n]*\)|\{[^}\n]*\}")
# Lines that are layout, not speech: subtitle headers, cue numbers and timings, and the label
# line a transcription service puts above each turn ("Speaker 3  00:28", "Jane Doe  1:02:10"),
# whose capital says nothing about how the turn below is cased.
_LAYOUT_LINE = re.compile(r"^\s*(?:WEBVTT\b.*|\d{1,6}|[\d:.,]+\s*-->\s*[\d:.,]+.*|"
                          r"[^\W\d_][\w .'’-]{0,40}?\s+(?:\d{1,2}:)?\d{1,2}:\d{2})\s*$")
SHARE = 0.8            # the share of a line's words that decides its profile
LOWER_SHARE = 0.05     # without sentences to judge by, at most this share of capitalised words
TITLE_SHARE = 0.9      # at least this share of capitalised words in a Title Case line
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")
ACRONYM = 3            # a word in capitals this short, neither a word nor a name, is an acronym
UNKNOWN_MIN = 4        # a word no list knows gets a capital from this length (shorter: slang, typos)
HEADING_NAME_WORDS = 7  # words of an organisation's name standing alone on a line, from its first name word
# Words that may open a heading line before the name ("THE", "C/O"), and what may stand around it.
_HEADING_OPENERS = frozenset({"the", "c", "o"})
_HEADING_LEAD = re.compile(r"[ \t]*(?:(?:the|c/o)[ \t]+)?", re.IGNORECASE)
_HEADING_EDGE = re.compile(r"[ \t]*[,.]?[ \t]*")
_JOINS = frozenset({"and"})
NAME_RUN_WORDS = 4     # words a street or organisation name may have before its last word ("lowestoft fishing families welfare committee")
# A speaker label or timestamp opening a line: "SPEAKER_00:", "[00:01:12] Int:", "00:07:41.120 -->".
_LEAD = re.compile(r"^\s*(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?\s*(?:-->\s*\S+\s*)?)*"
                   r"(?:<v\s+[^>]*>|[\w .'’-]{1,30}:(?!\d)|[\w.'’]{1,30}(?:\s[\w.'’]+){0,2}\s[-–](?=\s))?\s*")


def block_profile(bodies: list[tuple[str, bool]]) -> str | None:
    """The profile of a block of lines, or None when it has too few words to tell. `bodies`
    are the lines' speech without their labels and timestamps, each with whether it opens a
    sentence (a new turn, or the line before ended one).

    Lower case is told by sentence starts, not by how few capitals there are (ordinary prose
    has few): in a normally cased text nearly every sentence opens with a capital."""
    words = [w for body, _ in bodies for w in _WORD.findall(body) if len(w) > 1]
    if len(words) < MIN_WORDS:
        return None
    if sum(map(str.isupper, words)) >= SHARE * len(words):
        return UPPER
    # Asked of every block of every text: counted once, without a generator per word.
    capital = sum(map(str.isupper, [w[0] for w in words]))
    starts = []
    for body, opens in bodies:
        pieces = _SENTENCE_START.split(body)
        for i, piece in enumerate(pieces):
            first = _WORD.search(piece)
            if first and (i > 0 or opens) and first.group(0).lower() not in _I_FORMS:
                starts.append(first.group(0))
    if len(starts) >= MIN_STARTS:
        if sum(w[0].islower() for w in starts) >= LOWER_STARTS * len(starts):
            return LOWER
    elif (not starts or starts[0][0].islower()) and capital <= LOWER_SHARE * len(words):
        return LOWER   # too few sentences to judge by: then hardly a capital at all
    # Title Case is a heading's or a label's: most words capitalised and no sentence in it
    # ("On Christmas Day Shannon rang." is a sentence full of names).
    if len(bodies) == 1 and capital >= TITLE_SHARE * len(words) and not _SENTENCE_END.search(bodies[0][0]):
        return TITLE
    return NORMAL


# Title Case as titles are written ("Care Planning and the Role of the Independent Reviewing
# Officer"): every word capitalised but the small ones, which the TITLE profile, counting every
# word, does not see.
_TITLE_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_SMALL_WORDS = frozenset("a an the and or but nor of in on at to for with by from as into onto over under via".split())
TITLE_CASE_SHARE = 0.8   # the share of the other words a title capitalises at least


def title_like(line: str) -> bool:
    words = [w for w in _TITLE_WORD.findall(line) if w.lower() not in _SMALL_WORDS]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= TITLE_CASE_SHARE * len(words)


def line_profile(line: str) -> str | None:
    """The profile of one line on its own (a turn, a heading)."""
    return block_profile([(_LEAD.sub("", line, count=1), True)])


def profile(text: str) -> str:
    """The profile of a whole text: that of its lines taken together (NORMAL if it cannot tell)."""
    return block_profile(_bodies(_LINE.findall(text))) or NORMAL


def _bodies(lines: list[str]) -> list[tuple[str, bool]]:
    out, ended = [], True
    for line in lines:
        if not line.strip() or _LAYOUT_LINE.match(line):
            ended = True
            continue
        body = _LEAD.sub("", line, count=1)
        labelled = len(body) < len(line.lstrip())
        # Transcriber's notes ("[laughs]", "(inaudible)") and dashes say nothing of the casing.
        body = _NOTES.sub(" ", body).lstrip(" -–—.…")
        out.append((body, ended or labelled))
        ended = bool(_ENDS_SENTENCE.search(body))
    return out


def word_as_initials(initials: str, lexicon: Lexicon) -> bool:
    """Whether letters that look like initials ("AT", "A", "I.N.") are a common word, which in a
    stretch typed all in one case they are."""
    low = initials.replace(".", "").lower()
    return lexicon.very_common(low) or low in _SHORT_WORDS


def in_capitals(text: str, at: int) -> bool:
    """Whether `at` lies in a stretch of the text typed all in capitals."""
    return any(start <= at < end and kind == UPPER for start, end, kind in segments(text))


def segments(text: str) -> list[tuple[int, int, str]]:
    """`_segments(text)`, remembered for the last few texts: the truecaser, the detector and a
    recogniser each ask about the same text in turn."""
    return list(_recent_segments(text))


def _segments(text: str) -> list[tuple[int, int, str]]:
    """(start, end, profile) per line. Lines are profiled by block (lines between blank lines),
    so a hard-wrapped paragraph is judged as a whole; a block too short to tell takes the
    profile of the block before it, else the whole text's. A text of two or three words all
    capitalised is a label or a heading ("Start Date"): Title Case."""
    lines = [m.group(0) for m in _LINE.finditer(text) if m.group(0)]
    whole = block_profile(_bodies(lines)) or NORMAL
    words = [w for w in _WORD.findall(text) if len(w) > 1]
    if 2 <= len(words) < MIN_WORDS and all(w[0].isupper() and not w.isupper() for w in words):
        whole = TITLE
    out, last, at, block = [], None, 0, []

    def close() -> None:
        nonlocal last
        if not block:
            return
        kind = block_profile(_bodies([line for _s, _e, line in block]))
        if kind is None:
            kind = last or whole
        else:
            last = kind
        out.extend((s, e, kind) for s, e, _line in block)
        block.clear()

    for line in lines:
        if not line.strip():
            close()
            out.append((at, at + len(line), last or whole))
        else:
            block.append((at, at + len(line), line))
        at += len(line)
    close()
    return out


_recent_segments = RecentTexts(_segments)


@dataclass
class Truecaser:
    lexicon: Lexicon

    def _named(self, lower: str) -> bool:
        """A name or a place the lexicon knows, and no ordinary English word."""
        g = self.lexicon
        if g.zipf(lower) >= scores.ZIPF_ORDINARY:
            return False
        folded = fold(lower)
        return g.is_name(lower) or g.is_name(folded) or lower in g.places or folded in g.places

    def case(self, text: str) -> str:
        """`text` with the case of its non-normal lines restored; `text` itself if all are normal."""
        parts = segments(text)
        if all(kind == NORMAL for _s, _e, kind in parts):
            return text
        chars = list(text)
        for start, end, kind in parts:
            if kind == TITLE:
                self._untitle(text, chars, start, end)
            elif kind != NORMAL:
                self._restore(text, chars, start, end)
        return "".join(chars)

    def _untitle(self, text: str, chars: list[str], start: int, end: int) -> None:
        """Title Case: an ordinary word that is also a name ("Date" of "Start Date", "Will")
        loses its capital after the first word, so it no longer looks like a name; every
        other capital stays (a council's, a weekday's)."""
        g = self.lexicon
        for m in list(_WORD.finditer(text, start, end))[1:]:
            lower = _lower(m.group(0))
            if g.zipf(lower) >= scores.ZIPF_ORDINARY and g.is_name(lower):
                chars[m.start():m.end()] = list(lower)

    def _restore(self, text: str, chars: list[str], start: int, end: int) -> None:
        """Lower case, capitals where a writer would put them. A word no list knows, neither an
        English word nor a listed name, is the likeliest name of all ("bransholme", "kowalchik"):
        it gets a capital too, and in capitals a short one stays an acronym ("FD", "YP")."""
        g = self.lexicon
        words = list(_WORD.finditer(text, start, end))
        places = self._place_runs(words)
        # A word's stem is what stands before an apostrophe ("kayleigh's"), unless the whole
        # word is a name ("o'rourke").
        stems = [low if g.is_name(low) else low.split("'")[0]
                 for low in (_lower(m.group(0)).replace("’", "'") for m in words)]
        capitals, opening = [], []
        for i, m in enumerate(words):
            stem = stems[i]
            after_determiner = i > 0 and stems[i - 1] in DETERMINERS
            opening.append(m.start() == 0 or _OPENS.search(text[max(0, m.start() - 4):m.start()]) is not None)
            capitals.append(
                opening[i] or stem == "i" or m.start() in places
                # "a teddy", "the jack in the box": after a determiner a listed name is a noun
                or (self._named(stem) and not (after_determiner and g.is_word(stem)))
                or (len(stem) >= UNKNOWN_MIN and not g.is_word(stem) and not g.is_name(stem)))
        # A first name and a surname side by side are one name even when one of them is also a
        # word: "kayleigh smith", "dean mcallister" (only the other one is no word); so is a
        # first name no word and a rare word after it ("tyler mackintosh").
        for i in range(len(words) - 1):
            joined = text[words[i].end():words[i + 1].start()] == " "
            surname = stems[i + 1] in g.surnames or (
                capitals[i] and g.zipf(stems[i + 1]) < scores.ZIPF_ORDINARY and len(stems[i + 1]) > 3
                and stems[i + 1] not in g.places and stems[i + 1] not in DETERMINERS)
            if joined and (capitals[i] or capitals[i + 1]) and stems[i] in g.first_names \
                    and surname and stems[i] not in DETERMINERS:
                capitals[i] = capitals[i + 1] = True
        self._name_runs(text, words, stems, capitals, opening)
        self._heading_names(text, words, stems, capitals)
        for i, m in enumerate(words):
            word = m.group(0)
            lower = _lower(word)
            if word.isupper() and len(word) <= ACRONYM and not g.is_word(stems[i]) and not g.is_name(stems[i]):
                continue   # an acronym or code in capitals: as written
            cased = (_upper(lower[0]) + lower[1:]) if capitals[i] else lower
            chars[m.start():m.end()] = list(cased)

    def _name_runs(self, text: str, words: list[re.Match], stems: list[str], capitals: list[bool],
                   opening: list[bool]) -> None:
        """Street and organisation names whose last word is a telling one ("street", "centre",
        "hub") get capitals on every word once a name word is among those before it: "raby
        street" -> "Raby Street", "byker community centre" -> "Byker Community Centre", "GREAT
        HOWARD STREET" -> "Great Howard Street". Walking back from the last word, a run takes
        generic words ("community", "family"), name openers ("great", "st") and name words
        (capitalised above, not merely as a sentence's first word); a street type also takes a
        rarer word or a listed name right before it ("hope street", "dalneigh road"). It stops
        at a function word, so "down the road" and "our community centre" stay as they are."""
        g = self.lexicon
        for h, head in enumerate(stems):
            street = head in _STREET_HEADS
            landmark = head in _LANDMARK_HEADS
            if not street and head in _STREET_TYPES:
                # a rarer street type ("row", "walk", "rise") names a street only after a house
                # number: "9 dockhead row", "22 church hill walk"
                for k in (h - 1, h - 2):
                    if k >= 0 and _after_house_number(text, words[k]) \
                            and all(_spaced(text, words[i], words[i + 1]) for i in range(k, h)) \
                            and not any(stems[i] in _STOPS or stems[i] in _NUMBER_WORDS for i in range(k, h)):
                        for i in range(k, h + 1):
                            capitals[i] = True
                        break
            if not street and not landmark and head not in _ORGANISATION_HEADS:
                continue
            run, named, anchored = [], False, False
            for k in range(h - 1, max(-1, h - 1 - NAME_RUN_WORDS), -1):
                if not _in_one_name(text, words[k], words[k + 1]) or opening[k + 1]:
                    break
                stem = stems[k]
                if stem in _JOINS and k > 0 and _in_one_name(text, words[k - 1], words[k]) \
                        and (stems[k - 1] in _ORGANISATION_HEADS or (run and self._named(stems[k - 1]))) \
                        and (stems[k + 1] in _ORGANISATION_HEADS or capitals[k + 1]):
                    # "northmoor infants and juniors", "deptford and lewisham miners support
                    # group": "and" between two name words (or two heads) stays inside the name
                    run.append(k)
                    continue
                if stem in _STOPS:
                    break
                if head in _NAMING_HEADS and k == h - 1 and stem not in GENERIC and stem not in _DESCRIBING \
                        and stem not in DETERMINERS and len(stem) > 2:
                    # "the harbour tavern", "greenway primary": an ordinary word names it
                    run.append(k)
                    named = anchored = True
                    continue
                if street and stem not in _NUMBER_WORDS and _after_house_number(text, words[k]):
                    # after a house number the words before a street type name it, however
                    # common ("14 chapel street", "22 HIGH STREET"): that is an address
                    run.append(k)
                    named = anchored = True
                    break
                if landmark and k < h - 1:
                    break   # "Wisbech Park": one name word before a landmark word, no more
                # right before a street type, an organisation's word names the street ("station
                # road", "mill lane") as a rarer word would
                names_street = street and k == h - 1 and stem not in GENERIC and stem not in _STREET_HEADS
                if (stem in GENERIC or stem in _STREET_HEADS or (stem in _ORGANISATION_HEADS and not names_street)
                        or (not street and not landmark and (stem in _DESCRIBING or stem in _LANDMARK_HEADS))):
                    # "palfrey park cricket club": what the club plays and where, inside its name
                    if landmark:
                        break
                    run.append(k)
                    # "the grange community centre": a rare head word before the generic ones names it
                    named = named or (stem not in GENERIC and self._rare_name_word(stems, k))
                elif stem in _NAME_PREFIXES and not landmark:
                    run.append(k)
                elif "'" in words[k].group(0).replace("’", "'"):
                    if head in _BUSINESS_HEADS and k == h - 1 and (
                            capitals[k] or stem in g.surnames or g.zipf(stem) < scores.ZIPF_RARE):
                        run.append(k)   # "cammock's garage": a firm called by its owner's name
                        named = anchored = True
                    break   # "kayleigh's house" is hers, not a home's name
                elif (capitals[k] and not (opening[k] and g.zipf(stem) >= scores.ZIPF_ORDINARY)) \
                        or (g.place_key(stem) is not None and g.zipf(stem) < scores.ZIPF_VERY_COMMON):
                    run.append(k)
                    named = True
                elif street and ((k == h - 1 and (g.is_name(stem) or g.zipf(stem) < scores.ZIPF_VERY_COMMON
                                                  or g.place_key(stem) is not None))
                                 or g.zipf(stem) < scores.ZIPF_RARE):
                    # "heneage road"; further back only a rarer word ("alum rock road")
                    run.append(k)
                    named = True
                elif not street and not landmark and g.zipf(stem) < scores.ZIPF_VERY_COMMON:
                    run.append(k)   # "evington vale college": a rarer word inside the name
                    # "the grange community centre": a rare word no one describes a centre with names it
                    named = named or self._rare_name_word(stems, k)
                else:
                    break
            # the run opens at its first name word or name opener, not at a generic word
            while run and not anchored and stems[run[-1]] not in _NAME_PREFIXES and not (
                    capitals[run[-1]] or g.place_key(stems[run[-1]]) is not None or (street and run[-1] == h - 1)
                    or (not street and not landmark and self._rare_name_word(stems, run[-1]))):
                run.pop()
            if named and run:
                for k in run + [h]:
                    capitals[k] = stems[k] not in _JOINS

    def _heading_names(self, text: str, words: list[re.Match], stems: list[str], capitals: list[bool]) -> None:
        """A line that is nothing but an organisation's name, as a letterhead, a minute's title or
        an address block sets it ("LOWESTOFT FISHING FAMILIES WELFARE COMMITTEE", "C/O AIREDALE
        MINERS' WELFARE,", "OLDHAM AND DISTRICT ORAL HISTORY PROJECT"): from a name word to an
        organisation's word, every word between is the name's, however ordinary. In a sentence
        ordinary words may be a clause's ("PETER SAYS HULL CLUB"); alone on a line they are not."""
        i = 0
        while i < len(words):
            line_end = text.find("\n", words[i].start())
            line_end = len(text) if line_end < 0 else line_end
            j = i
            while j + 1 < len(words) and words[j + 1].start() < line_end:
                j += 1
            first = i
            while first < j and stems[first] in _HEADING_OPENERS:
                first += 1
            before = text[text.rfind("\n", 0, words[i].start()) + 1:words[first].start()]
            after = text[words[j].end():line_end]
            if 1 < j - first + 1 <= HEADING_NAME_WORDS and stems[j] in _ORGANISATION_HEADS \
                    and self._named(stems[first]) and _HEADING_EDGE.fullmatch(after) \
                    and _HEADING_LEAD.fullmatch(before) \
                    and all(_in_one_name(text, words[k], words[k + 1]) for k in range(first, j)) \
                    and not any(stems[k] in _STOPS and stems[k] not in _PLACE_LINKS | _JOINS for k in range(first, j)):
                for k in range(first, j + 1):
                    if stems[k] not in _PLACE_LINKS and stems[k] not in _JOINS:
                        capitals[k] = True
            i = j + 1

    def _rare_name_word(self, stems: list[str], k: int) -> bool:
        """A rare word inside an organisation's name that names it ("the grange community centre"),
        unless it describes the place or whose it is ("my carers house", "the leisure centre")."""
        stem = stems[k]
        return self.lexicon.zipf(stem) < scores.ZIPF_RARE and stem not in _DESCRIBING and stem not in PEOPLE \
            and stem not in self.lexicon.keep \
            and stem.rstrip("s") not in PEOPLE and not (k and stems[k - 1] in _POSSESSIVES)

    def _place_runs(self, words: list[re.Match]) -> set[int]:
        """Starts of the words of listed places of several words ("bury st edmunds")."""
        starts: set[int] = set()
        g = self.lexicon
        for i in range(len(words)):
            for n in range(min(g.max_place_words, len(words) - i), 1, -1):
                phrase = " ".join(_lower(w.group(0)) for w in words[i:i + n])
                # a listed place of several words, unless every word is very common ("new forest")
                if g.place_key(phrase) is not None and any(g.zipf(w) < scores.ZIPF_VERY_COMMON for w in phrase.split()):
                    starts.update(w.start() for w in words[i:i + n] if _lower(w.group(0)) not in _PLACE_LINKS)
                    break
        return starts


def _spaced(text: str, word: re.Match, following: re.Match, plural_apostrophe: bool = False) -> bool:
    """Two words with only spaces between: side by side on a line, or on either side of a
    wrapped line's run-on (wraps.unwrap leaves the indent as spaces). With `plural_apostrophe`
    a plural's apostrophe may stand before the spaces ("dockers' club")."""
    gap = text[word.end():following.start()]
    if plural_apostrophe and gap[:1] in ("'", "’") and word.group(0)[-1:] in ("s", "S"):
        gap = gap[1:]
    return bool(gap) and not gap.strip(" \t")


def _in_one_name(text: str, word: re.Match, following: re.Match) -> bool:
    """Two words of one name: spaced, or a plural's apostrophe between ("dockers' club")."""
    return _spaced(text, word, following, plural_apostrophe=True)


def _after_house_number(text: str, word: re.Match) -> bool:
    return _HOUSE_NUMBER.search(text[max(0, word.start() - 8):word.start()]) is not None


def _lower(word: str) -> str:
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in word)


def _upper(char: str) -> str:
    return char.upper() if len(char.upper()) == 1 else char
