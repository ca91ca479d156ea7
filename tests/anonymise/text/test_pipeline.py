import csv

import pytest

from anonymise.text.pipeline import TextAnonymiser, split_text
from anonymise.text.registry import Registry
from anonymise.text.review import pending_count, read_decisions
from anonymise.text.settings import TextSettings
from anonymise.text.units import TextUnit


def anonymiser(fake_detector, review_dir=None, **settings):
    s = TextSettings(**settings)
    return TextAnonymiser(s, Registry.from_settings(s), review_dir=review_dir, detector_factory=fake_detector)


def test_split_text_cuts_at_line_breaks_and_rejoins_exactly():
    text = "".join(f"Speaker {i}: Tracey Walsh said something long enough here.\n" for i in range(200))
    pieces = split_text(text, 500)
    assert len(pieces) > 10
    assert "".join(p for _, p in pieces) == text
    for offset, piece in pieces:
        assert text[offset:offset + len(piece)] == piece
        assert len(piece) <= 500
        assert piece.endswith("\n")
    assert split_text("", 10) == []
    assert split_text("short", 10) == [(0, "short")]


def test_run_replaces_across_units_and_returns_results_in_input_order(fake_detector):
    units = [TextUnit("b.txt::text", "b.txt", "Kayleigh lives in Lowestoft."),
             TextUnit("a.txt::text", "a.txt", "I saw kayleigh on 12 May 2013; she is fourteen years old.")]
    results = anonymiser(fake_detector).run(units)
    assert [r.uid for r in results] == ["b.txt::text", "a.txt::text"]
    assert results[0].text == "[Person 1] lives in [Town 1]."
    assert results[1].text == "I saw [Person 1] on [Date]; she is [aged 13–15] years old."
    assert [r["type"] for r in results[1].records] == ["PERSON", "DATE", "AGE"]


def test_long_units_are_chunked_and_offsets_map_back(fake_detector):
    text = "".join(f"{i:04d} Interviewer: did Kayleigh visit Lowestoft?\n" for i in range(400))
    [result] = anonymiser(fake_detector, chunk_chars=700).run([TextUnit("a.txt::text", "a.txt", text)])
    assert result.text == text.replace("Kayleigh", "[Person 1]").replace("Lowestoft", "[Town 1]")
    assert len(result.records) == 800
    assert result.records[-1]["line"] == 400


def test_parallel_detection_gives_the_same_result_as_in_process(fake_detector):
    units = [TextUnit(f"t{i:02d}.txt::text", f"t{i:02d}.txt",
                      "".join(f"R: Tracey Walsh took Kayleigh to Oakfield Primary on 3 June 2012 ({i}).\n"
                              for _ in range(30)))
             for i in range(12)]
    here = anonymiser(fake_detector, workers=1).run(units)
    engine = anonymiser(fake_detector, workers=2, in_process_chars=0, chunk_chars=600)
    parallel = engine.run(units)
    assert engine.last_run["workers"] == 2
    assert [(r.uid, r.text, r.records) for r in parallel] == [(r.uid, r.text, r.records) for r in here]


def test_run_reports_its_figures(fake_detector):
    engine = anonymiser(fake_detector)
    engine.run([TextUnit("a.txt::text", "a.txt", "Kayleigh and Kayleigh went to Lowestoft.")])
    figures = engine.last_run
    assert (figures["units"], figures["words"], figures["detections"], figures["replaced"], figures["workers"]) == \
        (1, 6, 3, 3, 1)
    assert set(figures["seconds"]) == {"detect", "merge", "replace", "total"}


def test_review_file_is_written_and_decisions_apply_on_rerun(fake_detector, tmp_path):
    units = [TextUnit("a.txt::text", "a.txt", "Rose came with Kayleigh.\nThe sun rose. Rose left.")]
    review = tmp_path / "review"
    [first] = anonymiser(fake_detector, review).run(units)
    assert first.text == "[Person 1] came with [Person 2].\nThe sun rose. [Person 1] left."
    assert pending_count(review) == 1
    csv_path = review / "text_review.csv"
    with csv_path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["file"], r["line"], r["context"], r["type"], r["suggested_replacement"], r["decision"])
            for r in rows] == [("a.txt", "1", "<<Rose>> came with Kayleigh. The sun rose. Rose left.", "PERSON",
                                "[Person 1]", "")]
    rows[0]["decision"] = "Keep"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:   # as a spreadsheet might save it
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert read_decisions(review) == {("rose", "PERSON"): "keep"}
    [second] = anonymiser(fake_detector, review).run(units)
    assert second.text == "Rose came with [Person 1].\nThe sun rose. Rose left."
    assert pending_count(review) == 0
    # The decision survives the rewrite of the review file.
    assert read_decisions(review) == {("rose", "PERSON"): "keep"}


