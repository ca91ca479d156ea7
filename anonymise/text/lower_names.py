"""Names in lower-case (or ALL-CAPS) text: what the text itself says is a name, found again.

Where capitals carry no meaning (speech-recognition output, a hurried transcriber, a typescript
in capitals) the truecaser cannot give "mark", "jack" or "joy" a capital: they are English
words too. But a transcript that says once "me partner ray" or "jack's eight" has told us that
`ray` and `jack` are people in it, and a reader of the anonymised file would still recognise
them wherever else they stand as names. So, per text:

1. the names it establishes: single words that are listed first names (or no English word),
   found as a person anywhere in it (surely or for review), standing as the subject of an age
   ("jack's eight", "mark was eleven"), or beside a relation or kin word in a lower-case
   stretch ("our mark", "mark's boy will takes me", "joy's family", "mark and his wife");
2. each other mention of such a word in a lower-case or ALL-CAPS stretch is a name unless the
   words around it make it the English word: after a determiner ("a bad mark", "no joy"), after
   a subject or modal ("i hope", "he will") and, for a word as common as "will", anywhere but
   before "'s" or a verb in -s ("will takes me").

A listed first name just before a person found there joins that person's span ("sue
pilkington"), and a rare word that sounds like a name found surely is that name, for review
("shorn" for "shaun": speech recognition spells what it heard). The word classes are lexicon
cues (cues.yaml), the scores in scores.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

import jellyfish

from anonymise.text import scores
from anonymise.text.casing import PEOPLE
from anonymise.text.detection import Detection
from anonymise.text.lexicon import Lexicon, cue
from anonymise.text.resolve import Cover

DETERMINERS = cue("determiners") | cue("word_before_noun")
VERB_LEAD = cue("verb_lead")
VERB_NAMES = cue("verb_names")
LINKING = cue("linking_words")
NOT_NAMES = cue("not_names") | cue("pronouns")
RELATIONS = cue("relations") - cue("naming_words")
KIN_MARKERS = cue("kin_markers")
INTRODUCTIONS = cue("introductions")
GREETINGS = cue("greetings")
REPORTED_SPEECH = cue("reported_speech")
# After an introduction, what may follow the name: another clause of the introduction ("hi im
# grace im fourteen", "im dean and..."), or nothing.
_AFTER_INTRODUCTION = frozenset({"im", "i'm", "and", "from", "its", "it's", "here", "i", "my", "me"})
# "its"/"it's" introduce a name on the phone ("hi yeah its grace im his mum") but open any
# clause too ("its grace period"): the name must end the clause or be followed by one that
# introduces ("im", "here").
_WEAK_INTRODUCTIONS = frozenset({"its", "it's"})
# After a greeting and a name, what may follow: a new clause ("cheers grace see you thursday").
_AFTER_GREETING = frozenset({"see", "you", "you're", "youre", "thats", "that's", "love", "bye", "take", "for", "thank",
                             "how", "are", "nice", "lovely", "ok", "okay", "yeah"})
KIN_GROUPS = cue("kin_groups")
AUXILIARIES = cue("auxiliaries")
# Titles never join a name as its first name ("pastor oke" is Oke, titled).
TITLES = cue("person_titles") | cue("honorifics") | cue("clergy_titles")
POSSESSIVES = frozenset({"my", "our", "his", "her", "their", "me", "wor"})
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# "jack's eight", "mark was eleven": the name before an age.
_AGE_SUBJECT = re.compile(r"([^\W\d_]+)(?:['’]s|\s+(?:is|was|were|'s))\s+$")
RULE = "lower_case_name"


def established(text: str, chosen: Iterable[Detection], lexicon: Lexicon, keep: frozenset,
                stretches: Iterable[tuple[int, int]] = ()) -> dict[str, bool]:
    """Lower-case keys of the one-word names this text establishes -> whether some finding of it
    was sure (the others spread for review only)."""
    out: dict[str, bool] = {}
    for low in _cued(text, stretches, lexicon, keep):
        out[low] = True
    chosen = list(chosen)
    for d in chosen:
        if d.type != "PERSON" or d.detector == "propagation" and d.evidence.endswith(RULE):
            continue
        for word in d.text.split():
            low = word.strip(".,'’").lower()
            if _nameable(low, lexicon, keep):
                out[low] = out.get(low, False) or not (d.uncertain or d.score < scores.REVIEW_THRESHOLD)
    for d in chosen:
        if d.type != "AGE":
            continue
        m = _AGE_SUBJECT.search(text, max(0, d.start - 30), d.start)
        if m is not None:
            low = m.group(1).lower()
            if low in lexicon.first_names and _nameable(low, lexicon, keep):
                out[low] = True
    return out


def _cued(text: str, stretches: Iterable[tuple[int, int]], lexicon: Lexicon, keep: frozenset) -> set[str]:
    """Listed first names that the words around them make people in lower-case stretches: a
    relation or a kin marker before ("me partner ray", "our mark", "mark's boy will takes"), or
    a relation after ("mark's boy", "joy's family", "mark and his wife", "hope is my sister")."""
    out: set[str] = set()
    for start, end in stretches:
        words = list(_WORD.finditer(text, start, end))
        lows = [m.group(0).lower().replace("’", "'") for m in words]
        for i, low in enumerate(lows):
            stem = low.split("'")[0]
            if stem in out or stem not in lexicon.first_names or not _nameable(stem, lexicon, keep):
                continue
            before = lows[i - 1] if i else ""
            after = lows[i + 1:i + 4]
            # "our mark", but not "our hope is that...": a word this common, followed by a verb,
            # is the noun.
            verb_after = bool(after) and (after[0] in AUXILIARIES or after[0] in VERB_LEAD)
            # "thanks terry", "cheers grace see you": a greeting, then the name ends the clause
            greeted = before in GREETINGS and (not after or after[0] in _AFTER_INTRODUCTION
                                               or after[0] in _AFTER_GREETING
                                               or "\n" in text[words[i].end():words[i + 1].start()])
            cue_before = greeted or before in RELATIONS or (before in KIN_MARKERS and not (
                lexicon.zipf(stem) >= scores.ZIPF_VERY_COMMON and verb_after)) or (
                before in INTRODUCTIONS and ((lexicon.zipf(stem) < scores.ZIPF_VERY_COMMON and before not in _WEAK_INTRODUCTIONS)
                                             or not after or after[0] in _AFTER_INTRODUCTION))
            # "terry said", "rose rang": a listed first name before a verb of speech
            cue_after = (before not in DETERMINERS and after[:1] and after[0] in REPORTED_SPEECH) or \
                (low.endswith("'s") and after[:1] and (after[0] in RELATIONS or after[0] in KIN_GROUPS)) \
                or (after[:1] == ["and"] and len(after) > 2 and after[1] in ("his", "her", "their")
                    and after[2] in RELATIONS) \
                or (len(after) > 2 and after[0] in ("is", "was", "'s") and after[1] in POSSESSIVES
                    and after[2] in RELATIONS)
            if (cue_before or cue_after) and _name_position(text, words, i, stem, lexicon, cued=True):
                out.add(stem)
    return out


def _nameable(low: str, lexicon: Lexicon, keep: frozenset) -> bool:
    if len(low) < 3 or low in keep or low in NOT_NAMES or not low.isalpha():
        return False
    return low in lexicon.first_names or not lexicon.is_word(low)


def mentions(text: str, names: dict[str, bool], stretches: Iterable[tuple[int, int]], taken: Cover,
             lexicon: Lexicon) -> list[Detection]:
    """Other mentions of the established names in the lower-case or ALL-CAPS `stretches`."""
    out: list[Detection] = []
    if not names:
        return out
    for start, end in stretches:
        words = list(_WORD.finditer(text, start, end))
        for i, m in enumerate(words):
            word = m.group(0)
            stem = re.split(r"['’]", word)[0]
            low = stem.lower()
            if low not in names:
                continue
            s, e = m.start(), m.start() + len(stem)
            if taken.covers(s, e) or not _name_position(text, words, i, low, lexicon, cued=True):
                continue
            sure = names[low]
            out.append(Detection(s, e, "PERSON", text[s:e],
                                 scores.PROPAGATED_LOWER if sure else scores.PROPAGATED_WORD_NAME_MAYBE,
                                 "propagation", not sure, RULE))
    return out


def _name_position(text: str, words: list[re.Match], i: int, low: str, lexicon: Lexicon,
                   cued: bool = False) -> bool:
    """Whether the word at i stands as a name rather than as the English word it also is.
    `cued`: the word is a name here if it stands as one (then a kin marker is no determiner:
    "our mark", "wor hope")."""
    zipf = lexicon.zipf(low)
    if zipf < scores.ZIPF_ORDINARY:
        return True   # "kowalchik", "tyler": no English reading to fear
    word = words[i]
    gap_before = text[words[i - 1].end():word.start()] if i else "\n"
    joined_before = i > 0 and re.fullmatch(r"[ \t]+", gap_before) is not None
    prev = words[i - 1].group(0).lower().replace("’", "'") if joined_before else ""
    prev2 = words[i - 2].group(0).lower() if joined_before and i > 1 and \
        re.fullmatch(r"[ \t]+", text[words[i - 2].end():words[i - 1].start()]) else ""
    if (prev in DETERMINERS or (prev in VERB_LEAD and low in VERB_NAMES)) \
            and not (cued and (prev in KIN_MARKERS or prev in RELATIONS or prev in _WEAK_INTRODUCTIONS)):
        return False   # "a bad mark", "no joy", "i hope", "he will"; not "were you grace"
    if prev2 in DETERMINERS and lexicon.zipf(prev) >= scores.ZIPF_ORDINARY and not lexicon.is_name(prev) \
            and prev not in LINKING and not (cued and (prev in RELATIONS or prev in INTRODUCTIONS)):
        return False   # "a bad mark", "on a sunny day"; not "me about hope", "my daughter grace", "my names rose"
    rest = word.group(0)[len(re.split(r"['’]", word.group(0))[0]):]
    possessive = rest.lower().replace("’", "'") in ("'s",)
    if zipf >= scores.ZIPF_TOO_COMMON:
        # "will": a name only before 's or a verb in -s ("will takes me"), never as the modal
        nxt = words[i + 1].group(0).lower() if i + 1 < len(words) else ""
        return possessive or (len(nxt) > 3 and nxt.endswith("s") and not nxt.endswith("ss")
                              and lexicon.is_word(nxt[:-1]) and text[word.end():words[i + 1].start()] == " ")
    return True


def full_names(text: str, chosen: Iterable[Detection], stretches: Iterable[tuple[int, int]],
               lexicon: Lexicon) -> list[Detection]:
    """In lower-case stretches, a listed first name just before a person found is that person's
    first name ("sue pilkington", "dean mcallister"), even when it is also a word, but not one as
    common as "said" or "made" (names in some languages); and the first name said just before the
    whole name is it too ("im will will robson")."""
    stretches = Cover(stretches)
    out = []
    for d in chosen:
        if d.type == "PERSON" and stretches and stretches.covers(d.start, d.end):
            m = _FIRST_BEFORE.search(text, max(0, d.start - 30), d.start)
            if m is not None:
                low = m.group("word").lower()
                prev = _PREV.search(text, max(0, m.start() - 30), m.start())
                prev_low = prev.group("word").lower() if prev else ""
                if low in lexicon.first_names and low not in NOT_NAMES and low not in TITLES \
                        and prev_low not in DETERMINERS \
                        and lexicon.zipf(low) < scores.ZIPF_TOO_COMMON \
                        and prev_low not in VERB_LEAD and d.text[:1].isalpha() and " " not in d.text.strip():
                    d = replace(d, start=m.start(), text=text[m.start():d.end],
                                cue=(d.cue + "; " if d.cue else "") + "first name " + m.group("word"))
            # Speech says the first name, then the whole name: "im will will robson".
            first = d.text.split()[0] if " " in d.text.strip() else ""
            said = _FIRST_BEFORE.search(text, max(0, d.start - 30), d.start) if first else None
            if said is not None and said.group("word").lower() == first.lower():
                out.append(replace(d, start=said.start(), end=said.end("word"), text=said.group("word"),
                                   rule="first_name_said_before", cue=d.text))
        out.append(d)
    return out


_FIRST_BEFORE = re.compile(r"(?<![\w'’])(?P<word>[^\W\d_]+)[ ]$")
_PREV = re.compile(r"(?<![\w'’])(?P<word>[^\W\d_'’]+)[ ]+$")


def sound_alikes(text: str, names: dict[str, bool], stretches: Iterable[tuple[int, int]], taken: Cover,
                 lexicon: Lexicon, keep: frozenset) -> list[Detection]:
    """In lower-case stretches (speech recognition spells a name as it heard it), a rare word that
    sounds like a name the text established surely ("shorn" for "shaun") is that name, for review.
    Sounding alike is an equal Metaphone key (jellyfish) after dropping an 'r' no vowel follows,
    as British speech does ("shorn" ~ "shawn")."""
    keys: dict[str, str] = {}
    for name, sure in names.items():
        if sure and len(name) >= MIN_SOUND_ALIKE:
            key = _sound_key(name)
            if len(key) >= 2:
                keys.setdefault(key, name)
    out: list[Detection] = []
    if not keys:
        return out
    for start, end in stretches:
        words = list(_WORD.finditer(text, start, end))
        for i, m in enumerate(words):
            low = m.group(0).lower()
            if len(low) < MIN_SOUND_ALIKE or low in names or not low.isalpha() or taken.covers(m.start(), m.end()):
                continue
            prev = words[i - 1].group(0).lower() if i else ""
            if prev in AUXILIARIES or not _name_position(text, words, i, low, lexicon):
                continue   # "the sheep were shorn"
            if lexicon.zipf(low) >= scores.ZIPF_ORDINARY or lexicon.is_name(low) or low in keep \
                    or low in lexicon.places or low in NOT_NAMES or low in PEOPLE or low[:-1] in PEOPLE:
                continue
            name = keys.get(_sound_key(low))
            if name is not None:
                out.append(Detection(m.start(), m.end(), "PERSON", m.group(0), scores.PROPAGATED_SOUND_ALIKE,
                                     "propagation", True, "sounds_like", name))
    return out


MIN_SOUND_ALIKE = 4
_NON_RHOTIC = re.compile(r"r(?![aeiouy])")


def _sound_key(word: str) -> str:
    return jellyfish.metaphone(_NON_RHOTIC.sub("", word.lower()))
