import stat

import pytest

from anonymise.text.registry import ReviewItem
from anonymise.text.review import context, decided, pending_count, read_decisions, review_summary, write_review
from manifests.errors import UserError


def item(key="rose", kind="PERSON", text="Rose", unit="Then Rose said hello.", decision=None):
    start = unit.index(text)
    return ReviewItem(key, kind, "a.txt", 3, text, unit, start, start + len(text), decision,
                      suggestion="[Person 1]", occurrences=2)


def test_context_marks_the_candidate_on_one_line():
    text = "a" * 100 + " line\nwith Rose in\nit " + "b" * 100
    at = text.index("Rose")
    shown = context(text, at, at + 4, width=10)
    assert shown == "…line with <<Rose>> in it bbb…"


def test_review_round_trip_counts_and_private_file(tmp_path):
    path = write_review(tmp_path, [item(), item("will", text="Will", unit="Will came")])
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert pending_count(tmp_path) == 2
    text = path.read_text(encoding="utf-8-sig").replace("<<Will>> came,PERSON,,[Person 1],2,", "<<Will>> came,PERSON,,[Person 1],2,keep")
    path.write_text(text, encoding="utf-8-sig")
    assert read_decisions(tmp_path) == {("will", "PERSON"): "keep"}
    assert pending_count(tmp_path) == 1
    assert review_summary(tmp_path, tmp_path.parent) == {"file": f"{tmp_path.name}/text_review.csv",
                                                         "pending": 1, "replace": 0, "keep": 1}


def test_decided_gives_each_decision_with_the_candidate_as_written(tmp_path):
    # The report shows the words a person chose to keep as they were written, not normalised.
    write_review(tmp_path, [item(decision="keep"), item("will", text="Will", unit="Will came", decision="replace"),
                            item("sam", text="Sam", unit="Sam left")])
    assert decided(tmp_path) == [{"text": "Rose", "type": "PERSON", "decision": "keep"},
                                 {"text": "Will", "type": "PERSON", "decision": "replace"}]
    assert decided(tmp_path / "missing") == []


def test_decided_rows_survive_when_the_original_no_longer_occurs(tmp_path):
    write_review(tmp_path, [item(decision="replace")])
    write_review(tmp_path, [])
    assert read_decisions(tmp_path) == {("rose", "PERSON"): "replace"}


def test_no_review_file_means_nothing_pending(tmp_path):
    assert write_review(tmp_path, []) is None
    assert pending_count(tmp_path) == 0
    assert pending_count(tmp_path / "missing") == 0
    assert review_summary(tmp_path) == {"file": "", "pending": 0, "replace": 0, "keep": 0}


def test_a_bad_decision_is_a_user_error_with_its_row(tmp_path):
    path = write_review(tmp_path, [item()])
    path.write_text(path.read_text(encoding="utf-8-sig").replace(",2,\n", ",2,maybe\n"), encoding="utf-8")
    with pytest.raises(UserError, match="maybe") as caught:
        read_decisions(tmp_path)
    assert caught.value.location.endswith("text_review.csv:2")


def test_the_review_file_lives_under_private(tmp_path):
    from manifests.workdir import Work

    work = Work.at(tmp_path / "work")
    assert work.review == work.root / "private" / "review"
    path = write_review(work.review, [item()])
    assert path.is_relative_to(work.private) and stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_a_review_file_in_the_old_place_is_read_once_and_moved_with_its_decisions(tmp_path):
    from anonymise.text.review import move_legacy_review
    from manifests.workdir import Work

    work = Work.at(tmp_path / "work")
    assert move_legacy_review(work) is None
    write_review(work.legacy_review, [item(decision="keep"), item("will", text="Will", unit="Will came"),
                                      item("sam", text="Sam", unit="Sam left", decision="replace")])
    write_review(work.review, [item("sam", text="Sam", unit="Sam left", decision="keep")])   # newer: it wins
    moved = move_legacy_review(work)
    assert moved == work.review / "text_review.csv"
    assert not (work.legacy_review / "text_review.csv").exists()
    assert stat.S_IMODE(moved.stat().st_mode) == 0o600
    assert read_decisions(work.review) == {("rose", "PERSON"): "keep", ("sam", "PERSON"): "keep"}
    assert pending_count(work.review) == 1          # Will, still undecided, still counted
    assert move_legacy_review(work) is None         # once
