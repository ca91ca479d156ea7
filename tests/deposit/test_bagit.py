"""deposit.bagit: bags we write pass bagit-python, bags bagit-python rejects we reject too, and what the
PLAIN profile allows a bag from another tool is still an error in a bundle of ours."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import bagit as bagit_python
import pytest

from deposit.bagit import (
    DEPOSIT,
    PLAIN,
    DirectorySink,
    PayloadItem,
    check_bag,
    decode_path,
    encode_path,
    human_size,
    parse_bag_info,
    payload_oxum,
    read_bag_info,
    render_manifest,
    write_bag,
)

logging.getLogger("bagit").setLevel(logging.ERROR)  # bagit-python logs every file it hashes


@pytest.fixture
def bag(tmp_path) -> Path:
    sources = tmp_path / "src"
    sources.mkdir()
    (sources / "survey.tab").write_text("sex\tage\n1\t14\n2\t15\n", encoding="utf-8")
    (sources / "sw01.txt").write_text("Interviewer: hello\r\nSocial worker: [Person 1] came.\r\n", encoding="utf-8")
    (sources / "big.bin").write_bytes(bytes(range(256)) * 8192)  # 2 MiB: more than one hashing chunk
    items = [
        PayloadItem("UKDA-1-tab/tab/survey.tab", sources / "survey.tab"),
        PayloadItem("UKDA-1-tab/text/sw01.txt", sources / "sw01.txt"),
        PayloadItem("UKDA-1-tab/mrdoc/big.bin", sources / "big.bin"),
        PayloadItem("UKDA-1-tab/mrdoc/notes with spaces.txt", data=b"a space in the name\n"),
        PayloadItem("UKDA-1-tab/read1.htm", data="<p>caf\u00e9</p>\n".encode("utf-8")),
    ]
    root = tmp_path / "bag"
    digests = write_bag(DirectorySink(root), items, [("Source-Organization", "University of Anytown"), ("Bagging-Date", "2015-06-30")])
    assert digests["data/UKDA-1-tab/tab/survey.tab"] == hashlib.sha256((sources / "survey.tab").read_bytes()).hexdigest()
    return root


def bagit_python_errors(root: Path) -> str | None:
    try:
        bagit_python.Bag(str(root)).validate()
    except bagit_python.BagError as exc:
        return str(exc)
    return None


def test_our_bag_is_valid_for_bagit_python_and_for_us(bag):
    assert bagit_python_errors(bag) is None
    assert check_bag(bag).ok, check_bag(bag).render()


def test_tag_files_follow_rfc_8493(bag):
    assert (bag / "bagit.txt").read_bytes() == b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    info = dict(read_bag_info(bag))
    payload = [p for p in (bag / "data").rglob("*") if p.is_file()]
    assert info["Payload-Oxum"] == f"{sum(p.stat().st_size for p in payload)}.{len(payload)}"
    assert info["Bagging-Date"] == "2015-06-30"
    assert info["Bag-Size"].endswith("MB")
    manifest = (bag / "manifest-sha256.txt").read_text("utf-8").splitlines()
    assert manifest == sorted(manifest, key=lambda line: line.split("  ", 1)[1])
    assert any(line.endswith("  data/UKDA-1-tab/mrdoc/notes with spaces.txt") for line in manifest)
    tags = {line.split("  ", 1)[1] for line in (bag / "tagmanifest-sha256.txt").read_text("utf-8").splitlines()}
    assert tags == {"bag-info.txt", "bagit.txt", "manifest-sha256.txt"}


def test_changed_byte_names_the_file(bag):
    target = bag / "data/UKDA-1-tab/mrdoc/big.bin"
    raw = bytearray(target.read_bytes())
    raw[1_500_000] ^= 0x01
    target.write_bytes(bytes(raw))
    report = check_bag(bag)
    assert report.codes() == ["bagit.checksum"]
    assert report.errors[0].location == "data/UKDA-1-tab/mrdoc/big.bin"
    assert "sha256 validation failed" in report.errors[0].message
    assert bagit_python_errors(bag) is not None


def test_deleted_and_added_files_are_named(bag):
    (bag / "data/UKDA-1-tab/text/sw01.txt").unlink()
    (bag / "data/UKDA-1-tab/text/extra.txt").write_text("added later\n")
    report = check_bag(bag)
    by_code = {p.code: p for p in report.errors}
    assert by_code["bagit.missing_file"].location == "data/UKDA-1-tab/text/sw01.txt"
    assert by_code["bagit.extra_file"].location == "data/UKDA-1-tab/text/extra.txt"
    assert "bagit.oxum" in by_code
    assert bagit_python_errors(bag) is not None


def test_wrong_payload_oxum_is_rejected_by_both(bag):
    info = (bag / "bag-info.txt").read_text("utf-8")
    oxum = dict(parse_bag_info(info)[0])["Payload-Oxum"]
    size, count = oxum.split(".")
    (bag / "bag-info.txt").write_text(info.replace(oxum, f"{int(size) + 1}.{count}"), encoding="utf-8")
    assert bagit_python_errors(bag) is not None
    codes = check_bag(bag).codes()
    assert "bagit.oxum" in codes
    assert "bagit.checksum" in codes  # bag-info.txt no longer matches the tag manifest


def test_bad_manifest_line_is_rejected_by_both(bag):
    manifest = bag / "manifest-sha256.txt"
    lines = manifest.read_text("utf-8").splitlines()
    lines[0] = lines[0].split("  ", 1)[1]  # the checksum is gone
    manifest.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert bagit_python_errors(bag) is not None
    codes = check_bag(bag).codes()
    assert "bagit.manifest_line" in codes
    assert "bagit.extra_file" in codes


def test_unsafe_manifest_path_is_refused(bag):
    manifest = bag / "manifest-sha256.txt"
    manifest.write_text(manifest.read_text("utf-8") + f"{'0' * 64}  ../../etc/passwd\n", encoding="utf-8")
    assert "bagit.unsafe_path" in check_bag(bag).codes()


def test_missing_bagit_txt_and_wrong_version(bag):
    (bag / "bagit.txt").write_text("BagIt-Version: 9.9\nTag-File-Character-Encoding: UTF-8\n")
    assert "bagit.version" in check_bag(bag).codes()
    (bag / "bagit.txt").unlink()
    assert "bagit.no_bagit_txt" in check_bag(bag).codes()


def test_fetch_txt_means_incomplete(bag):
    (bag / "fetch.txt").write_text("https://example.org/x 10 data/x\n")
    assert "bagit.fetch" in check_bag(bag).codes()


def test_precomputed_digests_are_used_instead_of_reading_again(bag):
    calls = []

    def counting_hasher(path, algorithms):
        calls.append(path)
        return {algorithm: hashlib.new(algorithm, Path(path).read_bytes()).hexdigest() for algorithm in algorithms}

    big = bag / "data/UKDA-1-tab/mrdoc/big.bin"
    known = {"data/UKDA-1-tab/mrdoc/big.bin": {"sha256": hashlib.sha256(big.read_bytes()).hexdigest()}}
    assert check_bag(bag, known_digests=known, hasher=counting_hasher).ok
    assert bag / "data/UKDA-1-tab/mrdoc/big.bin" not in calls
    assert len(calls) == 4


def test_percent_in_a_name_is_encoded_as_rfc_8493_says(tmp_path):
    # bagit-python 1.9 does not percent-encode '%' (RFC 8493 2.1.3 says to), so the
    # packager never produces such names; our own writer and checker agree with the RFC.
    root = tmp_path / "bag"
    write_bag(DirectorySink(root), [PayloadItem("UKDA-1-tab/mrdoc/100% sure.txt", data=b"x\n")], [])
    assert "data/UKDA-1-tab/mrdoc/100%25 sure.txt" in (root / "manifest-sha256.txt").read_text("utf-8")
    assert check_bag(root).ok


def test_small_helpers():
    assert payload_oxum(1234, 5) == "1234.5"
    assert human_size(999) == "999 bytes"
    assert human_size(2_500_000_000) == "2.5 GB"
    for name in ("a%b.txt", "line\nbreak", "cr\rname", "%0A literal"):
        assert decode_path(encode_path(name)) == name
    pairs, bad = parse_bag_info("Label: one\n  continued\nNoColonHere\nOther: two\n")
    assert pairs == [("Label", "one continued"), ("Other", "two")]
    assert bad == ["NoColonHere"]


# --------------------------------------------------------------------------- plain bags and the deposit profile

def rewrite(path: Path, old: bytes, new: bytes) -> None:
    raw = path.read_bytes()
    assert old in raw
    path.write_bytes(raw.replace(old, new))


def restamp_tag_manifest(bag: Path) -> None:
    """Make the tag manifest agree with edited tag files, so only the edit itself is judged."""
    lines = (bag / "tagmanifest-sha256.txt").read_text("utf-8").splitlines()
    names = [line.split("  ", 1)[1] for line in lines]
    (bag / "tagmanifest-sha256.txt").write_bytes(render_manifest(
        {name: hashlib.sha256((bag / name).read_bytes()).hexdigest() for name in names}))


def older_version(bag: Path) -> None:
    rewrite(bag / "bagit.txt", b"BagIt-Version: 1.0", b"BagIt-Version: 0.96")


def latin1_tags(bag: Path) -> None:
    rewrite(bag / "bagit.txt", b"UTF-8", b"ISO-8859-1")


def holey(bag: Path) -> None:
    (bag / "fetch.txt").write_text("https://example.org/survey.tab - data/UKDA-1-tab/tab/survey.tab\n", encoding="utf-8")


def bom_in_manifest(bag: Path) -> None:
    (bag / "manifest-sha256.txt").write_bytes(b"\xef\xbb\xbf" + (bag / "manifest-sha256.txt").read_bytes())


def repeated_line_in_097(bag: Path) -> None:
    rewrite(bag / "bagit.txt", b"BagIt-Version: 1.0", b"BagIt-Version: 0.97")
    manifest = (bag / "manifest-sha256.txt").read_bytes()
    (bag / "manifest-sha256.txt").write_bytes(manifest + manifest.splitlines(keepends=True)[0])


def decomposed_name(bag: Path) -> None:
    composed = bag / "data/UKDA-1-tab/read1.htm"
    composed.rename(composed.with_name("r\u00e9ad1.htm"))  # stored composed ...
    rewrite(bag / "manifest-sha256.txt", b"data/UKDA-1-tab/read1.htm",
            "data/UKDA-1-tab/re\u0301ad1.htm".encode("utf-8"))  # ... listed decomposed


PLAIN_ONLY = {
    older_version: "bagit.version",
    latin1_tags: "bagit.encoding",
    holey: "bagit.fetch",
    bom_in_manifest: "bagit.bom",
    repeated_line_in_097: "bagit.manifest_duplicate",
    decomposed_name: "bagit.missing_file",
}


@pytest.mark.parametrize("change", PLAIN_ONLY, ids=lambda change: change.__name__)
def test_what_plain_bags_may_do_is_still_an_error_in_our_bundles(bag, change):
    """The PLAIN profile lets other tools' bags pass with these; a bundle of ours is judged as
    strictly as before: each one is an error there."""
    change(bag)
    restamp_tag_manifest(bag)
    plain = check_bag(bag, PLAIN)
    assert plain.ok, plain.render()
    assert PLAIN_ONLY[change] in check_bag(bag, DEPOSIT).codes()
    assert not check_bag(bag).ok  # DEPOSIT is the default


def test_bagit_txt_allows_one_form_only(bag):
    (bag / "bagit.txt").write_bytes(b"BagIt-Version : 1.0\nTag-File-Character-Encoding: UTF-8\n")
    for profile in (PLAIN, DEPOSIT):
        problems = [p for p in check_bag(bag, profile).errors if p.code == "bagit.declaration"]
        assert [p.message for p in problems] == [
            "line 1 of bagit.txt should read 'BagIt-Version: 1.0', not 'BagIt-Version : 1.0'"]
    (bag / "bagit.txt").write_bytes(b"BagIt-Version: 1.0\n")
    assert "bagit.encoding" in check_bag(bag, PLAIN).codes()
    (bag / "bagit.txt").write_bytes(b"BagIt-Version: 1.0\nTag-File-Character-Encoding: klingon\n")
    assert "bagit.encoding" in check_bag(bag, PLAIN).codes()


def test_a_repeated_line_is_an_error_from_bagit_1_0_on(bag):
    manifest = (bag / "manifest-sha256.txt").read_bytes()
    (bag / "manifest-sha256.txt").write_bytes(manifest + manifest.splitlines(keepends=True)[0])
    restamp_tag_manifest(bag)
    assert [p.code for p in check_bag(bag, PLAIN).errors] == ["bagit.manifest_duplicate"]


def test_fetch_txt_may_only_name_listed_payload_files(bag):
    (bag / "fetch.txt").write_text("https://example.org/a 1 data/not-listed.txt\n"
                                   "https://example.org/b - bag-info.txt\n"
                                   "not-a-url 5 data/UKDA-1-tab/tab/survey.tab\n"
                                   "https://example.org/c 12\n", encoding="utf-8")
    problems = {(p.code, p.location) for p in check_bag(bag, PLAIN).errors}
    assert problems == {("bagit.fetch_path", "fetch.txt:1"), ("bagit.fetch_path", "fetch.txt:2"),
                        ("bagit.fetch_line", "fetch.txt:3"), ("bagit.fetch_line", "fetch.txt:4")}


def test_every_algorithm_is_checked_with_one_read_per_file(bag):
    """A bag from another tool may carry several manifests; each file is read once for all."""
    payload = sorted(p for p in (bag / "data").rglob("*") if p.is_file())
    for algorithm in ("md5", "sha512"):
        (bag / f"manifest-{algorithm}.txt").write_bytes(render_manifest(
            {p.relative_to(bag).as_posix(): hashlib.new(algorithm, p.read_bytes()).hexdigest() for p in payload}))
    calls = []

    def counting_hasher(path, algorithms):
        calls.append(path)
        return {algorithm: hashlib.new(algorithm, Path(path).read_bytes()).hexdigest() for algorithm in algorithms}

    assert check_bag(bag, PLAIN, hasher=counting_hasher).ok
    assert sorted(calls) == payload
    target = bag / "data/UKDA-1-tab/tab/survey.tab"
    target.write_bytes(target.read_bytes().replace(b"14", b"41"))
    report = check_bag(bag, PLAIN)
    assert sorted(p.message.split(" validation")[0] for p in report.errors) == [
        f"data/UKDA-1-tab/tab/survey.tab {algorithm}" for algorithm in ("md5", "sha256", "sha512")]
    assert bagit_python_errors(bag) is not None


def test_a_file_that_cannot_be_read_is_named(bag):
    def failing_hasher(path, algorithms):
        if path.name == "survey.tab":
            raise PermissionError(13, "Permission denied", str(path))
        return {algorithm: hashlib.new(algorithm, Path(path).read_bytes()).hexdigest() for algorithm in algorithms}

    report = check_bag(bag, hasher=failing_hasher)
    assert [(p.code, p.location, p.message) for p in report.errors] == [
        ("bagit.unreadable", "data/UKDA-1-tab/tab/survey.tab", "data/UKDA-1-tab/tab/survey.tab could not be read (Permission denied)")]


def test_tag_files_in_another_encoding(tmp_path):
    """Tag-File-Character-Encoding governs every tag file but bagit.txt: a bag-info value and
    a file name outside ASCII read back the same in UTF-16 and ISO-8859-1 as in UTF-8."""
    for encoding in ("UTF-16", "ISO-8859-1"):
        root = tmp_path / encoding
        write_bag(DirectorySink(root), [PayloadItem("caf\u00e9.txt", data=b"x\n")], [("Contact-Name", "Ren\u00e9e")])
        (root / "bagit.txt").write_bytes(f"BagIt-Version: 0.97\nTag-File-Character-Encoding: {encoding}\n".encode())
        for name in ("bag-info.txt", "manifest-sha256.txt"):
            (root / name).write_bytes((root / name).read_text("utf-8").encode(encoding.lower()))
        restamp_tag_manifest(root)
        tagmanifest = root / "tagmanifest-sha256.txt"
        tagmanifest.write_bytes(tagmanifest.read_text("utf-8").encode(encoding.lower()))
        assert check_bag(root, PLAIN).ok, check_bag(root, PLAIN).render()
        assert dict(read_bag_info(root))["Contact-Name"] == "Ren\u00e9e"
        assert bagit_python_errors(root) is None
