"""Why a span was replaced: the rule travels from the recogniser into the key and the review file."""

from __future__ import annotations

import csv

from anonymise.text.evidence import explain
from anonymise.text.pipeline import TextAnonymiser
from anonymise.text.registry import Registry
from anonymise.text.settings import TextSettings
from anonymise.text.units import TextUnit


def test_explain_turns_evidence_into_plain_words():
    assert explain("uk_person.title_name (Mrs)") == "title + name (Mrs)"
    assert explain("uk_postcode.full") == "uk postcode: full"
    assert explain("propagation (from uk_person.title_name (Mrs))").startswith("propagation")
    assert explain("") == ""


def test_key_records_and_review_rows_say_why(tmp_path):
    settings = TextSettings(workers=1)
    units = [TextUnit("a.txt::text", "a.txt", "My mum Tracey Kowalczyk rang on Monday. Later Rose was there.\n")]
    results = TextAnonymiser(settings, Registry.from_settings(settings), review_dir=tmp_path).run(units)
    first = {r["original"]: r["rule"] for r in results[0].records}
    assert first["Tracey Kowalczyk"].startswith("uk_person.relation_name (mum)")
    rows = list(csv.DictReader((tmp_path / "text_review.csv").open(encoding="utf-8-sig")))
    rose = next(r for r in rows if "<<Rose>>" in r["context"])
    assert rose["why"] in {"spaCy PERSON made of ordinary words", "everyday-word name in the name lists"}


def test_a_spread_mention_says_what_confirmed_it(fake_detector):
    settings = TextSettings(workers=1)
    units = [TextUnit("a.txt::text", "a.txt", "Tracey Walsh rang.\n"),
             TextUnit("b.txt::text", "b.txt", "and then the letter from walsh, honestly.\n")]
    results = TextAnonymiser(settings, Registry.from_settings(settings), detector_factory=fake_detector).run(units)
    assert [r["rule"] for r in results[0].records] == ["fake"]
    # the lower-case surname in b.txt is found by spreading the confirmed name, and says from what
    assert [r["rule"] for r in results[1].records] == ["propagation (from fake)"]
