"""`make interop`: a packaged bundle is taken apart as other tools would, and their verdicts reported.

bagit-python is a dependency, so its check always runs here; PSPP and R's haven run when
the machine has them (`make interop` installs them from Debian)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from deposit import interop
from deposit.cli import main
from tests.deposit.packager.workfixture import make_work


@pytest.fixture
def bundle(tmp_path) -> Path:
    work = make_work(tmp_path / "w")
    assert main(["package", str(work.root), "--out", str(tmp_path / "dist"), "--format", "spss"]) == 0
    (zip_path,) = sorted((tmp_path / "dist").glob("*.zip"))
    return zip_path


def test_collect_unpacks_the_bag_and_finds_its_sav_files(bundle, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    bags, savs = interop.collect([bundle], scratch)
    assert len(bags) == 1 and (bags[0][1] / "bagit.txt").is_file()
    assert savs and all(path.suffix == ".sav" for _label, path in savs)
    assert interop.check_bag(bags[0][1]) is None


def test_bagit_python_rejects_a_changed_byte(bundle, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    (_label, bag), = interop.collect([bundle], scratch)[0]
    victim = next(p for p in sorted((bag / "data").rglob("*")) if p.is_file())
    data = bytearray(victim.read_bytes())
    data[0] ^= 1
    victim.write_bytes(bytes(data))
    assert "bagit-python rejects it" in interop.check_bag(bag)


MISSING_TOOLS = [f"{command} (apt-get install {package})" for command, package in interop.PACKAGES.items()
                 if shutil.which(command) is None]


@pytest.mark.skipif(bool(MISSING_TOOLS), reason=f"system tools missing: {', '.join(MISSING_TOOLS)}; "
                                                "'make interop' installs them from Debian")
def test_pspp_and_haven_read_what_pyreadstat_reads(bundle, tmp_path):
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    _bags, savs = interop.collect([bundle], scratch)
    for _label, path in savs:
        names, rows = interop.sav_shape(path)
        assert interop.check_pspp(path, names, scratch) is None
        assert interop.check_haven(path, names, rows) is None
