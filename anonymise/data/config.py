"""The automatic mode's settings (automatic.yaml), read once, plus a file's overrides.

The shipped file says what automatic mode does and why; a file's manifest entry may
change the two settings a data manager decides per file (`dates`, `protect_proposed_keys`).
A bad value there is one clear UserError, never a quiet fallback.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

from manifests.errors import UserError

DATE_SETTINGS = ("month_year", "year", "keep")
QI_KINDS = ("age", "sex", "ethnicity", "area", "date", "rare")


@dataclass(frozen=True)
class Automatic:
    """The settings of automatic mode for one file."""

    exact_dates: str
    protect_proposed_keys: bool
    quasi_identifiers: tuple[str, ...]
    rare_category: int                   # 0: never propose a variable for a rare category
    rare_category_max_categories: int
    age_bands: tuple[tuple, ...]
    authority_generic_words: frozenset[str]

    def for_file(self, dates=None, protect_proposed_keys=None, where: str = "") -> "Automatic":
        """These settings with a file's own choices (None: keep the shipped one)."""
        if dates is not None and dates not in DATE_SETTINGS:
            raise UserError(f"dates must be one of {', '.join(DATE_SETTINGS)}, not {dates!r}", location=where,
                            hint="month_year keeps YYYY-MM, year keeps the year, keep leaves exact dates")
        if protect_proposed_keys is not None and not isinstance(protect_proposed_keys, bool):
            raise UserError(f"protect_proposed_keys must be true or false, not {protect_proposed_keys!r}",
                            location=where)
        return Automatic(dates or self.exact_dates,
                         self.protect_proposed_keys if protect_proposed_keys is None else protect_proposed_keys,
                         self.quasi_identifiers, self.rare_category, self.rare_category_max_categories,
                         self.age_bands, self.authority_generic_words)


@lru_cache(maxsize=1)
def shipped() -> Automatic:
    text = resources.files("anonymise.data").joinpath("automatic.yaml").read_text("utf-8")
    data = {name: (body or {}).get("setting") for name, body in yaml.safe_load(text).items()}
    kinds = tuple(data["quasi_identifiers"] or ())
    # The shipped file is code: a slip in it is a bug to catch in the tests, not a user error.
    assert data["exact_dates"] in DATE_SETTINGS and set(kinds) <= set(QI_KINDS), "automatic.yaml"
    rare = data["rare_category"]
    return Automatic(
        exact_dates=data["exact_dates"],
        protect_proposed_keys=bool(data["protect_proposed_keys"]),
        quasi_identifiers=kinds,
        rare_category=0 if rare in (None, False) else int(rare),
        rare_category_max_categories=int(data["rare_category_max_categories"]),
        age_bands=tuple(tuple(band) for band in data["age_bands"]),
        authority_generic_words=frozenset(str(w).casefold() for w in data["authority_generic_words"]),
    )
