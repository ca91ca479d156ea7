"""The Library of Congress BagIt conformance suite, bag by bag.

The suite (tests/fixtures/bagit-conformance; provenance in tests/fixtures/README.md) sorts
bags by BagIt version into valid, invalid, warning (valid, with something to warn about),
linux-only and windows-only (invalid where such paths mean something). Every bag must get
the suite's verdict from the library (check_bag with the PLAIN profile) and from
`verify --bagit-only`, on the folder and on a zip of it, and bagit-python, run on the same
bag, must agree; where a verdict differs from the suite's, EXCEPTIONS says whose and why.
"""

from __future__ import annotations

import json
import logging
import shutil
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import bagit as bagit_python
import pytest

from deposit.bagit import PLAIN, check_bag
from deposit.cli import main

logging.getLogger("bagit").setLevel(logging.CRITICAL)  # bagit-python logs every file and every failure

SUITE = Path(__file__).resolve().parents[1] / "fixtures" / "bagit-conformance"
PASSING = ("valid", "warning")  # the other folders (invalid, linux-only, windows-only) hold bags that must fail
LINUX = sys.platform.startswith("linux")


@dataclass(frozen=True)
class Verdicts:
    """What happens instead of the suite's verdict: ours, bagit-python's (None: depends on the
    file system, so not asserted off Linux), and why."""

    ours: bool
    bagit_python: bool | None
    reason: str


EXCEPTIONS = {
    # The checkout cannot hold what these bags list (see also test_special_system_files_restored).
    "v0.97/warning/duplicate-file-with-different-case": Verdicts(
        False, False,
        "lists data/hello.txt and data/HELLO.txt, one file on a case-insensitive file system (macOS, Windows); "
        "a git checkout has only data/hello.txt, so data/HELLO.txt is missing, for both tools on every system"),
    "v0.97/warning/special-system-files": Verdicts(
        False, False,
        "lists an empty data/.DS_Store that the suite's git tree does not hold (git ignores such files): "
        "missing, and Payload-Oxum counts 2 files where 1 is found"),
    "v0.97/warning/same-filename-listed-twice-with-different-normalization": Verdicts(
        True, False if LINUX else None,
        "lists data/Núñez in composed and decomposed form; the checkout holds one file. We match names after "
        "Unicode normalisation and warn (bagit.unicode_form), so the bag passes as the suite intends; bagit-python "
        "1.9 normalises for completeness but then hashes the decomposed name, which Linux does not find"),
    # bagit-python is more lenient than the RFC and the suite here.
    "v1.0/invalid/bagit-with-invalid-whitespace": Verdicts(
        False, True,
        "bagit.txt reads 'BagIt-Version : 1.0'; RFC 8493 2.1.1 allows exactly 'BagIt-Version: M.N' and the suite "
        "calls it invalid; bagit-python 1.9 strips the spaces and accepts it"),
    **{f"v0.97/windows-only/out-of-scope-file-paths-using-{kind}-for-fetch": Verdicts(
        False, sys.platform != "win32",
        "fetch.txt names a Windows path outside the bag; bagit-python judges paths by the rules of the system it "
        "runs on, where this is a harmless name with backslashes. We refuse it everywhere: the bag may be "
        "fetched into on Windows")
       for kind in ("absolute-path", "shortcut", "unc")},
}


def suite_bags() -> list[str]:
    return sorted(str(bag.relative_to(SUITE).as_posix()) for bag in SUITE.glob("v*/*/*") if bag.is_dir())


def suite_verdict(case: str) -> bool:
    return case.split("/")[1] in PASSING


def bagit_python_accepts(bag: Path) -> bool:
    try:
        bagit_python.Bag(str(bag)).validate()
    except bagit_python.BagError:
        return False
    return True


def verify_bagit_only(target: Path, capsys) -> tuple[int, dict]:
    code = main(["verify", str(target), "--bagit-only", "--json"])
    return code, json.loads(capsys.readouterr().out)


