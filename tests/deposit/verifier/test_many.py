"""`ukds-deposit verify DIR_OF_ZIPS`: every bundle in a folder, one JSON line each, on any engine."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from deposit.cli import main
from manifests.executor import INSTALL_DASK, dask_available
from tests.deposit.packager.workfixture import STUDY_ID


@pytest.fixture
def folder_of_zips(work, tmp_path) -> Path:
    """Three bundles: two good copies and one with a changed byte, and a file that is no zip at all."""
    assert main(["package", str(work.root), "--out", str(tmp_path / "dist")]) == 0
    good = tmp_path / "dist" / f"{STUDY_ID}_tab.zip"
    folder = tmp_path / "many"
    folder.mkdir()
    shutil.copy(good, folder / "a.zip")
    shutil.copy(good, folder / "c.zip")
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(folder / "b.zip", "w") as changed:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("bag-info.txt"):
                data = data.replace(b"Bagging-Date", b"Bagging-Datf")
            changed.writestr(info, data)
    (folder / "d.zip").write_bytes(b"not a zip")
    return folder


def lines_of(capsys) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize("engine", ["serial", "processes",
                                    pytest.param("dask", marks=pytest.mark.skipif(
                                        not dask_available(), reason=f"dask is not installed: {INSTALL_DASK}"))])
def test_one_json_line_per_bundle_in_name_order_and_the_worst_exit_code(folder_of_zips, capsys, engine):
    code = main(["verify", str(folder_of_zips), "--engine", engine, "--workers", "2", "--no-residual"])
    reports = lines_of(capsys)
    assert [Path(r["bundle"]).name for r in reports] == ["a.zip", "b.zip", "c.zip", "d.zip"]
    assert [r["exit_code"] for r in reports] == [0, 1, 0, 2]
    assert code == 2


def test_the_residual_scan_runs_in_the_worker_and_agrees_with_a_single_verify(work, tmp_path, capsys):
    """Over a folder the text engine is loaded once in each worker, not in a helper per bundle:
    the report is the one a single `verify --json` gives."""
    assert main(["package", str(work.root), "--out", str(tmp_path / "dist")]) == 0
    good = tmp_path / "dist" / f"{STUDY_ID}_tab.zip"
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy(good, folder / "a.zip")
    capsys.readouterr()
    assert main(["verify", str(folder / "a.zip"), "--json"]) == 0
    single = json.loads(capsys.readouterr().out)
    assert main(["verify", str(folder)]) == 0
    [many] = lines_of(capsys)
    residual = lambda report: [c for c in report["checks"] if c["name"] == "residual"]
    assert residual(many) == residual(single) and residual(many)[0]["status"] != "skipped"
