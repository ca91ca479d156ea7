"""`ukds-deposit verify --bagit-only`: any BagIt bag, zipped or a folder, checked as a bag only;
and bags made by other tools (bagit-python, sha512, a PDF) verified either way, never a traceback."""

from __future__ import annotations

import json
import logging
import stat
import zipfile
from pathlib import Path

import bagit as bagit_python
import jsonschema
import pytest

from deposit.cli import main
from deposit.verifier import verify as verify_module
from manifests.loader import load_schema

logging.getLogger("bagit").setLevel(logging.CRITICAL)

PDF = b"%PDF-1.4\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"


@pytest.fixture
def plain_bag(tmp_path) -> Path:
    """A bag as bagit-python makes it with sha512 only: a PDF (which full verification
    never writes to disk) and a text file."""
    root = tmp_path / "thesis-data"
    (root / "scans").mkdir(parents=True)
    (root / "scans" / "consent.pdf").write_bytes(PDF)
    (root / "notes.txt").write_text("Interview notes, anonymised.\n", encoding="utf-8")
    bagit_python.make_bag(str(root), {"Source-Organization": "University of Anytown"}, checksums=["sha512"])
    return root


def zipped(folder: Path, target: Path, change=lambda name, data: data) -> Path:
    """The folder zipped under its own name; `change(name, data)` may alter an entry."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                name = f"{folder.name}/{path.relative_to(folder).as_posix()}"
                archive.writestr(name, change(name, path.read_bytes()))
    return target


def verify_json(target: Path, capsys, *extra) -> tuple[int, dict]:
    code = main(["verify", str(target), "--json", *extra])
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, load_schema("verify_report"))
    assert data["exit_code"] == code
    return code, data


def statuses(data: dict) -> dict[str, str]:
    return {check["name"]: check["status"] for check in data["checks"]}


def checksum_errors(data: dict) -> list[tuple[str, str]]:
    return [(p["location"], p["message"]) for check in data["checks"] for p in check["problems"]
            if p["code"] == "bagit.checksum"]


def test_zipped_bagit_python_bag_with_sha512_and_a_pdf(plain_bag, tmp_path, capsys):
    bundle = zipped(plain_bag, tmp_path / "thesis-data.zip")
    code, data = verify_json(bundle, capsys, "--bagit-only")
    assert code == 0, data
    assert statuses(data) == {"bagit": "passed", "layout": "skipped", "ddi": "skipped", "data": "skipped",
                              "guide": "skipped", "privacy": "skipped", "residual": "skipped"}
    assert data["files"] == 2 and data["bag_info"]["Source-Organization"] == "University of Anytown"

    # full verification reads the same bag without trouble: the BagIt part passes (no sha256
    # manifest is a warning), and it is not a UK Data Service bundle
    code, data = verify_json(bundle, capsys, "--no-residual")
    assert code == 1
    assert statuses(data)["bagit"] == "warnings" and statuses(data)["layout"] == "failed"

    # a changed byte in the PDF, which neither mode writes to disk, is found by its sha512
    changed = zipped(plain_bag, tmp_path / "changed.zip",
                     lambda name, data: data[:100] + bytes([data[100] ^ 1]) + data[101:] if name.endswith(".pdf") else data)
    for extra in (["--bagit-only"], ["--no-residual"]):
        code, data = verify_json(changed, capsys, *extra)
        assert code == 1
        [(location, message)] = checksum_errors(data)
        assert location == "data/scans/consent.pdf" and "sha512 validation failed" in message


def test_bagit_only_writes_no_payload_to_disk(plain_bag, tmp_path, capsys, monkeypatch):
    """Only the tag files are unpacked; the payload is checked from the zip as it streams by."""
    written = []
    real_extract = verify_module.extract

    def spying_extract(path, dest, limits, wanted, algorithms):
        found = real_extract(path, dest, limits, wanted=wanted, algorithms=algorithms)
        written.extend(str(p.relative_to(dest).as_posix()) for p in Path(dest).rglob("*") if p.is_file())
        return found

    monkeypatch.setattr(verify_module, "extract", spying_extract)
    code, _ = verify_json(zipped(plain_bag, tmp_path / "thesis-data.zip"), capsys, "--bagit-only")
    assert code == 0
    assert sorted(written) == ["thesis-data/bag-info.txt", "thesis-data/bagit.txt", "thesis-data/manifest-sha512.txt",
                               "thesis-data/tagmanifest-sha512.txt"]


def test_bagit_only_on_a_folder(plain_bag, capsys):
    code, data = verify_json(plain_bag, capsys, "--bagit-only")
    assert code == 0 and data["kind"] == "folder"
    (plain_bag / "data" / "notes.txt").write_text("Interview notes, with a name in them.\n", encoding="utf-8")
    code, data = verify_json(plain_bag, capsys, "--bagit-only")
    assert code == 1
    assert {p["code"] for p in data["checks"][0]["problems"]} >= {"bagit.oxum", "bagit.checksum"}


def test_our_bundle_is_a_plain_bag_too(work, tmp_path, capsys):
    assert main(["package", str(work.root), "--out", str(tmp_path / "dist")]) == 0
    capsys.readouterr()
    [bundle] = (tmp_path / "dist").glob("*.zip")
    code, data = verify_json(bundle, capsys, "--bagit-only")
    assert code == 0 and statuses(data)["bagit"] == "passed"


def test_bagit_only_still_refuses_an_unsafe_zip(tmp_path, capsys):
    link = zipfile.ZipInfo("bag/data/link")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    with zipfile.ZipFile(tmp_path / "unsafe.zip", "w") as archive:
        archive.writestr("bag/bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n")
        archive.writestr(link, "/etc/passwd")
    code, data = verify_json(tmp_path / "unsafe.zip", capsys, "--bagit-only")
    assert code == 2 and data["checks"][0]["problems"][0]["code"] == "zip.symlink"
