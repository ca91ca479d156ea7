"""`ukds-deposit verify`: exit 0 for our bundles, 1 naming the file for any change, 2 for unusable input."""

from __future__ import annotations

import json
import logging
import shutil
import zipfile
from pathlib import Path

import jsonschema
import pytest

from deposit.cli import main
from manifests.loader import load_schema
from tests.deposit.packager.workfixture import STUDY_ID

logging.getLogger("bagit").setLevel(logging.ERROR)
BAG = f"{STUDY_ID}_tab"
FOLDER = f"data/UKDA-{STUDY_ID}-tab"


@pytest.fixture
def bundle(work, tmp_path) -> Path:
    assert main(["package", str(work.root), "--out", str(tmp_path / "dist")]) == 0
    return tmp_path / "dist" / f"{BAG}.zip"


@pytest.fixture
def unpacked(bundle, tmp_path) -> Path:
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(tmp_path / "unpacked")
    return tmp_path / "unpacked" / BAG


def verify_json(target, capsys, *extra) -> tuple[int, dict]:
    code = main(["verify", str(target), "--json", *extra])
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, load_schema("verify_report"))
    assert data["exit_code"] == code
    return code, data


def errors(data: dict) -> list[dict]:
    return [p for check in data["checks"] for p in check["problems"] if p["severity"] == "error"]


