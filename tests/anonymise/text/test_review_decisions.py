"""A reviewer's decision holds for the same original everywhere in a collection.

The tester's report: a 'keep' for a language name was ignored ("She speaks [Place 12]"). The
detector reads "Kyrgyz" as a person where it is spoken ("She speaks Kyrgyz", uncertain: the
row the reviewer saw) and as a place, for sure, in another transcript ("In Kyrgyz you say"),
so a decision keyed by (word, type) let the place reading confirm it and spread it back.
"""

import csv

from anonymise.text.detection import Detection
from anonymise.text.documents import read_document
from anonymise.text.pipeline import TextAnonymiser
from anonymise.text.registry import Registry
from anonymise.text.review import REVIEW_FILE, read_decisions
from anonymise.text.settings import TextSettings
from anonymise.text.units import TextUnit

COLLECTION = {
    "transcripts/fam01.txt": "Interviewer: What do you speak at home?\nR: She speaks Kyrgyz at home, mostly.\n",
    "transcripts/fam02.txt": "R: In Kyrgyz you say it differently.\nR: Her Kyrgyz is good, better than mine.\n",
    "transcripts/fam03.txt": "R: The KYRGYZ classes are on Saturdays in Lowestoft.\n",
}


def run_collection(folder, review, detector):
    documents = {name: read_document(folder / name) for name in sorted(COLLECTION)}
    settings = TextSettings()
    engine = TextAnonymiser(settings, Registry.from_settings(settings), review_dir=review,
                            detector_factory=lambda _settings: detector)
    units = [u for name, document in documents.items() for u in document.units(name)]
    results = {r.uid: r for r in engine.run(units)}
    return {name: results[f"{name}::text"].text for name in documents}


def decide(review, word, decision):
    path = review / REVIEW_FILE
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    marked = [row for row in rows if f"<<{word}>>" in row["context"]]
    assert len(marked) == 1, rows                 # one row for the original, whatever its types
    marked[0]["decision"] = decision
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)


def test_a_keep_holds_in_every_transcript_whatever_type_the_detector_gave(tmp_path, detector):
    folder = tmp_path / "collection"
    for name, text in COLLECTION.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    review = tmp_path / "work" / "private" / "review"
    first = run_collection(folder, review, detector)
    assert "Kyrgyz" not in first["transcripts/fam01.txt"]      # replaced until someone decides
    decide(review, "Kyrgyz", "keep")
    second = run_collection(folder, review, detector)
    assert second["transcripts/fam01.txt"] == COLLECTION["transcripts/fam01.txt"]
    assert second["transcripts/fam02.txt"] == COLLECTION["transcripts/fam02.txt"]
    assert second["transcripts/fam03.txt"].startswith("R: The KYRGYZ classes")
    assert "Lowestoft" not in second["transcripts/fam03.txt"]  # other originals are still replaced
    assert set(read_decisions(review).values()) == {"keep"}


def units_and_detections(texts_and_items):
    units, found = [], []
    for name, text, items in texts_and_items:
        units.append(TextUnit(f"{name}::text", name, text))
        found.append([Detection(text.index(sub), text.index(sub) + len(sub), kind, sub, score, "test", score < 0.6)
                      for sub, kind, score in items])
    return units, found


def test_the_same_original_is_its_words_in_any_case_accent_and_hyphenation():
    units, found = units_and_detections([
        ("a.txt", "She is Sri-Lankan and speaks Tetum.", [("Sri-Lankan", "PLACE", 0.5), ("Tetum", "PERSON", 0.5)]),
        ("b.txt", "A sri lankan family; TETUM at home.", [("sri lankan", "TOWN", 0.9), ("TETUM", "PLACE", 0.9)]),
        ("c.txt", "Têtum lessons. Tetum Smith rang.", [("Têtum", "ORGANISATION", 0.9), ("Tetum Smith", "PERSON", 0.9)]),
    ])
    registry = Registry()
    merged = registry.merge(units, found, {("sri-lankan", "PLACE"): "keep", ("tetum", "PERSON"): "keep"})
    out = {u.file: registry.apply(u, merged.spans[u.uid]).text for u in units}
    assert out == {"a.txt": "She is Sri-Lankan and speaks Tetum.",
                   "b.txt": "A sri lankan family; TETUM at home.",
                   # a longer name that contains the kept word is another original
                   "c.txt": "Têtum lessons. [Person 1] rang."}
    assert [(item.key, item.decision) for item in merged.review] == [("sri-lankan", "keep"), ("tetum", "keep")]


def test_a_replace_for_one_reading_confirms_every_reading_and_replacing_wins_a_conflict():
    units, found = units_and_detections([
        ("a.txt", "Rose said hi.", [("Rose", "PERSON", 0.4)]),
        ("b.txt", "Then Rose left.", [("Rose", "ORGANISATION", 0.4)]),
    ])
    registry = Registry()
    merged = registry.merge(units, found, {("rose", "PERSON"): "keep", ("rose", "ORGANISATION"): "replace"})
    out = {u.file: registry.apply(u, merged.spans[u.uid]).text for u in units}
    assert "Rose" not in out["a.txt"] and "Rose" not in out["b.txt"]
    assert len(merged.review) == 1 and merged.review[0].decision == "replace"
    assert "also read as ORGANISATION" in merged.review[0].why
