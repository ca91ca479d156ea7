"""Sports clubs called by their nicknames: "the Gills every Saturday", "a VALE SUPPORTER", "his
Wolves shirt", "she wants to play for the shrimps". A supporter's club places them as surely as
a street does (the gold guidelines mark "X FC" and "X Rovers"), and speech names the club by
what its fans call it far more often than by its full name.

Nicknames are ordinary words ("saints", "bees", "wolves"), so a nickname counts only with talk
of the sport near it (lexicon/cues.yaml `club_nicknames`, `football_words`), or when a person
is said to be one: "he's baggies like his grandad", "she's gone blues", "Abdi's City". A plural
after a single person's "is" is no English but a supporter's ("wolves till i die"); a plural
subject ("they're saints") or "it's" ("it's blues") is left to the sport. The words are
looked up whatever the casing: speech recognition and typescripts lose the capital that would
otherwise tell a club from an animal. Both lists are searched as tries over the lower-cased
text (phrases.CaselessStrings): most texts talk of no sport, and then nothing else is done."""

from __future__ import annotations

import bisect
import re

from anonymise.text import scores
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue
from anonymise.text.phrases import CaselessStrings
from anonymise.text.recognisers.base import Recogniser

_NICKNAMES = CaselessStrings(cue("club_nicknames"))
_SPORT = CaselessStrings(cue("football_words"))
# "All Saints", "St Pilgrims": a church's dedication, not a club.
_DEDICATION_BEFORE = ("all ", "st ", "st. ", "saint ")
# A single person said to be the club: "he's", "i'm", "Umar is", "she's gone", "Abdi's".
_SUPPORTER_BEFORE = re.compile(r"(?i)(?<![\w'’])(?!(?:it|that|this|there|what|who|here|where)['’]s\b)"
                               r"[^\W\d_]+(?:['’](?:s|m)|\s+(?:is|was|am))(?:\s+(?:gone|always\s+been|been|proper|mad|all))?\s+$")

_VERB_AFTER = re.compile(r"(?i)\s+(?:is|are|was|were|have|had|look|looked)\b")


class ClubNicknameRecogniser(Recogniser):
    NAME = "club_nickname"
    ENTITIES = ("ORGANISATION",)
    CONTEXT = tuple(sorted(cue("football_words")))
    needs_doc = False
    # "Football mad. The Gills, obviously.": the sport is often named a sentence before the club.
    CONTEXT_BEFORE = 120
    CONTEXT_AFTER = 60

    def find(self, text: str, doc=None) -> list[Detection]:
        sport = _SPORT.spans(text)
        starts = [s for s, _ in sport]
        out = []
        for start, end in _NICKNAMES.spans(text):
            if text[max(0, start - 6):start].lower().endswith(_DEDICATION_BEFORE):
                continue
            near = self._sport_near(text, sport, starts, start, end) or self._supporter(text, start, end)
            if near:
                out.append(self.detection(start, end, "ORGANISATION", text, scores.CLUB_NICKNAME,
                                          rule="nickname", cue=near.lower()))
        return out

    @staticmethod
    def _supporter(text: str, start: int, end: int) -> str:
        """ "is", when a single person is said to be a club whose nickname is a plural ("he's
        baggies"), or a name ("Abdi's City"); else ""."""
        word = text[start:end]
        if not (word.lower().endswith("s") or word[:1].isupper()):
            return ""
        if _VERB_AFTER.match(text, end):
            return ""   # "the lad's gills were red": a possessive, the noun its subject
        return "is" if _SUPPORTER_BEFORE.search(text, max(0, start - 40), start) else ""

    def _sport_near(self, text: str, sport: list[tuple[int, int]], starts: list[int], start: int, end: int) -> str:
        """The first word of the sport inside the window around text[start:end], not the nickname
        itself ("saints" may be both), or ""."""
        for s, e in sport[bisect.bisect_left(starts, start - self.CONTEXT_BEFORE):]:
            if s > end + self.CONTEXT_AFTER:
                break
            if e <= start or s >= end:
                return text[s:e]
        return ""