def rewrite_zip(source: Path, target: Path, change) -> Path:
    """Copy a zip entry by entry; `change(name, data)` returns new bytes, or None to drop the entry."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info, data)
    return target


def test_our_bundle_is_valid(bundle, capsys):
    code, data = verify_json(bundle, capsys)
    assert code == 0 and data["valid"]
    status = {c["name"]: c["status"] for c in data["checks"]}
    assert status["bagit"] == status["layout"] == status["data"] == status["privacy"] == "passed"
    assert status["ddi"] == "passed"
    assert status["residual"] in ("passed", "warnings", "skipped")
    assert data["bag_info"]["Bagging-Date"] == "2015-06-30"


def test_human_report_reads_top_to_bottom(bundle, capsys):
    assert main(["verify", str(bundle), "--no-residual"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("Verifying ")
    assert out.rstrip().endswith("Result: VALID")


def test_unpacked_folder_is_valid(unpacked, capsys):
    code, data = verify_json(unpacked, capsys, "--no-residual")
    assert code == 0 and data["kind"] == "folder"


def test_byte_flip_in_a_folder_names_the_file(unpacked, capsys):
    target = unpacked / FOLDER / "tab/survey.tab"
    raw = bytearray(target.read_bytes())
    raw[-3] ^= 0x01
    target.write_bytes(bytes(raw))
    code, data = verify_json(unpacked, capsys, "--no-residual")
    assert code == 1
    checksum = [p for p in errors(data) if p["code"] == "bagit.checksum"]
    assert [p["location"] for p in checksum] == [f"{FOLDER}/tab/survey.tab"]


def test_byte_flip_inside_the_zip_names_the_file(work, tmp_path, capsys):
    # .sav entries are stored, so the changed byte sits in the zip as it is on disk
    assert main(["package", str(work.root), "--out", str(tmp_path / "dist"), "--format", "spss"]) == 0
    capsys.readouterr()
    zip_path = tmp_path / "dist" / f"{STUDY_ID}_spss.zip"
    raw = bytearray(zip_path.read_bytes())
    with zipfile.ZipFile(zip_path) as archive:
        info = archive.getinfo(f"{STUDY_ID}_spss/data/UKDA-{STUDY_ID}-spss/spss/survey.sav")
        assert info.compress_type == zipfile.ZIP_STORED
    start = info.header_offset + 30 + len(info.filename.encode())
    raw[start + info.file_size // 2] ^= 0x01
    zip_path.write_bytes(bytes(raw))
    code, data = verify_json(zip_path, capsys, "--no-residual")
    assert code == 1
    located = {p["location"] for p in errors(data)}
    assert f"data/UKDA-{STUDY_ID}-spss/spss/survey.sav" in located


def test_deleted_file_is_named(unpacked, capsys):
    (unpacked / FOLDER / "text/sw01.txt").unlink()
    code, data = verify_json(unpacked, capsys, "--no-residual")
    assert code == 1
    assert {"bagit.missing_file", "bagit.oxum"} <= {p["code"] for p in errors(data)}
    assert f"{FOLDER}/text/sw01.txt" in {p["location"] for p in errors(data)}


def test_added_file_is_named(bundle, tmp_path, capsys):
    changed = tmp_path / "added.zip"
    with zipfile.ZipFile(bundle) as old, zipfile.ZipFile(changed, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        new.writestr(f"{BAG}/{FOLDER}/text/extra.txt", "added after packaging\n")
    code, data = verify_json(changed, capsys, "--no-residual")
    assert code == 1
    extra = [p for p in errors(data) if p["code"] == "bagit.extra_file"]
    assert [p["location"] for p in extra] == [f"{FOLDER}/text/extra.txt"]


def test_deleted_entry_in_zip_is_named(bundle, tmp_path, capsys):
    gone = f"{BAG}/{FOLDER}/mrdoc/codebook.html"
    changed = rewrite_zip(bundle, tmp_path / "deleted.zip", lambda name, data: None if name == gone else data)
    code, data = verify_json(changed, capsys, "--no-residual")
    assert code == 1
    assert f"{FOLDER}/mrdoc/codebook.html" in {p["location"] for p in errors(data) if p["code"] == "bagit.missing_file"}


def test_bag_bagit_python_rejects_we_reject(unpacked, capsys):
    import bagit as bagit_python

    info = unpacked / "bag-info.txt"
    text = info.read_text("utf-8")
    oxum = next(line for line in text.splitlines() if line.startswith("Payload-Oxum:")).split(": ")[1]
    size, count = oxum.split(".")
    info.write_text(text.replace(oxum, f"{size}.{int(count) + 1}"), encoding="utf-8")
    with pytest.raises(bagit_python.BagError):
        bagit_python.Bag(str(unpacked)).validate()
    code, data = verify_json(unpacked, capsys, "--no-residual")
    assert code == 1
    assert "bagit.oxum" in {p["code"] for p in errors(data)}


def test_bad_manifest_line_rejected(unpacked, capsys):
    manifest = unpacked / "manifest-sha256.txt"
    manifest.write_text("not-a-checksum-line\n" + manifest.read_text("utf-8"), encoding="utf-8")
    code, data = verify_json(unpacked, capsys, "--no-residual")
    assert code == 1
    assert "bagit.manifest_line" in {p["code"] for p in errors(data)}


def test_data_and_ddi_must_agree(unpacked, capsys):
    # drop the last case: the tab file now has one row fewer than the DDI says
    tab = unpacked / FOLDER / "tab/survey.tab"
    lines = tab.read_text("utf-8").splitlines(keepends=True)
    tab.write_text("".join(lines[:-1]), encoding="utf-8")
    code, data = verify_json(unpacked, capsys, "--no-residual")
    assert code == 1
    case = [p for p in errors(data) if p["code"] == "data.case_count"]
    assert case and case[0]["location"] == f"{FOLDER}/tab/survey.tab"
    assert "5 cases" in case[0]["message"] and "says 6" in case[0]["message"]


def test_undescribed_variable(unpacked, capsys):
    tab = unpacked / FOLDER / "tab/survey.tab"
    lines = tab.read_text("utf-8").splitlines()
    tab.write_text("\n".join([lines[0] + "\tsecret"] + [line + "\tx" for line in lines[1:]]) + "\n", encoding="utf-8")
    code, data = verify_json(unpacked, capsys, "--no-residual")
    assert code == 1
    assert f"{FOLDER}/tab/survey.tab:secret" in {p["location"] for p in errors(data) if p["code"] == "data.undescribed_variable"}


def test_invalid_ddi_in_bundle(unpacked, capsys):
    ddi = unpacked / FOLDER / f"mrdoc/{STUDY_ID}_ddi.xml"
    ddi.write_text(ddi.read_text("utf-8").replace("<stdyDscr>", "<stdyDscr><bogus/>", 1), encoding="utf-8")
    code, data = verify_json(unpacked, capsys, "--no-residual")
    assert code == 1
    ddi_check = next(c for c in data["checks"] if c["name"] == "ddi")
    assert ddi_check["status"] == "failed"
    assert all(p["location"].startswith(f"{FOLDER}/mrdoc/{STUDY_ID}_ddi.xml") for p in ddi_check["problems"])


def test_private_key_in_bundle_is_found_by_name_and_by_content(bundle, tmp_path, capsys):
    record = json.dumps({"original": "Someone Real", "replacement": "[Person 1]", "type": "PERSON", "file": "x"}) + "\n"
    changed = tmp_path / "leaky.zip"
    with zipfile.ZipFile(bundle) as old, zipfile.ZipFile(changed, "w") as new:
        for info in old.infolist():
            new.writestr(info, old.read(info))
        new.writestr(f"{BAG}/{FOLDER}/mrdoc/key.jsonl", record)
        new.writestr(f"{BAG}/{FOLDER}/mrdoc/notes.txt", record)
    code, data = verify_json(changed, capsys, "--no-residual")
    assert code == 1
    privacy = next(c for c in data["checks"] if c["name"] == "privacy")
    assert {(p["code"], p["location"]) for p in privacy["problems"]} == {
        ("privacy.private_file", f"{FOLDER}/mrdoc/key.jsonl"),
        ("privacy.key_content", f"{FOLDER}/mrdoc/notes.txt"),
    }


def test_layout_problems(unpacked, capsys):
    (unpacked / FOLDER / f"read{STUDY_ID}.htm").unlink()
    (unpacked / FOLDER / "spss").mkdir()
    shutil.copy(unpacked / FOLDER / "tab/survey.tab", unpacked / FOLDER / "spss/survey.sav")
    code, data = verify_json(unpacked, capsys, "--no-residual")
    assert code == 1
    layout = next(c for c in data["checks"] if c["name"] == "layout")
    codes = {p["code"] for p in layout["problems"]}
    assert {"layout.missing", "layout.wrong_format"} <= codes


def test_binary_payload_is_checked_without_being_extracted(work, tmp_path, capsys):
    from deposit.verifier.verify import bag_prefix, needs_content

    prefix = bag_prefix([f"{BAG}/", f"{BAG}/bagit.txt", f"{BAG}/{FOLDER}/mrdoc/scan.pdf"])
    assert prefix == f"{BAG}/"
    assert needs_content(f"{BAG}/bagit.txt", prefix) and needs_content(f"{BAG}/{FOLDER}/tab/survey.tab", prefix)
    assert not needs_content(f"{BAG}/{FOLDER}/mrdoc/scan.pdf", prefix)
    pdf = work.anonymised / "documentation" / "docs" / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + bytes(range(256)) * 100)
    import yaml

    from manifests.fileio import write_text

    manifest = yaml.safe_load(work.manifest_copy.read_text("utf-8"))
    manifest["files"].append({"path": "docs/scan.pdf", "role": "documentation", "description": "Scanned consent form (blank)"})
    write_text(work.manifest_copy, yaml.safe_dump(manifest, sort_keys=False), private=True)
    assert main(["package", str(work.root), "--out", str(tmp_path / "dist")]) == 0
    capsys.readouterr()
    bundle = tmp_path / "dist" / f"{BAG}.zip"
    assert verify_json(bundle, capsys, "--no-residual")[0] == 0
    # a changed byte in the unextracted PDF is still found, and named
    changed = rewrite_zip(bundle, tmp_path / "pdf.zip",
                          lambda name, data: data[:-1] + bytes([data[-1] ^ 1]) if name.endswith("scan.pdf") else data)
    code, data = verify_json(changed, capsys, "--no-residual")
    assert code == 1
    assert [p["location"] for p in errors(data) if p["code"] == "bagit.checksum"] == [f"{FOLDER}/mrdoc/scan.pdf"]


def test_residual_scan_warns_with_locations_only(bundle, tmp_path, capsys):
    import anonymise.text.detector  # noqa: F401  (a dependency: a broken text engine fails here, never skips)
    line = "Social worker: I phoned Margaret Thompson at Leeds City Council on Tuesday.\n"
    changed = rewrite_zip(bundle, tmp_path / "names.zip",
                          lambda name, data: data + line.encode() if name.endswith("text/sw01.txt") else data)
    # the bag now fails its checksum too; the residual scan still runs and lists where
    code, data = verify_json(changed, capsys)
    residual = next(c for c in data["checks"] if c["name"] == "residual")
    assert residual["status"] == "warnings"
    hits = [p for p in residual["problems"] if p["code"] == "residual.possible_identifier"]
    assert any(p["location"] == f"{FOLDER}/text/sw01.txt:4" for p in hits)
    assert all(p["severity"] == "warning" for p in hits)
    assert not any("Margaret" in p["message"] for p in hits)


def test_missing_path_and_not_a_zip_are_unusable(tmp_path, capsys):
    assert main(["verify", str(tmp_path / "nothing.zip")]) == 2
    assert "no such file" in capsys.readouterr().err
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"this is not a zip file at all")
    code, data = verify_json(junk, capsys)
    assert code == 2 and data["checks"][0]["name"] == "open"
    assert "not a readable zip" in data["checks"][0]["problems"][0]["message"]


def test_truncated_download_is_unusable(bundle, tmp_path, capsys):
    cut = tmp_path / "cut.zip"
    cut.write_bytes(bundle.read_bytes()[: bundle.stat().st_size // 2])
    assert verify_json(cut, capsys)[0] == 2


def test_a_folder_that_is_not_a_bag_fails(tmp_path, capsys):
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "readme.txt").write_text("hello\n")
    code, data = verify_json(tmp_path / "folder", capsys)
    assert code == 1
    assert errors(data)[0]["code"] == "bagit.no_bag"


def test_verify_result_recorded_in_work(bundle, work, capsys):
    assert main(["verify", str(bundle), "--no-residual", "--work", str(work.root)]) == 0
    from manifests.fileio import read_json

    result = read_json(work.result("verify"))
    assert result["status"] == "ok" and result["summary"]["valid"] is True


def test_residual_scan_skips_the_toolkits_own_placeholders(tmp_path):
    import anonymise.text.documents  # noqa: F401  (a dependency: a broken text engine fails here, never skips)
    from anonymise.text.detection import Detection
    from deposit.verifier.privacy import residual_scan

    text = "YP1: I'm [Person 27], I was [aged 10-12].\nYP2: Margaret said hello.\n"
    (tmp_path / "data/UKDA-1-tab/text").mkdir(parents=True)
    (tmp_path / "data/UKDA-1-tab/text/yp.txt").write_text(text, encoding="utf-8")

    class Fake:
        def detect(self, texts, high_precision=False):
            out = []
            for t in texts:
                found = []
                for word, kind in (("Person 27", "PERSON"), ("aged 10-12", "AGE"), ("Margaret", "PERSON")):
                    at = t.find(word)
                    if at >= 0:
                        found.append(Detection(at, at + len(word), kind, word, 0.99, "fake", False))
                out.append(found)
            return out

    problems = residual_scan(tmp_path, ["data/UKDA-1-tab/text/yp.txt"], detector=Fake())
    assert [(p.code, p.location) for p in problems] == [("residual.possible_identifier", "data/UKDA-1-tab/text/yp.txt:2")]


def test_residual_scan_passes_organisations_the_bundle_publishes(tmp_path):
    import anonymise.text.detector  # noqa: F401  (a dependency: a broken text engine fails here, never skips)
    from anonymise.text.detection import Detection
    from deposit.verifier.privacy import public_organisations, residual_scan

    mrdoc = tmp_path / "data/UKDA-1-tab/mrdoc"
    mrdoc.mkdir(parents=True)
    (mrdoc / "sheet.txt").write_text("We are at the University of Anytown.\nMy school is Oak Hill Academy.\n",
                                     encoding="utf-8")
    (mrdoc / "1_ddi.xml").write_text(
        '<codeBook xmlns="ddi:codebook:2_5"><stdyDscr><citation><rspStmt>'
        '<AuthEnty affiliation="University of Anytown">Example, A.</AuthEnty></rspStmt><prodStmt>'
        '<fundAg abbr="ESRC">Economic and Social Research Council</fundAg></prodStmt></citation></stdyDscr></codeBook>',
        encoding="utf-8")
    names = ["data/UKDA-1-tab/mrdoc/sheet.txt", "data/UKDA-1-tab/mrdoc/1_ddi.xml"]
    assert public_organisations(tmp_path, names) == ["ESRC", "Economic and Social Research Council", "University of Anytown"]

    class Fake:
        def detect(self, texts, high_precision=False):
            out = []
            for t in texts:
                found = []
                for phrase in ("University of Anytown", "Oak Hill Academy"):
                    at = t.find(phrase)
                    if at >= 0:
                        found.append(Detection(at, at + len(phrase), "ORGANISATION", phrase, 0.9, "fake", False))
                out.append(found)
            return out

    problems = residual_scan(tmp_path, names, detector=Fake())
    assert [p.location for p in problems] == ["data/UKDA-1-tab/mrdoc/sheet.txt:2"]


def test_residual_scan_passes_what_the_bundle_publishes_on_purpose(tmp_path):
    """The report's keep list and the study's numbers are published deliberately; the same kinds
    of word that are not on the list, and a date, are still reported."""
    import anonymise.text.detector  # noqa: F401  (a dependency: a broken text engine fails here, never skips)
    from anonymise.text.detection import Detection
    from deposit.verifier.privacy import residual_scan

    mrdoc = tmp_path / "data/UKDA-1-tab/mrdoc"
    mrdoc.mkdir(parents=True)
    (mrdoc / "notes.txt").write_text(
        "Support came from Barnardo's.\nCite doi:10.5255/UKDA-SN-900001 please.\n"
        "Support came from Kids Matter Trust.\nShe was born in 2015.\nHer file is AB-123456.\n", encoding="utf-8")
    (mrdoc / "anonymisation_report.json").write_text(
        '{"keep_list": {"terms": [{"term": "Barnardo\'s", "reason": "listed in the manifest"}]}}', encoding="utf-8")
    (mrdoc / "1_ddi.xml").write_text(
        '<codeBook xmlns="ddi:codebook:2_5"><stdyDscr><citation><titlStmt>'
        '<IDNo agency="DOI">10.5255/UKDA-SN-900001</IDNo></titlStmt><prodStmt><fundAg>Research Council</fundAg>'
        '<deposit date="2015-06-30"/></prodStmt></citation></stdyDscr></codeBook>', encoding="utf-8")
    names = [f"data/UKDA-1-tab/mrdoc/{n}" for n in ("notes.txt", "anonymisation_report.json", "1_ddi.xml")]

    class Fake:
        def detect(self, texts, high_precision=False):
            out = []
            for t in texts:
                found = []
                for phrase, kind in (("Barnardo's", "CHARITY"), ("SN-900001", "CASE_REFERENCE"),
                                     ("Kids Matter Trust", "CHARITY"), ("2015", "DATE"), ("AB-123456", "CASE_REFERENCE")):
                    at = t.find(phrase)
                    if at >= 0:
                        found.append(Detection(at, at + len(phrase), kind, phrase, 0.9, "fake", False))
                out.append(found)
            return out

    problems = residual_scan(tmp_path, names, detector=Fake())
    assert [p.location for p in problems] == [f"data/UKDA-1-tab/mrdoc/notes.txt:{n}" for n in (3, 4, 5)]


def test_residual_scan_reads_metadata_markup_and_data_text(bundle, tmp_path, capsys):
    """The generated codebook, readme, DDI and report and the .tab text columns are scanned
    too: our own bundle gives no warning, an identifier added to any of them does."""
    import anonymise.text.detector  # noqa: F401  (a dependency: a broken text engine fails here, never skips)
    code, data = verify_json(bundle, capsys)
    residual = next(c for c in data["checks"] if c["name"] == "residual")
    assert residual["status"] == "passed" and not residual["problems"], residual["problems"]

    def change(name, raw):
        if name.endswith("mrdoc/codebook.html"):
            return raw.replace(b"</h1>", b"</h1><p>Kayleigh <b>Brown</b>, 07700 911456</p>")
        if name.endswith("tab/survey.tab"):
            rows = raw.decode().splitlines()
            rows[0] += "\tnotes"
            rows[1:] = [row + "\t" + ("Spoke to Tracey Walsh at her flat on Mill Lane." if i == 1 else "none")
                        for i, row in enumerate(rows[1:])]
            return ("\n".join(rows) + "\n").encode()
        return raw

    code, data = verify_json(rewrite_zip(bundle, tmp_path / "added.zip", change), capsys)
    residual = next(c for c in data["checks"] if c["name"] == "residual")
    hits = {(p["location"], p["message"].split(" identifier")[0]) for p in residual["problems"]
            if p["code"] == "residual.possible_identifier"}
    assert (f"{FOLDER}/mrdoc/codebook.html:1", "possible PERSON") in hits
    assert (f"{FOLDER}/mrdoc/codebook.html:1", "possible PHONE") in hits
    assert (f"{FOLDER}/tab/survey.tab:3", "possible PERSON") in hits
    assert all(p["severity"] == "warning" for p in residual["problems"])
    assert not any("Kayleigh" in p["message"] or "Walsh" in p["message"] for p in residual["problems"])


def test_markup_and_tables_are_read_as_a_person_sees_them(tmp_path):
    from deposit.verifier.privacy import markup_text, residual_candidates, table_texts

    page = tmp_path / "read1.htm"
    page.write_text("<html><head><title>Read me</title><style>p { color: red }</style></head>\n<body>\n"
                    "<p>Ask <b>Ann</b> Example</p>\n<p>doi:10.5255/<wbr>UKDA-<span>SN-1</span></p>\n<table><tr><td>12</td><td>North</td></tr></table>\n"
                    "<script>var x = 'Not text';</script></body></html>", encoding="utf-8")
    text = markup_text(page, "read1.htm")
    # tags stripped, inline elements run on, blocks and cells on lines of their own, style and script gone
    # and join as written: a reference broken only for line wrapping stays one word
    assert text.text.splitlines() == ["Read me", "Ask Ann Example", "doi:10.5255/UKDA-SN-1", "12", "North"]
    assert text.line_of(text.text.index("North")) == 5
    ddi = tmp_path / "1_ddi.xml"
    ddi.write_text('<?xml version="1.0"?>\n<!DOCTYPE c [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'
                   '<c><titl>Study</titl>\n<labl>&e;</labl></c>', encoding="utf-8")
    assert "root:" not in markup_text(ddi, "1_ddi.xml").text  # entities are never resolved
    data = tmp_path / "s.tab"
    data.write_text("id\tage\tnotes\tdate\n1\t14\tMet Ann at school\t2013-05-01\n2\t15\t\t2013-06-01\n", encoding="utf-8")
    columns = table_texts(data, "s.tab")
    assert [(c.column, c.text, c.line_of(0)) for c in columns] == [("notes", "Met Ann at school", 2)]
    names = ["d/UKDA-1-tab/mrdoc/codebook.html", "d/UKDA-1-tab/read1.htm", "d/UKDA-1-tab/mrdoc/1_ddi.xml",
             "d/UKDA-1-tab/tab/s.tab", "d/UKDA-1-tab/spss/s.sav", "d/UKDA-1-tab/text/t.txt", "d/UKDA-1-tab/notes.txt"]
    assert residual_candidates(names) == names[:4] + ["d/UKDA-1-tab/text/t.txt"]


def test_kept_documents_and_subtitles_are_verified_and_scanned(work, tmp_path, capsys):
    """A bundle carrying .docx (packaging: {documents: keep}) and a .vtt: valid, and the residual
    scan reads both, by their location."""
    import docx
    import yaml

    from manifests.fileio import write_text

    data = yaml.safe_load(work.manifest_copy.read_text("utf-8"))
    data["packaging"] = {"documents": "keep"}
    write_text(work.manifest_copy, yaml.safe_dump(data, sort_keys=False), private=True)
    document = docx.Document()
    document.add_paragraph("Parent: [Person 1] explained it well.")
    document.add_paragraph("Interviewer: and who else came?")
    document.save(work.transcripts / "transcripts" / "p01.docx")
    write_text(work.transcripts / "transcripts" / "p02.vtt",
               "WEBVTT\n\n1\n00:00:01.000 --> 00:00:03.000\n<v SPEAKER_01>[Person 1] rang\n")
    assert main(["package", str(work.root), "--out", str(tmp_path / "dist")]) == 0
    capsys.readouterr()
    code, report = verify_json(tmp_path / "dist" / f"{BAG}.zip", capsys)
    assert code == 0 and report["valid"]
    residual = next(c for c in report["checks"] if c["name"] == "residual")
    assert residual["status"] == "passed", residual["problems"]

    line = "Social worker: I phoned Margaret Thompson at Leeds City Council on Tuesday."
    document.add_paragraph(line)
    document.save(tmp_path / "changed.docx")
    changed = rewrite_zip(tmp_path / "dist" / f"{BAG}.zip", tmp_path / "names.zip",
                          lambda name, data: (tmp_path / "changed.docx").read_bytes() if name.endswith("docx/p01.docx")
                          else data + f"\n2\n00:00:04.000 --> 00:00:06.000\n{line}\n".encode()
                          if name.endswith("text/p02.vtt") else data)
    code, report = verify_json(changed, capsys)
    residual = next(c for c in report["checks"] if c["name"] == "residual")
    where = {p["location"].rsplit(":", 1)[0] for p in residual["problems"] if p["code"] == "residual.possible_identifier"}
    assert {f"{FOLDER}/docx/p01.docx", f"{FOLDER}/text/p02.vtt"} <= where
