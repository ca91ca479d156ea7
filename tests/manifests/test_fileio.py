import hashlib
import os
import stat

import pytest

from manifests.fileio import atomic_output, read_json, sha256_file, write_json, write_text


def test_atomic_output_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with atomic_output(target, "w") as handle:
            handle.write("half")
            raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


def test_private_files_are_owner_only(tmp_path):
    path = write_text(tmp_path / "private" / "key.jsonl", "{}\n", private=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_json_is_deterministic(tmp_path):
    write_json(tmp_path / "a.json", {"b": 1, "a": [2, "é"]})
    write_json(tmp_path / "b.json", {"a": [2, "é"], "b": 1})
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert read_json(tmp_path / "a.json") == {"a": [2, "é"], "b": 1}


def test_streamed_hash_matches_hashlib(tmp_path):
    data = os.urandom(3 * 1024 * 1024 + 17)
    (tmp_path / "blob").write_bytes(data)
    assert sha256_file(tmp_path / "blob", chunk=65536) == hashlib.sha256(data).hexdigest()
