"""The one rule for "this occurrence is that identifier", shared by every gate."""

from __future__ import annotations

import pytest

from anonymise.text.occurrence import (
    OccurrenceRule,
    marked_context,
    may_stand_as_other_type,
    occurrence_id,
    other_type_at,
    published_name_forms,
    published_phrases,
)
from anonymise.text.settings import TextSettings


def at(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start, start + len(word)


@pytest.mark.parametrize("text, word, kind", [
    ("$FL2@(#) SPSS DATA FILE 01 Jan 8000:00:00", "Jan", "date"),     # the .sav writer's creation date
    ("we met on the 3rd of May at the office", "May", "date"),
    ("Jan 2014 was the review", "Jan", "date"),
    ("it started six or seven years ago, when", "seven", "number"),
    ("Seven years ago it started", "Seven", "number"),
    ("there were seven of them", "seven", "number"),
    ("Jan said no, the carer", "Jan", None),
    ("and then Seven said she would", "Seven", None),
    ("I saw May and Jan at the review", "May", None),
])
def test_the_words_around_a_month_or_number_word_say_what_it_is(text, word, kind):
    start, end = at(text, word)
    assert other_type_at(text, start, end) == kind
    assert other_type_at(text.encode(), start, end) == kind     # the packager judges bytes


def test_only_month_and_number_words_of_other_types_can_be_typed_otherwise():
    assert may_stand_as_other_type("Jan", "PERSON") and may_stand_as_other_type("Seven", "PERSON")
    assert not may_stand_as_other_type("Tracey", "PERSON")
    assert not may_stand_as_other_type("May", "DATE") and not may_stand_as_other_type("Jan Walsh", "PERSON")


def test_a_published_person_is_public_in_citation_forms_never_as_a_bare_surname():
    assert published_name_forms("Specimen, C.") == ["Specimen, C.", "C. Specimen", "C Specimen", "Specimen C"]
    assert "Example, A." in published_name_forms("Ann Example") and "Example" not in published_name_forms("Ann Example")
    assert published_name_forms("Plato") == []
    manifest = {"study": {"creators": [{"name": "Specimen, C."}], "depositor": {"name": "Example, A."}}}
    settings = TextSettings.from_manifest(manifest)
    assert "Specimen, C." in published_phrases(settings) and "Specimen" not in published_phrases(settings)
    rule = OccurrenceRule.from_settings(settings)
    citation = "Example, A. and Specimen, C. (2016). Care plans."
    transcript = "the family support worker, Mrs Specimen, came"
    assert rule.why_not("Specimen", "PERSON", citation, *at(citation, "Specimen")) == "published name"
    assert rule.why_not("Specimen", "PERSON", transcript, *at(transcript, "Specimen")) is None


def test_an_occurrence_is_named_by_its_sentence_in_every_rendering():
    """The anonymised transcript, its RTF in the bundle and a sample passage in the report's HTML and
    JSON hold one occurrence; a person decides on it once. Placeholder numbers do not matter."""
    plain = "[00:09:07] R: It started six or seven years ago, when [Person 92] was little, Seven said.\nNext line."
    html = "<blockquote>[00:09:07] R: It started six or seven years ago, when [Person 3] was little, Seven said.</blockquote>"
    rtf = r"{\rtf1\ansi [00:09:07] R: It started six or seven years ago, when [Person 92] was little, Seven said.\par Next}"
    json_text = '{"text": "[00:09:07] R: It started six or seven years ago, when [Person 92] was little, Seven said."}'
    ids = {occurrence_id("Seven", "PERSON", t, *at(t, "Seven")) for t in (plain, html, rtf, json_text)}
    assert len(ids) == 1
    other = "She said Seven was not there."
    assert occurrence_id("Seven", "PERSON", other, *at(other, "Seven")) not in ids
    shown = marked_context(html, *at(html, "Seven"))
    assert shown.endswith("when [Person 3] was little, <<Seven>> said.") and "<blockquote>" not in shown


def test_the_rule_in_order_kept_published_template_type_decision():
    text = "Sample passages: Mrs White is White British; the carer Jan came on 01 Jan 80."
    decided = occurrence_id("Jan", "PERSON", text, *at(text, "Jan"))
    rule = OccurrenceRule(kept=["White British"], fixed=["Sample passages: Mrs"], decided=[decided])
    assert rule.why_not("Sample", "PERSON", text, *at(text, "Sample"), fixed=True) == "template"
    assert rule.why_not("Sample", "PERSON", text, *at(text, "Sample")) is None       # template only where the caller says
    assert rule.why_not("White", "PERSON", text, *at(text, "White")) is None
    assert rule.why_not("White", "PERSON", text, *at(text, "White", 1)) == "kept phrase"
    assert rule.why_not("Jan", "PERSON", text, *at(text, "Jan")) == "decision"
    assert rule.why_not("Jan", "PERSON", text, *at(text, "Jan", 1)) == "date"
