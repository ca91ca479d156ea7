"""Local organisations in lower-case text, by the word that closes their name: "i go to iron
house gym", "we go mount zion pentecostal", "shes in year ten at orchard park high", "he drives
for station cars".

Speech recognition and typed notes give a name no capital, and most local bodies are named with
ordinary words, so neither the case nor a dictionary tells them. What does is the shape
people give them: words that describe nothing ("iron house", "mount zion") before the word for
what the place is (a gym, a school, a church, a firm's trade: lexicon/cues.yaml
`organisation_heads`, `business_words`, `lower_name_heads`). Words that only describe ("the
boxing gym", "the local primary", "my old school") make no name, nor do the heads too often a
family's or a service's ("her house", "the council"). For review: the shape is a guess."""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.casing import LOWER, line_profile
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue
from anonymise.text.recognisers.base import Recogniser, lexicon_of
from anonymise.text.recognisers.turns import line_bounds

_HEADS = (cue("organisation_heads") | cue("business_words") | cue("lower_name_heads")) - cue("not_lower_name_heads")
_BEFORE = r"at|to|from|in|the|with|for|into|down|up|outside|near|called|go|goes|went"
_NAME = re.compile(rf"(?<![\w'’-])(?:{_BEFORE})[ \t]+(?P<id>(?:[a-z'’]+[ \t]+){{1,3}}"
                   rf"(?:{'|'.join(sorted(_HEADS, key=len, reverse=True))}))(?![\w'’-])")
# A place of business placed on a named street: "the welcome table on soho road", "royal sweets
# on ladypool road", "chicken king on blakenall lane". Someone goes to it, so it is somewhere;
# the street is named, so it is one place; what stands before "on" is then its name, unless it
# is only what kind of place it is ("the shop on soho road", "a flat on heneage road").
_STREET_HEADS = "|".join(sorted(w for w in cue("street_heads") if len(w) > 3))
_ON_STREET = re.compile(rf"(?<![\w'’-])(?:{_BEFORE})[ \t]+(?P<id>(?:[a-z'’]+[ \t]+){{0,2}}[a-z'’]+)[ \t]+on[ \t]+(?:the[ \t]+)?"
                        rf"(?P<street>[a-z'’]+(?:[ \t]+[a-z'’]+)?)[ \t]+(?:{_STREET_HEADS})(?![\w'’-])")
_PLACE_KINDS = cue("place_kind_words")
# Words that describe a place or say whose it is, never name it.
_DESCRIBING = (cue("generic_name_words") | cue("determiners") | cue("pronouns") | cue("relations")
               | cue("person_nouns") | cue("role_words") | cue("contractions") | cue("lower_describing_words"))
# A word this common before the head is talk, not a name ("the one gym", "went back to school").
COMMON_ZIPF = scores.ZIPF_TOO_COMMON


class LowerOrganisationRecogniser(Recogniser):
    NAME = "lower_organisation"
    ENTITIES = ("ORGANISATION",)
    CONTEXT = ()
    needs_doc = False

    def find(self, text: str, doc=None) -> list[Detection]:
        if not any(c.islower() for c in text):
            return []
        g = lexicon_of(self)
        out = []
        for m in _NAME.finditer(text):
            if not _on_lower_line(text, m.start()):
                continue
            words = m.group("id").split()
            modifiers = words[:-1]
            while modifiers and modifiers[0] in _DESCRIBING:
                modifiers = modifiers[1:]
            if not modifiers or all(w in _DESCRIBING for w in modifiers) \
                    or any(g.zipf(w) >= COMMON_ZIPF for w in modifiers) or all(w in g.keep for w in modifiers):
                continue   # "the boxing gym", "my old school", "the one gym"
            out += self._name_ending(text, m.end("id"), modifiers + words[-1:], "named_by_head")
        for m in (_ON_STREET.finditer(text) if " on " in text else ()):
            if not _on_lower_line(text, m.start()):
                continue
            words = m.group("id").split()
            while words and (words[0] in _DESCRIBING or words[0] in _PLACE_KINDS):
                words = words[1:]   # "the mosque baitul aman": the kind first, then the name
            if not words or words[-1] in _PLACE_KINDS or words[-1] in _HEADS or all(w in _DESCRIBING for w in words) \
                    or all(w in g.keep for w in words) or any(g.zipf(w) >= COMMON_ZIPF for w in words) \
                    or m.group("street").split()[0] in _DESCRIBING:
                continue   # "the shop on soho road", "a flat on our road", a head the rule above reads
            out += self._name_ending(text, m.end("id"), words, "on_street")
        return out

    def _name_ending(self, text: str, end: int, words: list[str], rule: str) -> list[Detection]:
        """The name made of `words`, ending at `end` (for review); none where the words stand
        spaced otherwise than by single spaces."""
        at = end - len(" ".join(words))
        if text[at:end] != " ".join(words):
            return []   # spaced oddly: leave it
        return [self.detection(at, end, "ORGANISATION", text, scores.PUB_LOWER, uncertain=True, rule=rule)]


def _on_lower_line(text: str, pos: int) -> bool:
    start, end = line_bounds(text, pos)
    return line_profile(text[start:end]) == LOWER
