"""Names spelled out letter by letter: "D-A-N-I-E-L-L-E", "t-o-b-i", "b o g d a n".

People spell their name for the interviewer or the transcriber, and the letters survive a
replacement of the name itself. Three or more single letters joined by hyphens or spaces (the
same joiner throughout) whose letters make a listed first name or surname are that name, unless
they spell an ordinary English word ("d-o-g").
"""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.lexicon import fold
from anonymise.text.recognisers.base import RegexRecogniser, Rule


class SpelledNameRecogniser(RegexRecogniser):
    NAME = "spelled_name"
    ENTITY = "PERSON"
    RULES = (
        Rule("letters", r"(?<![\w-])[^\W\d_](?:-[^\W\d_]){2,}(?![\w-])", scores.PERSON_SPELLED),
        Rule("letters", r"(?<![\w-])[^\W\d_](?:[ ][^\W\d_]){2,}(?![\w-])", scores.PERSON_SPELLED),
    )
    EXPLAINS = {"letters": "a listed name spelled out letter by letter"}

    def validate(self, value, match, rule):
        word = re.sub(r"[-\s]", "", value).lower()
        g = self.lexicon
        if g is None or not (g.is_name(word) or g.is_name(fold(word))):
            return None
        if g.zipf(word) >= scores.ZIPF_VERY_COMMON:
            return None
        return rule.score
