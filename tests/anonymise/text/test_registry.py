
from anonymise.text.detection import Detection
from anonymise.text.matching import match_mode
from anonymise.text.registry import Registry
from anonymise.text.units import TextUnit
from manifests.loader import validate


def found(text, *items):
    """Detections for (substring, type[, score, uncertain[, occurrence]]) items."""
    out = []
    for item in items:
        sub, kind, score, uncertain, nth = (list(item) + [0.9, False, 0][len(item) - 2:])[:5]
        at = -1
        for _ in range(nth + 1):
            at = text.index(sub, at + 1)
        out.append(Detection(at, at + len(sub), kind, sub, score, "fake", uncertain))
    return out


def run(registry, texts_and_detections, decisions=None):
    units = [TextUnit(f"{name}::text", name, text) for name, text, _ in texts_and_detections]
    dets = [found(text, *items) for _, text, items in texts_and_detections]
    merged = registry.merge(units, dets, decisions)
    return {u.file: registry.apply(u, merged.spans[u.uid]).text for u in units}, merged


def test_same_original_gets_same_placeholder_in_every_unit_and_any_case():
    out, _ = run(Registry(), [
        ("b.txt", "Then TRACEY WALSH's son moved to Lowestoft.", [("TRACEY WALSH's", "PERSON"), ("Lowestoft", "TOWN")]),
        ("a.txt", "Tracey Walsh lives near Great Yarmouth.", [("Tracey Walsh", "PERSON"), ("Great Yarmouth", "TOWN")]),
    ])
    assert out["a.txt"] == "[Person 1] lives near [Town 1]."
    # Numbering follows first appearance in sorted file order: a.txt comes first.
    assert out["b.txt"] == "Then [Person 1]'s son moved to [Town 2]."


def test_confirmed_name_propagates_to_undetected_occurrences_whole_word():
    out, _ = run(Registry(), [
        ("a.txt", "Kayleigh came in.", [("Kayleigh", "PERSON")]),
        ("b.txt", "kayleigh said KAYLEIGH's mum and Kayleighanne left.", []),
    ])
    assert out["b.txt"] == "[Person 1] said [Person 1]'s mum and Kayleighanne left."


def test_known_identifiers_are_always_caught_with_variants():
    registry = Registry(known=[{"text": "Tracey Walsh", "type": "PERSON", "label": None, "variants": ["Trace"]}])
    out, _ = run(registry, [("a.txt", "Trace rang. tracey walsh again. Tracey too.", [])])
    assert out["a.txt"] == "[Person 1] rang. [Person 1] again. [Person 1] too."


def test_keep_list_is_never_replaced_even_if_detected():
    out, _ = run(Registry(keep=["Ofsted"]), [
        ("a.txt", "Ofsted came to Lowestoft.", [("Ofsted", "ORGANISATION"), ("Lowestoft", "TOWN")])])
    assert out["a.txt"] == "Ofsted came to [Town 1]."


def test_partial_names_share_the_full_names_placeholder_unless_ambiguous():
    out, _ = run(Registry(), [
        ("a.txt", "Tracey Walsh, Tracey and Mrs Walsh. Kayleigh Brown, Kayleigh Green, Kayleigh.",
         [("Tracey Walsh", "PERSON"), ("Tracey", "PERSON", 0.9, False, 1), ("Mrs Walsh", "PERSON"),
          ("Kayleigh Brown", "PERSON"), ("Kayleigh Green", "PERSON"), ("Kayleigh", "PERSON", 0.9, False, 2)])])
    assert out["a.txt"] == "[Person 1], [Person 1] and [Person 1]. [Person 2], [Person 3], [Person 4]."


def test_uncertain_detection_is_replaced_in_place_listed_for_review_and_not_spread():
    out, merged = run(Registry(), [
        ("a.txt", "Rose said hi. The sun rose. Rose again.", [("Rose", "PERSON", 0.4, True)])])
    assert out["a.txt"] == "[Person 1] said hi. The sun rose. Rose again."
    [item] = merged.review
    assert (item.key, item.type, item.file, item.line, item.decision) == ("rose", "PERSON", "a.txt", 1, None)
    assert item.suggestion == "[Person 1]"


def test_review_decisions_apply_collection_wide():
    texts = [("a.txt", "Rose said hi. The sun rose.", [("Rose", "PERSON", 0.4, True)]),
             ("b.txt", "Rose came. rose bushes.", [])]
    out, _ = run(Registry(), texts, {("rose", "PERSON"): "keep"})
    assert out == {"a.txt": "Rose said hi. The sun rose.", "b.txt": "Rose came. rose bushes."}
    out, merged = run(Registry(), texts, {("rose", "PERSON"): "replace"})
    # Confirmed now, so it spreads; being an ordinary word, only where capitalised.
    assert out == {"a.txt": "[Person 1] said hi. The sun rose.", "b.txt": "[Person 1] came. rose bushes."}
    assert merged.review[0].decision == "replace"


