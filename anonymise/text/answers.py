"""A person's answer in a cell of a review spreadsheet, read the same way in every file we
ask them to fill in (the review file, the gates' decisions file).

Spreadsheets add spaces, change case and people abbreviate, so an answer is compared with
its words joined by single spaces, case folded; an empty cell is no answer yet. A word we do
not know stops the run naming the cell, rather than being guessed at.
"""

from __future__ import annotations

from collections.abc import Mapping

from manifests.errors import UserError


def read_answer(value: str | None, answers: Mapping[str, str], where: str, complaint: str, hint: str) -> str | None:
    """The answer `value` stands for, None when empty; `complaint` is worded with {value!r}."""
    answer = " ".join((value or "").split()).casefold()
    if not answer:
        return None
    if answer not in answers:
        raise UserError(complaint.format(value=value), location=where, hint=hint)
    return answers[answer]
