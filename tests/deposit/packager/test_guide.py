"""The user guide PDF each bundle folder carries: printed by headless Chromium from the codebook's
HTML, read back with pypdf as a researcher's reader would, and left out (never failing the
deposit) where no browser can print it."""

from __future__ import annotations

import hashlib
import json
import unicodedata
import zipfile
from pathlib import Path

from pypdf import PdfReader

from deposit.cli import main
from tests.anonymise.report.devtools import chromium
from tests.deposit.packager.workfixture import STUDY_ID

BAG = f"{STUDY_ID}_tab"
FOLDER = f"{BAG}/data/UKDA-{STUDY_ID}-tab"
GUIDE = f"{FOLDER}/mrdoc/pdf/{STUDY_ID}_user_guide.pdf"


def package(work, dist: Path, *extra: str) -> Path:
    assert main(["package", str(work.root), "--out", str(dist), *extra]) == 0
    return dist / f"{BAG}.zip"


def pdf_text(data: bytes, tmp_path: Path) -> tuple[int, str]:
    path = tmp_path / "guide.pdf"
    path.write_bytes(data)
    reader = PdfReader(str(path))
    return len(reader.pages), unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in reader.pages))


def test_the_guide_opens_and_lists_every_file_of_its_folder(work, tmp_path, capsys):
    chromium()
    bundle = package(work, tmp_path / "dist")
    with zipfile.ZipFile(bundle) as archive:
        names = [n[len(FOLDER) + 1:] for n in archive.namelist() if n.startswith(f"{FOLDER}/")]
        pages, text = pdf_text(archive.read(GUIDE), tmp_path)
        readme = archive.read(f"{FOLDER}/read{STUDY_ID}.htm").decode("utf-8")
        inventory = archive.read(f"{FOLDER}/{STUDY_ID}_file_information.rtf").decode("ascii")
    assert 1 <= pages <= 10
    flat = " ".join(text.split())
    assert f"This folder holds {len(names)} files" in flat
    for name in names:
        assert f" {name} " in f" {flat} ", name            # whole, never broken across lines
    for words in ("How the data were collected", "Anonymisation", "Variables in survey.tab", "How to cite",
                  "Case identifier", "SN: 900001"):
        assert words in flat
    assert f"mrdoc/pdf/{STUDY_ID}_user_guide.pdf" in readme and "user_guide.pdf" in inventory
    capsys.readouterr()
    assert main(["verify", str(bundle), "--json", "--no-residual"]) == 0
    check = next(c for c in json.loads(capsys.readouterr().out)["checks"] if c["name"] == "guide")
    assert check["status"] == "passed" and check["note"] == "1 guide(s) read"


