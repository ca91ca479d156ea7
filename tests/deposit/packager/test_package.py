"""`ukds-deposit package`: a real WORK folder in, a deterministic UKDS-layout BagIt zip out."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import bagit as bagit_python
import pyreadstat
import pytest

from deposit.cli import main
from deposit.packager.guide import find_browser
from manifests.fileio import read_json, write_json, write_text
from tests.deposit.packager.workfixture import ORIGINAL, STUDY_ID

logging.getLogger("bagit").setLevel(logging.ERROR)
ROOT = f"UKDA-{STUDY_ID}-tab"


def package(work, dist, *extra) -> int:
    return main(["package", str(work.root), "--out", str(dist), *extra])


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unpack(zip_path: Path, into: Path) -> Path:
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(into)
    (bag,) = [p for p in into.iterdir() if p.is_dir()]
    return bag


def test_bundle_has_the_ukds_layout_inside_a_valid_bag(work, tmp_path):
    dist = tmp_path / "dist"
    assert package(work, dist) == 0
    bundle = dist / f"{STUDY_ID}_tab.zip"
    assert sorted(p.name for p in dist.iterdir()) == [bundle.name]
    names = zipfile.ZipFile(bundle).namelist()
    prefix = f"{STUDY_ID}_tab/"
    assert all(n.startswith(prefix) for n in names)
    payload = sorted(n[len(prefix) + len("data/"):] for n in names if n.startswith(prefix + "data/"))
    assert payload == sorted([
        f"{ROOT}/read{STUDY_ID}.htm",
        f"{ROOT}/{STUDY_ID}_file_information.rtf",
        f"{ROOT}/tab/survey.tab",
        f"{ROOT}/text/sw01.txt",
        f"{ROOT}/mrdoc/{STUDY_ID}_ddi.xml",
        f"{ROOT}/mrdoc/codebook.html",
        f"{ROOT}/mrdoc/anonymisation_report.html",
        f"{ROOT}/mrdoc/anonymisation_report.json",
        f"{ROOT}/mrdoc/interview_guide.txt",
        f"{ROOT}/mrdoc/allissue/survey_ukda_data_dictionary.rtf",
    # the user guide, where a browser can print it (test_guide.py: and where none can)
    ] + ([f"{ROOT}/mrdoc/pdf/{STUDY_ID}_user_guide.pdf"] if find_browser() else []))
    bag = unpack(bundle, tmp_path / "unpacked")
    bagit_python.Bag(str(bag)).validate()
    out = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(bag)], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_bag_info_comes_from_the_manifest_not_the_clock(work, tmp_path):
    assert package(work, tmp_path / "dist") == 0
    with zipfile.ZipFile(tmp_path / "dist" / f"{STUDY_ID}_tab.zip") as archive:
        info = dict(line.split(": ", 1) for line in archive.read(f"{STUDY_ID}_tab/bag-info.txt").decode().splitlines())
        payload = [i for i in archive.infolist() if "/data/" in i.filename]
        assert {i.date_time for i in archive.infolist()} == {(2015, 6, 30, 0, 0, 0)}
    assert info["Bagging-Date"] == "2015-06-30"
    assert info["Source-Organization"] == "University of Anytown"
    assert info["External-Identifier"] == "10.5255/UKDA-SN-900001"
    assert info["Payload-Oxum"] == f"{sum(i.file_size for i in payload)}.{len(payload)}"
    assert info["Bag-Size"]
    assert "Bag-Count" not in info


def test_zip_is_deterministic(work, tmp_path):
    assert package(work, tmp_path / "one") == 0
    assert package(work, tmp_path / "two") == 0
    first, second = tmp_path / "one" / f"{STUDY_ID}_tab.zip", tmp_path / "two" / f"{STUDY_ID}_tab.zip"
    assert sha256(first) == sha256(second)
    with zipfile.ZipFile(first) as archive:
        infos = archive.infolist()
        assert [i.filename for i in infos] == sorted(i.filename for i in infos)
        for info in infos:
            assert info.extra == b""
            assert info.external_attr >> 16 == stat.S_IFREG | 0o644
            assert info.create_system == 3
            assert not info.is_dir()
        assert archive.comment == b""
        kinds = {Path(i.filename).suffix: i.compress_type for i in infos}
        assert kinds[".txt"] == zipfile.ZIP_DEFLATED


def test_package_result_names_the_bundles(work, tmp_path):
    dist = tmp_path / "dist"
    assert package(work, dist) == 0
    result = read_json(work.result("package"))
    assert result["status"] == "ok"
    assert result["outputs"] == [f"{STUDY_ID}_tab.zip"]
    assert Path(result["details"]["dist"]) == dist.resolve()
    (entry,) = result["details"]["bundles"]
    assert entry["sha256"] == sha256(dist / entry["file"])


def test_both_formats_give_two_complete_folders(work, tmp_path):
    dist = tmp_path / "dist"
    assert package(work, dist, "--format", "both") == 0
    bundle = dist / f"{STUDY_ID}_both.zip"
    names = set(zipfile.ZipFile(bundle).namelist())
    for fmt, data in (("tab", "tab/survey.tab"), ("spss", "spss/survey.sav")):
        folder = f"{STUDY_ID}_both/data/UKDA-{STUDY_ID}-{fmt}"
        for inner in (data, f"read{STUDY_ID}.htm", f"{STUDY_ID}_file_information.rtf", f"mrdoc/{STUDY_ID}_ddi.xml", "text/sw01.txt"):
            assert f"{folder}/{inner}" in names
    bag = unpack(bundle, tmp_path / "unpacked")
    bagit_python.Bag(str(bag)).validate()
    df, meta = pyreadstat.read_sav(str(bag / f"data/UKDA-{STUDY_ID}-spss/spss/survey.sav"))
    assert list(df.columns) == ["case_id", "sex", "age_band"]


DDI_NS = {"ddi": "ddi:codebook:2_5"}


def bundled_ddis(bundle: Path) -> dict[str, tuple[set[str], bytes]]:
    """Per UKDA folder: the payload names inside it, and its DDI's bytes."""
    with zipfile.ZipFile(bundle) as archive:
        names = archive.namelist()
        folders = {}
        for name in names:
            parts = name.split("/")
            if len(parts) > 3 and parts[1] == "data":
                folders.setdefault(parts[2], set()).add("/".join(parts[3:]))
        return {folder: (inner, archive.read(f"{bundle.stem}/data/{folder}/mrdoc/{STUDY_ID}_ddi.xml"))
                for folder, inner in folders.items()}


