"""What an identifier becomes: UK Data Service brackets, role labels, age bands, pseudonyms.

Pure functions and one small seeded generator; the registry decides *which*
entity an original belongs to, this module only says how that entity is written.

Age bands follow the stages that matter in children's services (infancy, early
years, primary, lower and upper secondary, the 16-17 leaving-care years) and then
ten-year adult bands:

    0–2, 3–5, 6–9, 10–12, 13–15, 16–17, 18–24, 25–34, 35–44, 45–54, 55–64, 65+
"""

from __future__ import annotations

import re

from anonymise.text.detection import ENTITY_TYPES, UNNUMBERED
from anonymise.text.lexicon import cue
from anonymise.text.phrases import WORD

# Any short bracketed text on one line: where a placeholder of any style ("[Person 3]",
# "[aged 13–15]", "[Birth mother]") can stand. Scans mask those the run wrote.
BRACKETED = re.compile(r"\[[^\[\]\n]{1,80}\]")

AGE_BANDS = ((0, 2), (3, 5), (6, 9), (10, 12), (13, 15), (16, 17), (18, 24), (25, 34),
             (35, 44), (45, 54), (55, 64), (65, None))

DRAWS = 5_000        # tries per name before the Faker list counts as exhausted
TITLES = cue("honorifics")


def age_band(age: int) -> str:
    """14 -> "aged 13–15"; 70 -> "aged 65+"."""
    for low, high in AGE_BANDS:
        if high is None or age <= high:
            if age < low:
                break
            return f"aged {low}+" if high is None else f"aged {low}\u2013{high}"
    raise ValueError(f"age out of range: {age}")


def age_placeholder(text: str, bands: bool = True) -> str:
    """The placeholder for an exact age as written ("fourteen", "14-year-old").

    Without banding, or when the words hold no age a band could be made of, the
    age becomes a plain "[Age]": an exact age is never left in place."""
    if bands:
        age = _parse_age(text)
        if age is not None and 0 <= age < 130:
            return f"[{age_band(age)}]"
    return bracket("AGE")


def bracket(kind: str, number: int | None = None) -> str:
    """UK Data Service style: "[Person 3]", "[Local authority 1]", "[Date]"."""
    noun = ENTITY_TYPES[kind]
    if kind in UNNUMBERED or number is None:
        return f"[{noun}]"
    return f"[{noun} {number}]"


def label_placeholder(label: str, number: int | None = None) -> str:
    """A role label from the manifest ("Birth mother" -> "[Birth mother]"), numbered when shared."""
    label = label.strip().strip("[]").strip()
    return f"[{label}]" if number is None else f"[{label} {number}]"


def only_titles(text: str) -> bool:
    """Whether `text` is made of titles alone ("MRS", "Mr."): no one's name, found or spread."""
    words = WORD.findall(text)
    return bool(words) and all(w.casefold() in TITLES for w in words)


def split_title(text: str) -> tuple[str, str]:
    """("Mrs Patel") -> ("Mrs", "Patel"); no title -> ("", text)."""
    first = WORD.match(text.strip())
    if first and first.group(0).casefold() in TITLES:
        rest = text.strip()[first.end():].lstrip(". ")
        if rest:
            return text.strip()[:first.end()], rest
    return "", text.strip()


class Pseudonyms:
    """Seeded en_GB first names and surnames that never match a word of any original.

    `forbidden` holds every case-folded word of every original in the collection,
    so a pseudonym can never be mistaken for (or by the residual scan flagged as)
    a real name. Draws are made in a fixed order, so the same collection gets the
    same pseudonyms on every run."""

    def __init__(self, seed: int, forbidden=()) -> None:
        from faker import Faker

        self._faker = Faker("en_GB")
        self._faker.seed_instance(seed)
        self.forbidden = {w.lower() for w in forbidden}
        self._used: set[str] = set()

    def forbid(self, words) -> None:
        self.forbidden.update(w.lower() for w in words)

    def person(self) -> tuple[str, str] | None:
        """A new (first name, surname), or None when the Faker lists are exhausted: the
        registry then falls back to a bracket placeholder rather than reuse a name."""
        first = self._draw(self._faker.first_name)
        last = self._draw(self._faker.last_name)
        return (first, last) if first and last else None

    def _draw(self, source) -> str | None:
        for _ in range(DRAWS):
            name = source()
            words = [w.lower() for w in WORD.findall(name)]
            if name.lower() not in self._used and not any(w in self.forbidden for w in words):
                self._used.add(name.lower())
                return name
        return None


def _parse_age(text: str) -> int | None:
    try:
        from anonymise.text.numbers import parse_age
    except ImportError:  # until the number module lands, digits are enough
        match = re.search(r"\d{1,3}", text)
        return int(match.group(0)) if match else None
    return parse_age(text)
