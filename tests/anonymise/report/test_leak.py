"""The defensive leak check: any original from the key in public text stops the write."""

from __future__ import annotations

import pytest

from anonymise.report.leak import OriginalLeak, assert_no_originals, find_originals

KEY = [
    {"original": "Tracey Walsh", "replacement": "[Person 1]", "type": "PERSON", "file": "a.txt"},
    {"original": "Ann", "replacement": "[Person 2]", "type": "PERSON", "file": "a.txt"},
    {"original": "O'Brien", "replacement": "[Person 3]", "type": "PERSON", "file": "a.txt"},
    {"original": "CR-104233", "replacement": "[Case reference]", "type": "CASE_REFERENCE", "file": "a.txt"},
]


@pytest.mark.parametrize("text", [
    "met tracey walsh on Monday",                # any case
    "TRACEY\n  WALSH said",                     # any whitespace between the words
    "<td>Tracey <b></b>Walsh</td>".replace("<b></b>", ""),
    "Walsh's friend Ann's view",                 # possessive is still the word
    "Mrs O&#x27;Brien",                          # HTML-escaped apostrophe
    "Mrs O\u2019Brien",                          # typographic apostrophe
    '{"text": "case CR-104233 closed"}',
    "<td>files/CR-<wbr>104233.docx</td>",          # a line-break opportunity is not a word boundary
    "<td>Tracey Wal<WBR/>sh</td>",
])
def test_finds_an_original(text):
    assert find_originals([text], KEY)


@pytest.mark.parametrize("text", [
    "The Annual review with [Person 2]",          # "Ann" only inside a longer word
    "Tracey-less Walshingham",
    "case CR-1042330 closed",
    "[Person 1] and [Person 3] met",
])
def test_whole_words_only(text):
    assert not find_originals([text], KEY)


def test_error_names_where_but_never_the_original():
    texts = {"anonymisation_report.html": "<p>fine</p>", "anonymisation_report.json": '{"x": "Tracey Walsh"}'}
    with pytest.raises(OriginalLeak) as err:
        assert_no_originals(texts, KEY)
    rendered = err.value.render()
    assert "anonymisation_report.json" in rendered and "PERSON" in rendered and "12 characters" in rendered
    assert "tracey" not in rendered.casefold() and "walsh" not in rendered.casefold()
    assert err.value.exit_code == 1


def test_quiet_when_clean():
    assert_no_originals({"a": "[Person 1] and [Case reference]"}, KEY)
    assert_no_originals(["anything at all"], [])


def test_same_originals_as_the_bundle_search():
    # One-letter "originals" and bare ages are not searched (see leak.py); everything else is.
    key = [{"original": "I", "type": "PERSON"}, {"original": "16", "type": "AGE"},
           {"original": "Jo", "type": "PERSON"}]
    assert not find_originals(["I was 16 then"], key)
    assert find_originals(["and jo said"], key)


def test_the_reports_own_template_prose_is_not_a_leak():
    # "Short" (from "Short answer, no.") waits for review as a person; the template says "short numbers".
    from anonymise.report.template import template_phrases

    key = [{"original": "Short", "replacement": "[Person 4]", "type": "PERSON", "pending_review": True},
           {"original": "Sample", "replacement": "[Person 5]", "type": "PERSON"}]
    assert any("other short numbers" in p for p in template_phrases())
    page = ("<li>A year on its own and other short numbers: they occur everywhere as counts and dates.</li>"
            "<h3>Sample passages</h3><p>Passages taken from the anonymised transcripts, so they show placeholders")
    assert find_originals({"anonymisation_report.html": page}, key) == []
    # the same words where the report fills in text from the collection still count
    leaked = page + "<blockquote>Mrs Sample and Short came round.</blockquote>"
    assert [(h["type"], h["placeholder"]) for h in find_originals({"anonymisation_report.html": leaked}, key)] == [
        ("PERSON", "[Person 5]"), ("PERSON", "[Person 4]")]


def test_a_number_word_that_stands_as_a_number_is_not_the_person():
    # an age the detector typed as a person: "Seven" is still looked for in any case, but "six or
    # seven years ago" in a sample passage is a number, not that person
    key = [{"original": "Seven", "replacement": "[Person 6]", "type": "PERSON"}]
    assert not find_originals(["It started six or seven years ago, when [Person 2] was little."], key)
    assert find_originals(["It started years ago, when seven said so."], key)


def test_an_occurrence_a_person_decided_on_is_not_a_leak():
    from anonymise.report.leak import leak_findings
    from anonymise.text.occurrence import OccurrenceRule

    key = [{"original": "Jo", "replacement": "[Person 2]", "type": "PERSON"}]
    text = "Passage: and jo said no."
    [item], decided = leak_findings([text], key)
    assert decided == 0 and item.context == "Passage: and <<jo>> said no." and item.original == "Jo"
    rule = OccurrenceRule(decided=[item.occurrence])
    assert leak_findings([text], key, rule) == ([], 1)
