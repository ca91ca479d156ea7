"""A light view of a spaCy Doc for the token-based recognisers: where each word starts and ends,
its shape, and whether it opens a sentence (the small model's NER runs without the parser, so
sentence starts are judged from punctuation and line breaks)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_OPENERS = frozenset(['.', '?', '!', ':', ';', '"', '“', '”', '‘', "'", '(', '[', '-', '–', '—', '…', '...'])
_NAME_SHAPE = re.compile(r"(?:[A-Z][a-zà-ÿ'’]*(?:[A-Z][a-zà-ÿ]+)?|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|O['’][A-Z][a-z]+|[A-Z]['’][A-Z][a-z]+)")


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


def tokens_of(doc) -> list[Tok]:
    out: list[Tok] = []
    prev_text = None
    newline = True
    for t in doc:
        text = t.text
        if t.is_space:
            if "\n" in text:
                newline = True
            continue
        start = t.idx
        initial = newline or prev_text is None or prev_text in _OPENERS
        alpha = text.isalpha() or bool(re.fullmatch(r"[\w'’-]+", text)) and any(c.isalpha() for c in text)
        out.append(Tok(len(out), text, text.lower().replace("’", "'"), start, start + len(text),
                       bool(t.whitespace_), newline, initial,
                       bool(_NAME_SHAPE.fullmatch(text)) and not text.isupper() or (len(text) == 1 and text.isupper()),
                       text.isupper() and len(text) > 1 and text.isalpha(), alpha))
        if "\n" in t.whitespace_:
            newline = True
        else:
            newline = False
        prev_text = text
    return out
