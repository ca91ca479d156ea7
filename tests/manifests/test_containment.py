"""Containment: manifest paths stay inside the collection, outputs stay under the folders given,
and a failed stage leaves the previous state. One row per way out."""

from __future__ import annotations

import errno
import os

import pytest

from manifests import fileio
from manifests.containment import collection_file, path_problem, require_apart, require_contained
from manifests.errors import UserError


@pytest.fixture
def layout(tmp_path):
    """collection/ with a file, an outside file, and links pointing out of the collection."""
    collection, outside = tmp_path / "collection", tmp_path / "outside"
    (collection / "transcripts").mkdir(parents=True)
    outside.mkdir()
    (collection / "transcripts" / "sw01.txt").write_text("inside", encoding="utf-8")
    (outside / "victim.txt").write_text("precious", encoding="utf-8")
    (collection / "transcripts" / "link.txt").symlink_to(outside / "victim.txt")
    (collection / "linked").symlink_to(outside, target_is_directory=True)
    (collection / "inner_link.txt").symlink_to(collection / "transcripts" / "sw01.txt")
    return collection, outside


# (manifest path, why it is refused) -- every form a hostile or careless manifest can take.
ESCAPES = [
    ("../outside/victim.txt", "'..'"),
    ("transcripts/../../outside/victim.txt", "'..'"),
    ("{deep}", "'..'"),                       # climbs to / and back down to the victim
    ("{absolute}", "absolute"),
    ("transcripts/link.txt", "symbolic link"),
    ("linked/victim.txt", "symbolic link"),
    ("", "empty"),
    ("C:\\Users\\victim.txt", "absolute"),
    ("transcripts/sw01.txt\x00.txt", "control character"),   # a NUL ended the check with a ValueError (exit 3)
]


@pytest.mark.parametrize("path,why", ESCAPES)
def test_every_way_out_of_the_collection_is_refused(layout, path, why):
    collection, outside = layout
    victim = outside / "victim.txt"
    path = path.format(deep="../" * len(collection.resolve().parts) + str(victim.resolve()).lstrip("/"),
                       absolute=str(victim.resolve()))
    assert why in path_problem(collection, path)
    with pytest.raises(UserError) as caught:
        collection_file(collection, path, "files[2].path")
    assert "files[2].path" in caught.value.message and caught.value.exit_code == 2
    assert victim.read_text(encoding="utf-8") == "precious"


@pytest.mark.parametrize("path", ["transcripts/sw01.txt", "inner_link.txt", "a/b/../c.txt".replace("/../", "/")])
def test_paths_inside_the_collection_pass(layout, path):
    collection, _ = layout
    assert path_problem(collection, path) is None


def test_the_whole_manifest_is_checked_before_anything_is_read(layout):
    collection, _ = layout
    manifest = {"files": [{"path": "transcripts/sw01.txt"}, {"path": "../outside/victim.txt"},
                          {"path": "transcripts/link.txt"}],
                "anonymisation": {"data": {"/etc/passwd": {}}}}
    with pytest.raises(UserError) as caught:
        require_contained(collection, manifest)
    assert "files[1].path" in caught.value.message and "2 more" in caught.value.message


@pytest.mark.parametrize("field, manifest", [
    ("copyright_holders[1].path", {"copyright_holders": [{"path": "transcripts/", "holder": "A"},
                                                         {"path": "linked", "holder": "B"}]}),
    ("consent.form", {"consent": {"form": "../outside/victim.txt"}}),
    ("consent.information_sheet", {"consent": {"form": "transcripts/sw01.txt", "information_sheet": "/etc/passwd"}}),
])
def test_copyright_and_consent_paths_are_checked_like_files(layout, field, manifest):
    collection, _ = layout
    with pytest.raises(UserError) as caught:
        require_contained(collection, {"files": [{"path": "transcripts/sw01.txt"}], **manifest})
    assert field in caught.value.message and caught.value.exit_code == 2


@pytest.mark.parametrize("work", ["{c}", "{c}/work", "{c}/.."])
def test_work_folder_must_be_apart_from_the_collection(layout, work):
    collection, _ = layout
    with pytest.raises(UserError) as caught:
        require_apart(collection, work=work.format(c=collection))
    assert "--work" in caught.value.message
    require_apart(collection, work=collection.parent / "work", out=None)


def test_a_confined_write_outside_is_refused_before_a_byte(tmp_path):
    allowed, elsewhere = tmp_path / "work", tmp_path / "elsewhere.txt"
    elsewhere.write_text("old", encoding="utf-8")
    with fileio.confined(allowed):
        fileio.write_text(allowed / "ok.txt", "fine")
        with pytest.raises(fileio.WriteRefused):
            fileio.write_text(elsewhere, "new")
        with pytest.raises(fileio.WriteRefused):
            fileio.write_text(allowed / ".." / "elsewhere.txt", "new")
    with fileio.confined():                    # a read-only command may write nothing at all
        with pytest.raises(fileio.WriteRefused):
            fileio.write_text(allowed / "ok.txt", "again")
    assert elsewhere.read_text(encoding="utf-8") == "old"
    assert sorted(os.listdir(tmp_path)) == ["elsewhere.txt", "work"]


def test_a_failed_stage_leaves_the_previous_state(tmp_path, monkeypatch):
    """A full disk half-way through: the files written so far are taken back, the ones they
    replaced come back, and the folders the stage created go."""
    work = tmp_path / "work"
    fileio.write_text(work / "results" / "anonymise.json", "previous run")
    fileio.write_text(work / "anonymised" / "a.txt", "previous a")
    real_replace = os.replace

    def full_disk(src, dst):
        if str(dst).endswith("c.txt"):
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(fileio.os, "replace", full_disk)
    with pytest.raises(OSError):
        with fileio.transaction():
            fileio.write_text(work / "anonymised" / "a.txt", "new a")
            fileio.write_text(work / "anonymised" / "deep" / "b.txt", "new b")
            fileio.remove(work / "results" / "anonymise.json")
            fileio.write_text(work / "anonymised" / "c.txt", "new c")
    monkeypatch.setattr(fileio.os, "replace", real_replace)
    assert (work / "anonymised" / "a.txt").read_text(encoding="utf-8") == "previous a"
    assert (work / "results" / "anonymise.json").read_text(encoding="utf-8") == "previous run"
    assert not (work / "anonymised" / "deep").exists()
    assert sorted(p.name for p in (work / "anonymised").iterdir()) == ["a.txt"]


def test_a_finished_stage_keeps_its_writes_and_no_leftovers(tmp_path):
    work = tmp_path / "work"
    fileio.write_text(work / "a.txt", "old")
    with fileio.transaction():
        fileio.write_text(work / "a.txt", "new")
        fileio.write_text(work / "b.txt", "b")
    assert (work / "a.txt").read_text(encoding="utf-8") == "new"
    assert sorted(os.listdir(work)) == ["a.txt", "b.txt"]


def test_an_existing_folder_is_not_overwritten_by_a_file(tmp_path):
    (tmp_path / "out.sav").mkdir()
    with pytest.raises(IsADirectoryError):
        fileio.write_text(tmp_path / "out.sav", "x")
    assert (tmp_path / "out.sav").is_dir() and os.listdir(tmp_path) == ["out.sav"]
