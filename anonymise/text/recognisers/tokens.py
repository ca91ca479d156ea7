"""A light view of a spaCy Doc for the token-based recognisers: where each word starts and ends,
its shape, and whether it opens a sentence (the small model's NER runs without the parser, so
sentence starts are judged from punctuation and line breaks)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_WORDISH = re.compile(r"[\w'’-]+")
_ELISIONS = frozenset(["'", "’"])
_OPENERS = frozenset(['.', '?', '!', ':', ';', '"', '“', '”', '‘', "'", '(', '[', '-', '–', '—', '…', '...'])


def _name_shaped(text: str) -> bool:
    """Capital first, then letters (any script: "Wiśniewski", "Zoë"), apostrophes or hyphens;
    "McDonald" and "O'Brien" qualify, ALL CAPS words do not (single capitals do: initials)."""
    if not text[:1].isupper():
        return False
    if len(text) == 1:
        return True
    rest = text[1:].replace("'", "").replace("’", "").replace("-", "")
    return (rest.isalpha() or not rest) and not text.isupper()


@lru_cache(maxsize=1 << 16)
def _word_shape(text: str) -> tuple[str, bool, bool, bool]:
    """A token's (lower, cap, upper, alpha): what its letters alone say. The same few thousand
    words make up most of a transcript, so each is judged once, not at every use."""
    alpha = text.isalpha() or bool(_WORDISH.fullmatch(text)) and any(c.isalpha() for c in text)
    return (text.lower().replace("’", "'"), _name_shaped(text),
            text.isupper() and len(text) > 1 and text.isalpha(), alpha)


@dataclass(slots=True)
class Tok:
    i: int
    text: str
    lower: str
    start: int
    end: int
    space_after: bool
    newline_before: bool
    initial: bool          # first word of a sentence, line or quoted speech
    cap: bool              # shaped like a proper name: "Tracey", "O'Brien", "McDonald", "Smith-Jones" part
    upper: bool            # ALL CAPS, 2+ letters
    alpha: bool


_last: tuple = (None, None)


def tokens_of(doc, text: str) -> list[Tok]:
    """The token view of `doc`, the Doc made of `text`; the last one is cached, since several
    recognisers ask in turn."""
    global _last
    if _last[0] is doc:
        return _last[1]
    out = _tokens(doc, text)
    _last = (doc, out)
    return out


def _tokens(doc, whole: str) -> list[Tok]:
    # Read from the Doc's arrays and the text it was made of, not token by token (nor from
    # `doc.text`, which is rebuilt token by token): making a spaCy Token object for every word
    # of a transcript cost more than all the work done with it here.
    from spacy.attrs import IDX, IS_SPACE, LENGTH, SPACY

    out: list[Tok] = []
    prev_text = None
    newline = True
    for start, length, space_after, is_space in doc.to_array([IDX, LENGTH, SPACY, IS_SPACE]).tolist():
        text = whole[start:start + length]
        if is_space:
            if "\n" in text:
                newline = True
            continue
        initial = newline or prev_text is None or prev_text in _OPENERS
        if initial and not newline and prev_text in _ELISIONS and len(out) > 1 \
                and out[-2].end == out[-1].start and out[-2].alpha:
            initial = False   # "round t' Broadway", "goin' home": an elision ends the word before, no quote opens
        lower, cap, upper, alpha = _word_shape(text)
        out.append(Tok(len(out), text, lower, start, start + length, bool(space_after), newline, initial,
                       cap, upper, alpha))
        # A token's own whitespace is one space at most; line breaks are tokens of their own.
        newline = False
        prev_text = text
    return out
