"""Pubs by the shape of an English pub's name: "the Black Horse", "the Half Moon", "the Eagle and
Hawk", "the Rose and Crown". A pub is a local organisation that places a person (the gold
guidelines), yet its name is made of ordinary words, so the shape decides: "the", then a pub
adjective and a pub noun, or two pub nouns joined by "and" (lexicon/cues.yaml). In lower case
("at the black horse") only after a word that places someone there, and for review."""

from __future__ import annotations

from anonymise.text import scores
from anonymise.text.lexicon import cue
from anonymise.text.recognisers.base import RegexRecogniser, Rule

_NOUNS = cue("pub_nouns")
_ADJECTIVES = cue("pub_adjectives")


def _alternation(words, capital: bool) -> str:
    return "|".join(sorted((w.capitalize() if capital else w) for w in words))


def _name(capital: bool) -> str:
    nouns, adjectives = _alternation(_NOUNS, capital), _alternation(_ADJECTIVES, capital)
    return rf"(?:(?:{adjectives})[ \t]+(?:{nouns})|(?:{nouns})[ \t]+(?:and|&)[ \t]+(?:{nouns}))"


_AFTER = r"(?<![\w'’-])(?:at|in|to|from|down|outside|near|behind|opposite|round|up)[ \t]+the[ \t]+"


class PubRecogniser(RegexRecogniser):
    NAME = "pub"
    ENTITY = "ORGANISATION"
    CONTEXT = ("pub", "pint", "drink", "drinks", "quiz", "landlord", "landlady", "bar")
    RULES = (
        # "at the\nCrown and Anchor": a hard wrap may fall after "the"
        Rule("name", rf"(?<![\w'’-])[Tt]he(?:[ \t]+|[ \t]*\n[ \t]*)(?P<id>{_name(True)})(?![\w'’-])", scores.PUB_NAMED),
        Rule("lower_name", rf"{_AFTER}(?P<id>{_name(False)})(?![\w'’-])", scores.PUB_LOWER),
    )