@pytest.mark.parametrize("choice", ["tab", "spss", "both"])
def test_each_folders_ddi_lists_exactly_the_files_it_holds(work, tmp_path, capsys, choice):
    from lxml import etree

    dist = tmp_path / "dist"
    assert package(work, dist, "--format", choice) == 0
    bundle = dist / f"{STUDY_ID}_{choice}.zip"
    folders = bundled_ddis(bundle)
    assert sorted(folders) == [f"UKDA-{STUDY_ID}-{fmt}" for fmt in (("spss", "tab") if choice == "both" else (choice,))]
    for folder, (inner, ddi) in folders.items():
        fmt = folder.rsplit("-", 1)[1]
        other = "spss" if fmt == "tab" else "tab"
        root = etree.fromstring(ddi)
        uris = [f.get("URI") for f in root.iterfind("ddi:fileDscr", DDI_NS)]
        # Every fileDscr names a file of this folder, and every data file and transcript here has one.
        assert all(uri in inner for uri in uris), (folder, uris)
        assert sorted(uris) == sorted(n for n in inner if n.split("/")[0] in (fmt, "rtf", "text"))
        assert not [uri for uri in uris if uri.startswith(f"{other}/")]
        assert f"{other}/survey".encode() not in ddi
        ids = {f.get("ID") for f in root.iterfind("ddi:fileDscr", DDI_NS)}
        for var in root.iterfind(".//ddi:var", DDI_NS):
            assert set(var.get("files").split()) <= ids
            assert {loc.get("fileid") for loc in var.iterfind("ddi:location", DDI_NS)} <= ids
        for other_material in root.iterfind("ddi:otherMat", DDI_NS):
            assert other_material.get("URI") in inner
    assert main(["verify", str(bundle), "--work", str(work.root)]) == 0
    assert "Result: VALID" in capsys.readouterr().out


