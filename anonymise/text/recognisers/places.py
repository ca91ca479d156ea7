"""Towns, villages, counties and local authorities from the gazetteer ("Lowestoft", "Great
Yarmouth", "King's Lynn", "Norfolk", "Tower Hamlets").

Place names that are also everyday words ("Reading", "Street", "Deal", "Hope") need a capital
letter mid-sentence, and the very common ones also a locative word before them ("in", "from").
Lower-case mentions count when a locative word precedes them and the word is not an ordinary one.
"""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.lexicon import cue, fold, normalise
from anonymise.text.recognisers.base import Recogniser
from anonymise.text.recognisers.tokens import Tok, tokens_of

_GENERIC_AFTER_COUNTY = cue("generic_after_county")
LOCATIVE = cue("locatives")
PLACE_WORDS = cue("place_words")
PLACE_NOUNS = cue("place_nouns")
NAMING = cue("naming_words")
UNLISTED_AFTER = cue("unlisted_place_words")
UNLISTED_AFTER_REVIEW = cue("unlisted_place_words_review")
MOVES_TO = cue("moves_to")
COMPASS = cue("compass_words")
ALONG = cue("along_words")
FACILITIES = [f.split() for f in sorted(cue("place_facilities"), key=len, reverse=True)]
_FACILITY_FIRST = frozenset(f[0] for f in FACILITIES)   # most words open none: looked up first
CONNECT = frozenset(["-", "‐"])   # hyphens that join the parts of a name ("Smith-Jones", "Sutton-in")


def _facility(toks: list[Tok], j: int) -> int:
    """How many tokens from j name a facility of a town ("bus station"), or 0."""
    if j >= len(toks) or toks[j].lower not in _FACILITY_FIRST:
        return 0
    for facility in FACILITIES:
        if [t.lower for t in toks[j:j + len(facility)]] == facility:
            return len(facility)
    return 0


def place_context(toks: list[Tok], i: int) -> bool:
    """Whether the words before token i introduce a place: "in", "near", "a village called"."""
    if i == 0 or toks[i].newline_before:
        return False
    prev = toks[i - 1].lower
    if prev in PLACE_WORDS:
        return True
    return prev in NAMING and i > 1 and toks[i - 2].lower in PLACE_NOUNS