def test_duplicate_unit_ids_are_refused(fake_detector):
    unit = TextUnit("a.txt::text", "a.txt", "x")
    with pytest.raises(ValueError):
        anonymiser(fake_detector).run([unit, unit])


def test_detect_passthrough_builds_the_detector_once(fake_detector):
    engine = anonymiser(fake_detector)
    before = fake_detector.calls
    [[d]] = engine.detect(["Hi Kayleigh"])
    assert (d.text, d.type) == ("Kayleigh", "PERSON")
    engine.detect(["again"], high_precision=True)
    assert fake_detector.calls == before + 2
    assert engine._detector is engine._detector


def test_a_kept_possessive_brand_is_not_the_surname_it_shares():
    # "McDonald's" is on the keep list; Mrs McDonald is a person, the restaurant is not.
    s = TextSettings(workers=1)
    units = [TextUnit("a.txt::text", "a.txt", "Leah went to Mrs McDonald in Norton. We had the review at McDonald's."),
             TextUnit("b.txt::text", "b.txt", "We went to McDonald's after. McDonald rang me.")]
    a, b = TextAnonymiser(s, Registry.from_settings(s)).run(units)
    assert "Mrs [Person" in a.text and a.text.endswith("review at McDonald's.")
    assert b.text.startswith("We went to McDonald's after. [Person")


def test_a_month_surname_keeps_its_title_and_the_month_stays():
    s = TextSettings(workers=1)
    [r] = TextAnonymiser(s, Registry.from_settings(s)).run(
        [TextUnit("a.txt::text", "a.txt", "The notes from Mr May were read out. Mr Smith too. We met in May.")])
    assert r.text == "The notes from Mr [Person 1] were read out. Mr [Person 2] too. We met in May."


def test_letters_a_text_defines_as_a_person_stay_that_persons_there_and_a_role_elsewhere():
    # "GP" stands for Gareth Pugh in one interview; in the next file a GP is a doctor.
    s = TextSettings(workers=1)
    units = [TextUnit("a.txt::text", "a.txt",
                      "Interviewer\tLowri Vaughan (INT)\nRespondent\tGareth Pugh (GP), community nurse\n\n"
                      "INT\tHow do parents come to you?\nGP\tMostly through the midwives.\n"),
             TextUnit("b.txt::text", "b.txt", "I rang the GP on Monday and she said to wait.")]
    a, b = TextAnonymiser(s, Registry.from_settings(s)).run(units)
    assert "\nGP\t" not in a.text and "(GP)" not in a.text
    assert b.text == "I rang the GP on Monday and she said to wait."


def test_a_labels_possessive_word_and_a_title_spelled_as_initials_are_not_spread():
    # "CHILDREN'S DEPT" labels turns in one file; "MR" are Mary Robson's initials in another:
    # neither makes "children" or "Mr" a name anywhere else.
    s = TextSettings(workers=1)
    units = [TextUnit("a.txt::text", "a.txt", "CHILDREN'S DEPT: WE VISITED.\nMRS GEDGE: THANK YOU.\n"
                                              "CHILDREN'S DEPT: THE CHILDREN WERE WELL.\n"),
             TextUnit("b.txt::text", "b.txt", "Mary Robson came, and MR HOLT SPOKE TO THE CHILDREN."),
             TextUnit("c.txt::text", "c.txt", "The children went home with Mr Price.")]
    a, b, c = TextAnonymiser(s, Registry.from_settings(s)).run(units)
    assert "children went home" in c.text and "Mr [Person" in c.text
    assert "MR [Person" in b.text and "THE CHILDREN." in b.text
