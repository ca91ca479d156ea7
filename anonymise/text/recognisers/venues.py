"""Local venues and groups called by a capitalised word after a lower-case "the": "an ex-chef
from the Crown in Sandbach", "Pastor Gibson's lot at the Elim", "my coach fae the Amateurs",
"walked me home along the Walks", "that's not what the Echo said".

A writer gives an ordinary word a capital inside a sentence only when it is a name, and a
lower-case "the" is never a sentence's first word, so "the" plus capitals names something
local: a pub, club, chapel, drop-in, cinema, paper or district. The names no other rule can
read are exactly these made of ordinary words, so the shape decides, for review, unless the
word is one everybody shares (lexicon/cues.yaml `shared_capitalised`, the keep list, weekdays
and months, compass points, titles, and the generic words of institutions' names: "the
Council", "the Trust"). A pub noun is never shared: "the Crown" and "the Plough" are pubs.
Lines in Title Case are left alone: there every word has its capital ("Care Planning and the
Role of the Independent Reviewing Officer"). In uncased text the truecaser's capitals count the
same: it gives them to words no list knows ("at the elim" -> "Elim"), never to ordinary words."""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.casing import title_like
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue, normalise
from anonymise.text.recognisers.base import Recogniser
from anonymise.text.recognisers.turns import line_bounds

_RUN = re.compile(r"(?<![\w'’-])the[ \t]+(?P<id>[A-Z][a-z'’]+(?:-[A-Za-z][a-z]+)?"
                  r"(?:[ \t]+[A-Z][a-z'’]+(?:-[A-Za-z][a-z]+)?){0,2})(?![\w'’-])")
_PUB_NOUNS = cue("pub_nouns")
_SHARED = (cue("shared_capitalised") | cue("generic_name_words") | cue("compass_words")
           | cue("honorifics") | cue("formal_titles") | cue("person_titles") | cue("role_words")
           | cue("relations") | cue("speaker_roles")) - _PUB_NOUNS



class VenueRecogniser(Recogniser):
    NAME = "venue"
    ENTITIES = ("ORGANISATION",)
    needs_doc = False

    def find(self, text: str, doc=None) -> list[Detection]:
        from anonymise.text.lexicon import load

        g = self.lexicon or load()
        out = []
        for m in _RUN.finditer(text):
            start, end = line_bounds(text, m.start())
            if title_like(text[start:end]):
                continue   # "Care Planning and the Role of the IRO": capitals there are style
            words = m.group("id").split()
            first = words[0].lower().rstrip("'’s") or words[0].lower()
            if words[0].lower() in _SHARED or first in _SHARED or normalise(words[0]) in g.keep \
                    or normalise(m.group("id")) in g.keep:
                continue
            out.append(self.detection(m.start("id"), m.end("id"), "ORGANISATION", text, scores.VENUE_THE,
                                      uncertain=True, rule="the_capitalised"))
        return out
