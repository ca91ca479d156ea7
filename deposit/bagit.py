"""BagIt 1.0 (RFC 8493): write a bag into any sink, and check a bag on disk.

Writing is single-pass: the caller hands over every payload file with its size
known up front (so bag-info's Payload-Oxum can be written first), each file is
read once, hashed while it is copied, and the manifests are rendered last.
That order is also the sorted order of the tag and payload names, which is what
lets the zip writer keep its entries sorted without a second read.

Checking reports every problem it finds as a `Problem` (bagit-python style
messages: which file, which algorithm, expected and found), rather than
stopping at the first one.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterable, Mapping, Protocol

from manifests.errors import ProblemReport
from manifests.fileio import CHUNK, atomic_output, copy_hashing, sha256_file, write_bytes

VERSION = "1.0"
ENCODING = "UTF-8"
ALGORITHM = "sha256"
MANIFEST = f"manifest-{ALGORITHM}.txt"
TAGMANIFEST = f"tagmanifest-{ALGORITHM}.txt"
BAGIT_TXT = "bagit.txt"
BAG_INFO = "bag-info.txt"
PAYLOAD = "data"
# Algorithms hashlib can check if a bag from elsewhere carries them; we write sha256 only.
KNOWN_ALGORITHMS = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
_HEX = re.compile(r"^[0-9a-fA-F]+$")


# --------------------------------------------------------------------------- small pure helpers

def encode_path(path: str) -> str:
    """RFC 8493 2.1.3: CR, LF and % in a manifest path are percent-encoded."""
    return path.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def decode_path(path: str) -> str:
    return path.replace("%0D", "\r").replace("%0d", "\r").replace("%0A", "\n").replace("%0a", "\n").replace("%25", "%")


def payload_oxum(total_bytes: int, count: int) -> str:
    return f"{total_bytes}.{count}"


def human_size(n: int) -> str:
    """Approximate size for Bag-Size, in decimal units as RFC 8493's example ("260 GB")."""
    size = float(n)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            return f"{int(size)} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def render_bagit_txt() -> bytes:
    return f"BagIt-Version: {VERSION}\nTag-File-Character-Encoding: {ENCODING}\n".encode("utf-8")


def render_bag_info(pairs: Iterable[tuple[str, str]]) -> bytes:
    """One `Label: value` line per pair, in the given order. Values are single lines:
    a line break inside a value would be read back as a new label."""
    lines = []
    for label, value in pairs:
        value = " ".join(str(value).split())
        lines.append(f"{label}: {value}\n")
    return "".join(lines).encode("utf-8")


def render_manifest(digests: Mapping[str, str]) -> bytes:
    return "".join(f"{digests[p]}  {encode_path(p)}\n" for p in sorted(digests)).encode("utf-8")


def is_unsafe_relpath(path: str) -> bool:
    """True for anything that could point outside the bag: absolute, drive letters, `..`, `~`."""
    if not path or path.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", path):
        return True
    parts = re.split(r"[\\/]", path)
    return any(part in ("..",) for part in parts)


