"""Names spelled out letter by letter: "D-A-N-I-E-L-L-E", "t-o-b-i", "b o g d a n", and as
speech recognition writes a spelling said aloud: "c h a double d e r t o n".

People spell their name for the interviewer or the transcriber, and the letters survive a
replacement of the name itself. Three or more single letters joined by hyphens or spaces (the
same joiner throughout; "double d" is two d's) whose letters make a listed first name or surname
are that name, unless they spell an ordinary English word ("d-o-g"). A name no list knows counts
when the talk says it is a spelling: a spelling word shortly before ("can you spell your
surname", "it's spelt"), or the same letters said as a word right after ("p r i c h a r d
prichard"); then at least four letters that make no word and no kept term.
"""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.detection import Detection
from anonymise.text.lexicon import fold
from anonymise.text.recognisers.base import RegexRecogniser, Rule


# The talk says a spelling follows: "can you spell your surname", "it's spelt", "S for Sugar".
_SPELLING = re.compile(r"\b(?:spell|spells|spelt|spelled|spelling)\b", re.IGNORECASE)
MIN_UNLISTED = 4     # a spelling no list knows counts from this many letters
SAID_WINDOW = 300    # how far from a spelling the word it spells is looked for, said whole


class SpelledNameRecogniser(RegexRecogniser):
    NAME = "spelled_name"
    ENTITY = "PERSON"
    RULES = (
        # Not from a contraction's letter: the "s" of "it's o i s i n" is no part of the spelling.
        Rule("letters", r"(?<![\w'’-])[^\W\d_](?:-[^\W\d_]){2,}(?![\w-])", scores.PERSON_SPELLED),
        Rule("letters", r"(?<![\w'’-])[^\W\d_](?:[ ](?:double[ ][^\W\d_]|[^\W\d_])){2,}(?![\w-])", scores.PERSON_SPELLED),
    )
    EXPLAINS = {"letters": "a listed name spelled out letter by letter"}

    @staticmethod
    def _said_nearby(text: str, word: str, start: int, end: int) -> bool:
        """The spelled word is also said whole close by ("and you said folasade" / "yes f o l a s a
        d e", "Éabha, that's E-A-B-H-A"): a spelling of something said, which for a word no list
        knows is a name."""
        said = _said_whole(word)
        # Accents folded on both sides: "Éabha, that's E-A-B-H-A".
        return bool(said.search(fold(text[max(0, start - SAID_WINDOW):start]))
                    or said.search(fold(text[end:end + SAID_WINDOW])))

    def validate(self, value, match, rule):
        word = _letters(value)
        g = self.lexicon
        if g is None:
            return None
        if _said_just_before(match.string, word, match.start()):
            return rule.score   # "sky s k y like the telly": nobody spells a word they just said unless it is a name
        if not (g.is_name(word) or g.is_name(fold(word))):
            text = match.string
            said_as_word = re.match(rf"[\s,.]+(?:{re.escape(word)})\b", text[match.end():match.end() + len(word) + 4],
                                    re.IGNORECASE) or self._said_nearby(text, word, match.start(), match.end())
            if len(word) < MIN_UNLISTED or g.is_word(word) or word in g.keep \
                    or not (said_as_word or _SPELLING.search(text, max(0, match.start() - 80), match.start())):
                return None
        if g.zipf(word) >= scores.ZIPF_VERY_COMMON:
            return None
        return rule.score

    def find(self, text: str, doc=None) -> list[Detection]:
        """The spellings, and the word each spells where it is said close by: a spelling settles
        that the word is a name ("wee Éabha ... Éabha, that's E-A-B-H-A")."""
        found = super().find(text, doc)
        out = list(found)
        for d in found:
            said = _said_whole(_letters(d.text))
            start, end = max(0, d.start - SAID_WINDOW), min(len(text), d.end + SAID_WINDOW)
            window = fold(text[start:end])
            if len(window) != end - start:
                continue   # folding changed the length: offsets would not hold
            for m in said.finditer(window):
                if not (d.start <= start + m.start() < d.end):
                    out.append(Detection(start + m.start(), start + m.end(), "PERSON", text[start + m.start():start + m.end()],
                                         d.score, self.NAME, rule="spelled_word"))
        return out


def _letters(value: str) -> str:
    """The word a spelling spells: "c h a double d e r t o n" -> "chadderton"."""
    return re.sub(r"[-\s]", "", re.sub(r"double[ ](\w)", r"\1\1", value, flags=re.IGNORECASE)).lower()


def _said_whole(word: str) -> re.Pattern:
    """The spelled word said whole, accents folded (search it in folded text)."""
    return re.compile(rf"(?<![\w'’-]){re.escape(fold(word))}(?![\w'’-])", re.IGNORECASE)


def _said_just_before(text: str, word: str, start: int) -> bool:
    """The word spelled stands right before its spelling: "sky s k y", "Oisín, that's O-I-S-I-N"."""
    return re.search(rf"(?<![\w'’-]){re.escape(fold(word))}[\s,.:;-]+(?:(?:it['’]?s|that['’]?s|it is|that is)[\s,:-]+)?$",
                     fold(text[max(0, start - len(word) - 16):start]), re.IGNORECASE) is not None
