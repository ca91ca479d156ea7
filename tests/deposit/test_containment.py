"""Containment through the command line: hostile manifest paths and misplaced folders are
refused with exit 2 before anything is read or written, and a whole run on a read-only
collection changes no byte outside its work and out folders."""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

import pytest
import yaml

from deposit.cli import main


def digest_tree(root: Path, skip: tuple[Path, ...] = ()) -> dict[str, str]:
    out = {}
    for path in sorted(root.rglob("*")):
        if any(path == s or path.is_relative_to(s) for s in skip) or path.is_symlink() or not path.is_file():
            continue
        out[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    base = tmp_path_factory.mktemp("containment")
    assert main(["demo", str(base / "pristine"), "--scale", "small", "--seed", "1"]) == 0
    return base / "pristine"


@pytest.fixture
def hostile(demo, tmp_path):
    """A copy of the demo collection whose manifest can be pointed anywhere, and an outside victim."""
    import shutil
    collection = tmp_path / "collection"
    shutil.copytree(demo, collection)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.txt").write_text("Interviewer: a precious file outside the collection.\n", encoding="utf-8")
    (collection / "transcripts" / "escape.txt").symlink_to(outside / "victim.txt")
    (collection / "escape_dir").symlink_to(outside, target_is_directory=True)

    def point_first_transcript_at(path: str) -> Path:
        manifest = yaml.safe_load((collection / "deposit.yaml").read_text(encoding="utf-8"))
        entry = next(f for f in manifest["files"] if f["role"] == "transcript" and f["path"].endswith(".txt"))
        entry["path"] = path
        (collection / "deposit.yaml").write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
        return outside / "victim.txt"
    return collection, tmp_path, point_first_transcript_at


FORMS = {
    "dotdot": "../outside/victim.txt",
    "absolute": "{victim}",
    "deep": "{deep}",
    "symlinked file": "transcripts/escape.txt",
    "symlinked folder": "escape_dir/victim.txt",
}


@pytest.mark.parametrize("command", ["check", "anonymise"])
@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_manifest_path_out_of_the_collection_stops_the_run(hostile, command, form, capsys):
    collection, base, point = hostile
    victim = (base / "outside" / "victim.txt").resolve()
    path = FORMS[form].format(victim=victim, deep="../" * len(collection.resolve().parts) + str(victim).lstrip("/"))
    point(path)
    before = digest_tree(base)
    code = main([command, str(collection), "--work", str(base / "work")])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "files[" in err and "Traceback" not in err
    assert digest_tree(base) == before
    assert not (base / "work").exists() or not any((base / "work").rglob("*.txt"))


@pytest.mark.parametrize("where", ["{c}", "{c}/work", "{c}/transcripts/work"])
@pytest.mark.parametrize("command", ["check", "anonymise", "run"])
def test_work_or_out_inside_the_collection_is_refused(hostile, command, where, capsys):
    collection, base, _ = hostile
    before = digest_tree(collection)
    folder = where.format(c=collection)
    argv = [command, str(collection), "--work", folder] + (["--out", str(base / "dist")] if command == "run" else [])
    assert main(argv) == 2
    assert "collection" in capsys.readouterr().err
    assert digest_tree(collection) == before
    if command == "run":
        assert main([command, str(collection), "--work", str(base / "work"), "--out", folder]) == 2


@pytest.mark.slow
def test_a_whole_run_on_a_read_only_collection_touches_nothing_outside(hostile):
    """The collection is read-only and holds a symlink to a file outside that no entry names:
    the run succeeds and no byte outside WORK and DIST changes (root ignores permission bits,
    so the digests, not the mode, are the proof)."""
    collection, base, _ = hostile
    work, dist = base / "work", base / "dist"
    modes = {}
    for path in [collection, *collection.rglob("*")]:
        if not path.is_symlink():
            modes[path] = path.stat().st_mode
            os.chmod(path, stat.S_IMODE(path.stat().st_mode) & ~0o222)
    try:
        before = digest_tree(base)
        code = main(["run", str(collection), "--work", str(work), "--out", str(dist), "--allow-pending-review"])
        assert code == 0
        assert digest_tree(base, skip=(work, dist)) == before
        assert list(dist.glob("*.zip"))
    finally:
        for path, mode in modes.items():
            os.chmod(path, stat.S_IMODE(mode))