def parse_bag_info(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    """Labels and values in file order (continuation lines start with whitespace),
    plus the lines that are neither."""
    pairs: list[tuple[str, str]] = []
    bad: list[str] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line[0] in " \t" and pairs:
            label, value = pairs[-1]
            pairs[-1] = (label, f"{value} {line.strip()}")
        elif ":" in line:
            label, value = line.split(":", 1)
            pairs.append((label.strip(), value.strip()))
        else:
            bad.append(line)
    return pairs, bad


def info_value(pairs: list[tuple[str, str]], label: str) -> str | None:
    for name, value in pairs:
        if name.lower() == label.lower():
            return value
    return None


def parse_manifest(text: str, source: str, report: ProblemReport) -> dict[str, str]:
    """path -> digest (lower case). Malformed, unsafe or repeated lines become problems."""
    entries: dict[str, str] = {}
    if text.startswith("\ufeff"):
        report.add("bagit.bom", f"{source} starts with a byte-order mark, which RFC 8493 forbids", location=source)
        text = text[1:]
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        fields = line.strip().split(None, 1)
        where = f"{source}:{number}"
        if len(fields) != 2 or not _HEX.match(fields[0]):
            report.add("bagit.manifest_line", f"line {number} of {source} is not '<checksum> <path>': {line.strip()[:80]!r}",
                       location=where, hint="each line must be a hexadecimal checksum, whitespace, then a path inside the bag")
            continue
        digest, path = fields[0].lower(), decode_path(fields[1].lstrip("*"))
        if is_unsafe_relpath(path):
            report.add("bagit.unsafe_path", f"{source} lists an unsafe path {path!r}", location=where,
                       hint="manifest paths must stay inside the bag")
            continue
        path = str(PurePosixPath(path))
        if path in entries:
            conflict = "conflicting values" if entries[path] != digest else "the same value"
            report.add("bagit.manifest_duplicate", f"{source} lists {path} more than once ({conflict})", location=where)
            continue
        entries[path] = digest
    return entries


# --------------------------------------------------------------------------- writing

class Sink(Protocol):
    """Where a bag goes (a zip, a folder). Names are POSIX paths relative to the bag root."""

    def add_file(self, name: str, source: Path, size: int, digest: "hashlib._Hash") -> None: ...

    def add_bytes(self, name: str, data: bytes) -> None: ...


@dataclass(frozen=True)
class PayloadItem:
    """One payload file: `name` relative to data/, content from a file or from memory."""

    name: str
    source: Path | None = None
    data: bytes | None = None

    @property
    def size(self) -> int:
        return len(self.data) if self.data is not None else os.stat(self.source).st_size


def bag_info_pairs(base: Iterable[tuple[str, str]], total_bytes: int, count: int) -> list[tuple[str, str]]:
    """The caller's descriptive labels followed by the two computed ones."""
    return [*base, ("Payload-Oxum", payload_oxum(total_bytes, count)), ("Bag-Size", human_size(total_bytes))]


def write_bag(sink: Sink, payload: Iterable[PayloadItem], info: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Write a complete bag into `sink`, in sorted name order. Returns payload path -> sha256.

    `info` holds the descriptive bag-info labels (Source-Organization, Bagging-Date, ...);
    Payload-Oxum and Bag-Size are computed here."""
    items = sorted(payload, key=lambda item: item.name)
    names = [f"{PAYLOAD}/{item.name}" for item in items]
    if len(set(names)) != len(names):
        raise ValueError("two payload files share a name")
    sizes = [item.size for item in items]
    bagit_txt = render_bagit_txt()
    bag_info = render_bag_info(bag_info_pairs(info, sum(sizes), len(items)))
    sink.add_bytes(BAG_INFO, bag_info)
    sink.add_bytes(BAGIT_TXT, bagit_txt)
    digests: dict[str, str] = {}
    for name, item, size in zip(names, items, sizes):
        digest = hashlib.sha256()
        if item.data is not None:
            digest.update(item.data)
            sink.add_bytes(name, item.data)
        else:
            sink.add_file(name, item.source, size, digest)
        digests[name] = digest.hexdigest()
    manifest = render_manifest(digests)
    sink.add_bytes(MANIFEST, manifest)
    tag_digests = {n: hashlib.sha256(b).hexdigest() for n, b in ((BAG_INFO, bag_info), (BAGIT_TXT, bagit_txt), (MANIFEST, manifest))}
    sink.add_bytes(TAGMANIFEST, render_manifest(tag_digests))
    return digests


class DirectorySink:
    """Write a bag as a plain folder (tests and tools; bundles are zips)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def add_bytes(self, name: str, data: bytes) -> None:
        write_bytes(self.root / name, data)

    def add_file(self, name: str, source: Path, size: int, digest) -> None:
        with atomic_output(self.root / name, "wb") as out:
            copy_hashing(source, out, size, digest, "bagged")


# --------------------------------------------------------------------------- checking

Hasher = Callable[[Path], str]


def _payload_files(root: Path) -> list[str]:
    data = root / PAYLOAD
    return sorted(str(p.relative_to(root).as_posix()) for p in data.rglob("*") if p.is_file() or p.is_symlink())


def check_bag(root: Path, known_digests: Mapping[str, str] | None = None,
              hasher: Hasher = sha256_file, listing: Mapping[str, int] | None = None) -> ProblemReport:
    """Check the bag at `root`: structure, bagit.txt, bag-info, Payload-Oxum, completeness and
    every checksum in every manifest and tag manifest.

    `known_digests` (bag-relative path -> sha256) lets a caller that already hashed the
    files while extracting them skip a second read; anything missing is hashed here.
    `listing` (bag-relative payload path -> size) replaces walking data/: a zip's own list
    of entries, when not every payload file was written to disk."""
    root = Path(root)
    report = ProblemReport()
    known = dict(known_digests or {})

    def digest_of(rel: str, algorithm: str) -> str:
        if algorithm == ALGORITHM:
            if rel not in known:
                known[rel] = hasher(root / rel)
            return known[rel]
        h = hashlib.new(algorithm)
        with open(root / rel, "rb") as handle:
            while block := handle.read(CHUNK):
                h.update(block)
        return h.hexdigest()

    _check_bagit_txt(root, report)
    if not (root / PAYLOAD).is_dir():
        report.add("bagit.no_payload", "the bag has no data/ folder", location=str(root),
                   hint="a BagIt bag keeps its payload under data/")
        return report
    if (root / "fetch.txt").exists():
        report.add("bagit.fetch", "the bag has a fetch.txt: it is not complete without downloading more files",
                   location="fetch.txt", hint="a deposit bundle must carry every file itself")

    if listing is None:
        on_disk = _payload_files(root)
        sizes = {rel: (root / rel).lstat().st_size for rel in on_disk}
    else:
        on_disk, sizes = sorted(listing), dict(listing)
    for rel in on_disk:
        if (root / rel).is_symlink():
            report.add("bagit.symlink", f"{rel} is a symbolic link, not a file", location=rel)
    _check_bag_info(root, sizes, report)
    manifests = sorted(p.name for p in root.glob("manifest-*.txt"))
    if not manifests:
        report.add("bagit.no_manifest", "the bag has no payload manifest (manifest-<algorithm>.txt)", location=str(root))
        return report
    if MANIFEST not in manifests:
        report.add("bagit.no_sha256", f"the bag has no {MANIFEST}; only {', '.join(manifests)}", severity="warning",
                   location=str(root), hint="weak algorithms alone (md5, sha1) do not protect against tampering")

    for manifest in manifests:
        algorithm = manifest[len("manifest-"):-len(".txt")]
        if algorithm not in KNOWN_ALGORITHMS:
            report.add("bagit.algorithm", f"{manifest} uses an unknown algorithm {algorithm!r}", location=manifest)
            continue
        entries = parse_manifest((root / manifest).read_text("utf-8", errors="replace"), manifest, report)
        listed = set(entries)
        for rel in sorted(listed - set(on_disk)):
            report.add("bagit.missing_file", f"{rel} is listed in {manifest} but does not exist", location=rel,
                       hint="the file was deleted or renamed after bagging")
        for rel in sorted(set(on_disk) - listed):
            report.add("bagit.extra_file", f"{rel} exists in data/ but is not listed in {manifest}", location=rel,
                       hint="a file was added after bagging")
        for rel in sorted(listed & set(on_disk)):
            if not rel.startswith(PAYLOAD + "/"):
                report.add("bagit.manifest_path", f"{manifest} lists {rel}, which is outside data/", location=rel)
                continue
            if (root / rel).is_symlink():
                continue
            found = digest_of(rel, algorithm)
            if found != entries[rel]:
                report.add("bagit.checksum", f"{rel} {algorithm} validation failed: expected={entries[rel]} found={found}",
                           location=rel, hint="the file changed after bagging (damaged download or edited)")

    for tagmanifest in sorted(p.name for p in root.glob("tagmanifest-*.txt")):
        algorithm = tagmanifest[len("tagmanifest-"):-len(".txt")]
        if algorithm not in KNOWN_ALGORITHMS:
            report.add("bagit.algorithm", f"{tagmanifest} uses an unknown algorithm {algorithm!r}", location=tagmanifest)
            continue
        entries = parse_manifest((root / tagmanifest).read_text("utf-8", errors="replace"), tagmanifest, report)
        for rel, expected in sorted(entries.items()):
            if rel.startswith(PAYLOAD + "/") or rel.startswith("tagmanifest-"):
                report.add("bagit.manifest_path", f"{tagmanifest} lists {rel}, which is not a tag file", location=rel)
            elif not (root / rel).is_file():
                report.add("bagit.missing_file", f"{rel} is listed in {tagmanifest} but does not exist", location=rel)
            elif (found := _hash_small(root / rel, algorithm)) != expected:
                report.add("bagit.checksum", f"{rel} {algorithm} validation failed: expected={expected} found={found}",
                           location=rel, hint="a tag file changed after bagging")
    return report


def _hash_small(path: Path, algorithm: str) -> str:
    h = hashlib.new(algorithm)
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            h.update(block)
    return h.hexdigest()


def _check_bagit_txt(root: Path, report: ProblemReport) -> None:
    path = root / BAGIT_TXT
    if not path.is_file():
        report.add("bagit.no_bagit_txt", "the bag has no bagit.txt", location=str(root),
                   hint="this is not a BagIt bag, or its top folder was lost")
        return
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        report.add("bagit.bom", "bagit.txt starts with a byte-order mark, which RFC 8493 forbids", location=BAGIT_TXT)
        raw = raw[3:]
    pairs, _ = parse_bag_info(raw.decode("utf-8", errors="replace"))
    version = info_value(pairs, "BagIt-Version")
    encoding = info_value(pairs, "Tag-File-Character-Encoding")
    if version not in ("1.0", "0.97"):
        report.add("bagit.version", f"bagit.txt declares BagIt-Version {version!r}; expected 1.0", location=BAGIT_TXT)
    if (encoding or "").upper().replace("_", "-") not in ("UTF-8",):
        report.add("bagit.encoding", f"bagit.txt declares Tag-File-Character-Encoding {encoding!r}; expected UTF-8",
                   location=BAGIT_TXT)


def _check_bag_info(root: Path, sizes: Mapping[str, int], report: ProblemReport) -> None:
    path = root / BAG_INFO
    if not path.is_file():
        return
    pairs, bad = parse_bag_info(path.read_text("utf-8", errors="replace"))
    for line in bad:
        report.add("bagit.info_line", f"bag-info.txt has a line that is not 'Label: value': {line[:80]!r}", location=BAG_INFO)
    oxum = [v for k, v in pairs if k.lower() == "payload-oxum"]
    if len(oxum) > 1:
        report.add("bagit.oxum", "bag-info.txt declares Payload-Oxum more than once", location=BAG_INFO)
    if oxum:
        match = re.fullmatch(r"(\d+)\.(\d+)", oxum[0])
        if not match:
            report.add("bagit.oxum", f"malformed Payload-Oxum value {oxum[0]!r}", location=BAG_INFO,
                       hint="it must be <bytes>.<file count>")
        else:
            found_bytes = sum(sizes.values())
            want_bytes, want_files = int(match.group(1)), int(match.group(2))
            if (want_bytes, want_files) != (found_bytes, len(sizes)):
                report.add("bagit.oxum", f"Payload-Oxum validation failed: expected {want_files} files and {want_bytes} bytes "
                           f"but found {len(sizes)} files and {found_bytes} bytes", location=BAG_INFO,
                           hint="files were added, deleted or changed in size after bagging")


def read_bag_info(root: Path) -> list[tuple[str, str]]:
    path = Path(root) / BAG_INFO
    return parse_bag_info(path.read_text("utf-8", errors="replace"))[0] if path.is_file() else []
