"""A nickname word before a name, read whole even where the name alone would not be found: "me
mate big col", "BIG TUCKER", "my cousin big man jay", "little mick".

nicknames.py widens a person other rules found ("Big Dave"). In lower case and in capitals the
name itself is often not found ("col", "TUCKER" in a typescript), yet "big" or "wee" before a
name that people are called by is a nickname (lexicon/cues.yaml `nickname_words`): the two
words together name someone. The name must be a listed first name or surname that is also an
everyday word ("jay", "tucker", "mason"; the others the person rules find, and nicknames.py
widens), and not a word for a person ("big man", "little lad"); "big man" may itself open the
nickname ("big man jay"). As in nicknames.py, a determiner or possessive before the nickname word
makes it a description ("my little Jack"). Only lines typed in lower case or in capitals are
read: in normally cased text the name has its capital, and nicknames.py widens it."""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.casing import LOWER, UPPER, line_profile
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue
from anonymise.text.recognisers.base import Recogniser, lexicon_of
from anonymise.text.recognisers.turns import line_bounds

_NICKNAME_WORDS = "|".join(sorted(cue("nickname_words"), key=len, reverse=True))
_NICKNAME = re.compile(rf"(?<![\w'’-])(?P<id>(?i:{_NICKNAME_WORDS})[ \t]+(?:(?i:man)[ \t]+)?(?P<name>[^\W\d_][\w'’]+))"
                       r"(?![\w'’-])")
_PREV = re.compile(r"(?P<word>[^\W\d_]+)[ \t]+$")
_BEFORE_DESCRIPTION = cue("determiners") | cue("word_before_noun") | cue("pronouns")
_NOT_NAMES = (cue("person_nouns") | cue("relations") | cue("role_words") | cue("not_names")
              | cue("nickname_words"))
# A name this common ("will", "mark") after "big" is as often the adjective's noun.
_TOO_COMMON = scores.ZIPF_TOO_COMMON


class NicknamedRecogniser(Recogniser):
    NAME = "nicknamed"
    ENTITIES = ("PERSON",)
    needs_doc = False

    def find(self, text: str, doc=None) -> list[Detection]:
        g = lexicon_of(self)
        out = []
        for m in _NICKNAME.finditer(text):
            name = m.group("name").lower()
            if name in _NOT_NAMES or not scores.ZIPF_ORDINARY <= g.zipf(name) < _TOO_COMMON \
                    or not (name in g.first_names or name in g.surnames):
                continue   # a name that is no everyday word ("mick") the person rules find, and widen
            start, end = line_bounds(text, m.start())
            if line_profile(text[start:end]) not in (LOWER, UPPER):
                continue
            prev = _PREV.search(text, max(0, m.start() - 20), m.start())
            if prev is not None and prev.group("word").lower() in _BEFORE_DESCRIPTION:
                continue   # "my little Jack", "a wee Shaun"
            out.append(self.detection(m.start("id"), m.end("id"), "PERSON", text, scores.NICKNAMED,
                                      rule="nickname_word"))
        return out
