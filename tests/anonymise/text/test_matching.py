"""The shared rule for where a key original counts as found again."""

from anonymise.text.matching import KeptPhrases, any_case_originals, kept_phrases, match_mode, searched_originals
from anonymise.text.settings import TextSettings, study_organisations

RECORDS = [
    {"original": "fourteen", "replacement": "[aged 13–15]", "type": "AGE", "file": "a.txt"},
    {"original": "2013", "replacement": "[Date]", "type": "DATE", "file": "a.txt"},
    {"original": "Dawn", "replacement": "[Person 3]", "type": "PERSON", "file": "a.txt", "pending_review": True},
    {"original": "Tracey Walsh", "replacement": "[Person 1]", "type": "PERSON", "file": "a.txt"},
    {"original": "Rose", "replacement": "[Person 2]", "type": "PERSON", "file": "a.txt"},
    {"original": "White", "replacement": "[Person 4]", "type": "PERSON", "file": "b.txt"},
]


def test_ages_years_and_pending_items_are_not_searched():
    found = {original for original, _kind, _mode in searched_originals(RECORDS)}
    assert found == {"Tracey Walsh", "Rose", "White"}


def test_ordinary_words_are_searched_only_where_capitalised():
    assert any_case_originals(searched_originals(RECORDS)) == {"Tracey Walsh"}


def test_a_hit_inside_a_kept_phrase_is_the_phrase():
    kept = KeptPhrases(["White British", "University of Anytown", "single"])
    text = "Mrs White is White British and works at the university of Anytown."
    hits = [(i, i + len(w)) for w in ("White", "Anytown") for i in _all(text, w)]
    covered = [kept.covers(text, s, e) for s, e in hits]
    assert covered == [False, True, True]
    data = text.encode("utf-8")
    assert [kept.covers(data, s, e) for s, e in hits] == covered
    assert kept.phrases == ["university of anytown", "white british"]   # one-word entries are not phrases


def test_kept_phrases_come_from_the_built_in_list_and_the_manifest():
    manifest = {"study": {"funders": [{"name": "Nuffield Foundation", "abbr": "NF"}],
                          "creators": [{"name": "Example, A.", "affiliation": "University of Anytown"}]},
                "anonymisation": {"keep": ["Brighter Futures Project"]}}
    assert study_organisations(manifest) == ["Nuffield Foundation", "NF", "University of Anytown"]
    phrases = kept_phrases(TextSettings.from_manifest(manifest))
    assert {"white british", "university of anytown", "brighter futures project"} <= set(phrases)
    assert "example, a." not in phrases      # people are never kept by virtue of being creators


def _all(text, word):
    at = text.find(word)
    while at != -1:
        yield at
        at = text.find(word, at + 1)


def test_numbers_written_without_spaces_are_searched_but_not_short_counts():
    records = [{"original": "+447700900550", "replacement": "[Phone]", "type": "PHONE", "file": "a.txt"},
               {"original": "4247098195", "replacement": "[NHS number]", "type": "NHS_NUMBER", "file": "a.txt"},
               {"original": "16", "replacement": "[Date]", "type": "DATE", "file": "a.txt"}]
    assert {o for o, _kind, _mode in searched_originals(records)} == {"+447700900550", "4247098195"}


def test_pending_originals_are_searched_when_packaging_before_review():
    found = {o for o, _kind, _mode in searched_originals(RECORDS, include_pending=True)}
    assert "Dawn" in found and "fourteen" not in found


def test_a_key_is_judged_without_its_possessive_as_the_matcher_reads_it():
    # "DO'S" (a researcher's initials in a header) is keyed "do's"; the matcher reads "do", which
    # is an everyday word and must not be spread through the collection.
    assert match_mode("do's", "PERSON") is None
    assert match_mode("kayleigh's", "PERSON") == match_mode("kayleigh", "PERSON")
