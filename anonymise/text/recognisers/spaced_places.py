"""Places that speech recognition wrote as several words: "Sutton cold field", "King standing",
"in hands worth", "from brown hills", and, spelt as heard, "in darla stun" (Darlaston) or "Walls
grave" (Walsgrave).

A recogniser that does not know a district writes the words it hears in it. Joined up, the words
spell the place, or sound like it. Since "a new castle" or "hands worth" are also ordinary words,
a run counts only where the text itself marks it as a name: its first word capitalised mid-
sentence with the rest in lower case, as recognisers write a proper noun they split, or a
locative word before it ("in", "from", "up"). A run that spells a listed place exactly is that
place; one that only sounds like it (an equal Metaphone key, as lower_names matches names) goes
for review.
"""

from __future__ import annotations

import bisect
import re

import jellyfish

from anonymise.text import scores
from anonymise.text.lexicon import Lexicon
from anonymise.text.recognisers.base import Recogniser, lexicon_of
from anonymise.text.recognisers.places import LOCATIVE
from anonymise.text.recognisers.tokens import Tok, tokens_of

# Shorter joined names sound like too many word pairs ("bill stun" is Bilston, but "mar ket" is
# nothing): a name joined from pieces must have this many letters, its sound this many sounds.
MIN_LETTERS = 7
MIN_SOUNDS = 4
MAX_PIECES = 3

_INDEXES: dict[int, tuple[dict[str, str], dict[str, str]]] = {}
_LOCATIVES = "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in sorted(LOCATIVE, key=len, reverse=True))
_OPENINGS = re.compile(rf"(?<![\w'’-])(?:(?P<word>[A-Z][^\W\d_]{{2,}})|(?i:{_LOCATIVES})[ \t]+(?P<word2>[^\W\d_]{{3,}}))"
                       r"(?=[ \t]+[a-z])")


def _joined(key: str) -> str:
    return key if key.isalpha() else "".join(c for c in key if c.isalpha())


def _sound(letters: str) -> str:
    return jellyfish.metaphone(letters)


def _indexes(lexicon: Lexicon) -> tuple[dict[str, str], dict[str, str]]:
    """Listed places by their letters alone ("suttoncoldfield"), and by their sound; a sound two
    places share names neither. Built once per lexicon."""
    if id(lexicon) not in _INDEXES:
        spelt: dict[str, str] = {}
        sounds: dict[str, str | None] = {}
        for key in lexicon.places:
            letters = _joined(key)
            if len(letters) < MIN_LETTERS or not letters.isascii():
                continue
            spelt.setdefault(letters, key)
            sound = _sound(letters)
            if len(sound) >= MIN_SOUNDS:
                sounds[sound] = key if sound not in sounds or sounds[sound] == key else None
        _INDEXES[id(lexicon)] = (spelt, {s: k for s, k in sounds.items() if k is not None})
    return _INDEXES[id(lexicon)]


class SpacedPlaceRecogniser(Recogniser):
    NAME = "spaced_place"
    ENTITIES = ("PLACE",)
    EXPLAINS = {"spelt": "words that, joined, spell a listed place ('Sutton cold field')",
                "sounds_like": "words that, joined, sound like a listed place ('darla stun'): review"}

    def find(self, text: str, doc=None):
        if doc is None:
            return []
        g = lexicon_of(self)
        spelt, sounds = _indexes(g)
        toks = tokens_of(doc, text)
        out = []
        starts = [t.start for t in toks]
        done = 0     # tokens before this are inside a run found
        # Only where a word of three letters or more, capitalised or after a locative word, has a
        # lower-case word after it on the same line can a run open: found by one scan of the text.
        for m in _OPENINGS.finditer(text):
            at = m.start("word") if m.group("word") else m.start("word2")
            i = bisect.bisect_left(starts, at)
            if i < done or i >= len(toks) or starts[i] != at or not self._marked(toks, i):
                continue
            found = self._run_at(toks, i, g, spelt, sounds)
            if found is None:
                continue
            j, exact = found
            out.append(self.detection(toks[i].start, toks[j - 1].end, "PLACE", text,
                                      scores.SPACED_PLACE if exact else scores.SPACED_PLACE_SOUND, not exact,
                                      "spelt" if exact else "sounds_like"))
            done = j
        return out

    @staticmethod
    def _marked(toks: list[Tok], i: int) -> bool:
        """A run may start here: capitalised mid-sentence, or after a locative word."""
        t = toks[i]
        if not t.alpha or t.upper or len(t.text) < 3:
            return False   # "A COPPER" read "A copper": a letter opens no place
        if t.cap and not t.initial:
            return True
        return i > 0 and not t.newline_before and toks[i - 1].lower in LOCATIVE

    def _run_at(self, toks: list[Tok], i: int, g: Lexicon, spelt, sounds) -> tuple[int, bool] | None:
        """(end, spelt exactly) of the longest run of two or three words from i that spells or
        sounds like a listed place, the words after the first in lower case; or None."""
        best = None
        for j in range(i + 2, min(len(toks), i + MAX_PIECES) + 1):
            piece = toks[j - 1]
            if not piece.alpha or piece.cap or piece.upper or piece.newline_before or not toks[j - 2].space_after:
                break
            letters = "".join(_joined(toks[k].lower) for k in range(i, j))
            if len(letters) < MIN_LETTERS:
                continue
            # the run must not just be a listed place and a word after it ("Leeds centre")
            if g.place_key(" ".join(toks[k].lower for k in range(i, j))) is not None:
                return None
            if letters in spelt and all(g.zipf(t.lower) < scores.ZIPF_FUNCTION_WORD for t in toks[i:j]):
                best = (j, True)   # not "Will and": no word of grammar splits a place
            elif (best is None or not best[1]) and self._sounds_like(letters, sounds, g, toks[i:j]):
                best = (j, False)
        return best

    @staticmethod
    def _sounds_like(letters: str, sounds: dict[str, str], g: Lexicon, pieces: list[Tok]) -> bool:
        """The same sound as a listed place, and nearly its letters too ("darlastun" and
        "darlaston"); pieces of everyday grammar ("in school as", "his coat") share sounds with
        too many places to count."""
        key = sounds.get(_sound(letters))
        if key is None or any(g.zipf(t.lower) >= scores.ZIPF_SPACED_PIECE for t in pieces):
            return False
        return jellyfish.jaro_winkler_similarity(letters, _joined(key)) >= scores.SPACED_PLACE_LETTERS