def test_overlaps_keep_the_longest_span_and_timestamps_are_never_identifiers():
    out, _ = run(Registry(), [
        ("a.txt", "[00:12:45] Oakfield Primary School", [("Oakfield Primary School", "SCHOOL"),
                                                          ("Oakfield", "TOWN"), ("00:12:45", "DATE")])])
    assert out["a.txt"] == "[00:12:45] [School 1]"


def test_unnumbered_types_and_age_bands():
    out, _ = run(Registry(), [("a.txt", "On 12 May 2013 she was 14, postcode NR32 4TT.",
                               [("12 May 2013", "DATE"), ("14", "AGE"), ("NR32 4TT", "POSTCODE")])])
    assert out["a.txt"] == "On [Date] she was [aged 13–15], postcode [Postcode]."
    out, _ = run(Registry(age_bands=False), [("a.txt", "she was 14", [("14", "AGE")])])
    assert out["a.txt"] == "she was [Age]"


def test_role_labels_come_from_known_identifiers():
    registry = Registry(style="role", known=[
        {"text": "Tracey Walsh", "type": "PERSON", "label": "Birth mother", "variants": []},
        {"text": "Sue Hill", "type": "PERSON", "label": "Foster carer", "variants": []},
        {"text": "Jo Bell", "type": "PERSON", "label": "Foster carer", "variants": []}])
    out, _ = run(registry, [("a.txt", "Tracey Walsh met Sue Hill, Jo Bell and Kayleigh.", [("Kayleigh", "PERSON")])])
    assert out["a.txt"] == "[Birth mother] met [Foster carer 1], [Foster carer 2] and [Person 1]."


def test_pseudonyms_are_consistent_keep_shape_and_never_an_original():
    texts = [("a.txt", "Tracey Walsh met Mrs Walsh and Tracey. Kayleigh came.",
              [("Tracey Walsh", "PERSON"), ("Mrs Walsh", "PERSON"), ("Kayleigh", "PERSON")]),
             ("b.txt", "Tracey Walsh again.", [])]
    out1, _ = run(Registry(style="pseudonym", seed=3), texts)
    out2, _ = run(Registry(style="pseudonym", seed=3), texts)
    assert out1 == out2
    first, last = out1["b.txt"].removesuffix(" again.").split()
    assert out1["a.txt"] == f"{first} {last} met Mrs {last} and {first}. {out1['a.txt'].split('. ')[1]}"
    words = {"tracey", "walsh", "kayleigh", "mrs"}
    assert not words & {w.casefold().strip(".") for w in out1["a.txt"].split()} - {"mrs"}


def test_records_match_the_key_schema_and_entities_hold_no_originals():
    registry = Registry()
    unit = TextUnit("data/x.sav::notes::3", "data/x.sav", "first line\nKayleigh rang", variable="notes", row=3)
    merged = registry.merge([unit], [found(unit.text, ("Kayleigh", "PERSON"))])
    result = registry.apply(unit, merged.spans[unit.uid])
    [record] = result.records
    validate(record, "key_record", "key.jsonl")
    assert record == {"original": "Kayleigh", "replacement": "[Person 1]", "type": "PERSON", "file": "data/x.sav",
                      "start": 11, "end": 19, "line": 2, "detector": "fake", "score": 0.9, "rule": "fake",
                      "variable": "notes", "row": 3}
    assert registry.records() == [record]
    assert registry.entities() == [{"placeholder": "[Person 1]", "type": "PERSON", "files": ["data/x.sav"],
                                    "occurrences": 1}]
    assert "Kayleigh" not in repr(registry.entities())


def test_propagation_is_strict_with_ordinary_words():
    assert match_mode("tracey walsh") == match_mode("tracey") == match_mode("nr32 4tt", "POSTCODE") == "any"
    assert match_mode("i") is None and match_mode("care") is None and match_mode("2013", "DATE") is None
    assert match_mode("harry") == "mid-sentence"
    assert match_mode("harry", confirmed=True) == match_mode("care", confirmed=True) == "capitalised"
    assert match_mode("care services") == "capitalised"
    assert match_mode("12 may 2013", "DATE") == "any"