def test_the_guide_opens_in_pdftotext_and_lists_every_file(work, tmp_path):
    """Read as a researcher's command-line tools read it (poppler's pdftotext), not only by the
    Python reader the other tests use."""
    import os
    import shutil
    import subprocess

    import pytest

    chromium()
    tool = shutil.which("pdftotext")
    if tool is None:
        message = "poppler's pdftotext is not installed: run 'make browser' (apt-get install poppler-utils)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    bundle = package(work, tmp_path / "dist")
    with zipfile.ZipFile(bundle) as archive:
        names = [n[len(FOLDER) + 1:] for n in archive.namelist() if n.startswith(f"{FOLDER}/")]
        (tmp_path / "guide.pdf").write_bytes(archive.read(GUIDE))
    done = subprocess.run([tool, "-layout", str(tmp_path / "guide.pdf"), "-"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    flat = " ".join(unicodedata.normalize("NFKC", done.stdout).split())
    for name in names:
        assert f" {name} " in f" {flat} ", name


def test_the_guide_is_the_same_bytes_every_time(work, tmp_path):
    chromium()
    first = package(work, tmp_path / "one")
    from deposit.packager import guide

    guide._printed.clear()         # print it again, not from this run's memory
    second = package(work, tmp_path / "two")
    with zipfile.ZipFile(first) as a, zipfile.ZipFile(second) as b:
        assert a.read(GUIDE) == b.read(GUIDE)
        assert b"/CreationDate (D:20150630000000" in a.read(GUIDE)   # the deposit date, not the clock
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    assert not [p for p in work.root.iterdir() if p.name.startswith(".guide-")]   # the scratch folder is gone


def test_the_guide_prints_when_the_work_folder_is_given_relative(work, monkeypatch):
    """`package work --out dist` from the folder above: the browser runs in its scratch folder, so
    the page and the PDF it is given must not be paths relative to where the user stands."""
    chromium()
    from deposit.packager import guide

    guide._printed.clear()
    monkeypatch.chdir(work.root.parent)
    assert main(["package", work.root.name, "--out", "dist"]) == 0
    with zipfile.ZipFile(work.root.parent / "dist" / f"{BAG}.zip") as archive:
        assert archive.read(GUIDE).startswith(b"%PDF")


def test_without_a_browser_the_deposit_goes_on_and_says_so(work, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("UKDS_DEPOSIT_BROWSER", "none")
    bundle = package(work, tmp_path / "dist")
    out = capsys.readouterr().out
    assert "[warning]" in out and "user guide PDF was not made" in out and "no Chromium was found" in out
    with zipfile.ZipFile(bundle) as archive:
        assert GUIDE not in archive.namelist()
        readme = archive.read(f"{FOLDER}/read{STUDY_ID}.htm").decode("utf-8")
    assert "could not be printed when this download was packaged" in readme
    result = json.loads(work.result("package").read_text("utf-8"))
    assert result["status"] == "ok" and result["details"]["user_guide"] == "not printed"
    assert [p["code"] for p in result["problems"]] == ["package.guide_not_rendered"]
    assert main(["verify", str(bundle), "--json", "--no-residual"]) == 0
    check = next(c for c in json.loads(capsys.readouterr().out)["checks"] if c["name"] == "guide")
    assert check["status"] == "skipped"


def test_a_browser_that_fails_is_reported_not_fatal(work, tmp_path, capsys, monkeypatch):
    broken = tmp_path / "bin" / "chromium"
    broken.parent.mkdir()
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n", encoding="utf-8")
    broken.chmod(0o755)
    monkeypatch.setenv("UKDS_DEPOSIT_BROWSER", str(broken))
    package(work, tmp_path / "dist")
    assert "printed no PDF (exit 1: cannot open display)" in capsys.readouterr().out


def rewrite(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = change(info.filename, old.read(info))
            if data is not None:
                new.writestr(info, data)
        extra = change(None, None)
        if extra:
            new.writestr(*extra)
    return target


def guide_problems(bundle: Path, capsys) -> list[tuple[str, str]]:
    capsys.readouterr()
    assert main(["verify", str(bundle), "--json", "--no-residual"]) == 1
    check = next(c for c in json.loads(capsys.readouterr().out)["checks"] if c["name"] == "guide")
    return [(p["code"], p["location"]) for p in check["problems"]]


def test_verify_holds_the_bundle_to_the_guides_file_list(work, tmp_path, capsys):
    chromium()
    bundle = package(work, tmp_path / "dist")
    gone = rewrite(bundle, tmp_path / "gone.zip", lambda name, data: None if name == f"{FOLDER}/text/sw01.txt" else data)
    assert guide_problems(gone, capsys) == [("guide.file_missing", f"data/UKDA-{STUDY_ID}-tab/text/sw01.txt"),
                                            ("guide.count", f"data/UKDA-{STUDY_ID}-tab/mrdoc/pdf/{STUDY_ID}_user_guide.pdf")]
    added = rewrite(bundle, tmp_path / "added.zip",
                    lambda name, data: (f"{FOLDER}/text/sw99.txt", "extra\n") if name is None else data)
    assert ("guide.file_not_listed", f"data/UKDA-{STUDY_ID}-tab/text/sw99.txt") in guide_problems(added, capsys)
    damaged = rewrite(bundle, tmp_path / "damaged.zip",
                      lambda name, data: data[:400] if name == GUIDE else data)
    assert guide_problems(damaged, capsys)[0][0] == "guide.unreadable"