def zip_of(bag: Path, folder: Path) -> Path:
    """The bag zipped the usual way: everything under one top folder named after it."""
    target = folder / f"{bag.name}.zip"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(bag.rglob("*")):
            if path.is_file():
                archive.write(path, f"{bag.name}/{path.relative_to(bag).as_posix()}")
    return target


def test_the_whole_suite_is_here():
    # 27 valid, 6 warning, 15 invalid, 6 linux-only and 6 windows-only bags at commit 9ab48705c066
    bags = suite_bags()
    by_folder = {folder: sum(case.split("/")[1] == folder for case in bags)
                 for folder in ("valid", "warning", "invalid", "linux-only", "windows-only")}
    assert by_folder == {"valid": 27, "warning": 6, "invalid": 15, "linux-only": 6, "windows-only": 6}
    assert set(EXCEPTIONS) <= set(bags)


@pytest.mark.parametrize("case", suite_bags())
def test_suite_bag(case, tmp_path, capsys):
    bag = SUITE / case
    row = EXCEPTIONS.get(case)
    ours = row.ours if row else suite_verdict(case)

    report = check_bag(bag, PLAIN)
    assert report.ok is ours, report.render()
    if ours and case.split("/")[1] == "warning":
        assert report.warnings, "the suite expects a warning for this bag"

    # the same problems from the folder, the zip and the library; without a bagit.txt the
    # verifier finds no bag to hand to the library at all
    codes = ["bagit.no_bag"] if "bagit.no_bagit_txt" in report.codes() else sorted(report.codes())
    for target in (bag, zip_of(bag, tmp_path)):
        code, data = verify_bagit_only(target, capsys)
        assert code == (0 if ours else 1), data
        failed = {check["name"] for check in data["checks"] if check["status"] == "failed"}
        assert failed == (set() if ours else {"bagit"})
        assert sorted(p["code"] for check in data["checks"] for p in check["problems"]) == codes

    theirs = row.bagit_python if row else suite_verdict(case)
    if theirs is not None:
        assert bagit_python_accepts(bag) is theirs


def test_special_system_files_restored(tmp_path):
    """With the empty data/.DS_Store its git tree lost, the bag passes both tools, and we warn
    about both operating-system files in its payload."""
    bag = tmp_path / "special-system-files"
    shutil.copytree(SUITE / "v0.97/warning/special-system-files", bag)
    (bag / "data/.DS_Store").write_bytes(b"")
    report = check_bag(bag, PLAIN)
    assert report.ok, report.render()
    assert [p.location for p in report.warnings if p.code == "bagit.system_file"] == ["data/.DS_Store", "data/Thumbs.db"]
    assert bagit_python_accepts(bag)


def test_holey_bag_with_a_file_still_to_fetch(tmp_path, capsys):
    """A holey bag is valid once every file fetch.txt names is present; until then each missing
    one is named with the URL to get it from, and neither tool calls the bag valid."""
    bag = tmp_path / "holey-bag"
    shutil.copytree(SUITE / "v0.97/valid/holey-bag", bag)
    (bag / "data/test2.txt").unlink()
    report = check_bag(bag, PLAIN)
    assert [(p.code, p.location) for p in report.errors] == [("bagit.fetch_pending", "data/test2.txt")]
    assert "http://localhost:8989/bags/v0_96/holey-bag/data/test2.txt" in report.errors[0].message
    assert "1 of them are not in the bag yet" in next(p.message for p in report.warnings if p.code == "bagit.fetch")
    assert not bagit_python_accepts(bag)
    assert verify_bagit_only(bag, capsys)[0] == 1
    shutil.copy(SUITE / "v0.97/valid/holey-bag/data/test2.txt", bag / "data/test2.txt")
    assert check_bag(bag, PLAIN).ok and bagit_python_accepts(bag)
