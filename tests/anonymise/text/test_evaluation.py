import json

import docx

from anonymise.text.detection import ENTITY_TYPES
from anonymise.text.evaluation import (
    CATEGORY,
    GoldDoc,
    evaluate,
    load_demo,
    load_fixtures,
    render,
    score_doc,
    strip_markup,
    verdict,
)


def test_strip_markup_gives_text_and_spans():
    text, gold = strip_markup("my mum [[PERSON|Tracey]] lives in [[TOWN|Great Yarmouth]].")
    assert text == "my mum Tracey lives in Great Yarmouth."
    assert [(text[s:e], t) for s, e, t in gold] == [("Tracey", "PERSON"), ("Great Yarmouth", "TOWN")]


def test_an_entity_counts_only_when_every_word_is_covered():
    doc = GoldDoc("t", "a", "Tracey Walsh rang on Monday", [(0, 12, "PERSON")])
    assert score_doc(doc, [(0, 12)]).caught["PERSON"] == 1
    partly = score_doc(doc, [(0, 6)])
    assert partly.caught["PERSON"] == 0 and partly.misses[0][3] == "Tracey Walsh"
    over = score_doc(doc, [(0, 12), (21, 27)])
    assert over.other_words == 3 and over.other_redacted == 1   # "Monday" of rang/on/Monday


def test_only_significant_words_must_go():
    """Titles and function words may stay: "Mrs [Person 1]" and "the [Date]" leak nothing."""
    doc = GoldDoc("t", "a", "Mrs Patel came on the ninth of June", [(0, 9, "PERSON"), (18, 35, "DATE")])
    caught = score_doc(doc, [(4, 9), (22, 27), (31, 35)])
    assert caught.caught == {"PERSON": 1, "DATE": 1}
    leaked = score_doc(doc, [(4, 9), (22, 27)])
    assert leaked.caught["DATE"] == 0


def test_recall_and_over_redaction_summaries():
    docs = [GoldDoc("x", "a", "Kayleigh went to Lowestoft", [(0, 8, "PERSON"), (17, 26, "TOWN")])]
    result = evaluate(docs, [[(0, 8)]])
    assert result.total().recall() == 0.5
    assert result.total().recall({"PERSON"}) == 1.0
    summary = result.summary()
    assert summary["by_type"]["PLACE"]["recall"] == 0.0 and summary["overall"]["ci95"] == [0.5, 0.5]
    assert "over-redaction" in render("x", result, show_misses=5)
    assert verdict(summary, {"overall": 0.9, "names": 0.9, "each": 0.0, "over_redaction": 0.1}) == \
        ["overall recall 0.500 < 0.9"]


def test_demo_gold_is_read_from_txt_lines_and_docx_paragraphs(tmp_path):
    (tmp_path / "transcripts").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "transcripts" / "a.txt").write_bytes("I: hello\nR: Tracey rang\u2019s\n".encode("cp1252"))
    document = docx.Document()
    document.add_paragraph("Title")
    document.add_paragraph("We moved to Lowestoft.")
    document.save(tmp_path / "transcripts" / "b.docx")
    records = [{"file": "transcripts/a.txt", "line": 2, "start": 3, "end": 9, "text": "Tracey", "type": "PERSON"},
               {"file": "transcripts/b.docx", "line": 2, "start": 12, "end": 21, "text": "Lowestoft", "type": "TOWN"}]
    (tmp_path / "gold" / "annotations.jsonl").write_text("\n".join(json.dumps(r) for r in records))
    docs = {d.name: d for d in load_demo(tmp_path)}
    a, b = docs["transcripts/a.txt"], docs["transcripts/b.docx"]
    assert [a.text[s:e] for s, e, _ in a.gold] == ["Tracey"]
    assert [b.text[s:e] for s, e, _ in b.gold] == ["Lowestoft"]


def test_hand_written_gold_set_is_varied_and_well_formed():
    docs = load_fixtures()
    assert len(docs) >= 15
    types = {t for d in docs for _, _, t in d.gold}
    assert types <= set(ENTITY_TYPES) and types <= set(CATEGORY)
    assert {"PERSON", "TOWN", "PHONE", "DATE", "AGE", "SCHOOL", "POSTCODE"} <= types
    for d in docs:
        assert "[[" not in d.text and "]]" not in d.text, d.name


def test_detector_meets_targets_on_the_hand_written_set(detector):
    docs = load_fixtures()
    found = detector.detect([d.text for d in docs])
    scores = evaluate(docs, [[(x.start, x.end) for x in ds] for ds in found]).total()
    assert scores.recall() >= 0.98
    assert scores.recall({"PERSON"}) >= 0.98
    assert scores.over_redaction <= 0.02
