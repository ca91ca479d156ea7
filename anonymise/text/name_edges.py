"""Initials and particles written before a surname that was found alone: "P. Oduya", "S. Ní
Bhriain", "D. ap Rhys", "R. MCCLOSKEY", and in lower case "advocate g mcgovern", "f o neill".

A rule or spaCy often finds the surname and not the letters before it, and the replacement then
reads "P. [Person 3]": the initial narrows who the person is, and the gold corpus marks the whole
name. So a person's span runs back over the surname particles before it (lexicon cue
`surname_particles`) and over up to three initials, each a capital and a full stop. In
stretches typed in lower case a single letter is an initial too, unless it is a word ("a", "i")
or a particle ("o"), which there opens a surname ("o neill") as "O'" does.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterable

from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue
from anonymise.text.resolve import Cover

PARTICLES = cue("surname_particles")
LETTER_WORDS = cue("letter_words")
# "it's", "i'm", "we'd" as speech recognition writes them ("it s kelly"): the letter is the
# contraction's, not an initial; so is the t of a negation ("don t").
CONTRACTIONS = cue("contractions")
MAX_INITIALS = 3
LOOK_BACK = 12
_PARTICLE = re.compile(r"(?<![\w'’.-])(?P<word>[^\W\d_]{1,5})[ \t]+$")
_INITIAL = re.compile(r"(?<![\w'’.-])[A-Z]\.[ \t]*$")
_LOWER_INITIAL = re.compile(r"(?:(?P<before>[^\W\d_]+)[ \t]+)?(?<![\w'’.<-])(?P<letter>[b-hj-np-z])[ \t]+$")
# Letters that label turns ("Q.", "A.", "R:", "P."): the speaker roles of one letter.
LABEL_LETTERS = frozenset(w for w in cue("speaker_roles") if len(w) == 1)
_LETTER_LABEL = re.compile(r"(?m)^[ \t]*[A-Z][.:][ \t]")
_INITIALS = re.compile(r"(?:[A-Z]\.?){1,3}")


def widen(text: str, chosen: Iterable[Detection], uncased: Iterable[tuple[int, int]] = ()) -> list[Detection]:
    """`chosen` with each person's span run back over the particles and initials before it."""
    uncased = Cover(uncased)
    out = []
    for d in chosen:
        d = _initialled_place(text, d)
        out.append(_widened(text, d, bool(uncased) and uncased.covers(d.start, d.end)) if d.type == "PERSON" else d)
    return out


PLACE_TYPES = frozenset({"TOWN", "PLACE"})
_INITIALS_BEFORE = re.compile(r"(?<![\w'’.-])(?P<letters>(?:[A-Z]\.[ \t]*){1,3})$")


def _initialled_place(text: str, d: Detection) -> Detection:
    """A place's name after a person's initials is that person's surname: "T. H. CATHCART",
    "J. Preston". A compass point's one letter is no initial ("S. Wales", "N. Ireland")."""
    if d.type not in PLACE_TYPES:
        return d
    m = _INITIALS_BEFORE.search(text, max(0, d.start - LOOK_BACK), d.start)
    if m is None or _label(text, m.start()):
        return d
    letters = m.group("letters").replace(".", "").split()
    if len(letters) == 1 and letters[0] in "NSEW":
        return d
    return replace(d, type="PERSON")   # _widened then takes the initials in


def _widened(text: str, d: Detection, uncased: bool) -> Detection:
    if _INITIALS.fullmatch(d.text):
        return d   # initials already: the letter before belongs to them ("Y.T.S.")
    start, initials = d.start, 0
    while start > 0:
        window = max(0, start - LOOK_BACK)
        particle = _PARTICLE.search(text, window, start) if not initials else None
        word = particle.group("word") if particle is not None else ""
        # in normally cased text a lower-case "o" is dialect for "of" ("a pint o bitter")
        if word.lower() in PARTICLES and (uncased or word != "o"):
            start = particle.start()
            continue
        initial = _initial(text, window, start, uncased)
        if initial is None or initials == MAX_INITIALS or _label(text, initial):
            break
        start, initials = initial, initials + 1
    if start == d.start:
        return d
    return replace(d, start=start, text=text[start:d.end], cue=(d.cue + "; " if d.cue else "") + "initials or particle before")


def _initial(text: str, window: int, start: int, uncased: bool) -> int | None:
    """Where an initial right before `start` begins: a capital and a full stop, or in lower case
    a single letter that stands for no word."""
    m = _INITIAL.search(text, window, start)
    if m is not None:
        return m.start()
    m = _LOWER_INITIAL.search(text, max(0, window - LOOK_BACK), start) if uncased else None
    if m is None:
        return None
    letter, before = m.group("letter"), (m.group("before") or "").lower()
    if letter in LETTER_WORDS or f"{before}'{letter}" in CONTRACTIONS or (letter == "t" and before.endswith("n")):
        return None
    return m.start("letter")


def _label(text: str, at: int) -> bool:
    """Whether an initial opening its line is a turn's label ("A. Smith was there" may be the
    answer "A."): a letter that labels turns, in a text whose turns are labelled by letters
    (another line opens with one), or in a single line, where there is no telling."""
    line_start = text.rfind("\n", 0, at) + 1
    if text[line_start:at].strip() or text[at].lower() not in LABEL_LETTERS:
        return False
    if "\n" not in text.strip():
        return True
    line_end = text.find("\n", at)
    return _LETTER_LABEL.search(text, 0, line_start) is not None or \
        (line_end >= 0 and _LETTER_LABEL.search(text, line_end + 1) is not None)