def place_reading(g, text: str, toks: list[Tok], i: int, j: int) -> bool:
    """A run of name-shaped words i..j is better read as a place: a listed place after a locative
    word ("moved to Thorpe St Andrew"), of several words ("Kings Lynn was far") or with no name in
    it ("Manchester was great"); a listed place followed by words that are not names, after a
    locative word ("to Carlton Colville"); any run without a name after a place word ("lives in
    Oulton Broad", "a village called Blundeston")."""
    words = [toks[k] for k in range(i, j) if toks[k].text not in CONNECT]
    named = [g.is_name(w.lower) or g.is_name(fold(w.lower)) for w in words]
    locative = place_context(toks, i)
    after_locative = i > 0 and toks[i - 1].lower in LOCATIVE   # a line ending "in" is hard-wrapped
    if g.place_key(normalise(text[toks[i].start:toks[j - 1].end])) is not None:
        # A listed place of several words ("Kings Lynn") is the place whatever names it holds.
        return locative or after_locative or len(words) > 1 or not any(named)
    if locative and not any(named):
        return True
    if after_locative:
        for m in range(j - 1, i, -1):   # the longest listed place the span starts with
            if g.place_key(normalise(text[toks[i].start:toks[m - 1].end])) is not None:
                return not any(g.is_name(toks[k].lower) for k in range(m, j) if toks[k].text not in CONNECT)
    return False


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

    def unlisted(self, text: str, toks: list[Tok]) -> list:
        """Capitalised words after "in", "near", "up the", "from" or "at" that no list knows as an
        English word or a name: districts and estates the gazetteer lacks ("in Lochee", "up the
        Hilltown", "from Pollokshields"). Runs of such words count ("in Cantril Farm") as long as
        one is no word and none is a name; a possessive ("in Tiegan's room") is a person's."""
        g = self.lexicon
        out = []
        last = (-1, 0.0)    # the last token of the place found last, and its score
        for i, tok in enumerate(toks):
            if not tok.cap or tok.upper or i == 0 or len(tok.text) < 4:
                continue
            prev = toks[i - 1].lower
            # A line that ends in "in" or "from" is hard-wrapped: the place opens the next line
            # ("OUR HOUSE IN\nDENBEATH"); any other line break ends the run of words before it.
            if tok.newline_before and prev not in UNLISTED_AFTER and prev not in UNLISTED_AFTER_REVIEW:
                continue
            after_the = prev == "the" and i > 1 and toks[i - 2].lower in ALONG
            # the next of a list of places: "in Whitfield, Fintry, Lochee"
            listed = prev in (",", "and", "or", "&") and (last[0] == i - 2 or self._listed_ends(text, toks, i - 2))
            # "they moved to Pollokshields", "he went over to Skeg": where someone goes to live
            moved = prev == "to" and i > 1 and toks[i - 2].lower in MOVES_TO
            facility = _facility(toks, i + 1)
            if facility and not g.is_word(tok.lower) and not (toks[i - 1].cap and g.is_name(toks[i - 1].lower)):
                # "Hanley bus station": a facility names its town, even one that is also a surname
                out.append(self.detection(tok.start, toks[i + facility].end, "PLACE", text, scores.UNLISTED_PLACE,
                                          False, "facility_place", " ".join(t.text for t in toks[i + 1:i + 1 + facility])))
                continue
            if prev not in UNLISTED_AFTER and prev not in UNLISTED_AFTER_REVIEW and not after_the and not listed \
                    and not moved:
                continue
            j = i
            while j < len(toks) and toks[j].cap and not toks[j].upper and not (j > i and toks[j].newline_before):
                j += 1
            words = [toks[k].lower for k in range(i, j)]
            if any(g.is_name(w) or g.is_name(fold(w)) or w in g.keep for w in words):
                continue
            if all(g.is_word(w) for w in words) or g.place_key(normalise(" ".join(words))) is not None:
                continue   # ordinary words ("in Year 9", "in Care"); listed places are find()'s
            if j < len(toks) and toks[j].text in ("'s", "’s", "'", "’"):
                continue
            score = (last[1] if last[0] == i - 2 else scores.UNLISTED_PLACE) if listed else scores.UNLISTED_PLACE_FROM if prev in UNLISTED_AFTER_REVIEW or moved \
                else scores.UNLISTED_PLACE
            last = (j - 1, score)
            out.append(self.detection(tok.start, toks[j - 1].end, "PLACE", text, score,
                                      score < scores.REVIEW_THRESHOLD, "unlisted_place", toks[i - 1].text))
        return out

    def _listed_ends(self, text: str, toks: list[Tok], k: int) -> bool:
        """Whether a listed place of one to three capitalised words ends at token k ("Fintry,")."""
        for m in range(k, max(-1, k - 3), -1):
            if m < 0 or not toks[m].cap:
                return False
            if self.lexicon.place_key(normalise(text[toks[m].start:toks[k].end])) is not None:
                return True
        return False

    def find(self, text, doc=None):
        if doc is None:
            return []
        g = self.lexicon
        toks = tokens_of(doc, text)
        out = self.unlisted(text, toks)
        n = len(toks)
        i = 0
        while i < n:
            tok = toks[i]
            if tok.lower not in self.first_words or not (tok.cap or tok.upper or tok.alpha):
                i += 1
                continue
            # The longest listed place opening here: runs of words grow while some place's name
            # still starts with them, so most words cost one look-up, not one per possible length.
            match = None
            for j in range(i + 1, min(n, i + self.max_tokens) + 1):
                key = normalise(text[tok.start:toks[j - 1].end])
                if not g.may_open_place(key):
                    break
                if toks[j - 1].newline_before and j - 1 > i:
                    continue
                listed = g.place_key(key)
                if listed is not None:
                    match = (j, listed)
            if match is None:
                i += 1
                continue
            j, key = match
            prev = toks[i - 1].lower if i > 0 else ""
            locative = prev in LOCATIVE
            single = j == i + 1
            score = scores.PLACE_LISTED
            uncertain = False
            if not tok.cap and not tok.upper:
                # lower case: only after a locative word: "in lowestoft"; "from stoke", "in hull"
                # (words too) for review; never "in reading", a word far too common to tell
                if not locative or (g.is_word(key) and g.very_common(key)):
                    i += 1
                    continue
                score = scores.PLACE_LISTED_LOWER
                if g.is_word(key):
                    score, uncertain = scores.PLACE_LISTED_COMMON, True
            elif single and g.is_word(key):
                if g.very_common(key):
                    if not locative:
                        i += 1
                        continue
                    score, uncertain = scores.PLACE_LISTED_COMMON, True
                elif tok.initial and not locative:
                    i += 1
                    continue
                else:
                    score = scores.PLACE_LISTED_WORD
            if self.places[key] == "COUNTY" and j < n and toks[j].lower in _GENERIC_AFTER_COUNTY:
                i = j
                continue   # "a Yorkshire accent", "Lancashire hotpot": the county said of a kind
            end = toks[j - 1].end
            facility = _facility(toks, j)   # "Crewe bus station": the facility is part of the name
            if facility:
                end = toks[j + facility - 1].end
                j += facility
            rule = "listed_place" if tok.cap or tok.upper else "lower_listed_place"
            start = tok.start
            if i > 0 and prev in COMPASS and not tok.newline_before and self.places[key] == "TOWN" and (
                    toks[i - 1].newline_before or i == 1 or toks[i - 2].lower in LOCATIVE or toks[i - 2].text in (",", "(", ":")):
                start = toks[i - 1].start   # "in east Belfast", "youth worker, east Belfast": a district
            out.append(self.detection(start, end, self.places[key], text, score, uncertain, rule,
                                      toks[i - 1].text if locative else ""))
            i = j
        return out