def test_codebook_and_dictionary_follow_the_folders_format(work, tmp_path):
    assert package(work, tmp_path / "dist", "--format", "both") == 0
    with zipfile.ZipFile(tmp_path / "dist" / f"{STUDY_ID}_both.zip") as archive:
        for fmt, mine, other in (("tab", "survey.tab", "survey.sav"), ("spss", "survey.sav", "survey.tab")):
            folder = f"{STUDY_ID}_both/data/UKDA-{STUDY_ID}-{fmt}/mrdoc"
            for name in ("codebook.html", "allissue/survey_ukda_data_dictionary.rtf"):
                text = archive.read(f"{folder}/{name}").decode("utf-8")
                assert mine in text and other not in text, (fmt, name)


def test_work_described_with_one_ddi_for_every_format_must_be_described_again(work, tmp_path, capsys):
    import shutil

    for fmt in ("tab", "spss"):
        shutil.rmtree(work.metadata / fmt)
    assert package(work, tmp_path / "dist") == 1
    err = capsys.readouterr().err
    assert "package.metadata_edition" in err and "re-run 'ukds-deposit describe'" in err
    assert not (tmp_path / "dist" / f"{STUDY_ID}_tab.zip").exists()


def test_readme_and_inventory_describe_the_folder(work, tmp_path):
    assert package(work, tmp_path / "dist") == 0
    with zipfile.ZipFile(tmp_path / "dist" / f"{STUDY_ID}_tab.zip") as archive:
        readme = archive.read(f"{STUDY_ID}_tab/data/{ROOT}/read{STUDY_ID}.htm").decode("utf-8")
        inventory = archive.read(f"{STUDY_ID}_tab/data/{ROOT}/{STUDY_ID}_file_information.rtf").decode("ascii")
    assert "https://doi.org/10.5255/UKDA-SN-900001" in readme
    assert "End User Licence" in readme
    for folder in ("tab/", "text/", "mrdoc/", "mrdoc/allissue/"):
        assert f"<dt>{folder}</dt>" in readme
    assert inventory.startswith("{\\rtf1")
    assert "tab/survey.tab" in inventory and "Case-file survey" in inventory
    assert "text/sw01.txt" in inventory and "Interview with a social worker" in inventory


