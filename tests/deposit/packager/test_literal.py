"""The literal search for key originals: whole words, any case, across chunk boundaries, both strategies."""

from __future__ import annotations

import io

import pytest

from deposit.packager import literal
from deposit.packager.literal import LiteralScanner

TEXT = (
    "Interviewer: who came?\n"                      # 1
    "Tracey Walsh came, then TRACEY WALSH left.\n"  # 2 (twice on one line)
    "The Walshes moved; Walsh\u2019s car stayed.\n"  # 3 (Walshes is another word; Walsh's counts)
    "Zo\u00eb and ZO\u00cb met at 14 Elm Road.\n"     # 4
    "nothing here\n"                                 # 5
    "xTraceyWalsh and Tracey_Walsh do not count\n"   # 6
    "end: tracey walsh"                              # 7 (no final newline)
)
ORIGINALS = ["Tracey Walsh", "Walsh", "Zo\u00eb", "14 Elm Road", "x"]
EXPECTED = [2, 3, 4, 4, 7]  # one line number per hit position, sorted


def many_originals() -> list[str]:
    return ORIGINALS + [f"Person{i} Surname{i}" for i in range(40)]


@pytest.mark.parametrize("originals", [ORIGINALS, many_originals()], ids=["find", "trie"])
def test_whole_words_any_case(originals):
    scanner = LiteralScanner(originals)
    hits = scanner.scan_bytes(TEXT.encode("utf-8"))
    # line 2 also has "Walsh" on its own twice; line numbers are compared as a set
    assert sorted(set(hits)) == sorted(set(EXPECTED))
    assert 6 not in hits and 5 not in hits and 1 not in hits


@pytest.mark.parametrize("chunk", [3, 7, 16, 1 << 20])
@pytest.mark.parametrize("originals", [ORIGINALS, many_originals()], ids=["find", "trie"])
def test_stream_equals_whole_buffer_for_any_chunk_size(chunk, originals, monkeypatch):
    monkeypatch.setattr(literal, "CHUNK", chunk)
    scanner = LiteralScanner(originals)
    data = (TEXT + "\n") * 5
    assert scanner.scan_stream(io.BytesIO(data.encode("utf-8"))) == scanner.scan_bytes(data.encode("utf-8"))


def test_one_character_originals_are_ignored_and_empty_key_is_falsy():
    assert not LiteralScanner(["x", " "])
    assert LiteralScanner(["x", "Ab"]).scan_bytes(b"x ab x") == [1]


def test_binary_data_does_not_break_the_search():
    data = bytes(range(256)) * 10 + b" Tracey Walsh\x00" + bytes(range(256))
    assert LiteralScanner(["Tracey Walsh"]).scan_bytes(data) == [1 + data[:2560].count(b"\n")]


@pytest.mark.parametrize("piece", [5, 64, 1 << 20])
def test_files_in_ranges_and_in_parallel_agree_with_one_pass(piece, tmp_path, monkeypatch):
    monkeypatch.setattr(literal, "RANGE", piece)
    monkeypatch.setattr(literal, "PARALLEL_FROM", 0)
    monkeypatch.setattr(literal, "CHUNK", 16)
    paths = []
    for number in range(3):
        path = tmp_path / f"f{number}.txt"
        path.write_bytes(((TEXT + "\n") * (number + 1)).encode("utf-8"))
        paths.append(path)
    (tmp_path / "empty.txt").write_bytes(b"")
    paths.append(tmp_path / "empty.txt")
    scanner = LiteralScanner(ORIGINALS)
    expected = {p: scanner.scan_bytes(p.read_bytes()) for p in paths if scanner.scan_bytes(p.read_bytes())}
    assert literal.scan_files(ORIGINALS, paths, workers=1) == expected
    assert literal.scan_files(ORIGINALS, paths, workers=2) == expected


def test_capitalised_originals_and_placeholders():
    scanner = LiteralScanner(["Grace", "Town", "Walsh"], capitalised=["Grace"], placeholders=["[Town 3]"])
    text = "a grace period\nGrace came\n[Town 3] is fine\nthe Town hall\n[Walsh] is not a placeholder\n"
    assert scanner.scan_bytes(text.encode()) == [2, 4, 5]


def test_key_rules_follow_the_text_engine():
    import anonymise.text.registry  # noqa: F401  (a dependency: a broken text engine fails here, never skips)
    from deposit.packager.gates import searched_originals

    records = [{"original": "16", "replacement": "[Age 16-17]", "type": "AGE", "file": "x"},
               {"original": "Tracey Walsh", "replacement": "[Person 1]", "type": "PERSON", "file": "x"},
               {"original": "2013", "replacement": "[Year]", "type": "DATE", "file": "x"},
               {"original": "Zara Quinnell", "replacement": "[Person 2]", "type": "PERSON", "file": "x", "pending_review": True}]
    scanner = searched_originals(records)
    text = "[00:03:16] in 2013 Zara Quinnell met tracey walsh\n"
    assert scanner.scan_bytes(text.encode()) == [1]
    assert scanner.scan_bytes(b"[00:03:16] in 2013 Zara Quinnell\n") == []


def test_hits_inside_kept_phrases_are_not_originals():
    scanner = LiteralScanner(["White"], capitalised=["White"], kept=["White British"])
    text = "ethnicity: White British\nMrs White came\nWHITE BRITISH\n"
    assert scanner.scan_bytes(text.encode()) == [2]
    # worker processes rebuild the scanner from its config: the kept phrases go with it
    assert LiteralScanner(*scanner.config).scan_bytes(text.encode()) == [2]
