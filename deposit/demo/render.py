"""Template rendering that remembers where every planted identifier landed.

Template syntax (the fragments in fragments/*.yaml):
  {slot} or {slot:variant}   a value from the case's cast; the resolver says whether it is an
                             identifier (and of which type) or harmless text.
  [one|two|three]            pick one alternative (may contain slots, not other brackets).
  [laughs], [00:12:31]       brackets without a bar are ordinary text.
The result keeps the exact character offsets of each identifier, which become the gold annotation.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from typing import Callable

ALTERNATIVES = re.compile(r"\[([^\[\]|]*(?:\|[^\[\]|]*)+)\]")
SLOT = re.compile(r"\{([a-z_0-9]+)(?::([a-z_0-9]+))?\}")

# A resolved slot: pieces of text, each an identifier type or None for harmless text.
Piece = tuple[str, "str | None"]
Resolver = Callable[[str, "str | None"], list[Piece]]


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    type: str


@dataclass
class Rendered:
    text: str = ""
    spans: list[Span] = field(default_factory=list)

    def append(self, other: "Rendered | str") -> "Rendered":
        if isinstance(other, str):
            self.text += other
            return self
        shift = len(self.text)
        self.text += other.text
        self.spans.extend(Span(s.start + shift, s.end + shift, s.type) for s in other.spans)
        return self

    def words(self) -> int:
        return len(self.text.split())


def expand_alternatives(template: str, rng: random.Random) -> str:
    # Innermost first is guaranteed by the pattern (no brackets inside an alternative).
    while True:
        match = ALTERNATIVES.search(template)
        if not match:
            return template
        choice = rng.choice(match.group(1).split("|"))
        template = template[:match.start()] + choice + template[match.end():]


def render(template: str, resolve: Resolver, rng: random.Random) -> Rendered:
    text = expand_alternatives(template, rng)
    out = Rendered()
    pos = 0
    for match in SLOT.finditer(text):
        out.append(text[pos:match.start()])
        for piece, kind in resolve(match.group(1), match.group(2)):
            start = len(out.text)
            out.append(piece)
            if kind:
                out.spans.append(Span(start, start + len(piece), kind))
        pos = match.end()
    out.append(text[pos:])
    return tidy(out)


def tidy(out: Rendered) -> Rendered:
    """Capitalise the first letter of a sentence-initial plain word (alternatives can leave
    'the' at the start). Identifiers are never touched: a lowercase name stays lowercase."""
    if out.text and out.text[0].islower() and not any(s.start == 0 for s in out.spans):
        out.text = out.text[0].upper() + out.text[1:]
    return out