def test_docx_transcript_is_converted_to_rtf(work, tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Interviewer: How did the review go?")
    document.add_paragraph("Parent: [Person 1] explained it well.")
    target = work.transcripts / "transcripts" / "p01.docx"
    document.save(target)
    assert package(work, tmp_path / "dist") == 0
    with zipfile.ZipFile(tmp_path / "dist" / f"{STUDY_ID}_tab.zip") as archive:
        names = archive.namelist()
        rtf = archive.read(f"{STUDY_ID}_tab/data/{ROOT}/rtf/p01.rtf").decode("ascii")
    assert not [n for n in names if n.endswith(".docx")]
    assert rtf.startswith("{\\rtf1") and "[Person 1] explained it well." in rtf


def formatted_transcript(path):
    """A transcript as data managers type them: bold labels, a label and its words in separate
    runs, a heading, and a two-column table of turns."""
    import docx

    document = docx.Document()
    document.add_heading("Parent interview 1", level=1)
    for label, words in (("Interviewer: ", "How did the review go?"), ("Parent: ", "[Person 1] explained it well.")):
        turn = document.add_paragraph()
        turn.add_run(label).bold = True
        turn.add_run(words[:5])
        turn.add_run(words[5:]).italic = label == "Parent: "
    table = document.add_table(rows=2, cols=2)
    for row, (label, words) in enumerate((("Interviewer", "And the social worker?"),
                                          ("Parent", "She came to every meeting and wrote it all up afterwards."))):
        table.cell(row, 0).paragraphs[0].add_run(label).bold = True
        table.cell(row, 1).text = words
    document.save(path)


def test_rtf_rendition_keeps_turns_bold_labels_and_tables(work, tmp_path):
    from striprtf.striprtf import rtf_to_text

    formatted_transcript(work.transcripts / "transcripts" / "p01.docx")
    assert package(work, tmp_path / "dist") == 0
    with zipfile.ZipFile(tmp_path / "dist" / f"{STUDY_ID}_tab.zip") as archive:
        rtf = archive.read(f"{STUDY_ID}_tab/data/{ROOT}/rtf/p01.rtf").decode("ascii")
    # Every turn is a paragraph of its own (not one paragraph of \line breaks), its label bold.
    assert "\\line" not in rtf
    assert "{\\b Interviewer: }How did the review go?\\par" in rtf
    assert "{\\b Parent: }[Pers{\\i on 1] explained it well.}\\par" in rtf
    assert "\\outlinelevel0\\b\\fs32 Parent interview 1" in rtf
    # The table is a table, its words column wider than its label column.
    assert rtf.count("\\row") == 2 and "{\\b Parent}\\cell" in rtf
    edges = [int(e) for e in re.findall(r"\\cellx(\d+)", rtf)[:2]]
    assert edges[0] < edges[1] - edges[0]
    assert rtf_to_text(rtf).splitlines()[:3] == ["Parent interview 1", "Interviewer: How did the review go?",
                                                 "Parent: [Person 1] explained it well."]


def test_odt_transcript_is_rendered_as_rtf_with_its_bold_labels(work, tmp_path):
    from odf.opendocument import OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.text import P, Span

    document = OpenDocumentText()
    bold = Style(name="Label", family="text")
    bold.addElement(TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    for label, words in (("Interviewer: ", "How did the review go?"), ("Parent: ", "[Person 1] explained it well.")):
        turn = P()
        turn.addElement(Span(stylename=bold, text=label))
        turn.addText(words)
        document.text.addElement(turn)
    document.save(str(work.transcripts / "transcripts" / "p02.odt"))
    assert package(work, tmp_path / "dist") == 0
    with zipfile.ZipFile(tmp_path / "dist" / f"{STUDY_ID}_tab.zip") as archive:
        rtf = archive.read(f"{STUDY_ID}_tab/data/{ROOT}/rtf/p02.rtf").decode("ascii")
    assert "{\\b Interviewer: }How did the review go?\\par" in rtf
    assert "{\\b Parent: }[Person 1] explained it well.\\par" in rtf


def keep_documents(work):
    import yaml

    data = yaml.safe_load(work.manifest_copy.read_text("utf-8"))
    data["packaging"] = {"documents": "keep"}
    write_text(work.manifest_copy, yaml.safe_dump(data, sort_keys=False), private=True)


def test_packaging_documents_keep_carries_the_anonymised_docx(work, tmp_path):
    formatted_transcript(work.transcripts / "transcripts" / "p01.docx")
    keep_documents(work)
    assert package(work, tmp_path / "dist") == 0
    with zipfile.ZipFile(tmp_path / "dist" / f"{STUDY_ID}_tab.zip") as archive:
        names = archive.namelist()
        kept = archive.read(f"{STUDY_ID}_tab/data/{ROOT}/docx/p01.docx")
    assert kept == (work.transcripts / "transcripts" / "p01.docx").read_bytes()
    assert not [n for n in names if n.endswith("p01.rtf")]
    problems = read_json(work.result("package"))["problems"]
    # DOCX is in the UK Data Service's table as acceptable (manifests/formats.py): no warning for a deliberate choice
    assert [p["code"] for p in problems if p["code"].startswith("gate.")] == []


def test_gate_finds_an_original_inside_a_kept_docx_and_a_subtitle_file(work, tmp_path, capsys):
    import docx

    keep_documents(work)
    document = docx.Document()
    document.add_paragraph(f"Parent: {ORIGINAL} explained it well.")
    document.save(work.transcripts / "transcripts" / "p01.docx")
    write_text(work.transcripts / "transcripts" / "p02.vtt",
               f"WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\n<v SPEAKER_01>{ORIGINAL} rang\n")
    err = refused(work, tmp_path / "dist", capsys, "--allow-pending-review")
    assert "docx/p01.docx" in err and "text/p02.vtt" in err and ORIGINAL not in err


def test_large_bundle_is_split_into_bags_valid_on_their_own(work, tmp_path):
    for number in range(3):
        # incompressible-looking text so the parts really are large
        text = "".join(f"Line {i}: {hashlib.sha256(f'{number}-{i}'.encode()).hexdigest()}\n" for i in range(9000))
        write_text(work.transcripts / "transcripts" / f"long{number}.txt", text)
    dist = tmp_path / "dist"
    assert package(work, dist, "--max-bytes", "1000000") == 0
    parts = sorted(dist.glob("*.zip"))
    assert [p.name for p in parts] == [f"{STUDY_ID}_tab_part{n}.zip" for n in range(1, len(parts) + 1)]
    assert len(parts) >= 2
    seen = set()
    for number, part in enumerate(parts, start=1):
        assert part.stat().st_size <= 1_000_000
        bag = unpack(part, tmp_path / f"unpacked{number}")
        bagit_python.Bag(str(bag)).validate()
        info = dict(line.split(": ", 1) for line in (bag / "bag-info.txt").read_text().splitlines())
        assert info["Bag-Count"] == f"{number} of {len(parts)}"
        assert info["Bag-Group-Identifier"] == f"{STUDY_ID}_tab"
        assert (bag / f"data/{ROOT}/mrdoc/{STUDY_ID}_ddi.xml").is_file()
        assert f"part {number} of {len(parts)}" in (bag / f"data/{ROOT}/read{STUDY_ID}.htm").read_text()
        seen |= {p.name for p in (bag / f"data/{ROOT}/text").glob("*.txt")} if (bag / f"data/{ROOT}/text").is_dir() else set()
        assert main(["verify", str(part), "--no-residual"]) == 0
    assert seen == {"sw01.txt", "long0.txt", "long1.txt", "long2.txt"}
    # a later run that needs no split removes the stale parts
    assert package(work, dist) == 0
    assert [p.name for p in dist.glob("*.zip")] == [f"{STUDY_ID}_tab.zip"]


def test_a_file_too_large_for_any_part_is_a_clear_error(work, tmp_path, capsys):
    write_text(work.transcripts / "transcripts" / "huge.txt", "x " * 700_000)
    assert package(work, tmp_path / "dist", "--max-bytes", "1000000") == 2
    assert "text/huge.txt" in capsys.readouterr().err


# ---------------------------------------------------------------- gates

def refused(work, dist, capsys, *extra) -> str:
    assert package(work, dist, *extra) == 1
    assert not list(Path(dist).glob("*.zip")) if Path(dist).exists() else True
    assert read_json(work.result("package"))["status"] == "failed"
    return capsys.readouterr().err


def test_gate_missing_stage_result(work, tmp_path, capsys):
    work.result("describe").unlink()
    err = refused(work, tmp_path / "dist", capsys)
    assert "the describe stage has not run" in err and "gate.stage_missing" in err


def test_gate_failed_stage(work, tmp_path, capsys):
    result = read_json(work.result("anonymise"))
    result["status"] = "failed"
    result["problems"] = [{"code": "x", "message": "broken transcript", "location": "transcripts/sw01.txt", "hint": "", "severity": "error"}]
    write_json(work.result("anonymise"), result)
    err = refused(work, tmp_path / "dist", capsys)
    assert "the anonymise stage failed" in err and "broken transcript" in err


def test_gate_invalid_ddi(work, tmp_path, capsys):
    ddi = work.metadata / f"{STUDY_ID}_ddi.xml"
    ddi.write_text(ddi.read_text("utf-8").replace("<stdyDscr>", "<stdyDscr><bogus/>", 1), encoding="utf-8")
    err = refused(work, tmp_path / "dist", capsys)
    assert "gate.ddi_invalid" in err and f"{STUDY_ID}_ddi.xml" in err


def test_gate_pending_review_and_its_override(work, tmp_path, capsys, monkeypatch):
    from deposit.packager import gates

    monkeypatch.setattr(gates, "pending_reviews", lambda work: 3)
    err = refused(work, tmp_path / "dist", capsys)
    assert "3 review item(s)" in err and "--allow-pending-review" in err
    assert package(work, tmp_path / "dist", "--allow-pending-review") == 0
    problems = read_json(work.result("package"))["problems"]
    assert [p["severity"] for p in problems if p["code"] == "gate.review_pending"] == ["warning"]


def test_gate_counts_a_review_file_left_in_the_old_place_and_moves_it_under_private(work, tmp_path, capsys):
    from anonymise.text.review import REVIEW_FILE

    old = work.legacy_review / REVIEW_FILE
    write_text(old, "file,line,context,type,why,suggested_replacement,occurrences,decision\r\n"
                    "transcripts/sw01.txt,2,Then <<Rose>> said,PERSON,,[Person 2],1,\r\n", encoding="utf-8-sig")
    err = refused(work, tmp_path / "dist", capsys)
    assert "1 review item(s)" in err
    assert not old.exists() and (work.review / REVIEW_FILE).is_file()
    assert work.review.is_relative_to(work.private)


def test_gate_residual_scan_not_clean_has_no_override(work, tmp_path, capsys):
    result = read_json(work.result("anonymise"))
    result["details"]["residual"] = {"status": "hits", "checked_files": 2, "originals_checked": 1,
                                     "hits": [{"file": "transcripts/sw01.txt", "location": "line 2", "type": "PERSON"}]}
    write_json(work.result("anonymise"), result)
    err = refused(work, tmp_path / "dist", capsys, "--allow-pending-review")
    assert "gate.residual" in err and "transcripts/sw01.txt" in err


@pytest.mark.parametrize("parallel", [False, True], ids=["in-process", "worker-processes"])
def test_gate_literal_original_in_any_bundled_text(work, tmp_path, capsys, monkeypatch, parallel):
    from deposit.packager import literal

    if parallel:  # the search then runs in worker processes while the zip is being written
        monkeypatch.setattr(literal, "PARALLEL_FROM", 0)
    transcript = work.transcripts / "transcripts" / "sw01.txt"
    transcript.write_text(transcript.read_text() + f"Later {ORIGINAL.upper()} rang the office.\n")
    err = refused(work, tmp_path / "dist", capsys, "--allow-pending-review")
    assert "gate.original_found" in err and "text/sw01.txt" in err and ", line 4" in err
    assert ORIGINAL.lower() not in err.lower()  # never repeat the original itself
    assert [p.name for p in (tmp_path / "dist").iterdir()] == []  # the staged zip was thrown away


def test_gate_literal_original_is_whole_word_only(work, tmp_path):
    transcript = work.transcripts / "transcripts" / "sw01.txt"
    transcript.write_text(transcript.read_text() + f"The {ORIGINAL.replace(' ', '')}s file.\n")
    assert package(work, tmp_path / "dist") == 0


def test_gate_original_in_sav_values(work, tmp_path, capsys):
    import pandas as pd

    frame = pd.DataFrame({"case_id": [1.0], "sex": [1.0], "age_band": [ORIGINAL]})
    pyreadstat.write_sav(frame, str(work.data / "survey.sav"))
    err = refused(work, tmp_path / "dist", capsys, "--format", "spss")
    assert "spss/survey.sav" in err


def test_gate_private_files_never_bundled(work, tmp_path, capsys):
    # a key copied among the transcripts, a renamed key, and a link into WORK/private/
    (work.transcripts / "transcripts" / "key.jsonl").write_bytes(work.key.read_bytes())
    (work.transcripts / "transcripts" / "notes.txt").write_text(
        json.dumps({"original": "Someone Else", "replacement": "[Person 2]", "type": "PERSON"}) + "\n")
    (work.data / "crosswalk.tab").symlink_to(work.private / "deposit.yaml")
    err = refused(work, tmp_path / "dist", capsys, "--allow-pending-review")
    assert err.count("gate.private_file") == 3
    assert "text/key.jsonl" in err and "notes.txt" in err and "crosswalk.tab" in err
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())


def test_private_folder_is_never_read_into_the_bundle(work, tmp_path):
    assert package(work, tmp_path / "dist") == 0
    names = zipfile.ZipFile(tmp_path / "dist" / f"{STUDY_ID}_tab.zip").namelist()
    assert not [n for n in names if "private" in n or n.endswith(("key.jsonl", "deposit.yaml", "collection.json"))]


def test_not_preferred_format_only_warns(work, tmp_path):
    write_text(work.transcripts / "transcripts" / "notes.md", "# Field notes\nNothing identifying.\n")
    assert package(work, tmp_path / "dist") == 0
    problems = read_json(work.result("package"))["problems"]
    assert [(p["code"], p["severity"]) for p in problems] == [("gate.format", "warning")]


def test_unusable_work_folder(tmp_path, capsys):
    assert main(["package", str(tmp_path / "missing"), "--out", str(tmp_path / "dist")]) == 2
    assert "no such work folder" in capsys.readouterr().err
