"""The deterministic zip: fixed metadata, sorted entries, text deflated, nothing left behind on failure."""

import hashlib
import zipfile

import pytest

from deposit.packager.zipwriter import DEFLATE_MAX, DeterministicZip, compression_for, date_time_from


def test_same_entries_same_bytes(tmp_path):
    source = tmp_path / "big.sav"
    source.write_bytes(bytes(range(256)) * 5000)
    digests = []
    for name in ("a.zip", "b.zip"):
        with DeterministicZip(tmp_path / name, "bag", date_time_from("2015-06-30")) as sink:
            sink.add_bytes("bagit.txt", b"BagIt-Version: 1.0\n")
            sink.add_file("data/big.sav", source, source.stat().st_size, hashlib.sha256())
        digests.append(hashlib.sha256((tmp_path / name).read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.namelist() == ["bag/bagit.txt", "bag/data/big.sav"]
        assert archive.getinfo("bag/data/big.sav").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("bag/bagit.txt").compress_type == zipfile.ZIP_DEFLATED
        assert all(i.date_time == (2015, 6, 30, 0, 0, 0) for i in archive.infolist())


def test_entries_out_of_order_are_refused_and_no_file_is_left(tmp_path):
    with pytest.raises(ValueError, match="sorted order"):
        with DeterministicZip(tmp_path / "x.zip", "bag") as sink:
            sink.add_bytes("b.txt", b"b")
            sink.add_bytes("a.txt", b"a")
    assert list(tmp_path.iterdir()) == []


def test_compression_rule_and_dates():
    assert compression_for("x/a.TXT", 10) == zipfile.ZIP_DEFLATED
    assert compression_for("x/a.txt", DEFLATE_MAX + 1) == zipfile.ZIP_STORED
    assert compression_for("x/a.sav", 10) == zipfile.ZIP_STORED
    assert date_time_from("2015") == (2015, 1, 1, 0, 0, 0)
    assert date_time_from("1975-05-01") == (1980, 1, 1, 0, 0, 0)
    assert date_time_from(None) == (1980, 1, 1, 0, 0, 0)
