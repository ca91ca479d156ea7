"""Districts, estates and parks named in lower case or capitals after a word of place: "we was in
heath town", "we train at west park", "a lot from south shore", "I LIVED IN LOW HILL".

Where capitals carry no meaning (speech recognition, typescripts), "heath town" looks like any
two words. But a locative ("in", "at", "from", "off"...) straight before a word and a district
word ("park", "hill", "town", "shore", "green", "gate"...) names a place: people say "in the
park" or "at the top" of places they do not name. What would describe rather than name ("car
park", "council estate", "one point") stays: the words are lexicon cues (district_heads,
not_district_words), and so does a district name the text gives an organisation ("evington vale
college ... at evington vale"). Only lines typed all in lower case or all in capitals are read; in
normally cased text a named district has its capitals and other recognisers read it.
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

_HEADS = cue("district_heads")
_ORGANISATION_WORDS = "|".join(sorted(w for w in cue("organisation_heads") if w.isalpha()))
_NOT_NAMING = (cue("not_district_words") | cue("determiners") | cue("pronouns") | cue("describing_words")
               | cue("generic_name_words") | cue("leading_stop"))
_LOCATIVES = "in|at|on|from|to|round|near|off|up|down|by|over|past"
_RUN = re.compile(rf"(?<![\w'’-])(?:{_LOCATIVES})[ \t]+(?P<id>(?P<word>[a-z]+)[ \t]+(?P<head>{'|'.join(sorted(_HEADS))}))"
                  r"(?![\w'’-])", re.IGNORECASE)
_NUMBER = re.compile(rf"(?:{NUMBER_WORDS})$", re.IGNORECASE)


class DistrictRecogniser(Recogniser):
    NAME = "district"
    ENTITIES = ("PLACE",)
    needs_doc = False

    def find(self, text: str, doc=None) -> list[Detection]:
        out = []
        for m in _RUN.finditer(text):
            word = m.group("word").lower()
            if word in _NOT_NAMING or _NUMBER.match(word):
                continue
            start, end = line_bounds(text, m.start())
            if line_profile(text[start:end]) not in (LOWER, UPPER):
                continue
            if re.search(rf"(?<![\w'’-]){re.escape(m.group('id'))}[ \t]+(?:{_ORGANISATION_WORDS})\b", text, re.IGNORECASE):
                continue   # "evington vale college ... at evington vale": the organisation's short name
            out.append(self.detection(m.start("id"), m.end("id"), "PLACE", text, scores.DISTRICT_LOWER,
                                      rule="locative_district"))
        return out
