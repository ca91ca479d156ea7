"""Towns, villages, counties and local authorities from the gazetteer ("Lowestoft", "Great
Yarmouth", "King's Lynn", "Norfolk", "Tower Hamlets").

Place names that are also everyday words ("Reading", "Street", "Deal", "Hope") need a capital
letter mid-sentence, and the very common ones also a locative word before them ("in", "from").
Lower-case mentions count when a locative word precedes them and the word is not an ordinary one.
"""

from __future__ import annotations

import re

from anonymise.text.lexicon import cue, normalise
from anonymise.text.recognisers.base import Recogniser
from anonymise.text.recognisers.tokens import tokens_of

LOCATIVE = cue("locatives")


class PlaceRecogniser(Recogniser):
    NAME = "uk_place_gazetteer"
    ENTITIES = ("TOWN", "COUNTY", "LOCAL_AUTHORITY", "PLACE")
    CONTEXT = tuple(sorted(LOCATIVE))

    def __init__(self, settings=None, lexicon=None):
        super().__init__(settings, lexicon)
        g = lexicon
        self.places = g.places
        # First word of every place ("king" for "King's Lynn", "stoke" for "Stoke-on-Trent"):
        # lookups start only at such tokens.
        self.first_words = frozenset(re.split(r"[\s'\-]", p)[0] for p in g.places) | \
            frozenset(p.split()[0] for p in g.loose_places)   # "kings" of "Kings Lynn"
        self.max_tokens = 3 * g.max_place_words + 2

    def find(self, text, doc=None):
        if doc is None:
            return []
        g = self.lexicon
        toks = tokens_of(doc)
        out = []
        n = len(toks)
        i = 0
        while i < n:
            tok = toks[i]
            if tok.lower not in self.first_words or not (tok.cap or tok.upper or tok.alpha):
                i += 1
                continue
            match = None
            for j in range(min(n, i + self.max_tokens), i, -1):
                if toks[j - 1].newline_before and j - 1 > i:
                    continue
                key = g.place_key(normalise(text[tok.start:toks[j - 1].end]))
                if key is not None:
                    match = (j, key)
                    break
            if match is None:
                i += 1
                continue
            j, key = match
            prev = toks[i - 1].lower if i > 0 else ""
            locative = prev in LOCATIVE
            single = j == i + 1
            score = 0.85
            uncertain = False
            if not tok.cap and not tok.upper:
                # lower case: only "in lowestoft", never "in reading"
                if not locative or g.is_word(key):
                    i += 1
                    continue
                score = 0.6
            elif single and g.is_word(key):
                if g.very_common(key):
                    if not locative:
                        i += 1
                        continue
                    score, uncertain = 0.6, True
                elif tok.initial and not locative:
                    i += 1
                    continue
                else:
                    score = 0.7
            end = toks[j - 1].end
            out.append(self.detection(tok.start, end, self.places[key], text, score, uncertain))
            i = j
        return out
