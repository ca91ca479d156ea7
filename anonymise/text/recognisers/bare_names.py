"""Local names said without a capital or "the" in lower-case text: "youth workers here at
phoenix", "i'm at woodlands it's alright", "mark her key worker from shoreline".

English puts "the" or "a" before a common noun after "at" and "from" ("at the shop"), except in
a few set phrases ("at school", "at home", "from work"). So in text typed all in lower case, where
a capital cannot tell a name, a bare ordinary word right after "at" or "from" that no set
phrase explains, and that is not a very common word, is most often the name of a school,
project, estate or venue. Only in lower-case stretches (casing.py) and only for review: in
normally cased text a name would have its capital and the other recognisers read it.
"""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.casing import LOWER, segments
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue
from anonymise.text.numbers import parse_age
from anonymise.text.recognisers.base import Recogniser, lexicon_of

_BARE = re.compile(r"(?<![\w'’])(?P<cue>at|from)[ \t]+(?P<id>[a-z][a-z'’-]{2,})(?=[ \t]*(?:[,.;:!?)\]]|\n|$|[ \t]+"
                   r"(?:and|but|so|cos|because|it|it's|its|i|i'm|im|we|he|she|they|now|then|every|on|for|with|when|"
                   r"till|until|since|after|before|last|this|that|which|where|yeah|like|innit|though|too|as)\b))")
_SET_PHRASES = cue("bare_after_preposition")
_NOT_NAMES = cue("not_names") | cue("pronouns") | cue("determiners") | cue("leading_stop") | cue("contractions")


class BareNameRecogniser(Recogniser):
    NAME = "bare_name"
    ENTITIES = ("ORGANISATION",)
    needs_doc = False

    def find(self, text: str, doc=None) -> list[Detection]:
        g = lexicon_of(self)
        out, lower = [], None
        for m in _BARE.finditer(text):
            word = m.group("id")
            if word in _SET_PHRASES or word in _NOT_NAMES or word in g.keep or not g.is_word(word) \
                    or parse_age(word) is not None \
                    or g.very_common(word) or word.endswith(("ing", "ly", "time")):
                continue   # set phrases, function words, verbs, adverbs and times of day ("at
                # bedtime"); words no list knows are the truecaser's
            if lower is None:   # the casing profile, only once a candidate needs it
                lower = [(s, e) for s, e, kind in segments(text) if kind == LOWER]
            if not any(s <= m.start() < e for s, e in lower):
                continue
            out.append(self.detection(m.start("id"), m.end("id"), "ORGANISATION", text, scores.BARE_NAME,
                                      uncertain=True, rule="after_preposition", cue=m.group("cue")))
        return out