def test_a_detector_mistake_on_an_ordinary_word_is_not_spread():
    out, _ = run(Registry(), [
        ("a.txt", "I said Harry came. Date of interview.", [("I", "PERSON"), ("Harry", "PERSON"), ("Date", "PERSON")]),
        ("b.txt", "I think Harry is fine. Harry left. harry. Date: today.", [])])
    assert out["b.txt"] == "I think [Person 2] is fine. Harry left. harry. Date: today."


def test_a_span_that_swallowed_a_timestamp_and_speaker_label_is_trimmed_to_the_name():
    text = "[00:03:10] Interviewer: Kayleigh said"
    out, _ = run(Registry(), [("a.txt", text, [("00:03:10] Interviewer: Kayleigh", "ORGANISATION")])])
    assert out["a.txt"] == "[00:03:10] Interviewer: [Organisation 1] said"


def test_a_pseudonym_never_reuses_a_capitalised_word_of_the_collection():
    from anonymise.text.placeholders import Pseudonyms

    would_be, _ = Pseudonyms(5).person()
    text = f"Kayleigh met {would_be} yesterday."
    out, _ = run(Registry(style="pseudonym", seed=5), [("a.txt", text, [("Kayleigh", "PERSON")])])
    first = out["a.txt"].split()[0]
    assert first not in (would_be, "Kayleigh") and out["a.txt"].endswith(f"met {would_be} yesterday.")


def test_a_doubtful_occurrence_is_settled_by_a_sure_one_elsewhere():
    out, merged = run(Registry(), [
        ("a.txt", "Lee came.", [("Lee", "PERSON", 0.4, True)]),
        ("b.txt", "I spoke to Lee Harris and Lee.", [("Lee", "PERSON", 0.9, False, 1)])])
    assert merged.review == []
    assert out == {"a.txt": "[Person 1] came.", "b.txt": "I spoke to [Person 1] Harris and [Person 1]."}
    assert not any(s.pending for spans in merged.spans.values() for s in spans)


def test_a_name_split_by_a_line_break_keeps_the_break():
    text = "I spoke to Jordan\nFletcher-Hughes yesterday.\nThen left."
    out, _ = run(Registry(), [("a.txt", text, [("Jordan\nFletcher-Hughes", "PERSON")])])
    assert out["a.txt"] == "I spoke to [Person 1]\n yesterday.\nThen left."
    assert out["a.txt"].count("\n") == text.count("\n")


def test_organisations_with_an_uncommon_word_propagate_in_any_case():
    assert match_mode("oakwood primary school", "SCHOOL") == "any"
    assert match_mode("rainbow nursery", "SCHOOL") == "capitalised"      # ordinary words only
    assert match_mode("young carers project", "CHARITY") == "capitalised"
    assert match_mode("mill lane", "STREET") == "capitalised"
    out, _ = run(Registry(), [
        ("a.txt", "She goes to Oakwood Primary School now.", [("Oakwood Primary School", "SCHOOL")]),
        ("b.txt", "the oakwood primary school lot were rude.", []),
    ])
    assert out["b.txt"] == "the [School 1] lot were rude."


def test_propagation_leaves_a_name_inside_a_kept_phrase():
    out, _ = run(Registry(), [
        ("a.txt", "Mrs Day rang.", [("Day", "PERSON")]),
        ("b.txt", "Every Mother's Day and Mother’s Day it's the same. Then Day came.", []),
    ])
    assert out["b.txt"] == "Every Mother's Day and Mother’s Day it's the same. Then [Person 1] came."


def test_a_common_word_name_opening_a_turn_after_a_timestamp_is_not_spread():
    out, _ = run(Registry(), [
        ("a.txt", "I met Mrs Young there and Young said so.", [("Young", "PERSON")]),
        ("b.txt", "[00:00:39] Young person: yes. Then Young said no.", []),
    ])
    assert out["b.txt"] == "[00:00:39] Young person: yes. Then [Person 1] said no."


def test_a_title_inside_a_found_name_is_not_spread_as_a_name():
    # A name found with a word before its title ("DEAR MRS OKONJO", as spaCy reads a letter in
    # capitals) made its parts names of the collection; "MRS" is a title, and spread it took
    # every "Mrs" of every file.
    out, _ = run(Registry(), [
        ("a.txt", "DEAR MRS OKONJO, THANK YOU FOR YOUR LETTER.", [("DEAR MRS OKONJO", "PERSON")]),
        ("b.txt", "Mrs Patel rang. Then Okonjo came.", [])])
    assert out["b.txt"] == "Mrs Patel rang. Then [Person 1] came."
    assert match_mode("mrs") is None and match_mode("mr") is None
