"""Unsafe zips: refused with exit 2, and nothing written anywhere, not even in the temporary folder."""

from __future__ import annotations

import json
import stat
import tempfile
import warnings
import zipfile
from pathlib import Path

import pytest

from deposit.cli import main
from deposit.verifier.safezip import Limits, UnsafeArchive, extract


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """Zips live in sandbox/in/; the verifier's temporary folders go to sandbox/scratch/.
    Afterwards both must hold nothing new, and nothing may appear next to them."""
    (tmp_path / "in").mkdir()
    (tmp_path / "scratch").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "scratch"))
    yield tmp_path
    assert list((tmp_path / "scratch").iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "scratch"]


def make_zip(path: Path, entries) -> Path:
    """entries: (ZipInfo or name, bytes)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names, which is the point
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for info, data in entries:
                archive.writestr(info, data)
    return path


def link_entry(name: str, target: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target.encode()


def device_entry(name: str) -> tuple[zipfile.ZipInfo, bytes]:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = (stat.S_IFCHR | 0o600) << 16
    return info, b""


CASES = {
    "traversal": ([("bag/bagit.txt", b"x"), ("../escaped.txt", b"gotcha")], "zip.unsafe_path", "'..'"),
    "deep_traversal": ([("bag/data/../../../escaped.txt", b"gotcha")], "zip.unsafe_path", "'..'"),
    "absolute": ([("/srv/escaped.txt", b"gotcha")], "zip.unsafe_path", "absolute"),
    "backslash": ([("..\\escaped.txt", b"gotcha")], "zip.unsafe_path", "backslash"),
    "symlink": ([link_entry("bag/data/link", "/etc/passwd")], "zip.symlink", "symbolic link"),
    "device": ([device_entry("bag/data/dev")], "zip.special_file", "device"),
    "duplicate": ([("bag/a.txt", b"one"), ("bag/a.txt", b"two")], "zip.duplicate", "twice"),
    "case_duplicate": ([("bag/A.txt", b"one"), ("bag/a.txt", b"two")], "zip.duplicate", "case"),
    "bomb": ([("bag/data/zeros.bin", bytes(50 * 1024 * 1024))], "zip.bomb", "fold"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_unsafe_zip_is_refused_with_exit_2(case, sandbox, capsys):
    entries, code, words = CASES[case]
    path = make_zip(sandbox / "in" / f"{case}.zip", entries)
    assert main(["verify", str(path), "--json"]) == 2
    data = json.loads(capsys.readouterr().out)
    problems = data["checks"][0]["problems"]
    assert code in {p["code"] for p in problems}
    assert any(words in p["message"] for p in problems if p["code"] == code)
    assert sorted(p.name for p in (sandbox / "in").iterdir()) == [path.name]


def test_human_message_for_unsafe_zip(sandbox, capsys):
    path = make_zip(sandbox / "in" / "t.zip", CASES["traversal"][0])
    assert main(["verify", str(path)]) == 2
    err = capsys.readouterr().err
    assert "unsafe zip" in err and "../escaped.txt" in err and "Traceback" not in err


def test_total_size_limit(tmp_path):
    path = make_zip(tmp_path / "big.zip", [("bag/a.bin", bytes(3 * 1024 * 1024))])
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(UnsafeArchive) as caught:
        extract(path, dest, Limits(max_total_bytes=1024 * 1024, max_ratio=10_000))
    assert caught.value.report.codes() == ["zip.too_large"]
    assert list(dest.iterdir()) == []


def test_file_and_folder_of_the_same_name(tmp_path):
    path = make_zip(tmp_path / "clash.zip", [("bag/a", b"file"), ("bag/a/b", b"inside")])
    dest = tmp_path / "out"
    dest.mkdir()
    with pytest.raises(UnsafeArchive) as caught:
        extract(path, dest)
    assert "zip.duplicate" in caught.value.report.codes()


def test_safe_zip_extracts_with_digests(tmp_path):
    import hashlib

    path = make_zip(tmp_path / "ok.zip", [("bag/data/a.txt", b"hello\n"), ("bag/bagit.txt", b"x")])
    dest = tmp_path / "out"
    dest.mkdir()
    found = extract(path, dest)
    assert found.damaged.ok
    assert found.digests["bag/data/a.txt"] == {"sha256": hashlib.sha256(b"hello\n").hexdigest()}
    assert found.sizes == {"bag/data/a.txt": 6, "bag/bagit.txt": 1}
    assert (dest / "bag/data/a.txt").read_bytes() == b"hello\n"


def test_unwanted_entries_are_hashed_but_not_written(tmp_path):
    import hashlib

    path = make_zip(tmp_path / "ok.zip", [("bag/data/scan.pdf", b"%PDF-1.4 ..."), ("bag/bagit.txt", b"x")])
    dest = tmp_path / "out"
    dest.mkdir()
    found = extract(path, dest, wanted=lambda name: not name.endswith(".pdf"), algorithms=("sha256", "sha512", "md5"))
    # every algorithm a manifest may use is computed from the one read of the entry
    assert found.digests["bag/data/scan.pdf"] == {algorithm: hashlib.new(algorithm, b"%PDF-1.4 ...").hexdigest()
                                                 for algorithm in ("sha256", "sha512", "md5")}
    assert not (dest / "bag/data/scan.pdf").exists() and (dest / "bag/data").is_dir()
    assert (dest / "bag/bagit.txt").read_bytes() == b"x"
