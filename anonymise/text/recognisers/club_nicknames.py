"""Sports clubs called by their nicknames: "the Gills every Saturday", "a VALE SUPPORTER", "his
Wolves shirt", "she wants to play for the shrimps". A supporter's club places them as surely as
a street does (the gold guidelines mark "X FC" and "X Rovers"), and speech names the club by
what its fans call it far more often than by its full name.

Nicknames are ordinary words ("saints", "bees", "wolves"), so a nickname counts only with talk
of the sport near it (lexicon/cues.yaml `club_nicknames`, `football_words`). The words are
looked up whatever the casing: speech recognition and typescripts lose the capital that would
otherwise tell a club from an animal."""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.lexicon import cue
from anonymise.text.recognisers.base import RegexRecogniser, Rule

_NICKNAMES = "|".join(sorted(cue("club_nicknames"), key=len, reverse=True))


class ClubNicknameRecogniser(RegexRecogniser):
    NAME = "club_nickname"
    ENTITY = "ORGANISATION"
    CONTEXT = tuple(sorted(cue("football_words")))
    # "Football mad. The Gills, obviously.": the sport is often named a sentence before the club.
    CONTEXT_BEFORE = 120
    CONTEXT_AFTER = 60
    BOOST = 0.0
    RULES = (
        # Not "All Saints" or "St Pilgrims": a church's name, not a club's.
        Rule("nickname", rf"(?<![\w'’-])(?<!all )(?<!st )(?<!st. )(?P<id>{_NICKNAMES})(?![\w'’-])",
             scores.CLUB_NICKNAME, flags=re.IGNORECASE, needs_context=True),
    )
