import json
import stat

import docx
import pytest

from anonymise.text.pipeline import build_detector as real_detector
from deposit.cli import main
from manifests.loader import validate


@pytest.fixture(autouse=True)
def fake(monkeypatch, fake_detector):
    """The command ships with the real Detector; these tests check the command around it."""
    monkeypatch.setattr("anonymise.text.pipeline.build_detector", fake_detector)


@pytest.fixture
def collection(tmp_path):
    folder = tmp_path / "in"
    (folder / "focus").mkdir(parents=True)
    (folder / "sw01.txt").write_bytes("Interviewer: How is Kayleigh?\r\nR: Ask Tracey Walsh, Ofsted said.\r\n"
                                      "R: Jim Bloggs knows.\r\n".encode("utf-8"))
    document = docx.Document()
    document.add_paragraph("IRO: Kayleigh moved to Lowestoft on 3 June 2012.")
    document.save(folder / "focus" / "fg01.docx")
    from odf.opendocument import OpenDocumentText
    from odf.text import P
    odt = OpenDocumentText()
    odt.text.addElement(P(text="R: Rose came from Lowestoft."))
    odt.save(str(folder / "yp01.odt"))
    (folder / "asr").mkdir()
    (folder / "asr" / "yp02.vtt").write_text("WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.500\n<v SPEAKER_01>Kayleigh "
                                             "rang me\n", encoding="utf-8")
    (folder / "asr" / "yp03.srt").write_text("1\n00:00:01,000 --> 00:00:03,500\nSpeaker 2: Tracey Walsh came\n",
                                             encoding="utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF ignored")
    return folder


def test_every_transcript_goes_to_the_same_name_and_the_key_outside(tmp_path, collection, capsys):
    out = tmp_path / "out"
    code = main(["anonymise-text", str(collection), str(out), "--known", "Jim Bloggs", "Nobody Else",
                 "--keep", "Lowestoft"])
    assert code == 0, capsys.readouterr().err
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "asr/yp02.vtt", "asr/yp03.srt", "focus/fg01.docx", "sw01.txt", "yp01.odt"]
    assert (out / "sw01.txt").read_bytes() == ("Interviewer: How is [Person 1]?\r\nR: Ask [Person 2], Ofsted said.\r\n"
                                               "R: [Person 3] knows.\r\n").encode("utf-8")
    assert docx.Document(out / "focus" / "fg01.docx").paragraphs[0].text == \
        "IRO: [Person 1] moved to Lowestoft on [Date]."
    assert (out / "asr" / "yp02.vtt").read_text(encoding="utf-8") == \
        "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.500\n<v SPEAKER_01>[Person 1] rang me\n"
    assert (out / "asr" / "yp03.srt").read_text(encoding="utf-8") == \
        "1\n00:00:01,000 --> 00:00:03,500\nSpeaker 2: [Person 2] came\n"
    key = tmp_path / "out_private" / "key.jsonl"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    records = [json.loads(line) for line in key.read_text(encoding="utf-8").splitlines()]
    for record in records:
        validate(record, "key_record", str(key))
    assert {r["original"] for r in records} >= {"Kayleigh", "Tracey Walsh", "Jim Bloggs", "Rose"}
    assert (tmp_path / "out_private" / "review" / "text_review.csv").is_file()
    for path in out.rglob("*"):
        if path.is_file():
            assert b"Kayleigh" not in path.read_bytes()


def test_same_input_gives_byte_identical_outputs(tmp_path, collection):
    for name in ("one", "two"):
        assert main(["anonymise-text", str(collection), str(tmp_path / name), "--style", "pseudonym"]) == 0
    for path in (tmp_path / "one").rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (tmp_path / "two" / path.relative_to(tmp_path / "one")).read_bytes()


def test_key_inside_out_dir_is_refused(tmp_path, collection, capsys):
    out = tmp_path / "out"
    assert main(["anonymise-text", str(collection), str(out), "--key", str(out / "key.jsonl")]) == 2
    assert "must not be inside OUT_DIR" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("name, data", [("empty.txt", b""), ("binary.txt", b"\x00\x01\x02PK" * 50),
                                        ("broken.docx", b"PK\x03\x04garbage"), ("odd.txt", b"caf\x81\x8d\x8f\x90")])
def test_bad_input_exits_2_and_writes_nothing(tmp_path, collection, capsys, name, data):
    (collection / name).write_bytes(data)
    out = tmp_path / "out"
    assert main(["anonymise-text", str(collection), str(out)]) == 2
    err = capsys.readouterr().err
    assert name in err and "Traceback" not in err
    assert not out.exists() or not any(out.rglob("*"))
    assert not (tmp_path / "out_private").exists()


def test_missing_or_empty_input_folder_exits_2(tmp_path):
    assert main(["anonymise-text", str(tmp_path / "nope"), str(tmp_path / "out")]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["anonymise-text", str(tmp_path / "empty"), str(tmp_path / "out")]) == 2


def test_known_file_with_types_and_labels(tmp_path, collection):
    known = tmp_path / "known.tsv"
    known.write_text("# name\ttype\tlabel\nTracey Walsh\tPERSON\tBirth mother\nOakfield\tSCHOOL\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["anonymise-text", str(collection), str(out), "--known-file", str(known), "--style", "role"]) == 0
    assert "R: Ask [Birth mother], Ofsted said." in (out / "sw01.txt").read_text(encoding="utf-8")


def test_with_the_shipped_detector(tmp_path, monkeypatch):
    monkeypatch.setattr("anonymise.text.pipeline.build_detector", real_detector)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "iro01.txt").write_text(
        "[00:00:05] Interviewer: Tell me about the placement.\n"
        "IRO: Kayleigh Brennan moved to a foster placement in Lowestoft on 12 March 2013, she's fourteen.\n"
        "IRO: Her mum, Tracey, rang me on 07700 900123. Kayleigh's social worker agreed.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["anonymise-text", str(folder), str(out), "--workers", "1"]) == 0
    text = (out / "iro01.txt").read_text(encoding="utf-8")
    for original in ("Kayleigh", "Brennan", "Lowestoft", "12 March 2013", "fourteen", "Tracey", "07700"):
        assert original not in text
    assert text.startswith("[00:00:05] Interviewer: Tell me about the placement.\nIRO: [Person 1] moved")
    assert "[aged 13–15]" in text
