"""Places and organisations named in lower case or capitals straight after a word of place: "we
was in heath town", "we train at west park", "I LIVED IN LOW HILL", "were at bay view medical
centre", "she plays for small heath rangers", "from sparkbrook youth hub".

Where capitals carry no meaning (speech recognition, typescripts), "heath town" or "bay view
medical centre" look like any words. But people say "in the park", "at the school", "at my
nan's" of places they do not name: a locative ("in", "at", "from", "for"...) followed straight by
words and a district word ("park", "hill", "town", "shore"...) or an organisation word ("centre",
"academy", "rangers", "hub"...) is a name, and so are the words between "the" and an
organisation word after such a word or "with" ("from the horizon team", "with the bridge
project"): "the" names the one such body the speaker means, and what it does is a describing
word ("the breakfast club", "the research team"). Function words in between undo it ("in between youth
club", "round here after school"), as do words that only describe ("car park", "council estate",
"at youth club"): the words are lexicon cues (district_heads, not_district_words,
organisation_heads, generic_name_words, describing_words). A district name the text also gives
an organisation stays that organisation's ("evington vale college ... at evington vale").

Only lines typed all in lower case or all in capitals are read; in normally cased text a name
has its capitals and the other recognisers read it.
"""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.casing import LOWER, UPPER, line_profile
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue
from anonymise.text.numbers import NUMBER_WORDS
from anonymise.text.recognisers.base import Recogniser
from anonymise.text.recognisers.turns import line_bounds

_DISTRICT_HEADS = cue("district_heads")
_ORGANISATION_HEADS = frozenset(w for w in cue("organisation_heads") if w.isalpha())
_ORGANISATION_WORDS = "|".join(sorted(_ORGANISATION_HEADS))
# Words that undo a name between the locative and the head word.
_FUNCTION = (cue("determiners") | cue("pronouns") | cue("leading_stop") | cue("contractions")
             | cue("prepositions_of_place"))
_DESCRIBING = cue("generic_name_words") | cue("describing_words")
_NOT_DISTRICT = cue("not_district_words") | _DESCRIBING | _FUNCTION
_LOCATIVES = "in|at|on|from|to|into|round|near|off|up|down|by|over|past|outside|for"
_DISTRICT = re.compile(rf"(?<![\w'’-])(?:{_LOCATIVES})[ \t]+(?P<id>(?P<word>[a-z]+)[ \t]+(?:(?P<second>[a-z]+)[ \t]+)?"
                       rf"(?:{'|'.join(sorted(_DISTRICT_HEADS))}))(?![\w'’-])", re.IGNORECASE)
_ORGANISATION = re.compile(rf"(?<![\w'’-])(?:{_LOCATIVES}|with)[ \t]+(?:(?P<the>the)[ \t]+)?(?P<id>(?P<words>(?:[a-z']+[ \t]+){{1,3}})"
                           rf"(?:{_ORGANISATION_WORDS}))(?![\w'’-])", re.IGNORECASE)
_NUMBER = re.compile(rf"(?:{NUMBER_WORDS})$", re.IGNORECASE)


class LocativeNameRecogniser(Recogniser):
    NAME = "locative_name"
    ENTITIES = ("PLACE", "ORGANISATION")
    needs_doc = False

    def find(self, text: str, doc=None) -> list[Detection]:
        out = []
        for m in _overlapping(_DISTRICT, text):
            word = m.group("word").lower()
            second = (m.group("second") or "").lower()
            if word in _NOT_DISTRICT or _NUMBER.match(word) or second in _NOT_DISTRICT \
                    or (second and _NUMBER.match(second)) or not self._uncased(text, m.start()):
                continue
            if re.search(rf"(?<![\w'’-]){re.escape(m.group('id'))}[ \t]+(?:{_ORGANISATION_WORDS})\b", text, re.IGNORECASE):
                continue   # "evington vale college ... at evington vale": the organisation's short name
            out.append(self.detection(m.start("id"), m.end("id"), "PLACE", text, scores.LOCATIVE_NAME,
                                      rule="district"))
        for m in _overlapping(_ORGANISATION, text):
            words = m.group("words").lower().split()
            if any(w in _FUNCTION for w in words) or all(w in _DESCRIBING for w in words) \
                    or not self._uncased(text, m.start()):
                continue
            the = bool(m.group("the"))
            out.append(self.detection(m.start("id"), m.end("id"), "ORGANISATION", text,
                                      scores.LOCATIVE_THE_NAME if the else scores.LOCATIVE_NAME,
                                      uncertain=the, rule="organisation"))
        return out

    @staticmethod
    def _uncased(text: str, at: int) -> bool:
        start, end = line_bounds(text, at)
        return line_profile(text[start:end]) in (LOWER, UPPER)


def _overlapping(pattern: re.Pattern, text: str):
    """Every match, each tried from every locative: "down to lantern hill park" is rejected from
    "down" ("to" is no name) and then read from "to"."""
    at = 0
    while (m := pattern.search(text, at)) is not None:
        yield m
        at = m.start() + 1
