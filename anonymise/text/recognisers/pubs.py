"""Pubs by the shape of an English pub's name: "the Black Horse", "the Half Moon", "the Eagle and
Hawk", "the Rose and Crown". A pub is a local organisation that places a person (the gold
guidelines), yet its name is made of ordinary words, so the shape decides: "the", then a pub
adjective and a pub noun, or two pub nouns joined by "and" (lexicon/cues.yaml). In lower case
("at the black horse") only after a word that places someone there, and for review. In capitals
the same shape, and, where drink is talked of, a name after "IN THE"."""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.lexicon import cue
from anonymise.text.recognisers.base import RegexRecogniser, Rule

_NOUNS = cue("pub_nouns")
_ADJECTIVES = cue("pub_adjectives")


def _alternation(words, case: str) -> str:
    return "|".join(sorted({"title": w.capitalize(), "upper": w.upper()}.get(case, w) for w in words))


def _name(case: str) -> str:
    nouns, adjectives = _alternation(_NOUNS, case), _alternation(_ADJECTIVES, case)
    link = "AND" if case == "upper" else "and"
    return rf"(?:(?:{adjectives})[ \t]+(?:{nouns})|(?:{nouns})[ \t]+(?:{link}|&)[ \t]+(?:{nouns}))"


# In capitals the shape of a pub's name is lost in every word's capital, so a typescript names a
# pub where drink is talked of: "DRINK IN THE ANCHOR AND HOPE", "A PINT IN THE WHALEBONE", "THE
# LANDLORD OF THE FOX AND FIDDLE" (a word, or two joined by AND), scored as lower-case pubs are.
# (The capitals' rules open with "THE" itself, so `re` can skip ahead to it; what stands before
# is checked in validate.)
_UPPER_BEFORE = re.compile(r"(?<![\w'’-])(?:AT|IN|TO|FROM|OF|INTO|OUTSIDE|DOWN|UP|ROUND|BEHIND|OPPOSITE|NEAR)[ \t]+$")
_UPPER_WORD = r"[A-Z][A-Z'’]+"
# Words of a drinking place that name none: "IN THE BAR", "AT THE CLUB", "THE BACK ROOM".
_NOT_PUB_NAMES = cue("pub_generic_words")


_AFTER = r"(?<![\w'’-])(?:at|in|to|from|down|outside|near|behind|opposite|round|up)[ \t]+the[ \t]+"


class PubRecogniser(RegexRecogniser):
    NAME = "pub"
    ENTITY = "ORGANISATION"
    CONTEXT = ("pub", "pint", "drink", "drinks", "quiz", "landlord", "landlady", "bar")
    RULES = (
        # "at the\nCrown and Anchor": a hard wrap may fall after "the"
        Rule("name", rf"(?<![\w'’-])[Tt]he(?:[ \t]+|[ \t]*\n[ \t]*)(?P<id>{_name('title')})(?![\w'’-])", scores.PUB_NAMED),
        Rule("upper_name", rf"THE(?:[ \t]+|[ \t]*\n[ \t]*)(?P<id>{_name('upper')})(?![\w'’-])", scores.PUB_NAMED),
        Rule("lower_name", rf"{_AFTER}(?P<id>{_name('lower')})(?![\w'’-])", scores.PUB_LOWER),
        Rule("upper_drink", rf"THE[ \t]+(?P<id>{_UPPER_WORD}(?:[ \t]+AND[ \t]+{_UPPER_WORD})?)(?![\w'’-])",
             scores.PUB_LOWER, needs_context=True),
    )

    def validate(self, value, match, rule):
        if rule.name in ("upper_name", "upper_drink") and match.start() and \
                (match.string[match.start() - 1].isalnum() or match.string[match.start() - 1] in "'’-"):
            return None   # "CLOTHE", "BATHE": "THE" inside a word
        if rule.name != "upper_drink":
            return rule.score
        if _UPPER_BEFORE.search(match.string, max(0, match.start() - 12), match.start()) is None:
            return None   # only where someone is at, in or of the place
        g = self.lexicon
        words = [w.lower() for w in value.split() if w != "AND"]
        if any(w in _NOT_PUB_NAMES or (g is not None and w in g.keep) for w in words) or \
                (g is not None and g.very_common(words[0]) and words[0] not in _NOUNS):
            return None   # "A PINT IN THE BAR", "DRINK AT THE CLUB", "A DRINK IN THE END"
        return rule.score
