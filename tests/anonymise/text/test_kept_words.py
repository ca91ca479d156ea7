"""The keep list's own leak: a kept word that stands as an identifier is listed for a person to decide."""

from __future__ import annotations

from anonymise.text.kept_words import kept_word_findings
from anonymise.text.settings import TextSettings


def test_a_kept_surname_standing_as_a_person_is_found_and_a_kept_brand_is_not():
    # "Specimen" was put on the keep list because a creator is called so; in this transcript it is
    # the family support worker. "Costa" is the coffee shop everywhere.
    text = ("R: We met at Costa on the high street.\n"
            "R: The family support worker, Mrs Specimen, was brilliant with her.\n"
            "R: Nothing else.\n")
    settings = TextSettings(keep=["Specimen", "Costa"])
    found = kept_word_findings([("transcripts/p.txt", text)], ["Specimen", "Costa"], settings)
    assert [(f.original, f.type, f.line, f.gate) for f in found] == [("Specimen", "PERSON", 2, "keep_list")]
    assert "<<Specimen>>" in found[0].context and found[0].placeholder == ""


def test_no_keep_list_no_search():
    assert kept_word_findings([("a.txt", "Mrs Specimen came")], [], TextSettings()) == []
